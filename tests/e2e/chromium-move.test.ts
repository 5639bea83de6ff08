/**
 * Boltz moves through the popup's Move screen in the real extension: BTC ->
 * Lightning (a submarine swap paying an invoice of the connected wallet) and
 * Lightning -> RBTC (a reverse swap whose hold invoice the connected wallet pays,
 * claimed from EtherSwap on anvil). The counterparty is the devnet's Boltz API v2
 * stand-in acting on bcoin, anvil and the Lightning ledger; outcomes are read there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoltzDevnet } from '../devnet/boltz';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { LightningDevnet } from '../devnet/lightning';
import type { LiquidDevnet } from '../devnet/liquid';
import type { Anvil } from '../devnet/rootstock/anvil';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

describe('Chromium: moves through Boltz on the devnets', () => {
  let d: { bitcoin: BitcoinDevnet; liquid: LiquidDevnet; rootstock: Anvil; lightning: LightningDevnet; boltz: BoltzDevnet };
  let ext: LoadedExtension;
  let page: Page;
  let mining = true;

  test.beforeAll(async ({ devnets }) => {
    d = await devnets.boltz();
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-move',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
        { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
        { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
        { layer: 'rootstock', key: 'rpc', url: d.rootstock.url },
        // Chained routes through L-BTC are quoted too: Liquid on the devnet, so no quote reaches a public Esplora.
        { layer: 'liquid', key: 'esplora', url: d.liquid.url },
      ],
      // The Lightning wallet the moves pay from and into: the devnet's NWC wallet service.
      nwcUri: d.lightning.nwcUri,
    }));
    // A block now and then on both chains, as on a live network.
    void (async () => {
      while (mining) {
        await new Promise((r) => setTimeout(r, 1500));
        if (!mining) break;
        await Promise.all([d.bitcoin.mine(1), d.rootstock.mine(1)]).catch(() => undefined);
      }
    })();
  }, 180_000);
  afterAll(async () => {
    mining = false;
    await ext?.close();
  });

  const move = async (from: string, to: string, amount: string, mechanism: string) => {
    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-screen]');
    await page.selectOption('[data-testid=move-from]', from);
    await page.selectOption('[data-testid=move-to]', to);
    await page.fill('[data-testid=move-amount]', amount);
    await page.click('[data-testid=move-plan]');
    const card = await page.waitForSelector(`[data-testid=route-${mechanism}]`);
    expect(await card.getAttribute('data-available')).toBe('true');
    const receive = BigInt((await (await card.$('[data-testid=route-receive]'))!.getAttribute('data-value'))!);
    await (await card.$('[data-testid=route-choose]'))!.click();
    await page.waitForSelector('[data-testid=hop-progress]');
    return receive;
  };

  it('BTC -> Lightning: the connected wallet receives the invoice amount; the hop shows completed', async () => {
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    await d.bitcoin.faucet(btcAddress, 1_000_000n);
    // The connected wallet's invoices made for this move: Boltz also settles, meanwhile, swaps an earlier
    // file on this worker left in progress, whose invoices were made before this test.
    const wallet = [...d.lightning.ledger.nodes.values()].find((n) => n.name === 'nwc-wallet')!.pubkey;
    const earlier = new Set(d.lightning.ledger.invoices.keys());
    const receive = await move('bitcoin:BTC', 'lightning:BTC', '0.0005', 'boltz-submarine');
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 90_000 });
    const made = [...d.lightning.ledger.invoices.entries()].filter(([hash, i]) => !earlier.has(hash) && i.payee === wallet).map(([, i]) => i);
    // One invoice, settled, for what the route promised, in sats.
    expect(made.map((i) => [i.state, i.amountMsat])).toEqual([['settled', receive * 1000n]]);
  }, 150_000);

  it('Lightning -> RBTC: the wallet pays the hold invoice, claims the EtherSwap lock, and RBTC arrives', async () => {
    await page.click('[data-testid=nav-home]');
    const rsk = (await page.textContent('[data-testid=address-rootstock]'))!.trim().toLowerCase();
    // Gas for the claim, mined before the balance is read.
    await d.rootstock.fund(rsk, 10n ** 16n);
    const before = BigInt(await d.rootstock.rpc<string>('eth_getBalance', [rsk, 'latest']));
    const receive = await move('lightning:BTC', 'rootstock:RBTC', '100000', 'boltz-reverse');
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 90_000 });
    const gained = BigInt(await d.rootstock.rpc<string>('eth_getBalance', [rsk, 'latest'])) - before;
    // The claim's gas is paid from the wallet's RBTC: it arrives less at most 0.001 RBTC of gas.
    expect(gained).toBeLessThanOrEqual(receive);
    expect(gained).toBeGreaterThan(receive - 10n ** 15n);
  }, 150_000);
});
