/**
 * Each refresh wrote the layer's overview to the cached portfolio, five storage writes
 * when Home refreshes every layer, though nothing had changed. An overview storage
 * already holds (same balances and activity, stamped at most a second earlier) is now
 * not written again; a changed one is written at once, and so is one whose stored copy
 * another context changed or removed. The stamp stored is never later than a refresh
 * that found that data.
 */
import { describe, expect, it } from 'vitest';
import { CachedArea } from '../../../src/background/cached-area';
import { storedAlready } from '../../../src/background/layers';
import { PaymentsStore } from '../../../src/layers/lightning/payments-store';
import type { LayerOverview } from '../../../src/shared/layer-views';
import { DEFAULT_NETWORKS } from '../../../src/shared/networks';
import { overviewCacheKey } from '../../../src/shared/portfolio-cache';
import { background, importWallet } from '../../helpers/background';
import { MemoryArea, memoryPorts } from '../../helpers/memory-ports';

const NETWORK = DEFAULT_NETWORKS.lightning;
const KEY = overviewCacheKey('lightning', NETWORK);

/** Chromium's storage hands objects back with their keys sorted (base::Value dictionaries). */
const keysSorted = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(keysSorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, keysSorted(x)])) : v;

/** storage.local as the worker sees it: reporting changes later (another task), counting writes of the overview key. */
class WatchedArea extends MemoryArea {
  overviewWrites = 0;
  private readonly listeners: ((keys: string[]) => void)[] = [];
  override async set(items: Record<string, unknown>) {
    if (KEY in items) this.overviewWrites++;
    await super.set(keysSorted(items) as Record<string, unknown>);
    this.tell(Object.keys(items));
  }
  override async remove(keys: string[]) {
    await super.remove(keys);
    this.tell(keys);
  }
  private tell(keys: string[]) {
    setTimeout(() => this.listeners.forEach((l) => l(keys)), 0);
  }
  onChanged(listener: (keys: string[]) => void) {
    this.listeners.push(listener);
  }
}

const delivered = () => new Promise((r) => setTimeout(r, 5));

/** A worker over storage it reads through its copy (as index.ts wires it), unlocked; Lightning with no wallet connected reads no network. */
async function worker() {
  const raw = memoryPorts();
  const area = new WatchedArea();
  // background() is typed for memory ports; any KeyValueArea serves.
  const bg = background(undefined, { ...raw, local: new CachedArea(area) as unknown as MemoryArea });
  // The stored import lands in `area` itself; the worker then finds it unlocked.
  await importWallet(bg.wallet, { ...raw, local: area });
  await delivered();
  area.overviewWrites = 0;
  const stored = () => area.get([KEY]).then((r) => r[KEY] as (LayerOverview & { walletId: string }) | undefined);
  return { bg, area, clock: raw.clock, stored };
}

describe('the cached portfolio, written only when it changes', () => {
  it('writes the first overview, not an unchanged one a moment later, and again once the stamp is a second old', async () => {
    const { bg, area, clock, stored } = await worker();
    const first = await bg.layers.overview('lightning');
    expect(area.overviewWrites).toBe(1);
    await delivered();
    clock.now += 300;
    const second = await bg.layers.overview('lightning');
    clock.now += 300;
    await bg.layers.overview('lightning');
    expect(second.updatedAt).toBe(first.updatedAt + 300);
    expect(area.overviewWrites).toBe(1);
    expect((await stored())?.updatedAt).toBe(first.updatedAt);
    clock.now += 1000;
    const later = await bg.layers.overview('lightning');
    expect(area.overviewWrites).toBe(2);
    expect((await stored())?.updatedAt).toBe(later.updatedAt);
  });

  it('writes a changed overview at once', async () => {
    const { bg, area, clock, stored } = await worker();
    await bg.layers.overview('lightning');
    await delivered();
    await new PaymentsStore(bg.ports.local, NETWORK).put({
      id: 'aa'.repeat(32),
      direction: 'in',
      kind: 'invoice',
      amountMsat: '5000',
      status: 'pending',
      createdAt: clock.now,
      invoice: 'lnbc1',
      expiresAt: Math.floor(clock.now / 1000) + 3600,
      description: 'coffee',
    });
    clock.now += 100;
    const fresh = await bg.layers.overview('lightning');
    expect(fresh.activity).toHaveLength(1);
    expect(area.overviewWrites).toBe(2);
    expect((await stored())?.activity).toHaveLength(1);
  });

  it('writes again what another context changed or removed meanwhile, not trusting its own last write', async () => {
    const { bg, area, clock, stored } = await worker();
    const first = await bg.layers.overview('lightning');
    await delivered();
    await area.set({ [KEY]: { ...(await stored()), balances: [{ asset: 'BTC', symbol: 'sats', decimals: 3, confirmed: '1', pending: '0' }] } });
    await delivered();
    clock.now += 100;
    await bg.layers.overview('lightning');
    expect((await stored())?.balances).toEqual(first.balances);
    await area.remove([KEY]);
    await delivered();
    clock.now += 100;
    await bg.layers.overview('lightning');
    expect((await stored())?.updatedAt).toBe(first.updatedAt + 200);
  });
});

describe('an overview storage already holds', () => {
  const entry = {
    layer: 'rootstock' as const,
    network: 'devnet',
    balances: [{ asset: 'RBTC', symbol: 'RBTC', decimals: 18, confirmed: '10', pending: '0' }],
    // A devnet preset has no explorer: the field is there, undefined, and storage keeps no such field.
    activity: [{ id: 'a', direction: 'in' as const, asset: 'RBTC', symbol: 'RBTC', decimals: 18, amount: '10', status: 'confirmed' as const, explorerUrl: undefined }],
    updatedAt: 1_000,
    walletId: 'w',
  };
  const asStored = (v: object) => keysSorted(JSON.parse(JSON.stringify(v)));

  it('is the same overview whatever the order of its fields, and with the fields storage drops', () => {
    expect(storedAlready(asStored(entry), { ...entry, updatedAt: 1_500 })).toBe(true);
  });

  it('is not one with another balance, another wallet, a later stamp, or a stamp over a second old', () => {
    expect(storedAlready(asStored({ ...entry, balances: [{ ...entry.balances[0]!, confirmed: '11' }] }), { ...entry, updatedAt: 1_500 })).toBe(false);
    expect(storedAlready(asStored({ ...entry, walletId: 'v' }), { ...entry, updatedAt: 1_500 })).toBe(false);
    expect(storedAlready(asStored({ ...entry, updatedAt: 2_000 }), { ...entry, updatedAt: 1_500 })).toBe(false);
    expect(storedAlready(asStored(entry), { ...entry, updatedAt: 2_001 })).toBe(false);
    expect(storedAlready(undefined, entry)).toBe(false);
  });
});
