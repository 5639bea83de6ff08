/**
 * Moves through Boltz in the real extension: the popup's Move screen against the
 * devnet Boltz stand-in on bcoin regtest, anvil (chain 33, EtherSwap) and a
 * Lightning ledger. What happened is read from the ledger and the nodes, never
 * from the code under test. The test mines Bitcoin blocks on demand so a hop
 * takes seconds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { BoltzDevnet } from '../devnet/boltz';
import type { DevLightningLedger, DevNode } from '../devnet/lightning/ledger';
import type { LiquidDevnet } from '../devnet/liquid';
import type { Anvil } from '../devnet/rootstock/anvil';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

const WEI_PER_SAT = 10n ** 10n;
const GAS_WEI = 10n ** 16n; // 0.01 RBTC for the claim's gas

describe('Chromium: Boltz moves on the devnet', () => {
  let bitcoin: BitcoinDevnet;
  let liquid: LiquidDevnet;
  let anvil: Anvil;
  let boltz: BoltzDevnet;
  let ledger: DevLightningLedger;
  let shop: DevNode;
  let payer: DevNode;
  let claimWaitMs: number | undefined;
  let ext: LoadedExtension;
  let page: Page;

  /** Mines a block a second (Boltz waits for confirmations) until the opened hop ends. */
  async function untilHopEnds(timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await page.getAttribute('[data-testid=hop-progress]', 'data-outcome');
      if (outcome && outcome !== 'in-progress') return outcome;
      if (Date.now() > deadline) throw new Error(`hop still ${outcome} (${await page.getAttribute('[data-testid=hop-progress]', 'data-state')})`);
      await bitcoin.mine(1);
      liquid.mine(1);
      await boltz.sync();
      await page.waitForTimeout(1000);
    }
  }

  async function openMove(from: string, to: string): Promise<void> {
    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-form]');
    await page.selectOption('[data-testid=move-from]', from);
    await page.selectOption('[data-testid=move-to]', to);
  }

  test.beforeAll(async ({ devnets }) => {
    ({ bitcoin, liquid, rootstock: anvil, boltz } = await devnets.boltz());
    // This file's own Lightning nodes on the shared ledger Boltz's node is on.
    ledger = boltz.ledger;
    shop = ledger.addNode('shop');
    payer = ledger.addNode('payer', 10_000_000_000n);
    // Boltz claims by script path if we have not cooperated within 0.5 s (restored in afterAll).
    claimWaitMs = boltz.book.opts.cooperativeClaimWaitMs;
    boltz.book.opts.cooperativeClaimWaitMs = 500;
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-move-external',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
        { layer: 'bitcoin', key: 'boltz', url: boltz.url },
        { layer: 'rootstock', key: 'rpc', url: anvil.url },
        { layer: 'liquid', key: 'esplora', url: liquid.url },
      ],
      lightning: true,
    }));
  }, 120_000);
  afterAll(async () => {
    if (claimWaitMs !== undefined) boltz.book.opts.cooperativeClaimWaitMs = claimWaitMs;
    await ext?.close();
  });

  it('BTC -> Lightning: pays a pasted invoice; the ledger sees it paid and the popup shows the hop completed', async () => {
    const address = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    await bitcoin.faucet(address, 300_000n);
    const invoice = ledger.createInvoice(shop, 50_000_000n, { description: 'E2E shop' }); // 50,000 sats

    await openMove('bitcoin:BTC', 'lightning:BTC');
    await page.fill('[data-testid=move-destination]', invoice.invoice);
    await page.click('[data-testid=move-plan]');
    const route = await page.waitForSelector('[data-testid=route-boltz-submarine][data-available=true]');
    await (await route.$('[data-testid=route-choose]'))!.click();
    await page.waitForSelector('[data-testid=hop-progress]');

    expect(await untilHopEnds()).toBe('completed');
    expect(ledger.invoice(invoice.paymentHash)).toMatchObject({ state: 'settled', paidBy: boltz.node.pubkey });
    await page.waitForSelector('[data-testid=step-pay][data-status=done]');
  }, 150_000);

  it('Lightning -> RBTC: shows the hold invoice, which the test pays; RBTC arrives on anvil and the popup shows the hop completed', async () => {
    await page.click('[data-testid=nav-home]');
    const rsk = (await page.textContent('[data-testid=address-rootstock]'))!.trim().toLowerCase();
    await anvil.fund(rsk, GAS_WEI);
    const before = BigInt(await anvil.rpc<string>('eth_getBalance', [rsk, 'latest']));

    await openMove('lightning:BTC', 'rootstock:RBTC');
    await page.fill('[data-testid=move-amount]', '120000');
    await page.click('[data-testid=move-plan]');
    const route = await page.waitForSelector('[data-testid=route-boltz-reverse][data-available=true]');
    await (await route.$('[data-testid=route-choose]'))!.click();
    const shown = await page.waitForSelector('[data-testid=hold-invoice]');
    const invoice = (await shown.getAttribute('data-invoice'))!;
    expect(invoice).toMatch(/^lnbcrt/);
    expect(await page.getAttribute('[data-testid=hold-invoice] svg.qr', 'data-qr')).toBe(`lightning:${invoice}`);

    const paid = ledger.payAsync(payer, invoice); // held until the wallet's claim reveals the preimage
    expect(await untilHopEnds()).toBe('completed');
    const payment = await paid;
    expect(payment.amountMsat).toBe(120_000_000n);
    const gained = BigInt(await anvil.rpc<string>('eth_getBalance', [rsk, 'latest'])) - before;
    // What Boltz locked, less the claim's gas.
    expect(gained).toBeGreaterThan(100_000n * WEI_PER_SAT - GAS_WEI);
    expect(gained).toBeLessThan(120_000n * WEI_PER_SAT);
    expect(await page.$('[data-testid=hold-invoice]')).toBeNull();
    // The claim went to the pinned EtherSwap and says why it could go at once.
    expect(await page.textContent('[data-testid=step-note-claim]')).toBe("Boltz's RBTC lock is in a block of our Rootstock node.");
  }, 150_000);

  it('Lightning -> L-BTC: the worker opens Boltz\'s confidential lockup and sweeps it to our Liquid address; the Liquid screen shows it', async () => {
    await page.click('[data-testid=nav-home]');
    const accepted = liquid.broadcasts.accepted.length;
    const rejected = liquid.broadcasts.rejected.length;
    await openMove('lightning:BTC', 'liquid:L-BTC');
    await page.fill('[data-testid=move-amount]', '90000');
    await page.click('[data-testid=move-plan]');
    const route = await page.waitForSelector('[data-testid=route-boltz-reverse][data-available=true]');
    await (await route.$('[data-testid=route-choose]'))!.click();
    const invoice = (await (await page.waitForSelector('[data-testid=hold-invoice]')).getAttribute('data-invoice'))!;
    const paid = ledger.payAsync(payer, invoice);
    expect(await untilHopEnds()).toBe('completed');
    expect((await paid).amountMsat).toBe(90_000_000n);
    // Above the devnet's 50,000 sat limit, the claim waited for Boltz's lockup to confirm, and the step says so.
    expect(await page.textContent('[data-testid=step-note-claim]')).toMatch(/^Boltz's lockup is confirmed: [\d,]+ sats is above the 50,000 sat limit for unconfirmed claims\.$/);
    // The claim is the wallet's only Liquid broadcast, and the devnet's Elements verifier took it.
    expect(liquid.broadcasts.accepted.length).toBe(accepted + 1);
    expect(liquid.broadcasts.rejected.slice(rejected)).toEqual([]);
    liquid.mine(1);
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-liquid]');
    const row = await page.waitForSelector(`[data-testid=lq-balance-${liquid.policyAsset}]:not([data-value="0"])`, { timeout: 30_000 });
    const value = BigInt((await row.getAttribute('data-value'))!);
    // What Boltz locked (the invoice less its fee) less our sweep's fee.
    expect(value).toBeGreaterThan(85_000n);
    expect(value).toBeLessThan(90_000n);
  }, 150_000);
});
