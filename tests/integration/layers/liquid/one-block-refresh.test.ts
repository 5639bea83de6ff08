/**
 * A Liquid refresh after one block on the kept tip whose transactions all came from
 * the kept mempool: the kept scan is brought forward (tip hash, mempool, the block,
 * its txids) instead of the gap walk, and is what a full walk of the same stand-in
 * state gives. Every other change walks in full, and agrees too.
 */
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiquidEsplora } from '../../../../src/layers/liquid/esplora';
import { liquidAccountKey, liquidAddress, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { scanWallet, type WalletScan } from '../../../../src/layers/liquid/scan';
import { LiquidService } from '../../../../src/layers/liquid/service';
import { HttpClient } from '../../../../src/shared/http';
import type { LayerOverview } from '../../../../src/shared/layer-views';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';
import * as laddress from 'liquidjs-lib/src/address';
import { regtest } from 'liquidjs-lib/src/networks';
import { Transaction } from 'liquidjs-lib/src/transaction';
import { startLiquidDevnet, type LiquidDevnet } from '../../../devnet/liquid';
import { merkleRoot } from '../../../devnet/liquid/chain-state';
import { explicitAsset, explicitValue } from '../../../devnet/liquid/faucet';
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
  const deps = { root: HDKey.fromMasterSeed(seed), preset, store, http: (url: string) => new HttpClient(url, { retries: 0, onRequest: (_m, u) => requests.push(u) }), now: () => Date.now() };
  const make = () => new LiquidService(deps, slip77MasterBlindingKey(seed));
  const at = (chain: 0 | 1, index: number) => liquidAddress(HDKey.fromMasterSeed(seed), slip77MasterBlindingKey(seed), preset.params, chain, index).confidential;
  /** A full walk of the wallet now, as the service's scan makes it. */
  const walk = () =>
    scanWallet(new LiquidEsplora(new HttpClient(net.url)), { account: liquidAccountKey(deps.root), masterBlindingKey: slip77MasterBlindingKey(seed), params: preset.params });
  return { svc: make(), make, at, requests, walk };
}
type Wallet = ReturnType<typeof wallet>;

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();
const stable = (o: LayerOverview) => ({ ...o, updatedAt: 0 });
const lbtc = (o: LayerOverview) => o.balances.find((b) => b.asset === net.policyAsset);
/** What of a scan a refresh reads: its transactions (status included), where each chain ends, and its used addresses. */
const view = (s: WalletScan) => ({ txs: s.txs, nextIndex: s.nextIndex, used: [...s.addresses.values()].filter((a) => a.index < s.nextIndex[a.chain]).map((a) => `${a.chain}/${a.index}`).sort() });
/** The refresh a service keeps (scan-memo.ts), to hold against a full walk. */
const kept = (svc: LiquidService) => (svc as unknown as { lastRefresh: { kept?: { value: [WalletScan, number] } } }).lastRefresh.kept!.value;

/** Refreshes after `change`; checks the kept scan and the overview against a full walk of the same state; says whether it walked. */
async function refreshAfter(w: Wallet, change: () => unknown): Promise<{ walked: boolean; paths: string[]; overview: LayerOverview }> {
  await change();
  w.requests.length = 0;
  const overview = await w.svc.overview();
  const asked = paths(w.requests);
  const [scan, tip] = kept(w.svc);
  expect(view(scan)).toEqual(view(await w.walk()));
  expect(tip).toBe(net.state.height);
  expect(stable(overview)).toEqual(stable(await w.make().overview()));
  return { walked: asked.some((p) => p.includes('/address/')), paths: asked, overview };
}

/** A wallet with confirmed L-BTC and a refresh kept. */
async function funded(): Promise<Wallet> {
  const w = wallet();
  await net.faucet(w.at(0, 0), 200_000);
  net.mine();
  await w.svc.overview();
  return w;
}

const foreign = () => wallet().at(0, 0);

describe('Liquid refresh after one block', () => {
  it('a block confirming our send and a payment to us: four requests, and what a full walk gives', async () => {
    const w = await funded();
    const sent = await w.svc.send({ asset: net.policyAsset, to: foreign(), amount: 30_000n });
    const paid = await net.faucet(w.at(1, 2), 4_000, 'test');
    const before = await refreshAfter(w, () => undefined);
    expect(before.walked).toBe(true);
    expect(before.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'pending' });

    const first = await refreshAfter(w, () => net.mine());
    expect(first.paths).toEqual(['/api/block/' + net.state.tipHash, '/api/block/' + net.state.tipHash + '/txids', '/api/blocks/tip/hash', '/api/mempool/txids'].sort());
    expect(first.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'confirmed', confirmations: 1 });
    expect(first.overview.activity.find((a) => a.id === paid)).toMatchObject({ status: 'confirmed', direction: 'in', amount: '4000' });
    expect(lbtc(first.overview)).toMatchObject({ pending: '0' });

    const second = await refreshAfter(w, () => net.mine());
    expect(second.walked).toBe(false);
    expect(second.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ confirmations: 2 });
  });

  it('a block of foreign transactions only, and an empty one', async () => {
    const w = await funded();
    await refreshAfter(w, () => net.faucet(foreign(), 5_000));
    expect((await refreshAfter(w, () => net.mine())).walked).toBe(false);
    expect((await refreshAfter(w, () => net.mine())).walked).toBe(false);
  });

  it('walks in full on two blocks, a new mempool txid beside the block, or a mined txid the kept mempool lacked', async () => {
    const w = await funded();
    expect((await refreshAfter(w, () => net.mine(2))).walked).toBe(true);
    expect((await refreshAfter(w, async () => (net.mine(), await net.faucet(foreign(), 3_000)))).walked).toBe(true);
    const late = await refreshAfter(w, async () => (await net.faucet(w.at(0, 5), 6_000), net.mine()));
    expect(late.walked).toBe(true);
    expect(lbtc(late.overview)).toMatchObject({ confirmed: '206000' });
  });

  it('walks in full after a block when an address listed 50 unconfirmed transactions: the ones its page left out show once mined', async () => {
    const w = wallet();
    // Electrs lists at most 50 mempool transactions per address (src/rest.rs MAX_MEMPOOL_TXS), as the stand-in does.
    // Explicit outputs (to the unconfidential address): nothing to blind, so the 51 payments are quick.
    const to = laddress.fromConfidential(w.at(0, 1)).unconfidentialAddress;
    let paid = 0;
    for (let i = 0; i < 51; i++) {
      await net.faucet(to, 1_000 + i);
      paid += 1_000 + i;
    }
    expect((await refreshAfter(w, () => undefined)).walked).toBe(true);
    const mined = await refreshAfter(w, () => net.mine());
    expect(mined.walked).toBe(true);
    expect(lbtc(mined.overview)).toMatchObject({ confirmed: String(paid), pending: '0' });
  });

  it('walks in full on a block whose coinbase pays us, or whose first transaction, new to the wallet, is no coinbase', async () => {
    const w = await funded();
    // A coinbase (its one input the null outpoint) paying explicit L-BTC to our address: mined, never in a mempool.
    const coinbase = new Transaction();
    coinbase.version = 2;
    coinbase.addInput(Buffer.alloc(32), 0xffffffff, 0xffffffff, Buffer.from('0165', 'hex'));
    const ours = laddress.toOutputScript(laddress.fromConfidential(w.at(0, 3)).unconfidentialAddress, regtest);
    coinbase.addOutput(ours, explicitValue(9_000n), explicitAsset(net.policyAsset), Buffer.of(0));
    const mined = await refreshAfter(w, () => (net.state.add(coinbase, true), net.mine()));
    expect(mined.walked).toBe(true);
    expect(mined.overview.activity.find((a) => a.id === coinbase.getId())).toMatchObject({ direction: 'in', amount: '9000', status: 'confirmed' });

    // First in the block's answers (count and merkle root agreeing): someone else's transaction mined before, no coinbase.
    const old = await net.faucet(foreign(), 1_500);
    net.mine();
    await net.faucet(foreign(), 2_000);
    await w.svc.overview();
    const listed = (hash: unknown) => [old, ...net.state.blocks.get(String(hash))!.txids];
    net.misbehave({ blockTxids: (t) => [old, ...t], block: (j) => ({ ...j, tx_count: listed(j.id).length, merkle_root: merkleRoot(listed(j.id)) }) });
    try {
      expect((await refreshAfter(w, () => net.mine())).walked).toBe(true);
    } finally {
      net.misbehave({});
    }
  });

  it('walks in full when the block answers do not hold together, or say another parent (a reorganisation)', async () => {
    const w = await funded();
    const lies = [
      { blockTxids: (t: string[]) => [...t, t[0]] },
      { blockTxids: (t: string[]) => t.slice(1) },
      { block: (j: Record<string, unknown>) => ({ ...j, previousblockhash: 'ab'.repeat(32) }) },
      { block: (j: Record<string, unknown>) => ({ ...j, height: (j.height as number) + 1 }) },
      { block: (j: Record<string, unknown>) => ({ ...j, id: 'ab'.repeat(32) }) },
    ];
    for (const lie of lies) {
      await net.faucet(foreign(), 2_000);
      await w.svc.overview();
      net.misbehave(lie);
      try {
        expect((await refreshAfter(w, () => net.mine())).walked).toBe(true);
      } finally {
        net.misbehave({});
      }
    }
  });

  it("the stand-in's block routes answer as electrs: the block mined, its txids, 404 and 400 as its texts", async () => {
    const w = wallet();
    const txid = await net.faucet(w.at(0, 0), 1_000);
    const before = net.state.tipHash;
    const height = net.mine();
    const get = (path: string) => fetch(`${net.url}${path}`);
    expect(await (await get(`/block/${net.state.tipHash}`)).json()).toMatchObject({ id: net.state.tipHash, height, tx_count: 1, previousblockhash: before, merkle_root: txid });
    expect(await (await get(`/block/${net.state.tipHash}/txids`)).json()).toEqual([txid]);
    for (const path of [`/block/${'0'.repeat(64)}`, `/block/${'0'.repeat(64)}/txids`]) {
      const res = await get(path);
      expect([res.status, await res.text()]).toEqual([404, 'Block not found']);
    }
    const bad = await get('/block/xyz');
    expect([bad.status, await bad.text()]).toEqual([400, 'Invalid hex string']);
  });
});

