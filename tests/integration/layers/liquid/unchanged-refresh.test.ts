/**
 * A Liquid refresh while the stand-in's chain and mempool are as they were: two
 * requests (tip hash, mempool txids) instead of the gap walk, with the same answer
 * a full scan gives; and a payment or a block is seen by the very next refresh.
 */
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liquidAddress, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { GAP_LIMIT } from '../../../../src/layers/liquid/scan';
import { LiquidService } from '../../../../src/layers/liquid/service';
import { HttpClient } from '../../../../src/shared/http';
import type { LayerOverview } from '../../../../src/shared/layer-views';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';
import { startLiquidDevnet, type LiquidDevnet } from '../../../devnet/liquid';
import { MemoryArea } from '../../../helpers/memory-ports';

let net: LiquidDevnet;

beforeAll(async () => {
  net = await startLiquidDevnet();
});
afterAll(async () => {
  await net?.stop();
});

function wallet() {
  const seed = mnemonicToSeedSync(generateMnemonic(wordlist));
  const base = findPreset('liquid', 'devnet')!;
  const preset: NetworkPreset<'liquid'> = { ...base, endpoints: { ...base.endpoints, esplora: net.url } };
  const store = new MemoryArea();
  const requests: string[] = [];
  const make = () =>
    new LiquidService(
      { root: HDKey.fromMasterSeed(seed), preset, store, http: (url) => new HttpClient(url, { retries: 0, onRequest: (_m, u) => requests.push(u) }), now: () => Date.now() },
      slip77MasterBlindingKey(seed),
    );
  const at = (chain: 0 | 1, index: number) => liquidAddress(HDKey.fromMasterSeed(seed), slip77MasterBlindingKey(seed), preset.params, chain, index).confidential;
  return { svc: make(), make, at, requests };
}

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();
const stable = (o: LayerOverview) => ({ ...o, updatedAt: 0 });
const lbtc = (o: LayerOverview) => o.balances.find((b) => b.asset === net.policyAsset);

describe('Liquid refresh while the chain and mempool are unchanged', () => {
  it('asks only for the tip hash and the mempool, and answers what a full scan answers', async () => {
    const { svc, make, at, requests } = wallet();
    await net.faucet(at(0, 1), 40_000);
    net.mine();
    await net.faucet(at(0, 0), 2_000, 'test');
    const first = await svc.overview();
    expect(lbtc(first)).toMatchObject({ confirmed: '40000', pending: '0' });

    requests.length = 0;
    const again = await svc.overview();
    expect(paths(requests)).toEqual(['/api/blocks/tip/hash', '/api/mempool/txids']);
    expect(stable(again)).toEqual(stable(first));
    requests.length = 0;
    expect(stable(await make().overview())).toEqual(stable(first));
    expect(requests.filter((u) => u.includes('/address/')).length).toBeGreaterThanOrEqual(2 * GAP_LIMIT);
  });

  it('sees on the next refresh a mempool payment to the last change address of the window, then its block', async () => {
    const { svc, at } = wallet();
    expect(lbtc(await svc.overview()) ?? { confirmed: '0', pending: '0' }).toMatchObject({ confirmed: '0', pending: '0' });
    await net.faucet(at(1, GAP_LIMIT - 1), 6_000);
    expect(lbtc(await svc.overview())).toMatchObject({ confirmed: '0', pending: '6000' });
    net.mine();
    expect(lbtc(await svc.overview())).toMatchObject({ confirmed: '6000', pending: '0' });
  });
});
