/**
 * Web pages talking to the wallet (issue #20), in Chromium: a page built with viem + mipd
 * (the test dApp's Rootstock page) asks for `personal_sign`, which needs no server, so the
 * times are the wallet's own:
 *   - request → approval window painted (its first row visible);
 *   - Approve clicked → the answer at the page; the window arms its buttons 800 ms after a
 *     request shows (a double click must not approve the next one), and the click waits for that;
 *   - what the page script and the content script cost a page that never uses them: load
 *     time of the same page where they run (127.0.0.1) and where they do not (127.0.0.2);
 *   - their sizes, gzipped.
 * Runs alone: `npx tsx bench/dapp.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchExtension } from '../tests/e2e/chromium';
import { approvalWindow } from '../tests/e2e/dapp/harness';
import { startDappServer } from '../tests/e2e/dapp/server';
import { importWalletThroughPopup, playwrightDriver } from '../tests/e2e/popup-flows';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median load-event time of `url` over `runs` fresh navigations, ms. */
async function loadTime(page: Page, url: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(url, { waitUntil: 'load' });
    times.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd));
  }
  return median(times);
}

export async function benchDapp(): Promise<Record<string, number>> {
  const dist = join(import.meta.dirname, '../dist/chrome');
  const gz = (file: string) => Math.round((gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024) * 100) / 100;
  const results: Record<string, number> = { 'dApp page script (inject.js) KB gzipped': gz('inject.js'), 'dApp content script (content.js) KB gzipped': gz('content.js') };

  const [ext, server] = await Promise.all([launchExtension(), startDappServer()]);
  try {
    const popup = await ext.openPopup();
    await importWalletThroughPopup(playwrightDriver(popup));
    await popup.close();
    const dapp = await ext.context.newPage();

    results['page load with the providers injected, median ms'] = Math.round(await loadTime(dapp, `${server.url}/rootstock.html`, 7));
    results['page load without them (127.0.0.2), median ms'] = Math.round(await loadTime(dapp, `${server.unmatchedUrl}/rootstock.html`, 7));

    await dapp.goto(`${server.url}/rootstock.html`);
    await dapp.getByTestId('connect').click();
    const connect = await approvalWindow(ext.context);
    await connect.getByTestId('approve-button').click();
    await dapp.waitForFunction(() => (document.querySelector('[data-testid="connect-result"]')?.textContent ?? '') !== '');

    const toWindow: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await dapp.evaluate(() => {
        document.querySelector('[data-testid="personal-sign-result"]')!.textContent = '';
      });
      const asked = Date.now();
      await dapp.getByTestId('personal-sign').click();
      const win = await approvalWindow(ext.context);
      await win.getByTestId('approve-row').first().waitFor();
      toWindow.push(Date.now() - asked);
      const button = win.getByTestId('approve-button');
      await win.waitForSelector('[data-testid=approve-button]:not([disabled])');
      const approved = Date.now();
      await button.click();
      await dapp.waitForFunction(() => (document.querySelector('[data-testid="personal-sign-result"]')?.textContent ?? '') !== '', undefined, { timeout: 60_000 });
      toAnswer.push(Date.now() - approved);
      await win.waitForEvent('close').catch(() => undefined);
    }
    results['dApp request to approval window painted, median ms'] = median(toWindow);
    results['dApp approve to answer at the page, median ms'] = median(toAnswer);
  } finally {
    await Promise.all([ext.close(), server.close()]);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchDapp());
}
