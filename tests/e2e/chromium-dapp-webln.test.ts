/**
 * WebLN in Chromium on the devnet: a page built with the `webln` package connects through
 * the approval window, pays an invoice of the devnet's lnurl-node through the NWC wallet
 * (the ledger settles it), sees a rejection as 4001, and gets a message signed in LND's
 * format, checked here by an independent verifier; another origin that never connected
 * gets 4100.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { LightningDevnet } from '../devnet/lightning';
import { lndRecover } from '../helpers/lnd-message';
import { launchExtension, type LoadedExtension } from './chromium';
import { approvalWindow, approve, hasApprovalWindow, pageResult, reject } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const PHRASE = phraseFor('chromium-dapp-webln');

/** An invoice from the devnet's lnurl-node, asked for through a pay link's callback as any payer would. */
async function lnurlInvoice(devnet: LightningDevnet, msat: number, text: string): Promise<{ invoice: string; paymentHash: string }> {
  const link = await devnet.lnurl.createPayLink({ minSendable: 1000, maxSendable: 1_000_000, metadata: JSON.stringify([['text/plain', text]]) });
  const offer = (await (await fetch(link.url)).json()) as { callback: string };
  const callback = new URL(offer.callback);
  callback.searchParams.set('amount', String(msat));
  const { pr } = (await (await fetch(callback)).json()) as { pr: string };
  const known = [...devnet.ledger.invoices.values()].find((i) => i.invoice === pr)!;
  return { invoice: pr, paymentHash: known.paymentHash };
}

describe('Chromium: WebLN on the devnet', () => {
  let devnet: LightningDevnet;
  let ext: LoadedExtension;
  let server: DappServer;
  let dapp: Page;

  const click = async (page: Page, testId: string) => {
    await page.evaluate((id) => {
      document.querySelector(`[data-testid="${id}-result"]`)!.textContent = '';
    }, testId);
    await page.getByTestId(testId).click();
  };

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.lightning();
    [ext, server] = await Promise.all([launchExtension(), startDappServer()]);
    const popup = await ext.openPopup();
    await importWalletThroughPopup(drive(popup), PHRASE);
    await popup.click('[data-testid=nav-settings]');
    await popup.selectOption('[data-testid=preset-lightning]', 'devnet');
    await popup.click('[data-testid=settings-save]');
    await popup.waitForSelector('[data-testid=settings-saved]');
    await popup.click('[data-testid=nav-home]');
    await popup.click('[data-testid=open-lightning]');
    await popup.click('[data-testid=ln-connect]');
    await popup.fill('[data-testid=nwc-uri]', devnet.nwcUri);
    await popup.click('[data-testid=nwc-connect]');
    await popup.waitForSelector('[data-testid=nwc-status][data-connected=true]', { timeout: 30_000 });
    await popup.close();
    dapp = await ext.context.newPage();
    await dapp.goto(`${server.url}/webln.html`);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([ext?.close(), server?.close()]);
  });

  it('connects through requestProvider(): the window names the origin, the devnet and the NWC wallet', async () => {
    await click(dapp, 'webln-connect');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-row').first().waitFor();
    expect(await win.getByTestId('approve').getAttribute('data-method')).toBe('connect');
    expect(await win.getByTestId('approve-section').textContent()).toContain('devnet@127.0.0.1');
    expect(await win.getByTestId('approve-ours').count()).toBe(1);
    const shown = await approve(win);
    expect(shown.origin).toBe(server.url);
    expect(shown.network).toMatch(/devnet/i);
    expect(await pageResult(dapp, 'webln-connect')).toEqual({ result: { enabled: true } });
  });

  it("pays an invoice of the devnet's LNURL server through NWC after the window showed it; the preimage settles it on the ledger", async () => {
    const bill = await lnurlInvoice(devnet, 21_000, 'E2E WebLN coffee');
    const before = devnet.lnurl.node.balanceMsat;
    await dapp.getByTestId('invoice').fill(bill.invoice);
    await click(dapp, 'webln-send');
    const win = await approvalWindow(ext.context);
    await win.getByTestId('approve-row').first().waitFor();
    expect(await win.getByTestId('approve').getAttribute('data-method')).toBe('sendPayment');
    expect(await win.locator('[data-testid=approve-row][data-kind=amount]').getAttribute('data-value')).toBe('21000');
    expect(await win.locator('[data-testid=approve-row][data-kind=address]').textContent()).toContain(devnet.lnurl.node.pubkey);
    expect(await win.getByTestId('approve-section').textContent()).toContain(bill.paymentHash);
    await approve(win);
    const { result } = await pageResult(dapp, 'webln-send');
    const preimage = (result as { preimage: string }).preimage;
    expect(bytesToHex(sha256(hexToBytes(preimage)))).toBe(bill.paymentHash);
    expect(devnet.ledger.invoices.get(bill.paymentHash)!.state).toBe('settled');
    expect(devnet.lnurl.node.balanceMsat - before).toBe(21_000n);
  });

  it('a sendPayment rejected in the window reaches the page as 4001 "User rejected", and nothing is paid', async () => {
    const bill = await lnurlInvoice(devnet, 5_000, 'E2E WebLN refused');
    await dapp.getByTestId('invoice').fill(bill.invoice);
    await click(dapp, 'webln-send');
    await reject(await approvalWindow(ext.context));
    expect(await pageResult(dapp, 'webln-send')).toMatchObject({ error: { code: 4001, message: 'User rejected' } });
    expect(devnet.ledger.invoices.get(bill.paymentHash)!.state).toBe('pending');
  });

  it("signs a message on approval; an independent LND-format verifier recovers the seed's m/1017'/1'/6'/0/0 key, and verifyMessage agrees", async () => {
    const message = 'Log in to the WebLN test page';
    await dapp.getByTestId('message').fill(message);
    await click(dapp, 'webln-sign');
    const win = await approvalWindow(ext.context);
    expect(await win.locator('[data-testid=approve-row][data-kind=message]').textContent()).toContain(message);
    await approve(win);
    const { result } = await pageResult(dapp, 'webln-sign');
    const signed = result as { message: string; signature: string };
    expect(signed.message).toBe(message);
    const expected = bytesToHex(HDKey.fromMasterSeed(mnemonicToSeedSync(PHRASE)).derive("m/1017'/1'/6'/0/0").publicKey!);
    expect(lndRecover(message, signed.signature)).toBe(expected);
    await dapp.getByTestId('signature').fill(signed.signature);
    await click(dapp, 'webln-verify');
    expect(await pageResult(dapp, 'webln-verify')).toEqual({ result: { verified: true } });
  });

  it('another origin that never connected gets 4100 and no window', async () => {
    const other = await ext.context.newPage();
    await other.goto(`${server.otherUrl}/webln.html`);
    await other.getByTestId('invoice').fill('lnbcrt1');
    await click(other, 'webln-send-unconnected');
    expect(await pageResult(other, 'webln-send-unconnected')).toMatchObject({ error: { code: 4100 } });
    expect(hasApprovalWindow(ext.context)).toBe(false);
    await other.close();
  });
});
