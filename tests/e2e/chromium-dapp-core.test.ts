/**
 * The dApp wire end to end in Chromium, with no family needed: the page script is on
 * matching pages only, refusals reach the page as errors, and none opens a window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LoadedExtension } from './chromium';
import { hasApprovalWindow, pageResult } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';

describe('dApp core in Chromium', () => {
  let ext: LoadedExtension;
  let server: DappServer;

  beforeAll(async () => {
    [ext, server] = await Promise.all([launchExtension(), startDappServer()]);
  });
  afterAll(async () => {
    await Promise.all([ext?.close(), server?.close()]);
  });

  it('injects the page script at document_start on a loopback page, before the page’s own scripts', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/core.html`);
    await expect.poll(() => page.getByTestId('layerhop-present').textContent()).toBe('true');
    // Not enumerable and not replaceable by the page.
    expect(await page.evaluate(() => Object.keys(window).includes('layerhop'))).toBe(false);
    expect(await page.evaluate(() => Reflect.set(window, 'layerhop', 1))).toBe(false);
    await page.close();
  });

  it('is absent on a page the manifest does not match', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.unmatchedUrl}/core.html`);
    await expect.poll(() => page.getByTestId('layerhop-present').textContent()).toBe('false');
    await page.close();
  });

  it('refuses an unknown family and a malformed method in the content script, with errors the page receives, and opens no window', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/core.html`);
    await page.getByTestId('unknown-family').click();
    expect(await pageResult(page, 'unknown-family')).toEqual({ error: { code: -32601, message: 'Unknown provider family.', data: { refusal: 'unsupported_method' } } });
    await page.getByTestId('malformed-method').click();
    expect(await pageResult(page, 'malformed-method')).toMatchObject({ error: { code: -32602, data: { refusal: 'invalid_params' } } });
    expect(hasApprovalWindow(ext.context)).toBe(false);
    await page.close();
  });

  it('carries a request to the background and its refusal back (the worker answered: not "disconnected"), with no window', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.url}/core.html`);
    await page.getByTestId('no-such-method').click();
    const { error, result } = await pageResult(page, 'no-such-method');
    expect(result).toBeUndefined();
    expect(typeof error?.code).toBe('number');
    expect(error?.code).not.toBe(4900);
    expect(error?.message).toMatch(/support/);
    expect(hasApprovalWindow(ext.context)).toBe(false);
    // Only the onboarding tab the install opened is the extension's.
    expect(ext.context.pages().map((p) => p.url()).filter((u) => u.startsWith('chrome-extension://') && !u.includes('view=tab'))).toEqual([]);
    await page.close();
  });
});
