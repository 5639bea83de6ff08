/** Firefox ESR: the approval window opens for a page's request and answers it (probe family build). */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { approvalWindowFirefox, approveFirefox, rejectFirefox } from './dapp/harness';
import { buildProbeExtension } from './dapp/probe-build';
import { startDappServer, type DappServer } from './dapp/server';
import { test } from './firefox';
import { importWalletThroughPopup, puppeteerDriver } from './popup-flows';

const result = async (page: Page, testId: string) => {
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-result"]`)?.textContent ?? '') !== '', { timeout: 60_000 }, testId);
  return JSON.parse(await page.$eval(`[data-testid="${testId}-result"]`, (e) => e.textContent ?? ''));
};

describe('Firefox ESR: the approval window (probe family)', () => {
  let browser: Browser;
  let closeFirefox: (() => Promise<void>) | undefined;
  let server: DappServer;
  let removeBuild = () => undefined as void;
  let dapp: Page;

  test.beforeAll(async ({ firefox }) => {
    const [probe, s] = await Promise.all([buildProbeExtension('firefox'), startDappServer()]);
    server = s;
    removeBuild = probe.remove;
    let onboarding: Page;
    ({ browser, onboarding, close: closeFirefox } = await firefox.withExtension({ dist: probe.dir }));
    await importWalletThroughPopup(puppeteerDriver(onboarding));
    dapp = await browser.newPage();
    await dapp.goto(`${server.url}/probe.html`);
  }, 180_000);
  afterAll(async () => {
    await closeFirefox?.();
    await server?.close();
    removeBuild();
  });

  it('connects through the window, then a rejected request answers 4001', async () => {
    await dapp.click('[data-testid="probe-connect"]');
    const win = await approvalWindowFirefox(browser);
    await win.waitForSelector('[data-testid="approve-button"]');
    expect(await win.$eval('[data-testid="approve-origin"]', (e) => e.textContent?.trim())).toBe(server.url);
    await approveFirefox(win);
    expect((await result(dapp, 'probe-connect')).result).toEqual([expect.stringMatching(/^(tb1|bcrt1)q/)]);

    await dapp.click('[data-testid="probe-sign"]');
    const again = await approvalWindowFirefox(browser);
    await rejectFirefox(again);
    expect(await result(dapp, 'probe-sign')).toMatchObject({ error: { code: 4001 } });
  });
});
