/**
 * The Bitcoin provider end to end in Chromium on the bcoin devnet, driven by the test
 * dApp page built on Sats Connect (tests/e2e/dapp/pages/bitcoin.ts): connect, a
 * sendTransfer and a signPsbt approved in the approval window and accepted by bcoin, a
 * rejected request seen as USER_REJECTION, and a second origin that never connected
 * refused with ACCESS_DENIED.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as btc from '@scure/btc-signer';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { Verifier } from 'bip322-js';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { approvalWindow, approve, hasApprovalWindow, pageResult, reject } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
const stranger = () => btc.p2wpkh(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true), REGTEST).address!;

interface SatsAddress {
  address: string;
  publicKey: string;
  purpose: string;
  addressType: string;
}

describe('Chromium: Bitcoin dApp provider (Sats Connect) on the devnet', () => {
  let devnet: BitcoinDevnet;
  let ext: LoadedExtension;
  let server: DappServer;
  let dapp: Page;
  let addresses: SatsAddress[];
  const external: string[] = [];

  test.beforeAll(async ({ devnets }) => {
    [devnet, ext, server] = await Promise.all([devnets.bitcoin(), launchExtension(), startDappServer()]);
    const popup = await ext.openPopup();
    await importWalletThroughPopup(drive(popup), phraseFor('chromium-dapp-bitcoin'));
    await useDevnet(drive(popup), [
      { layer: 'bitcoin', key: 'esplora', url: devnet.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: devnet.url },
    ]);
    await popup.close();
    dapp = await ext.context.newPage();
    // The page's libraries must not reach out (Sats Connect's wallet selector would load a web font; the page never opens it).
    dapp.on('request', (r) => {
      const { hostname, protocol } = new URL(r.url());
      if (protocol.startsWith('http') && !['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) external.push(r.url());
    });
    await dapp.goto(`${server.url}/bitcoin.html`);
  });
  afterAll(async () => {
    await Promise.all([ext?.close(), server?.close()]);
  });

  /** Clicks a page button, answers the approval window, and returns what the page received. */
  async function ask(testId: string, decide: typeof approve = approve) {
    // The window of the request before closes once it has nothing left to show.
    await expect.poll(() => hasApprovalWindow(ext.context)).toBe(false);
    await dapp.getByTestId(testId).click();
    const window = await approvalWindow(ext.context);
    const shown = await decide(window);
    return { shown, answer: await pageResult(dapp, testId) };
  }

  it('is listed in btc_providers, and connects after approval with the payment and Taproot addresses', async () => {
    expect(JSON.parse((await dapp.getByTestId('btc-providers').textContent())!)).toContain('LayerhopProviders.BitcoinProvider');
    const { shown, answer } = await ask('connect');
    expect(shown.origin).toBe(server.url);
    const result = answer.result as { addresses: SatsAddress[]; network: { bitcoin: { name: string } } };
    addresses = result.addresses;
    expect(addresses.map((a) => [a.purpose, a.addressType])).toEqual([
      ['payment', 'p2wpkh'],
      ['ordinals', 'p2tr'],
    ]);
    expect(addresses[0]!.address).toMatch(/^bcrt1q/);
    expect(addresses[1]!.address).toMatch(/^bcrt1p/);
    expect(result.network.bitcoin.name).toBe('Regtest');
  });

  it('sends a transfer the user approved; bcoin accepts it', async () => {
    await devnet.faucet(addresses[0]!.address, 300_000n);
    const to = stranger();
    await dapp.getByTestId('to').fill(to);
    await dapp.getByTestId('amount').fill('54321');
    const { answer } = await ask('send');
    const { txid } = answer.result as { txid: string };
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    const tx = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json()) as { vout: { scriptpubkey_address?: string; value: number }[] };
    expect(tx.vout.find((o) => o.scriptpubkey_address === to)?.value).toBe(54_321);
    await devnet.mine();
  });

  it('signs and broadcasts a PSBT the page built; bcoin accepts it', async () => {
    const ordinals = addresses[1]!;
    await devnet.faucet(ordinals.address, 80_000n);
    const [coin] = (await (await fetch(`${devnet.esploraUrl}/address/${ordinals.address}/utxo`)).json()) as { txid: string; vout: number; value: number }[];
    const to = stranger();
    const tx = new btc.Transaction();
    tx.addInput({ txid: coin!.txid, index: coin!.vout, witnessUtxo: { script: btc.OutScript.encode(btc.Address(REGTEST).decode(ordinals.address)), amount: 80_000n }, tapInternalKey: hexToBytes(ordinals.publicKey) });
    tx.addOutputAddress(to, 77_000n, REGTEST);
    await dapp.getByTestId('psbt').fill(base64.encode(tx.toPSBT()));
    await dapp.getByTestId('sign-inputs').fill(JSON.stringify({ [ordinals.address]: [0] }));
    await dapp.getByTestId('broadcast').fill('true');
    const { answer } = await ask('sign-psbt');
    const { txid, psbt } = answer.result as { txid: string; psbt: string };
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    expect(btc.Transaction.fromPSBT(base64.decode(psbt)).id).toBe(txid);
    expect(devnet.facade.broadcasts.some((b) => b.accepted && btc.Transaction.fromRaw(hexToBytes(b.hex), { allowUnknownOutputs: true }).id === txid)).toBe(true);
    const onNode = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json()) as { vout: { scriptpubkey_address?: string; value: number }[] };
    expect(onNode.vout[0]).toMatchObject({ scriptpubkey_address: to, value: 77_000 });
    await devnet.mine();
  });

  it('signs a message with BIP-322 after approval; bip322-js verifies it for the Taproot address', async () => {
    const ordinals = addresses[1]!.address;
    await dapp.getByTestId('address').fill(ordinals);
    await dapp.getByTestId('message').fill('Layerhop E2E: sign in');
    const { answer } = await ask('sign-message');
    const signed = answer.result as { signature: string; address: string; protocol: string };
    expect(signed).toMatchObject({ address: ordinals, protocol: 'BIP322' });
    expect(Verifier.verifySignature(ordinals, 'Layerhop E2E: sign in', signed.signature)).toBe(true);
    expect(Verifier.verifySignature(ordinals, 'Layerhop E2E: sign out', signed.signature)).toBe(false);
  });

  it('answers a rejected request with USER_REJECTION and sends nothing', async () => {
    const before = devnet.facade.broadcasts.length;
    await dapp.getByTestId('to').fill(stranger());
    await dapp.getByTestId('amount').fill('10000');
    const { answer } = await ask('send', reject);
    expect(answer.error?.code).toBe(-32000);
    expect(devnet.facade.broadcasts.length).toBe(before);
  });

  it('refuses a second origin that never connected with ACCESS_DENIED, opening no window', async () => {
    const other = await ext.context.newPage();
    await other.goto(`${server.otherUrl}/bitcoin.html`);
    await other.getByTestId('address').fill(addresses[0]!.address);
    await other.getByTestId('message').fill('hello');
    await other.getByTestId('sign-message').click();
    const { error } = await pageResult(other, 'sign-message');
    expect(error?.code).toBe(-32002);
    expect(hasApprovalWindow(ext.context)).toBe(false);
    await other.close();
  });

  it('after Disconnect in Settings the page hears Sats Connect\'s disconnect event and its requests are denied', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('nav-settings').click();
    const site = popup.locator(`[data-testid=connected-site][data-origin="${server.url}"][data-family=bitcoin]`);
    await site.getByTestId('connected-site-disconnect').click();
    await popup.getByTestId('connected-sites-none').waitFor();
    await popup.close();
    await expect.poll(() => dapp.getByTestId('wallet-events').textContent()).toBe('disconnect;');
    await dapp.getByTestId('balance').click();
    expect((await pageResult(dapp, 'balance')).error?.code).toBe(-32002);
    expect(hasApprovalWindow(ext.context)).toBe(false);
    expect(external).toEqual([]);
  });
});
