/**
 * Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core. BiDi refuses
 * navigation to moz-extension:// URLs, but the onboarding tab the extension opens
 * itself on install is reachable; its cached url reads about:blank, so ask the page.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { join } from 'node:path';
import { test as devnetsTest } from './devnets';

export const FIREFOX_DIST = join(import.meta.dirname, '../../dist/firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** A fresh install of the extension in the worker's Firefox: its onboarding tab, and `close()` to uninstall it. */
export interface FirefoxExtension {
  browser: Browser;
  onboarding: Page;
  /** Uninstalls the extension (its storage goes with it) and closes every page opened since it was installed. */
  close(): Promise<void>;
}

/**
 * One Firefox per e2e worker and UI language, started when a file first asks: a launch costs
 * about 6 CPU-seconds (a new profile), an install about one. Each file gets its own install,
 * which Firefox gives a fresh moz-extension:// origin and empty storage, so files share the
 * browser, never a wallet; a file's `close()` uninstalls it and closes the pages it opened.
 */
export class FirefoxBrowsers {
  private readonly running = new Map<string, Promise<Browser>>();

  /**
   * `locale` (e.g. 'zh-CN') is asked for as a user's profile does (intl.locale.requested);
   * Firefox honours it only with that language pack installed (Debian: firefox-esr-l10n-zh-cn),
   * so the install checks the extension really got it.
   */
  async withExtension(opts: { locale?: string; /** another build (tests/e2e/dapp/probe-build.ts) */ dist?: string } = {}): Promise<FirefoxExtension> {
    const browser = await this.browser(opts.locale);
    const before = new Set(await browser.pages());
    const id = await browser.installExtension(opts.dist ?? FIREFOX_DIST);
    const close = async () => {
      await browser.uninstallExtension(id).catch(() => undefined);
      for (const page of await browser.pages()) if (!before.has(page)) await page.close().catch(() => undefined);
    };
    try {
      const onboarding = await findOnboardingTab(browser, before);
      if (opts.locale) {
        const ui = await onboarding.evaluate(() => (globalThis as unknown as { browser: { i18n: { getUILanguage(): string } } }).browser.i18n.getUILanguage());
        if (ui !== opts.locale) throw new Error(`Firefox runs in ${ui}, not ${opts.locale}: install its language pack (on Debian: apt-get install firefox-esr-l10n-${opts.locale.toLowerCase()})`);
      }
      return { browser, onboarding, close };
    } catch (err) {
      await close();
      throw err;
    }
  }

  /** A new tab of the worker's Firefox (default language), for a stand-in page; the caller closes it. */
  async blankPage(): Promise<Page> {
    return (await this.browser()).newPage();
  }

  /** A failed launch is not kept, so the next file gets a fresh attempt and its own error. */
  private browser(locale?: string): Promise<Browser> {
    const key = locale ?? '';
    let running = this.running.get(key);
    if (!running) {
      running = puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        ...(locale ? { extraPrefsFirefox: { 'intl.locale.requested': locale } } : {}),
      });
      running.catch(() => this.running.delete(key));
      this.running.set(key, running);
    }
    return running;
  }

  async close(): Promise<void> {
    for (const running of this.running.values()) await (await running.catch(() => undefined))?.close().catch(() => undefined);
  }
}

/** `test` with the worker's devnets and Firefox, for `test.beforeAll(async ({ devnets, firefox }) => …)`. */
export const test = devnetsTest.extend('firefox', { scope: 'worker' }, async ({}, { onCleanup }) => {
  const firefox = new FirefoxBrowsers();
  onCleanup(() => firefox.close());
  return firefox;
});

/** The extension's onboarding tab, among the pages opened since `before`. */
async function findOnboardingTab(browser: Browser, before: Set<Page>): Promise<Page> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes('view=tab')) return page;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the onboarding tab did not open');
}
