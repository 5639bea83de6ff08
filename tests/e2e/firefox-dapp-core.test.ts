/** The dApp wire in Firefox ESR (MAIN-world page script, isolated relay): present on matching pages, refusals reach the page. */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startDappServer, type DappServer } from './dapp/server';
import { test } from './firefox';

const result = async (page: Page, testId: string) => {
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-result"]`)?.textContent ?? '') !== '', { timeout: 30_000 }, testId);
  return JSON.parse(await page.$eval(`[data-testid="${testId}-result"]`, (e) => e.textContent ?? ''));
};

describe('Firefox ESR: dApp core', () => {
  let browser: Browser;
  let closeFirefox: (() => Promise<void>) | undefined;
  let server: DappServer;

  test.beforeAll(async ({ firefox }) => {
    server = await startDappServer();
    ({ browser, close: closeFirefox } = await firefox.withExtension());
  });
  afterAll(async () => {
    await closeFirefox?.();
    await server?.close();
  });

  it('injects the page script on a loopback page and relays: an unknown family is refused by the content script, an unknown method by the background', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/core.html`);
    await page.waitForFunction(() => document.querySelector('[data-testid="layerhop-present"]')?.textContent === 'true', { timeout: 30_000 });
    await page.click('[data-testid="unknown-family"]');
    expect(await result(page, 'unknown-family')).toMatchObject({ error: { code: -32601, data: { refusal: 'unsupported_method' } } });
    await page.click('[data-testid="no-such-method"]');
    const answered = await result(page, 'no-such-method');
    expect(answered.error.message).toMatch(/support/);
    expect(answered.error.code).not.toBe(4900);
    await page.close();
  });

  it('is absent on a page the manifest does not match', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.unmatchedUrl}/core.html`);
    await page.waitForFunction(() => document.querySelector('[data-testid="layerhop-present"]')?.textContent === 'false', { timeout: 30_000 });
    await page.close();
  });
});
