/**
 * BTC -> RBTC through the PowPeg, driven from the popup's Move screen in the
 * real extension: bcoin regtest for Bitcoin, anvil (chain 33) with the Bridge
 * stand-in, and the stand-in federation acting on both chains. What happened on
 * the chains is read from the nodes, not from the wallet.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { parsePeginPayload, type PowpegDevnet } from '../devnet/powpeg';
import type { Anvil } from '../devnet/rootstock/anvil';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const WEI_PER_SAT = 10_000_000_000n;

describe('Chromium: BTC -> RBTC through the PowPeg on the devnets', () => {
  let bitcoin: BitcoinDevnet;
  let anvil: Anvil;
  let powpeg: PowpegDevnet;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    [bitcoin, anvil, powpeg] = await Promise.all([devnets.bitcoin(), devnets.rootstock(), devnets.powpeg()]);
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-powpeg'));
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: bitcoin.url },
      { layer: 'rootstock', key: 'rpc', url: anvil.url },
    ]);
  }, 180_000);
  afterAll(async () => ext?.close());

  const planMove = async (amount: string) => {
    await page.selectOption('[data-testid=move-from]', 'bitcoin:BTC');
    await page.selectOption('[data-testid=move-to]', 'rootstock:RBTC');
    await page.fill('[data-testid=move-amount]', amount);
    await page.click('[data-testid=move-plan]');
    return page.waitForSelector('[data-testid=route-powpeg-pegin]');
  };

  it('refuses a peg-in below the Bridge minimum, then pegs in and shows the hop completed when RBTC arrives', async () => {
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const rskAddress = (await page.textContent('[data-testid=address-rootstock]'))!.trim();
    await bitcoin.faucet(btcAddress, 1_000_000n);
    const rbtcBefore = BigInt(await anvil.rpc<string>('eth_getBalance', [rskAddress.toLowerCase(), 'latest']));
    const federationTxs = async () =>
      (await (await fetch(`${bitcoin.esploraUrl}/address/${powpeg.federationAddress}/txs`)).json()) as {
        txid: string;
        vout: { scriptpubkey: string; scriptpubkey_address?: string; value: number }[];
      }[];
    // The federation is shared: peg-ins it saw before this test are not ours.
    const seenBefore = new Set((await federationTxs()).map((tx) => tx.txid));

    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-screen]');

    // Below the minimum the Bridge reports: the route is shown as unavailable, with the reason.
    const broadcastsBefore = bitcoin.facade.broadcasts.length;
    let card = await planMove('0.0005');
    expect(await card.getAttribute('data-available')).toBe('false');
    expect(await (await card.$('[data-testid=route-reason]'))!.textContent()).toMatch(/at least 0\.001 BTC/);
    expect(await card.$('[data-testid=route-choose]')).toBeNull();

    // A valid amount: the route states what arrives and which Bitcoin network anchors it.
    card = await planMove('0.003');
    expect(await card.getAttribute('data-available')).toBe('true');
    expect(await (await card.$('[data-testid=route-receive]'))!.getAttribute('data-value')).toBe(String(300_000n * WEI_PER_SAT));
    expect(bitcoin.facade.broadcasts.length).toBe(broadcastsBefore);
    await (await card.$('[data-testid=route-choose]'))!.click();

    // Funded: the peg-in pays the federation and names our Rootstock address in its OP_RETURN.
    await page.waitForSelector('[data-testid=hop-progress][data-state=funded], [data-testid=hop-progress][data-state=confirming]');
    expect(bitcoin.facade.broadcasts.length).toBe(broadcastsBefore + 1);
    const fed = (await federationTxs()).filter((tx) => !seenBefore.has(tx.txid));
    const pegin = fed.find((tx) => tx.vout.some((o) => parsePeginPayload(o.scriptpubkey)));
    expect(pegin).toBeDefined();
    expect(pegin!.vout.find((o) => o.scriptpubkey_address === powpeg.federationAddress)!.value).toBe(300_000);
    const payload = pegin!.vout.map((o) => parsePeginPayload(o.scriptpubkey)).find(Boolean)!;
    expect(payload.recipient).toBe(rskAddress.toLowerCase());

    // Three confirmations, the federation credits RBTC; the popup (polling the open hop) shows it done.
    await bitcoin.mine(3);
    await powpeg.pass();
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 60_000 });
    const rbtcAfter = BigInt(await anvil.rpc<string>('eth_getBalance', [rskAddress.toLowerCase(), 'latest']));
    expect(rbtcAfter - rbtcBefore).toBe(300_000n * WEI_PER_SAT);
  }, 180_000);
});
