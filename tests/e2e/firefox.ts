/**
 * Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core. BiDi refuses
 * navigation to moz-extension:// URLs, but the onboarding tab the extension opens
 * itself on install is reachable; its cached url reads about:blank, so ask the page.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { join } from 'node:path';

export const FIREFOX_DIST = join(import.meta.dirname, '../../dist/firefox');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export async function launchFirefoxWithExtension(): Promise<{ browser: Browser; onboarding: Page }> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  try {
    await browser.installExtension(FIREFOX_DIST);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith('moz-extension://') && href.includes('view=tab')) return { browser, onboarding: page };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the onboarding tab did not open');
  } catch (err) {
    await browser.close();
    throw err;
  }
}
