/**
 * Firefox ESR in Simplified Chinese (the profile asks for zh-CN; Debian's language pack
 * firefox-esr-l10n-zh-cn must be installed): the import, Bitcoin send, LNURL-pay and
 * BTC -> Lightning move flows again, and on every screen they show no English message
 * of public/_locales/en that zh_CN words differently. All on Boltz's own devnet chain,
 * so one Bitcoin endpoint serves the send and the move.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { phraseFor, type BoltzDevnets } from './devnets';
import { test } from './firefox';
import { bitcoinSendConfirmed, connectNwc, devnetSettings, importPhrase, moveBtcToLightning, payLnurlThroughNwc, type Look } from './firefox-flows';

type Messages = Record<string, { message: string }>;
const locales = join(import.meta.dirname, '../../public/_locales');
const read = (lang: string) => JSON.parse(readFileSync(join(locales, lang, 'messages.json'), 'utf8')) as Messages;

const PLACEHOLDER = /\$[A-Za-z0-9_]+\$|\$\d+/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The fragment as a whole phrase: not inside a longer word (an address or a txid). */
const phrase = (s: string) => new RegExp(`(?<![A-Za-z0-9])${escape(s)}(?![A-Za-z0-9])`);

/**
 * For each message zh_CN words differently, the English text between its placeholders,
 * less what the Chinese keeps as it is (proper nouns, units: "NWC", "sat/vB").
 */
function englishOnlyPhrases(en: Messages, zh: Messages): { key: string; text: string; re: RegExp }[] {
  const out: { key: string; text: string; re: RegExp }[] = [];
  for (const [key, { message }] of Object.entries(en)) {
    const chinese = zh[key]?.message ?? '';
    if (message === chinese) continue;
    const parts = message.split(PLACEHOLDER);
    for (const part of parts) {
      const text = part.trim();
      // A lone word between placeholders ("from" in "$2 from $3 to $4") cannot be told from what a
      // user typed (a comment "from Firefox"); a sentence left in English shows in its longer fragments.
      // A whole message of one word ("Send") is still looked for.
      if (!/[A-Za-z].*[A-Za-z]/.test(text) || (parts.length > 1 && !/\s/.test(text)) || chinese.includes(text)) continue;
      out.push({ key, text, re: phrase(text) });
    }
  }
  return out;
}

/**
 * Route reasons are sentences the background writes in English (a quote's `reason` is a
 * string, not a locale key and its parameters as a hop step's label is): a gap of the
 * mechanisms, not of the screens' own strings, so they are left out here and reported.
 */
const BACKGROUND_SENTENCES = ['[data-testid=route-reason]'];

/** What a user sees: the rendered text and the placeholders of visible fields, less the background's sentences. */
const visibleText = (page: Page) =>
  page.evaluate((skip) => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')].filter((e) => e.offsetParent !== null);
    let text = document.body.innerText;
    for (const el of document.querySelectorAll<HTMLElement>(skip.join(','))) if (el.innerText) text = text.replace(el.innerText, ' ');
    return [text, ...fields.map((e) => e.placeholder)].join('\n');
  }, BACKGROUND_SENTENCES);

/** The Latin-script names and units zh_CN keeps ("Nostr Wallet Connect", "sat/vB"), longest first, to be read past. */
function keptNames(zh: Messages): RegExp[] {
  const names = new Set<string>();
  for (const { message } of Object.values(zh)) {
    for (const part of message.split(PLACEHOLDER)) for (const m of part.matchAll(/[A-Za-z][A-Za-z0-9\-./' ]*[A-Za-z0-9]/g)) names.add(m[0].trim());
  }
  return [...names].sort((a, b) => b.length - a.length).map((n) => new RegExp(phrase(n).source, 'g'));
}

const HAN = /\p{Script=Han}/u;

describe('Firefox ESR in zh_CN: the flows show no untranslated string', () => {
  const en = read('en');
  const zh = read('zh_CN');
  const english = englishOnlyPhrases(en, zh);
  const kept = keptNames(zh);
  const chinese = Object.values(zh).map((m) => m.message.split(PLACEHOLDER)).flat().map((s) => s.trim()).filter((s) => HAN.test(s));
  /** Per screen: the English messages it showed, and whether it showed any zh_CN message at all. */
  const seen: { screen: string; english: string[]; translated: boolean }[] = [];
  const look: Look = async (screen) => {
    const text = kept.reduce((t, name) => t.replace(name, ' '), await visibleText(page));
    const shown = english.flatMap((m) => {
      const at = text.search(m.re);
      return at < 0 ? [] : [`${m.key}: "${m.text}" in "${text.slice(Math.max(0, at - 30), at + m.text.length + 30).replace(/\s+/g, ' ')}"`];
    });
    seen.push({ screen, english: shown, translated: chinese.some((s) => text.includes(s)) });
  };
  const screensSince = (n: number) => seen.slice(n);

  let d: BoltzDevnets;
  let closeFirefox: (() => Promise<void>) | undefined;
  let page: Page;
  let mining = false;

  test.beforeAll(async ({ devnets, firefox }) => {
    d = await devnets.boltz();
    ({ onboarding: page, close: closeFirefox } = await firefox.withExtension({ locale: 'zh-CN' }));
  });
  afterAll(async () => {
    mining = false;
    await closeFirefox?.();
  });

  it('the English messages checked for are the ones zh_CN words differently, and the check finds them in English text', () => {
    expect(english.length).toBeGreaterThan(300);
    // Kept out: messages the same in both, and words the Chinese keeps (a proper noun inside a sentence).
    expect(english.map((m) => m.key)).not.toContain('layer_stacks');
    expect(english.some((m) => m.text === 'NWC')).toBe(false);
    const sample = english.find((m) => m.key === 'back')!;
    expect(sample.re.test(`${en.back!.message}`)).toBe(true);
    expect(sample.re.test(`${zh.back!.message}`)).toBe(false);
  });

  it('import and a Bitcoin send confirmed on the devnet', async () => {
    const driver = await importPhrase(page, phraseFor('firefox-zh'), look);
    await devnetSettings(driver, look, ['bitcoin', 'lightning'], [
      { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
      { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
    ]);
    await bitcoinSendConfirmed(page, d.bitcoin, look);
    expect(screensSince(0).filter((s) => s.english.length || !s.translated)).toEqual([]);
  });

  it('an LNURL-pay paid through the NWC wallet', async () => {
    const from = seen.length;
    await connectNwc(page, d.lightning.nwcUri, look);
    await payLnurlThroughNwc(page, d.lightning, look);
    expect(screensSince(from).filter((s) => s.english.length || !s.translated)).toEqual([]);
  });

  it('a BTC -> Lightning move through Boltz', async () => {
    const from = seen.length;
    mining = true;
    void (async () => {
      while (mining) {
        await new Promise((r) => setTimeout(r, 1500));
        if (mining) await d.bitcoin.mine(1).catch(() => undefined);
      }
    })();
    await moveBtcToLightning(page, d, look);
    mining = false;
    expect(screensSince(from).filter((s) => s.english.length || !s.translated)).toEqual([]);
  });
});
