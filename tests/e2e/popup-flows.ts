/**
 * Popup interactions shared by the Chromium (Playwright) and Firefox (Puppeteer)
 * tests, written against data-testid hooks through a four-verb driver.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';

export const PASSWORD = 'Correct-Horse-42';
export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

export interface Driver {
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  /** Text of every match (trimmed). */
  texts(selector: string): Promise<string[]>;
  /** The attribute of every match. */
  attrs(selector: string, name: string): Promise<string[]>;
  select(selector: string, value: string): Promise<void>;
}

export function playwrightDriver(page: PlaywrightPage): Driver {
  return {
    click: (s) => page.click(s),
    fill: (s, v) => page.fill(s, v),
    waitFor: async (s, timeout = 15_000) => {
      await page.waitForSelector(s, { timeout });
    },
    texts: (s) => page.$$eval(s, (els) => els.map((e) => (e.textContent ?? '').trim())),
    attrs: (s, n) => page.$$eval(s, (els, name) => els.map((e) => e.getAttribute(name) ?? ''), n),
    select: async (s, v) => {
      await page.selectOption(s, v);
    },
  };
}

/**
 * Puppeteer over BiDi on firefox-esr 140: a Locator's click and fill wait for the element
 * to be "stable" and never see it so (they time out on a plain visible button), so wait
 * for the element, then click it or set its value and fire `input` as typing does.
 */
export function puppeteerDriver(page: PuppeteerPage): Driver {
  return {
    click: async (s) => {
      await page.waitForSelector(s, { visible: true });
      await page.click(s);
    },
    fill: async (s, v) => {
      const el = await page.waitForSelector(s, { visible: true });
      await el!.evaluate((input, value) => {
        (input as HTMLInputElement).value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, v);
    },
    waitFor: async (s, timeout = 15_000) => {
      await page.waitForSelector(s, { timeout });
    },
    texts: (s) => page.$$eval(s, (els) => els.map((e) => (e.textContent ?? '').trim())),
    attrs: (s, n) => page.$$eval(s, (els, name) => els.map((e) => e.getAttribute(name) ?? ''), n),
    select: async (s, v) => {
      await page.select(s, v);
    },
  };
}

export async function createWalletThroughPopup(d: Driver, password = PASSWORD): Promise<string[]> {
  await d.click('[data-testid=start-create]');
  await d.click('[data-testid=words-12]');
  await d.waitFor('[data-testid=phrase-words]');
  const words = await d.texts('[data-testid=phrase-words] li');
  await d.click('[data-testid=phrase-written]');
  await d.waitFor('[data-testid=confirm-phrase]');
  const positions = (await d.attrs('[data-testid^=confirm-word-]', 'data-testid')).map((id) => Number(id.replace('confirm-word-', '')));
  // A wrong answer first: the background must refuse it.
  const first = positions[0]!;
  const wrongWord = words.find((w) => w !== words[first - 1])!;
  await d.fill(`[data-testid=confirm-word-${first}]`, wrongWord);
  for (const p of positions.slice(1)) await d.fill(`[data-testid=confirm-word-${p}]`, words[p - 1]!);
  await d.click('[data-testid=confirm-submit]');
  await d.waitFor('[data-testid=error]');
  for (const p of positions) await d.fill(`[data-testid=confirm-word-${p}]`, words[p - 1]!);
  await d.click('[data-testid=confirm-submit]');
  await d.waitFor('[data-testid=set-password]');
  await d.fill('[data-testid=new-password]', password);
  await d.fill('[data-testid=repeat-password]', password);
  await d.click('[data-testid=password-submit]');
  await d.waitFor('[data-testid=layers]', 30_000);
  return words;
}

export async function importWalletThroughPopup(d: Driver, phrase = ABANDON, password = PASSWORD): Promise<void> {
  await d.click('[data-testid=start-import]');
  await d.fill('[data-testid=import-mnemonic]', phrase);
  await d.fill('[data-testid=new-password]', password);
  await d.fill('[data-testid=repeat-password]', password);
  await d.click('[data-testid=import-submit]');
  await d.waitFor('[data-testid=layers]', 30_000);
}

export async function readAddresses(d: Driver): Promise<Record<string, string>> {
  await d.waitFor('[data-testid=address-rootstock]');
  const ids = await d.attrs('[data-testid^=address-]', 'data-testid');
  const values = await d.texts('[data-testid^=address-]');
  return Object.fromEntries(ids.map((id, i) => [id.replace('address-', ''), values[i]!]));
}

/** The five receive addresses (or identity) look like what each testnet expects. */
export const ADDRESS_SHAPES: Record<string, RegExp> = {
  bitcoin: /^tb1q[02-9ac-hj-np-z]{38}$/,
  lightning: /^0[23][0-9a-f]{64}$/,
  stacks: /^ST[0-9A-HJKMNP-Z]{38,40}$/,
  liquid: /^tlq1qq[02-9ac-hj-np-z]{90,}$/,
  rootstock: /^0x[0-9a-fA-F]{40}$/,
};
