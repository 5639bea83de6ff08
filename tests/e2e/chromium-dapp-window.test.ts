/**
 * The approval window and connections in real Chromium, driven by the probe family
 * (a background built with tests/e2e/dapp/probe-family.ts): connect, rows as the window
 * shows them, reject, queue and close, Disconnect, unlock first, another origin, a
 * stopped worker.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LoadedExtension } from './chromium';
import { approvalWindow, approve, hasApprovalWindow, pageResult, reject, unlockInWindow } from './dapp/harness';
import { buildProbeExtension } from './dapp/probe-build';
import { PROBE_AMOUNT } from './dapp/probe-family';
import { startDappServer, type DappServer } from './dapp/server';
import { importWalletThroughPopup, PASSWORD, playwrightDriver as drive } from './popup-flows';

describe('Chromium: the approval window and connected sites (probe family)', () => {
  let ext: LoadedExtension;
  let server: DappServer;
  let removeBuild = () => undefined as void;
  let dapp: Page;
  let address = '';

  const click = async (page: Page, testId: string) => {
    await page.evaluate((id) => {
      document.querySelector(`[data-testid="${id}-result"]`)!.textContent = '';
    }, testId);
    await page.getByTestId(testId).click();
  };
  const closed = (page: Page) => (page.isClosed() ? Promise.resolve() : page.waitForEvent('close', { timeout: 30_000 }).then(() => undefined));

  beforeAll(async () => {
    const [probe, s] = await Promise.all([buildProbeExtension(), startDappServer()]);
    server = s;
    removeBuild = probe.remove;
    ext = await launchExtension({ dist: probe.dir });
    const tab = ext.context.pages().find((p) => p.url().includes('view=tab')) ?? (await ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('view=tab') }));
    await importWalletThroughPopup(drive(tab));
    dapp = await ext.context.newPage();
    await dapp.goto(`${server.url}/probe.html`);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([ext?.close(), server?.close()]);
    removeBuild();
  });

  it('answers an open method without a window, and refuses a signature from a site that never connected', async () => {
    await click(dapp, 'probe-info');
    expect(await pageResult(dapp, 'probe-info')).toEqual({ result: { network: expect.any(String) } });
    await click(dapp, 'probe-sign');
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4100 } });
    expect(hasApprovalWindow(ext.context)).toBe(false);
  });

  it('connects through the approval window, which names the origin and the network, and closes itself after', async () => {
    await click(dapp, 'probe-connect');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-row').first().waitFor();
    expect(await win.getByTestId('approve').getAttribute('data-method')).toBe('connect');
    expect(await win.getByTestId('approve-ours').count()).toBe(1);
    const shown = await approve(win);
    expect(shown.origin).toBe(server.url);
    expect(shown.network.length).toBeGreaterThan(0);
    const { result } = await pageResult(dapp, 'probe-connect');
    address = (result as string[])[0]!;
    expect(address).toMatch(/^(tb1|bcrt1)q/);
    await closed(win);
  });

  it('shows each row kind (the amount formatted, ours marked), the warning and the message; Reject answers 4001', async () => {
    await click(dapp, 'probe-sign');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-row').first().waitFor();
    const rows = win.getByTestId('approve-row');
    expect(await rows.count()).toBe(5);
    const amount = win.locator('[data-testid=approve-row][data-kind=amount]');
    expect(await amount.getAttribute('data-value')).toBe(PROBE_AMOUNT);
    expect(await amount.textContent()).toContain('1.23456789');
    expect(await win.locator('[data-testid=approve-row][data-kind=address][data-ours=true]').textContent()).toContain(address);
    expect(await win.locator('[data-testid=approve-row][data-kind=address][data-ours=false] [data-testid=approve-ours]').count()).toBe(0);
    const message = (await win.locator('[data-testid=approve-row][data-kind=message]').textContent())!;
    expect(message).toContain('hello from the page');
    // Shown, not obeyed: an override would make "exe.txt" read as "txt.exe".
    expect(message).toContain('U+202E');
    expect(message).toContain('U+200B');
    expect(message).not.toMatch(/[\u202e\u200b]/);
    expect(await win.getByTestId('approve-warning').count()).toBe(1);
    await reject(win);
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4001 } });
    await closed(win);
  });

  it('queues a second request behind the first in the same window; closing the window rejects both', async () => {
    await click(dapp, 'probe-sign');
    const win = await approvalWindow(ext.context);
    await click(dapp, 'probe-sign-2');
    // The window shows the count of what came after it opened.
    await win.locator('[data-testid=approve-queued][data-count="1"]').waitFor();
    expect(ext.context.pages().filter((p) => p.url().includes('view=approve'))).toHaveLength(1);
    await win.close();
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4001 } });
    expect(await pageResult(dapp, 'probe-sign-2')).toMatchObject({ error: { code: 4001 } });
  });

  it('a click that lands as the next request appears (a double click on Approve) approves nothing more', async () => {
    await click(dapp, 'probe-sign');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-button').waitFor();
    await click(dapp, 'probe-sign-2');
    await win.locator('[data-testid=approve-queued][data-count="1"]').waitFor();
    const first = await win.getByTestId('approve').getAttribute('data-id');
    // In the page: approve, then click again as soon as the button takes clicks, within a
    // double click's interval (500 ms, the common default) of the next request's showing.
    await win.evaluate(
      (was) =>
        new Promise<void>((resolve) => {
          const button = () => document.querySelector<HTMLButtonElement>('[data-testid=approve-button]')!;
          const again = (deadline: number) => {
            if (!button().disabled) button().click();
            else if (performance.now() < deadline) return void setTimeout(() => again(deadline), 5);
            resolve();
          };
          new MutationObserver((_, observer) => {
            const id = document.querySelector('[data-testid=approve]')?.getAttribute('data-id');
            if (!id || id === was) return;
            observer.disconnect();
            again(performance.now() + 500);
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
          button().click();
        }),
      first,
    );
    expect(await pageResult(dapp, 'probe-sign')).toEqual({ result: 'signed' });
    // The second is still on show, undecided; a deliberate click decides it.
    await dapp.waitForTimeout(1500);
    expect(await dapp.getByTestId('probe-sign-2-result').textContent()).toBe('');
    expect(await win.getByTestId('approve').getAttribute('data-method')).toBe('probeSign');
    await reject(win);
    expect(await pageResult(dapp, 'probe-sign-2')).toMatchObject({ error: { code: 4001 } });
  });

  it('another origin that never connected is unauthorized', async () => {
    const other = await ext.context.newPage();
    await other.goto(`${server.otherUrl}/probe.html`);
    await click(other, 'probe-sign');
    expect(await pageResult(other, 'probe-sign')).toMatchObject({ error: { code: 4100 } });
    await other.close();
  });

  it('answers a frame of the top page’s origin and refuses a frame of another origin', async () => {
    const top = await ext.context.newPage();
    await top.goto(`${server.url}/frames.html?other=${encodeURIComponent(server.otherUrl)}`);
    const answer = async (testId: string) => {
      const frame = top.frameLocator(`[data-testid=${testId}]`);
      await frame.getByTestId('probe-info').click();
      await frame.getByTestId('probe-info-result').filter({ hasText: /./ }).waitFor();
      return JSON.parse((await frame.getByTestId('probe-info-result').textContent())!);
    };
    expect(await answer('same-origin-frame')).toEqual({ result: { network: expect.any(String) } });
    expect(await answer('other-origin-frame')).toMatchObject({ error: { code: 4100 } });
    await top.close();
  });

  it('Settings lists the site with what it may do; Disconnect ends its request on show, and later ones are unauthorized', async () => {
    await click(dapp, 'probe-sign');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-button').waitFor();
    const popup = await ext.openPopup();
    await popup.getByTestId('nav-settings').click();
    const site = popup.locator(`[data-testid=connected-site][data-origin="${server.url}"]`);
    await site.waitFor();
    expect(await site.getAttribute('data-family')).toBe('bitcoin');
    expect(await site.getByTestId('connected-site-grant').count()).toBe(1);
    await site.getByTestId('connected-site-disconnect').click();
    await popup.getByTestId('connected-sites-none').waitFor();
    await popup.close();
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4100 } });
    // Nothing else waits: the window closes itself.
    await closed(win);
    await click(dapp, 'probe-sign');
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4100 } });
  });

  it('a locked wallet: the window asks for Unlock naming the origin, then shows the connect request', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('nav-lock').click();
    await popup.getByTestId('unlock').waitFor();
    await popup.close();
    await click(dapp, 'probe-connect');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-locked').waitFor();
    await expect.poll(() => win.getByTestId('approve-origin').textContent()).toContain(server.url);
    expect(await win.getByTestId('approve-button').count()).toBe(0);
    await unlockInWindow(win, PASSWORD);
    await approve(win);
    expect(await pageResult(dapp, 'probe-connect')).toEqual({ result: [address] });
  });

  it('a worker stopped while a request waits ends the page promise with disconnected', async () => {
    await click(dapp, 'probe-sign');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-button').waitFor();
    await ext.stopServiceWorker();
    expect(await pageResult(dapp, 'probe-sign')).toMatchObject({ error: { code: 4900 } });
    await win.close().catch(() => undefined);
  });
});
