/** Firefox ESR: a page built with the `webln` package connects, then one sendPayment approved and paid through the devnet's NWC wallet. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { LightningDevnet } from '../devnet/lightning';
import { approvalWindowFirefox, approveFirefox } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';
import { phraseFor } from './devnets';
import { test } from './firefox';
import { connectNwc, devnetSettings, importPhrase, noLook } from './firefox-flows';

const result = async (page: Page, testId: string) => {
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-result"]`)?.textContent ?? '') !== '', { timeout: 60_000 }, testId);
  return JSON.parse(await page.$eval(`[data-testid="${testId}-result"]`, (e) => e.textContent ?? '')) as { result?: unknown; error?: { code: number; message: string } };
};

describe('Firefox ESR: WebLN on the devnet', () => {
  let devnet: LightningDevnet;
  let browser: Browser;
  let closeFirefox: (() => Promise<void>) | undefined;
  let server: DappServer;
  let dapp: Page;

  test.beforeAll(async ({ devnets, firefox }) => {
    devnet = await devnets.lightning();
    server = await startDappServer();
    let onboarding: Page;
    ({ browser, onboarding, close: closeFirefox } = await firefox.withExtension());
    const d = await importPhrase(onboarding, phraseFor('firefox-dapp-webln'), noLook);
    await devnetSettings(d, noLook, ['lightning'], []);
    await connectNwc(onboarding, devnet.nwcUri, noLook);
    dapp = await browser.newPage();
    await dapp.goto(`${server.url}/webln.html`);
  }, 180_000);
  afterAll(async () => {
    await closeFirefox?.();
    await server?.close();
  });

  it('connects through the approval window, then pays an approved invoice of the devnet ledger through NWC', async () => {
    await dapp.click('[data-testid="webln-connect"]');
    const win = await approvalWindowFirefox(browser);
    await win.waitForSelector('[data-testid="approve-button"]');
    expect(await win.$eval('[data-testid="approve-origin"]', (e) => e.textContent?.trim())).toBe(server.url);
    await approveFirefox(win);
    expect(await result(dapp, 'webln-connect')).toEqual({ result: { enabled: true } });

    const bill = devnet.ledger.createInvoice(devnet.lnurl.node, 13_000n, { description: 'Firefox WebLN' });
    await dapp.type('[data-testid="invoice"]', bill.invoice);
    await dapp.click('[data-testid="webln-send"]');
    const again = await approvalWindowFirefox(browser);
    await again.waitForSelector('[data-testid="approve-row"][data-kind="amount"][data-value="13000"]');
    await approveFirefox(again);
    const paid = await result(dapp, 'webln-send');
    const preimage = (paid.result as { preimage: string }).preimage;
    expect(bytesToHex(sha256(hexToBytes(preimage)))).toBe(bill.paymentHash);
    expect(devnet.ledger.invoices.get(bill.paymentHash)!.state).toBe('settled');
  });
});
