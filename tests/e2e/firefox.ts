/**
 * Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core. BiDi refuses
 * navigation to moz-extension:// URLs, but the onboarding tab the extension opens
 * itself on install is reachable; its cached url reads about:blank, so ask the page.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { join } from 'node:path';

export const FIREFOX_DIST = join(import.meta.dirname, '../../dist/firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * `locale` (e.g. 'zh-CN') is asked for as a user's profile does (intl.locale.requested);
 * Firefox honours it only with that language pack installed (Debian: firefox-esr-l10n-zh-cn),
 * so the launch checks the extension really got it.
 */
export async function launchFirefoxWithExtension(opts: { locale?: string; /** another build (tests/e2e/dapp/probe-build.ts) */ dist?: string } = {}): Promise<{ browser: Browser; onboarding: Page }> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    ...(opts.locale ? { extraPrefsFirefox: { 'intl.locale.requested': opts.locale } } : {}),
  });
  try {
    await browser.installExtension(opts.dist ?? FIREFOX_DIST);
    const onboarding = await findOnboardingTab(browser);
    if (opts.locale) {
      const ui = await onboarding.evaluate(() => (globalThis as unknown as { browser: { i18n: { getUILanguage(): string } } }).browser.i18n.getUILanguage());
      if (ui !== opts.locale) throw new Error(`Firefox runs in ${ui}, not ${opts.locale}: install its language pack (on Debian: apt-get install firefox-esr-l10n-${opts.locale.toLowerCase()})`);
    }
    return { browser, onboarding };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

async function findOnboardingTab(browser: Browser): Promise<Page> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.includes('view=tab')) return page;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the onboarding tab did not open');
}
