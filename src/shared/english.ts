/**
 * The English locale file, bundled at build time, so the background can give every
 * keyed error an English `message` for logs and old popups without a fetch. Importing
 * this module installs it for WalletError (the background's entry imports it first).
 */
import messages from '../../public/_locales/en/messages.json';
import { setEnglishMessages } from './errors';
import { renderText, type LocalText } from './local-text';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
const table = messages as Record<string, Entry>;

/** chrome.i18n.getMessage's substitution over the English file: $NAME$ → its content → $n. */
export function english(key: string, ...subs: string[]): string {
  const m = table[key];
  if (!m) return key;
  const fill = (s: string) => s.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
    const p = m.placeholders?.[name.toLowerCase()];
    return p ? fill(p.content) : whole;
  });
}

export function englishText(text: string | LocalText): string {
  return renderText(text, english);
}

setEnglishMessages(englishText);
