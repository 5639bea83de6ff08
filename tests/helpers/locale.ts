/**
 * The popup's `t` over a locale file, for tests that read hop steps as a user
 * would: named placeholders ($P1$) take their `content` ($1), which takes the
 * substitution, as chrome.i18n.getMessage does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorInLanguage, shapeText, toErrorShape, WalletError } from '../../src/shared/errors';
import { renderText, type LocalText } from '../../src/shared/local-text';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function loadMessages(locale: 'en' | 'zh_CN'): Messages {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales', locale, 'messages.json'), 'utf8')) as Messages;
}

export function translator(locale: 'en' | 'zh_CN'): (key: string, ...substitutions: string[]) => string {
  const messages = loadMessages(locale);
  return (key, ...subs) => {
    const m = messages[key];
    if (!m) return key;
    const fill = (s: string) => s.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
      const p = m.placeholders?.[name.toLowerCase()];
      return p ? fill(p.content) : whole;
    });
  };
}

const en = translator('en');

/** A step label or note as the English popup shows it. */
export function english(x: LocalText | string | undefined): string | undefined {
  return x === undefined ? undefined : renderText(x, en);
}

/** What the popup shows for an error after it crossed the message boundary (its shape as JSON), in `locale`. */
export function shownError(err: WalletError, locale: 'en' | 'zh_CN' = 'zh_CN'): string {
  const shape = JSON.parse(JSON.stringify(toErrorShape(err))) as ReturnType<typeof toErrorShape>;
  return errorInLanguage(new WalletError(shape.code, shapeText(shape) ?? shape.message, shape.host, shape.message), translator(locale));
}
