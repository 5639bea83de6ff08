/**
 * A Liquid refresh in a new worker (MV3 stops an idle one after 30 s) starts from the
 * scan the last worker kept in storage.session: with the chain and mempool unchanged
 * it asks for no address, and answers what the last worker answered. A lock drops it.
 * The background as index.ts wires it, over memory ports, against the Liquid stand-in.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { liquidAddress, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { forgetOpenedOutputs } from '../../../../src/layers/liquid/wallet-state';
import { scanMemoKey } from '../../../../src/layers/scan-memo';
import type { LayerOverview } from '../../../../src/shared/layer-views';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { startLiquidDevnet, type LiquidDevnet } from '../../../devnet/liquid';
import { ABANDON, background, importWallet } from '../../../helpers/background';
import { MemoryArea } from '../../../helpers/memory-ports';
import { LiquidService } from '../../../../src/layers/liquid/service';
import { GAP_LIMIT } from '../../../../src/layers/liquid/scan';
import { HttpClient } from '../../../../src/shared/http';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';

const OTHER = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';

let net: LiquidDevnet;

beforeAll(async () => {
  net = await startLiquidDevnet();
});
afterAll(async () => {
  await net?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const stable = (o: LayerOverview) => ({ ...o, updatedAt: 0 });
const KEY = scanMemoKey('liquid', 'devnet');

describe('Liquid refresh in a new worker', () => {
  it('asks for no address while the chain is unchanged, answers as the last worker did, keeps no key, and is dropped at lock', async () => {
    const first = background();
    await importWallet(first.wallet, first.ports);
    await first.settings.update({ networks: { liquid: 'devnet' }, endpoints: { 'liquid.devnet.esplora': net.url } });
    const seed = mnemonicToSeedSync(ABANDON);
    const blinding = slip77MasterBlindingKey(seed);
    const preset = (await first.layers.deps('liquid')).preset;
    await net.faucet(liquidAddress(HDKey.fromMasterSeed(seed), blinding, preset.params, 0, 1).confidential, 40_000);
    net.mine();
    await net.faucet(liquidAddress(HDKey.fromMasterSeed(seed), blinding, preset.params, 1, 3).confidential, 2_000, 'test');
    const before = await (await first.layers.service('liquid')).overview();
    expect(before.balances.find((b) => b.asset === net.policyAsset)).toMatchObject({ confirmed: '40000' });

    const stored = first.ports.session.data.get(KEY);
    expect(stored).toBeDefined();
    // Public data only: neither the blinding key nor any key of the seed's tree.
    const root = HDKey.fromMasterSeed(seed);
    for (const secret of [blinding, root.privateKey!, root.chainCode!]) expect(stored).not.toContain(Buffer.from(secret).toString('hex'));

    // A new worker: the same storage, nothing in memory.
    forgetOpenedOutputs();
    const next = background([], first.ports);
    await next.wallet.restore();
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      asked.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return realFetch(input, init);
    });
    const after = await (await next.layers.service('liquid')).overview();
    expect(stable(after)).toEqual(stable(before));
    expect(asked).toContain('/api/mempool/txids');
    expect(asked.filter((p) => p.includes('/address/'))).toEqual([]);

    // A block on it: the next worker sees it (the stored scan is not what the chain now says).
    vi.restoreAllMocks();
    net.mine();
    const third = background([], first.ports);
    await third.wallet.restore();
    const mined = await (await third.layers.service('liquid')).overview();
    expect(mined.balances.find((b) => b.asset !== net.policyAsset)).toMatchObject({ confirmed: '2000', pending: '0' });

    await third.wallet.lock();
    expect(first.ports.session.data.has(KEY)).toBe(false);
  });

  it("walks the addresses over a kept scan of another account, or of the same account on another server", async () => {
    const session = new MemoryArea();
    const base = findPreset('liquid', 'devnet')!;
    const on = (url: string): NetworkPreset<'liquid'> => ({ ...base, endpoints: { ...base.endpoints, esplora: url } });
    const asked: string[] = [];
    const service = (phrase: string, url: string) => {
      const seed = mnemonicToSeedSync(phrase);
      const http = (u: string) => new HttpClient(u, { retries: 0, onRequest: (_m, r) => asked.push(new URL(r).pathname) });
      return new LiquidService({ root: HDKey.fromMasterSeed(seed), preset: on(url), store: new MemoryArea(), http, now: () => Date.now(), env: { session } }, slip77MasterBlindingKey(seed));
    };
    const walks = () => asked.filter((p) => p.includes('/address/')).length;
    await service(ABANDON, net.url).overview();
    expect(session.data.has(KEY)).toBe(true);
    asked.length = 0;
    await service(ABANDON, net.url).overview();
    expect(walks()).toBe(0);
    await service(OTHER, net.url).overview();
    expect(walks()).toBeGreaterThanOrEqual(2 * GAP_LIMIT);
    asked.length = 0;
    // The same devnet named another way is another server to the memo: walked, never assumed the same.
    await service(OTHER, net.url.replace('127.0.0.1', 'localhost')).overview();
    expect(walks()).toBeGreaterThanOrEqual(2 * GAP_LIMIT);
  });
});
