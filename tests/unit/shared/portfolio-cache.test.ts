/**
 * The cached portfolio the popup paints first: what the background writes (through the
 * real handlers), read back the way the popup reads it (one get of portfolioKeys()),
 * holds only the shown layers on the networks selected now, and public data only.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore } from '../../../src/background/labels/store';
import { handleMessage } from '../../../src/background/rpc';
import type { LayerAccountView } from '../../../src/shared/accounts';
import type { LayerOverview } from '../../../src/shared/layer-views';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { DEFAULT_NETWORKS } from '../../../src/shared/networks';
import { overviewCacheKey, paintableAccounts, pickPortfolio, portfolioKeys, WALLET_ID_STORAGE_KEY } from '../../../src/shared/portfolio-cache';
import { RPC_TAG, type RpcReply } from '../../../src/shared/rpc';
import { ABANDON, background, importWallet, PASSWORD } from '../../helpers/background';
import { memoryPorts } from '../../helpers/memory-ports';

const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };

async function setup(phrase = ABANDON, ports = memoryPorts()) {
  const bg = background([], ports);
  await importWallet(bg.wallet, bg.ports, phrase);
  const handlers = createHandlers(bg.wallet, bg.settings, bg.layers, bg.hops, new LabelStore(bg.ports.local));
  const call = async <T>(method: string, params: unknown = {}): Promise<T> => {
    const reply = (await handleMessage({ tag: RPC_TAG, method, params }, popup, self, handlers)) as RpcReply<T>;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.result;
  };
  // What the popup's one read returns.
  const read = async () => pickPortfolio(await bg.ports.local.get(portfolioKeys()));
  // The id the worker tags this wallet's cached views with (what layers.overview writes).
  const walletId = (await bg.ports.local.get([WALLET_ID_STORAGE_KEY]))[WALLET_ID_STORAGE_KEY] as string;
  const overview = (layer: LayerId, network: string, confirmed: string) => ({ ...overviewOf(layer, network, confirmed), walletId });
  return { bg, call, read, overview };
}

const overviewOf = (layer: LayerId, network: string, confirmed: string): LayerOverview => ({
  layer,
  network,
  balances: [{ asset: 'X', symbol: 'X', decimals: 0, confirmed, pending: '0' }],
  activity: [],
  updatedAt: 1,
});

describe('cached portfolio', () => {
  it('holds, after accounts.list, the very account views the worker derived, for one read to paint', async () => {
    const { call, read } = await setup();
    expect((await read()).accounts).toEqual({});
    const accounts = await call<LayerAccountView[]>('accounts.list');
    const cached = await read();
    expect(cached.shown).toEqual([...LAYER_IDS]);
    expect(Object.values(cached.accounts)).toEqual(accounts);
  });

  it('writes unchanged account views only once per worker', async () => {
    const { bg, call } = await setup();
    let writes = 0;
    const set = bg.ports.local.set.bind(bg.ports.local);
    bg.ports.local.set = async (items) => {
      if (Object.keys(items).some((k) => k.startsWith('account.'))) writes++;
      return set(items);
    };
    await call('accounts.list');
    await call('accounts.list');
    expect(writes).toBe(1);
  });

  it('paints no hidden layer, and nothing cached on a network other than the one selected now', async () => {
    const { bg, call, read, overview } = await setup();
    await call('accounts.list');
    await bg.ports.local.set(Object.fromEntries(LAYER_IDS.map((l) => [overviewCacheKey(l, DEFAULT_NETWORKS[l]), overview(l, DEFAULT_NETWORKS[l], '7')])));
    expect(Object.keys((await read()).overviews)).toEqual([...LAYER_IDS]);

    await call('settings.update', { hiddenLayers: ['stacks', 'rootstock'] });
    const hidden = await read();
    expect(hidden.shown).toEqual(['bitcoin', 'lightning', 'liquid']);
    expect(Object.keys(hidden.overviews)).toEqual(['bitcoin', 'lightning', 'liquid']);
    expect(Object.keys(hidden.accounts)).toEqual(['bitcoin', 'lightning', 'liquid']);

    // Bitcoin switched to the devnet: its testnet4 balance and address are not the current ones.
    await call('settings.update', { networks: { bitcoin: 'devnet' } });
    const switched = await read();
    expect(switched.overviews.bitcoin).toBeUndefined();
    expect(switched.accounts.bitcoin).toBeUndefined();
    expect(switched.overviews.liquid?.balances[0]?.confirmed).toBe('7');
    // Once the worker derived the devnet account and refreshed there, those are painted.
    const fresh = await call<LayerAccountView[]>('accounts.list');
    await bg.ports.local.set({ [overviewCacheKey('bitcoin', 'devnet')]: overview('bitcoin', 'devnet', '9') });
    const again = await read();
    expect(again.accounts.bitcoin).toEqual(fresh.find((a) => a.layer === 'bitcoin'));
    expect(again.accounts.bitcoin?.network).toBe('devnet');
    expect(again.overviews.bitcoin?.balances[0]?.confirmed).toBe('9');
  });

  it('paints no cached account list that lacks a shown layer: Home waits for the worker rather than drop a re-shown layer', async () => {
    const { call, read } = await setup();
    await call('settings.update', { hiddenLayers: ['stacks', 'rootstock'] });
    await call('accounts.list');
    expect(Object.keys(paintableAccounts(await read()) ?? {})).toEqual(['bitcoin', 'lightning', 'liquid']);

    // Shown again: their accounts were never cached, so the cached three are not a list to paint.
    await call('settings.update', { hiddenLayers: [] });
    const reshown = await read();
    expect(reshown.shown).toEqual([...LAYER_IDS]);
    expect(paintableAccounts(reshown)).toBeNull();
    // Once the worker derived every shown layer's account, the cached list is whole again.
    await call('accounts.list');
    expect(Object.keys(paintableAccounts(await read()) ?? {})).toEqual([...LAYER_IDS]);
  });

  it('takes no value stored under a network key that names another network or layer', async () => {
    const { bg, read, overview } = await setup();
    await bg.ports.local.set({
      [overviewCacheKey('bitcoin', DEFAULT_NETWORKS.bitcoin)]: overview('bitcoin', 'devnet', '5'),
      [overviewCacheKey('liquid', DEFAULT_NETWORKS.liquid)]: overview('bitcoin', DEFAULT_NETWORKS.liquid, '5'),
    });
    expect((await read()).overviews).toEqual({});
  });

  it('holds public data only: no seed, no private key', async () => {
    const { bg, call } = await setup();
    await call('accounts.list');
    const stored = JSON.stringify(await bg.ports.local.get(portfolioKeys().filter((k) => k.startsWith('account.'))));
    const seed = bytesToHex(mnemonicToSeedSync(ABANDON));
    expect(stored).not.toContain(seed);
    expect(stored).not.toMatch(/[xt]prv/);
    const root = (await bg.wallet.unlockedKeyring()).root;
    expect(stored).not.toContain(bytesToHex(root.privateKey!));
  });

  it("paints no view another wallet cached (a restored or copied profile): only the unlocked wallet's own", async () => {
    const a = await setup(ABANDON);
    await a.call('accounts.list');
    const cachedByA = await a.bg.ports.local.get(portfolioKeys().filter((k) => k !== 'settings'));
    const b = await setup(OTHER);
    const { [WALLET_ID_STORAGE_KEY]: _, ...viewsOfA } = cachedByA;
    await b.bg.ports.local.set({ ...viewsOfA, [overviewCacheKey('bitcoin', DEFAULT_NETWORKS.bitcoin)]: a.overview('bitcoin', DEFAULT_NETWORKS.bitcoin, '7') });
    const painted = await b.read();
    expect(painted.accounts).toEqual({});
    expect(painted.overviews).toEqual({});
    // Wallet B's own views are painted once its worker wrote them.
    const own = await b.call<LayerAccountView[]>('accounts.list');
    expect(Object.values((await b.read()).accounts)).toEqual(own);
  });

  it('drops every cached view when a new vault is written, and caches the new wallet afresh', async () => {
    const ports = memoryPorts();
    const a = await setup(ABANDON, ports);
    await a.call('accounts.list');
    await ports.local.set({ [overviewCacheKey('bitcoin', DEFAULT_NETWORKS.bitcoin)]: a.overview('bitcoin', DEFAULT_NETWORKS.bitcoin, '7') });
    // The vault is gone (a reset) and a wallet is imported in the same worker.
    await a.bg.wallet.lock();
    await ports.local.remove(['vault']);
    await a.bg.wallet.importPhrase(OTHER, PASSWORD);
    const left = await ports.local.get(portfolioKeys().filter((k) => k.startsWith('account.') || k.startsWith('overview.')));
    expect(Object.keys(left)).toEqual([]);
    expect((await a.read()).accounts).toEqual({});
    // The worker writes the new wallet's views, though it wrote views before.
    const own = await a.call<LayerAccountView[]>('accounts.list');
    expect(Object.values((await a.read()).accounts)).toEqual(own);
  });

  it('caches the same wallet again after it is imported anew in the same worker', async () => {
    const ports = memoryPorts();
    const a = await setup(ABANDON, ports);
    const first = await a.call<LayerAccountView[]>('accounts.list');
    await a.bg.wallet.lock();
    await ports.local.remove(['vault']);
    await a.bg.wallet.importPhrase(ABANDON, PASSWORD);
    await a.call('accounts.list');
    expect(Object.values((await a.read()).accounts)).toEqual(first);
  });
});
