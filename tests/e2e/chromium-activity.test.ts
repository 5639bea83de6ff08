/**
 * The activity timeline in Chromium on the devnets: after a Bitcoin faucet receive, a
 * Stacks send and a move (BTC → Lightning through the devnet Boltz, paying a ledger
 * invoice), Activity lists them newest first across layers; the layer filter shows
 * only that layer's entries (a move counts for both its layers); a devnet transaction,
 * whose devnet serves no explorer page, shows its txid with a copy button; and a layer
 * whose server is down is named with its host while the others stay listed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { BoltzDevnet } from '../devnet/boltz';
import { DevServer } from '../devnet/http-server';
import type { LiquidDevnet } from '../devnet/liquid';
import type { Anvil } from '../devnet/rootstock/anvil';
import type { StacksDevnet } from '../devnet/stacks';
import type { LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';
import { planMove, playwrightDriver as drive } from './popup-flows';

const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';

interface Row {
  key: string;
  kind: string;
  layers: string[];
  status: string;
  time: number | null;
}

describe('Chromium: one activity timeline across layers and moves', () => {
  let bitcoin: BitcoinDevnet;
  let liquid: LiquidDevnet;
  let anvil: Anvil;
  let boltz: BoltzDevnet;
  let stacks: StacksDevnet;
  let ext: LoadedExtension;
  let page: Page;
  let receiveTxid = '';

  const rows = (): Promise<Row[]> =>
    page.$$eval('[data-testid=timeline] > li', (els) =>
      els.map((e) => ({
        key: e.getAttribute('data-key')!,
        kind: e.getAttribute('data-kind')!,
        layers: e.getAttribute('data-layers')!.split(' '),
        status: e.getAttribute('data-status')!,
        time: e.getAttribute('data-time') ? Number(e.getAttribute('data-time')) : null,
      })),
    );
  const openActivity = async () => {
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-activity]');
    await page.waitForSelector('[data-testid=activity-screen][data-loading=false]', { timeout: 60_000 });
  };
  const entry = (key: string) => `[data-testid=timeline] > li[data-key="${key}"]`;

  test.beforeAll(async ({ devnets }) => {
    ({ bitcoin, liquid, rootstock: anvil, boltz } = await devnets.boltz());
    stacks = await devnets.stacks();
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-activity',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
        { layer: 'bitcoin', key: 'boltz', url: boltz.url },
        { layer: 'rootstock', key: 'rpc', url: anvil.url },
        { layer: 'liquid', key: 'esplora', url: liquid.url },
        { layer: 'stacks', key: 'api', url: stacks.url },
      ],
      lightning: true,
    }));
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 120_000);
  afterAll(async () => ext?.close());

  it('lists a faucet receive, a Stacks send and a move newest first across layers', async () => {
    // 1. A Bitcoin faucet receive, mined, seen on the Bitcoin screen.
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const stxAddress = (await page.textContent('[data-testid=address-stacks]'))!.trim();
    receiveTxid = await bitcoin.faucet(btcAddress, 300_000n);
    await page.click('[data-testid=open-bitcoin]');
    await page.waitForSelector('[data-testid=btc-confirmed][data-value="300000"]', { timeout: 30_000 });

    // 2. A Stacks send through the review, mined. A Stacks block's time is a whole second, so the send is
    // made in a later second than the receive was first seen in (the popup can now do both within one).
    await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 50));
    stacks.credit(stxAddress, 100_000_000n);
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-stacks]');
    await page.waitForSelector('[data-testid=stx-confirmed-STX][data-value="100000000"]');
    await page.click('[data-testid=stx-send]');
    await page.fill('[data-testid=stx-send-to]', FRIEND);
    await page.fill('[data-testid=stx-send-amount]', '12.5');
    await page.click('[data-testid=stx-send-review]');
    const fee = BigInt((await page.getAttribute('[data-testid=stx-review-fee]', 'data-value'))!);
    await page.click('[data-testid=stx-confirm-send]');
    await page.waitForSelector('[data-testid=stx-sent]');
    const stxTxid = stacks.accepted.at(-1)!;
    stacks.mine();
    await page.click('[data-testid=stx-sent-done]');
    await page.waitForSelector(`[data-testid=stx-confirmed-STX][data-value="${100_000_000n - 12_500_000n - fee}"]`, { timeout: 30_000 });
    // A label on it, set where the layer lists it, is shown on the timeline.
    const stxItem = page.locator('[data-testid=activity] li').filter({ has: page.locator('[data-testid=label-input]') }).first();
    await stxItem.locator('[data-testid=label-input]').fill('lunch money');
    await stxItem.locator('[data-testid=label-save]').click();
    await page.waitForSelector('[data-testid=label-field][data-label="lunch money"]');

    // 3. A move: BTC → Lightning paying a ledger invoice; it funds at once (no block is mined, so it stays in progress).
    const shop = boltz.ledger.addNode('activity-shop');
    const invoice = boltz.ledger.createInvoice(shop, 50_000_000n, { description: 'E2E activity' });
    await planMove(drive(page), 'bitcoin:BTC', 'lightning:BTC', '', invoice.invoice);
    const route = await page.waitForSelector('[data-testid=route-boltz-submarine][data-available=true]');
    await (await route.$('[data-testid=route-choose]'))!.click();
    await page.waitForSelector('[data-testid=hop-progress]');

    await openActivity();
    // The list is in time order, newest first (an entry not yet dated first of all).
    await page.waitForSelector(entry(`tx:bitcoin:${receiveTxid}`));
    const listed = await rows();
    const times = listed.map((r) => r.time ?? Number.POSITIVE_INFINITY);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const at = (pred: (r: Row) => boolean) => listed.findIndex(pred);
    const move = at((r) => r.kind === 'move');
    const send = at((r) => r.layers.join() === 'stacks' && r.kind === 'send' && r.key.toLowerCase().includes(stxTxid.replace(/^0x/, '').toLowerCase()));
    const receive = at((r) => r.key === `tx:bitcoin:${receiveTxid}`);
    expect(move).toBeGreaterThanOrEqual(0);
    expect(send).toBeGreaterThan(move);
    expect(receive, JSON.stringify(listed.map((r) => [r.key.slice(0, 24), r.kind, r.time]))).toBeGreaterThan(send);
    expect(listed[move]!).toMatchObject({ layers: ['bitcoin', 'lightning'], status: 'pending' });
    expect(listed[move]!.key).toMatch(/^hop:/);
    expect(listed[receive]!).toMatchObject({ kind: 'receive', layers: ['bitcoin'], status: 'confirmed' });
    // Amounts as the layer counts them, and the move's sent → delivered.
    expect(await page.getAttribute(`${entry(`tx:bitcoin:${receiveTxid}`)} [data-testid=timeline-amounts] .amount`, 'data-value')).toBe('300000');
    const sendKey = listed[send]!.key;
    expect(await page.getAttribute(`${entry(sendKey)} [data-testid=timeline-amounts] .amount`, 'data-value')).toBe('12500000');
    expect((await page.textContent(`${entry(sendKey)} [data-testid=timeline-amounts]`))!).toContain('12.5 STX');
    expect(await page.textContent(`${entry(sendKey)} [data-testid=timeline-label]`)).toBe('lunch money');
    const moveAmounts = await page.$$eval(`${entry(listed[move]!.key)} [data-testid=timeline-amounts] .amount`, (els) => els.map((e) => e.getAttribute('data-value')));
    expect(moveAmounts).toHaveLength(2);
    expect(moveAmounts[1]).toBe('50000');
    // The move's funding is the wallet's Bitcoin send too, and says whose step it is.
    await page.click('[data-testid=activity-refresh]');
    await page.waitForSelector('[data-testid=activity-screen][data-loading=false]');
    const funding = page.locator('[data-testid=timeline] > li[data-kind=send][data-layers=bitcoin]');
    await funding.first().waitFor();
    expect(await funding.first().locator('[data-testid=timeline-part-of]').count()).toBe(1);
  }, 180_000);

  it('filters by layer: only that layer’s entries, a move under both its layers', async () => {
    await page.selectOption('[data-testid=activity-filter]', 'stacks');
    const onStacks = await rows();
    expect(onStacks.length).toBeGreaterThan(0);
    expect(onStacks.every((r) => r.layers.includes('stacks'))).toBe(true);
    expect(onStacks.some((r) => r.kind === 'send')).toBe(true);

    await page.selectOption('[data-testid=activity-filter]', 'bitcoin');
    const onBitcoin = await rows();
    expect(onBitcoin.every((r) => r.layers.includes('bitcoin'))).toBe(true);
    expect(onBitcoin.some((r) => r.key === `tx:bitcoin:${receiveTxid}`)).toBe(true);
    expect(onBitcoin.some((r) => r.kind === 'move')).toBe(true);

    await page.selectOption('[data-testid=activity-filter]', 'lightning');
    const onLightning = await rows();
    expect(onLightning.map((r) => r.kind)).toEqual(['move']);

    await page.selectOption('[data-testid=activity-filter]', 'all');
    const all = (await rows()).map((r) => r.key);
    for (const r of [...onStacks, ...onBitcoin]) expect(all).toContain(r.key);
    expect(all.length).toBeGreaterThan(onStacks.length);
    expect(all.length).toBeGreaterThan(onBitcoin.length);
  });

  it('shows a devnet transaction’s txid with a copy button, since the devnet serves no explorer page', async () => {
    const row = entry(`tx:bitcoin:${receiveTxid}`);
    // The devnet preset's explorer URL answers no page for it: no link is offered.
    expect((await fetch(`${bitcoin.url}/tx/${receiveTxid}`)).status).toBe(404);
    expect(await page.$(`${row} [data-testid=timeline-explorer]`)).toBeNull();
    expect((await page.textContent(`${row} [data-testid=timeline-txid]`))!.trim()).toBe(receiveTxid);
    await page.click(`${row} [data-testid=timeline-copy]`);
    await page.waitForSelector(`${row} [data-testid=timeline-copy]:has-text("Copied")`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receiveTxid);
  });

  it('names a layer whose server is down, with its host, and keeps every other entry', async () => {
    const before = (await rows()).filter((r) => !r.layers.includes('liquid') || r.kind === 'move').map((r) => r.key);
    const gone = new DevServer();
    const closedUrl = await gone.listen();
    await gone.close();
    await useDevnet(drive(page), [{ layer: 'liquid', key: 'esplora', url: `${closedUrl}/api` }]);
    try {
      await page.click('[data-testid=open-activity]');
      await page.click('[data-testid=activity-refresh]');
      const gap = await page.waitForSelector('[data-testid=timeline-gap-liquid]', { timeout: 60_000 });
      expect(await gap.getAttribute('data-host')).toBe(new URL(closedUrl).host);
      await page.waitForSelector('[data-testid=activity-screen][data-loading=false]');
      const after = (await rows()).map((r) => r.key);
      for (const key of before) expect(after).toContain(key);
    } finally {
      await useDevnet(drive(page), [{ layer: 'liquid', key: 'esplora', url: liquid.url }]);
    }
  }, 120_000);
});
