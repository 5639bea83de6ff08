/**
 * "Layers shown": a layer the user switched off is gone from the RPC surface. Its
 * methods answer a typed `layer_disabled`, the cross-layer reads leave it out, and
 * no move starts to or from it. Requests go through the real dispatcher and handler map.
 */
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore } from '../../../src/background/labels/store';
import { layerGate } from '../../../src/background/layer-gate';
import { handleMessage } from '../../../src/background/rpc';
import type { Mechanism } from '../../../src/hops/mechanism';
import type { RouteQuote } from '../../../src/hops/types';
import type { LayerOverview } from '../../../src/shared/layer-views';
import { LAYER_IDS } from '../../../src/shared/layers';
import { DEFAULT_NETWORKS } from '../../../src/shared/networks';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import { background, importWallet, inProgressHop } from '../../helpers/background';

const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };

/** Quotes Bitcoin -> Rootstock and records whether a hop was ever created. */
function pegMechanism(created: { count: number }): Mechanism {
  const quote = (from: RouteQuote['from'], to: RouteQuote['to'], amount: bigint): RouteQuote => ({
    mechanism: 'powpeg-pegin',
    from,
    to,
    counterparty: 'test',
    available: true,
    send: amount.toString(),
    receive: (amount * 10_000_000_000n).toString(),
    serviceFee: null,
    networkFees: [],
    min: '1',
    max: '100000000',
    expectedMinutes: 30,
  });
  return {
    id: 'powpeg-pegin',
    pairs: () => [{ from: { layer: 'bitcoin', asset: 'BTC' }, to: { layer: 'rootstock', asset: 'RBTC' } }],
    quote: async (_ctx, from, to, amount) => quote(from, to, amount),
    create: async () => {
      created.count++;
      throw new Error('create must not run for a hidden layer');
    },
    advance: async (_ctx, r) => r,
  };
}

async function setup() {
  const created = { count: 0 };
  const bg = background([pegMechanism(created)]);
  await importWallet(bg.wallet, bg.ports);
  const handlers = createHandlers(bg.wallet, bg.settings, bg.layers, bg.hops, new LabelStore(bg.ports.local));
  const call = (method: string, params: unknown = {}) =>
    handleMessage({ tag: RPC_TAG, method, params }, popup, self, handlers, undefined, undefined, layerGate(bg.settings)) as Promise<RpcReply<any>>;
  return { bg, call, created };
}

const BTC = { layer: 'bitcoin', asset: 'BTC' };
const RBTC = { layer: 'rootstock', asset: 'RBTC' };

describe('a hidden layer leaves the RPC surface', () => {
  it("answers its own methods with layer_disabled, naming it and where to show it again, before reading the params", async () => {
    const { bg, call } = await setup();
    await bg.settings.update({ hiddenLayers: ['stacks', 'rootstock'] });
    for (const [method, params] of [
      ['stacks.receive', {}],
      ['stacks.quote', { junk: true }],
      ['rootstock.devnetFaucet', {}],
    ] as const) {
      const reply = await call(method, params);
      expect(reply).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/(Stacks|Rootstock) is switched off.*Settings/);
    }
    // A shown layer's methods still answer (Lightning's NWC status reads only storage.session).
    expect(await call('lightning.nwcStatus')).toMatchObject({ ok: true, result: { connected: false } });
  });

  it('answers again once the layer is shown again', async () => {
    const { bg, call } = await setup();
    await bg.settings.update({ hiddenLayers: ['lightning'] });
    expect(await call('lightning.nwcStatus')).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
    await bg.settings.update({ hiddenLayers: [] });
    expect(await call('lightning.nwcStatus')).toMatchObject({ ok: true });
  });

  it('leaves hidden layers out of accounts.list and layers.cached, and refuses their layers.overview', async () => {
    const { bg, call } = await setup();
    // A cached overview of this wallet for every layer on its selected network.
    const { walletId } = await bg.ports.local.get(['walletId']);
    const overview = (layer: (typeof LAYER_IDS)[number]) => ({ layer, network: DEFAULT_NETWORKS[layer], balances: [], activity: [], updatedAt: 1, walletId });
    await bg.ports.local.set(Object.fromEntries(LAYER_IDS.map((l) => [`overview.${l}.${DEFAULT_NETWORKS[l]}`, overview(l)])));
    const all = await call('accounts.list');
    expect(all.ok && all.result.map((a: { layer: string }) => a.layer)).toEqual([...LAYER_IDS]);

    await bg.settings.update({ hiddenLayers: ['stacks', 'rootstock'] });
    const accounts = await call('accounts.list');
    expect(accounts.ok && accounts.result.map((a: { layer: string }) => a.layer)).toEqual(['bitcoin', 'lightning', 'liquid']);
    const cached = await call('layers.cached');
    expect(cached.ok && cached.result.map((o: LayerOverview) => o.layer)).toEqual(['bitcoin', 'lightning', 'liquid']);
    expect(await call('layers.overview', { layer: 'rootstock' })).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
  });

  it('plans no move to or from a hidden layer, and does not start one planned before it was hidden', async () => {
    const { bg, call, created } = await setup();
    const planned = await call('hops.plan', { from: BTC, to: RBTC, amount: '0.001' });
    expect(planned).toMatchObject({ ok: true });
    const quoteId = planned.ok ? planned.result.routes[0].quoteId : '';

    await bg.settings.update({ hiddenLayers: ['rootstock'] });
    expect(await call('hops.plan', { from: BTC, to: RBTC, amount: '0.001' })).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
    expect(await call('hops.plan', { from: RBTC, to: BTC, amount: '0.001' })).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
    const started = await call('hops.start', { quoteId });
    expect(started).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
    expect(created.count).toBe(0);
    expect(await bg.store.all()).toEqual([]);
    // The Move form's asset list leaves it out too.
    const assets = await call('hops.assets');
    expect(assets.ok && assets.result.map((a: { layer: string }) => a.layer)).not.toContain('rootstock');
    expect(assets.ok && assets.result.map((a: { layer: string }) => a.layer)).toContain('bitcoin');
  });

  it('refuses a quote planned before the layer was hidden however many routes were planned since', async () => {
    const { bg, call, created } = await setup();
    const first = await call('hops.plan', { from: BTC, to: RBTC, amount: '0.001' });
    const quoteId = first.ok ? first.result.routes[0].quoteId : '';
    expect(quoteId).not.toBe('');
    // More routes than any side table of quotes would keep; the first quote is still within its lifetime.
    for (let i = 0; i < 300; i++) expect(await call('hops.plan', { from: BTC, to: RBTC, amount: '0.001' })).toMatchObject({ ok: true });

    await bg.settings.update({ hiddenLayers: ['rootstock'] });
    expect(await call('hops.start', { quoteId })).toMatchObject({ ok: false, error: { code: 'layer_disabled' } });
    expect(created.count).toBe(0);
    expect(await bg.store.all()).toEqual([]);
  });

  it('still lists and follows hops already under way on a layer hidden since (nothing is stranded)', async () => {
    const { bg, call } = await setup();
    // A peg-in from Bitcoin to Rootstock, funded before Rootstock was switched off.
    const hop = inProgressHop(bg.ports.clock.now);
    await bg.store.put(hop);
    await bg.settings.update({ hiddenLayers: ['rootstock'] });
    expect(await call('hops.list')).toMatchObject({ ok: true, result: [{ id: hop.id, outcome: 'in-progress' }] });
    expect(await call('hops.get', { id: hop.id })).toMatchObject({ ok: true, result: { id: hop.id } });
  });
});
