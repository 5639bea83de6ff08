/**
 * The activity timeline in the background: layers read in parallel, an overview cached
 * moments ago reused, a layer whose server fails named with its host while the rest
 * (other layers, stored moves) stay listed; through the real dispatcher and storage.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readTimeline, type TimelineSources } from '../../../src/background/activity';
import { FirstSeen, FIRST_SEEN_STORAGE_KEY, MAX_FIRST_SEEN } from '../../../src/background/first-seen';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore } from '../../../src/background/labels/store';
import { layerGate } from '../../../src/background/layer-gate';
import { handleMessage } from '../../../src/background/rpc';
import type { LayerOverview } from '../../../src/shared/layer-views';
import type { LayerId } from '../../../src/shared/layers';
import { DEFAULT_NETWORKS } from '../../../src/shared/networks';
import { overviewCacheKey } from '../../../src/shared/portfolio-cache';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import type { TimelineView } from '../../../src/shared/timeline';
import { DevServer } from '../../devnet/http-server';
import { background, importWallet, inProgressHop } from '../../helpers/background';
import { MemoryArea } from '../../helpers/memory-ports';

const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };
const TXID = 'ab'.repeat(32);

let closedUrl = '';
beforeAll(async () => {
  // A port nothing listens on: a server that is down.
  const gone = new DevServer();
  closedUrl = await gone.listen();
  await gone.close();
});

/** Bitcoin and Rootstock shown, both servers down; the other layers switched off (no test reaches a public endpoint). */
async function setup() {
  const bg = background();
  await importWallet(bg.wallet, bg.ports);
  await bg.settings.update({
    hiddenLayers: ['lightning', 'liquid', 'stacks'],
    endpoints: { [`bitcoin.${DEFAULT_NETWORKS.bitcoin}.esplora`]: `${closedUrl}/api`, [`rootstock.${DEFAULT_NETWORKS.rootstock}.rpc`]: closedUrl },
  });
  const handlers = createHandlers(bg.wallet, bg.settings, bg.layers, bg.hops, new LabelStore(bg.ports.local));
  const call = (method: string, params: unknown = {}) =>
    handleMessage({ tag: RPC_TAG, method, params }, popup, self, handlers, undefined, undefined, layerGate(bg.settings)) as Promise<RpcReply<any>>;
  /** Rootstock's overview as the worker caches it after a refresh `ageMs` ago. */
  const cacheRootstock = (ageMs: number) => {
    const overview: LayerOverview = {
      layer: 'rootstock',
      network: DEFAULT_NETWORKS.rootstock,
      balances: [],
      activity: [{ id: `0x${TXID}`, direction: 'in', asset: 'RBTC', symbol: 'RBTC', decimals: 18, amount: '1000', status: 'confirmed', time: 1_600_000_000 }],
      updatedAt: bg.ports.clock.now - ageMs,
    };
    return bg.ports.local.set({ [overviewCacheKey('rootstock', DEFAULT_NETWORKS.rootstock)]: { ...overview, walletId: bg.wallet.currentWalletId() } });
  };
  return { bg, call, cacheRootstock };
}

const ok = (reply: RpcReply<any>): TimelineView => {
  if (!reply.ok) throw new Error(`refused: ${reply.error.message}`);
  return reply.result as TimelineView;
};

describe('activity.list', () => {
  it('keeps what it could read when a layer’s server fails, and names that layer with its host', async () => {
    const { bg, call, cacheRootstock } = await setup();
    await cacheRootstock(5_000);
    await bg.store.put(inProgressHop(bg.ports.clock.now));
    const view = ok(await call('activity.list', {}));
    expect(view.entries.map((e) => e.key)).toEqual(['hop:hop-test-0', `tx:rootstock:0x${TXID}`]);
    expect(view.gaps.map((g) => [g.layer, g.error.host])).toEqual([['bitcoin', new URL(closedUrl).host]]);
    expect(view.sources.map((s) => [s.layer, s.from])).toEqual([
      ['bitcoin', 'failed'],
      ['rootstock', 'cache'],
    ]);
  });

  it('reads every layer afresh with reuseMs 0: the failing Rootstock server is named too, the stored move still listed', async () => {
    const { bg, call, cacheRootstock } = await setup();
    await cacheRootstock(5_000);
    await bg.store.put(inProgressHop(bg.ports.clock.now));
    const view = ok(await call('activity.list', { reuseMs: 0 }));
    expect(view.entries.map((e) => e.key)).toEqual(['hop:hop-test-0']);
    expect(view.gaps.map((g) => g.layer).sort()).toEqual(['bitcoin', 'rootstock']);
    expect(view.gaps.every((g) => g.error.host === new URL(closedUrl).host)).toBe(true);
  });

  it('does not reuse an overview cached longer ago than the reuse window', async () => {
    const { call, cacheRootstock } = await setup();
    await cacheRootstock(31_000);
    const view = ok(await call('activity.list', {}));
    expect(view.entries).toEqual([]);
    expect(view.sources.find((s) => s.layer === 'rootstock')!.from).toBe('failed');
  });

  it('answers nothing while locked, not even what is cached', async () => {
    const { bg, call, cacheRootstock } = await setup();
    await cacheRootstock(1_000);
    await bg.wallet.lock();
    const reply = await call('activity.list', {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('locked');
  });
});

describe('readTimeline', () => {
  const overview = (layer: LayerId, time: number): LayerOverview => ({
    layer,
    network: 'devnet',
    balances: [],
    updatedAt: 0,
    activity: [{ id: `${layer}-tx`, direction: 'in', asset: 'X', symbol: 'X', decimals: 0, amount: '1', status: 'confirmed', time }],
  });
  const settings = (hiddenLayers: LayerId[] = []) => ({ get: async () => ({ ...(({}) as object), hiddenLayers, endpoints: {} }) as never });

  it('reads the shown layers in parallel, not one after another, and none that is hidden', async () => {
    const started: LayerId[] = [];
    const release: (() => void)[] = [];
    const sources: TimelineSources = {
      recent: async () => [],
      overview: (layer) => {
        started.push(layer);
        return new Promise((resolve) => release.push(() => resolve(overview(layer, started.indexOf(layer)))));
      },
      hops: async () => [],
      chains: async () => [],
      firstSeen: async () => new Map(),
    };
    const done = readTimeline(settings(['lightning']), sources, 0);
    // Every read has started before any has answered.
    await new Promise((r) => setTimeout(r, 10));
    expect(started.sort()).toEqual(['bitcoin', 'liquid', 'rootstock', 'stacks']);
    for (const r of release) r();
    const view = await done;
    expect(view.sources.every((s) => s.from === 'fresh')).toBe(true);
    expect(view.entries).toHaveLength(4);
  });

  it('takes what `recent` gives instead of reading that layer', async () => {
    const read: LayerId[] = [];
    const view = await readTimeline(
      settings(['lightning', 'liquid', 'stacks']),
      {
        recent: async (layers, maxAgeMs) => (maxAgeMs === 30_000 && layers.includes('bitcoin') ? [overview('bitcoin', 1)] : []),
        overview: async (layer) => (read.push(layer), overview(layer, 2)),
        hops: async () => [],
        chains: async () => [],
        firstSeen: async () => new Map(),
      },
      30_000,
    );
    expect(read).toEqual(['rootstock']);
    expect(view.sources).toEqual([
      { layer: 'bitcoin', from: 'cache', ms: 0 },
      { layer: 'rootstock', from: 'fresh', ms: expect.any(Number) },
    ]);
  });

  it('names an unexpected failure in words, without its internal text', async () => {
    const view = await readTimeline(
      settings(['lightning', 'liquid', 'stacks', 'rootstock']),
      {
        recent: async () => [],
        overview: async () => {
          throw new TypeError('x is undefined at parse (secret internal)');
        },
        hops: async () => [],
        chains: async () => [],
        firstSeen: async () => new Map(),
      },
      0,
    );
    expect(view.gaps).toHaveLength(1);
    expect(view.gaps[0]!.error).toMatchObject({ code: 'backend_error', key: 'err_timeline_layer_unread' });
    expect(JSON.stringify(view.gaps[0])).not.toContain('secret internal');
  });
});

describe('FirstSeen', () => {
  it('keeps the first time a key was seen, and loses none when layers note at once', async () => {
    const area = new MemoryArea();
    const clock = { now: 1_000 };
    const seen = new FirstSeen(area, () => clock.now);
    await seen.note(['tx:bitcoin:a']);
    clock.now = 2_000;
    // Two layers' refreshes at once: a read-modify-write each, one after the other.
    await Promise.all([seen.note(['tx:bitcoin:a', 'tx:stacks:b']), seen.note(['tx:liquid:c'])]);
    expect(Object.fromEntries(await seen.all())).toEqual({ 'tx:bitcoin:a': 1_000, 'tx:stacks:b': 2_000, 'tx:liquid:c': 2_000 });
  });

  it('keeps at most MAX_FIRST_SEEN, the longest-known going first', async () => {
    const area = new MemoryArea();
    const clock = { now: 0 };
    const seen = new FirstSeen(area, () => clock.now);
    await area.set({ [FIRST_SEEN_STORAGE_KEY]: Object.fromEntries(Array.from({ length: MAX_FIRST_SEEN }, (_, i) => [`k${i}`, i])) });
    clock.now = 10 ** 9;
    await seen.note(['new']);
    const all = await seen.all();
    expect(all.size).toBe(MAX_FIRST_SEEN);
    expect(all.get('new')).toBe(10 ** 9);
    expect(all.has('k0')).toBe(false);
    expect(all.has('k1')).toBe(true);
  });

  it('stamps no id longer than a transaction id can be: a server answering huge ids does not fill storage', async () => {
    const area = new MemoryArea();
    const seen = new FirstSeen(area, () => 1_000);
    // A hostile Esplora's 200 "transactions" with 50 kB ids each, beside a real one (Liquid's longest: txid:asset).
    const real = `tx:liquid:${'ab'.repeat(32)}:${'cd'.repeat(32)}`;
    await seen.note([real, ...Array.from({ length: 200 }, (_, i) => `tx:bitcoin:${String(i).padStart(50_000, 'f')}`)]);
    expect(Object.fromEntries(await seen.all())).toEqual({ [real]: 1_000 });
    expect(JSON.stringify((await area.get([FIRST_SEEN_STORAGE_KEY]))[FIRST_SEEN_STORAGE_KEY]).length).toBeLessThan(1_000);
  });

  it('drops oversized keys a record already holds when it next writes', async () => {
    const area = new MemoryArea();
    await area.set({ [FIRST_SEEN_STORAGE_KEY]: { ['tx:bitcoin:' + 'f'.repeat(100_000)]: 5, 'tx:bitcoin:a': 6 } });
    const seen = new FirstSeen(area, () => 1_000);
    await seen.note(['tx:bitcoin:b']);
    expect(Object.fromEntries(await seen.all())).toEqual({ 'tx:bitcoin:a': 6, 'tx:bitcoin:b': 1_000 });
    expect(JSON.stringify((await area.get([FIRST_SEEN_STORAGE_KEY]))[FIRST_SEEN_STORAGE_KEY]).length).toBeLessThan(1_000);
  });

  it('ignores what is not a time in storage', async () => {
    const area = new MemoryArea();
    await area.set({ [FIRST_SEEN_STORAGE_KEY]: { a: 'soon', b: 5 } });
    expect(Object.fromEntries(await new FirstSeen(area, () => 0).all())).toEqual({ b: 5 });
  });
});
