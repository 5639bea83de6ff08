/**
 * A refresh after one block on the kept tip whose transactions all came from the
 * kept mempool: the kept scan is brought forward (tip hash, mempool, the block, its
 * txids, its coinbase) instead of the gap walk, and is what a full walk of the same
 * bcoin state gives. Every other change walks in full, and agrees too.
 */
import bcoin from 'bcoin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, type ScanResult } from '../../../../src/layers/bitcoin/discovery';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import type { LayerOverview } from '../../../../src/shared/layer-views';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { merkleRoot } from '../../../devnet/liquid/chain-state';
import { testDeps } from '../../../helpers/layer-deps';

let devnet: BitcoinDevnet;

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();
const stable = (o: LayerOverview) => ({ ...o, updatedAt: 0 });
/**
 * What of a scan a refresh reads: its transactions (status included), where each chain ends, and which of
 * its addresses they touch (a walk opened wider by an older hint also holds unused addresses past the end).
 */
const view = (s: ScanResult) => {
  const touched = [...s.txs.values()].flatMap((t) => [...t.vout.map((o) => o.script), ...t.vin.map((i) => i.prevout?.script ?? '')]);
  return { txs: s.txs, addresses: [...new Set(touched.filter((x) => s.addresses.has(x)))].sort(), nextIndex: s.nextIndex, usedCount: s.usedCount };
};
/** The refresh a service keeps (scan-memo.ts), to hold against a full walk. */
const kept = (svc: BitcoinService) => (svc as unknown as { lastRefresh: { kept?: { value: [ScanResult, number] } } }).lastRefresh.kept!.value;

function wallet() {
  const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
  return { deps, svc: new BitcoinService(deps), fresh: () => new BitcoinService({ ...deps }) };
}
type Wallet = ReturnType<typeof wallet>;

const foreign = () => wallet().svc.keys.address('p2wpkh', 0, 0).address;

/** Refreshes after `change`; checks the kept scan and the overview against a full walk of the same state; says whether it walked. */
async function refreshAfter(w: Wallet, change: () => Promise<unknown>): Promise<{ walked: boolean; paths: string[]; overview: LayerOverview }> {
  await change();
  w.deps.requests.length = 0;
  const overview = await w.svc.overview();
  const asked = paths(w.deps.requests);
  const [scan, tip] = kept(w.svc);
  expect(view(scan)).toEqual(view(await discover(w.svc.keys, w.svc.esplora)));
  expect(tip).toBe(await w.svc.esplora.tipHeight());
  expect(stable(overview)).toEqual(stable(await w.fresh().overview()));
  return { walked: asked.some((p) => p.includes('/address/')), paths: asked, overview };
}

/** A wallet with a confirmed coin and a refresh kept. */
async function funded(): Promise<Wallet> {
  const w = wallet();
  await devnet.faucet(w.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
  await w.svc.overview();
  return w;
}

const tipHash = () => devnet.node.node.chain.tip.rhash() as string;

describe('Bitcoin refresh after one block', () => {
  it('a block confirming our send and a payment to us: five requests, and what a full walk gives', async () => {
    const w = await funded();
    const sent = await w.svc.send({ to: foreign(), amount: '0.001', fee: { kind: 'slow' } }, { bumpable: true });
    const paid = await devnet.faucet(w.svc.keys.address('p2tr', 0, 0).address, 7_000n, { confirm: false });
    const before = await refreshAfter(w, async () => undefined);
    expect(before.walked).toBe(true);
    expect(before.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'pending', canSpeedUp: true });

    const first = await refreshAfter(w, () => devnet.mine());
    const coinbase = (await devnet.node.node.chain.getBlock(devnet.node.node.chain.tip.hash)).txs[0].txid();
    expect(first.paths).toEqual(['/api/block/' + tipHash(), '/api/block/' + tipHash() + '/txids', '/api/blocks/tip/hash', '/api/mempool/txids', '/api/tx/' + coinbase].sort());
    expect(first.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ status: 'confirmed', confirmations: 1, canSpeedUp: false });
    expect(first.overview.activity.find((a) => a.id === paid)).toMatchObject({ status: 'confirmed', confirmations: 1 });
    expect(first.overview.balances[0]!.pending).toBe('0');

    // And the next block, on the one just stepped to: two confirmations.
    const second = await refreshAfter(w, () => devnet.mine());
    expect(second.walked).toBe(false);
    expect(second.overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ confirmations: 2 });
  });

  it('a block of foreign transactions only, and an empty one, leave our pending send pending', async () => {
    const w = await funded();
    await refreshAfter(w, () => devnet.faucet(foreign(), 5_000n, { confirm: false }));
    const step = await refreshAfter(w, () => devnet.mine());
    expect(step.walked).toBe(false);
    const empty = await refreshAfter(w, () => devnet.mine());
    expect(empty.walked).toBe(false);
    expect(empty.overview.activity).toHaveLength(1);
  });

  it('walks in full on two blocks, a new mempool txid, a mined txid the kept mempool lacked, or a txid gone unmined', async () => {
    const w = await funded();
    expect((await refreshAfter(w, () => devnet.mine(2))).walked).toBe(true);
    // A new txid beside the block.
    expect((await refreshAfter(w, async () => (await devnet.mine(), await devnet.faucet(foreign(), 4_000n, { confirm: false })))).walked).toBe(true);
    // Mined before any refresh saw it in the mempool: ours.
    expect((await refreshAfter(w, () => devnet.faucet(w.svc.keys.address('p2wpkh', 1, 3).address, 6_000n))).walked).toBe(true);
    // Gone from the mempool, not mined: the node dropped it.
    const dropped = await devnet.faucet(w.svc.keys.address('p2wpkh', 0, 2).address, 8_000n, { confirm: false });
    expect((await refreshAfter(w, async () => undefined)).overview.balances[0]!.pending).toBe('8000');
    const step = await refreshAfter(w, async () => {
      const { mempool } = devnet.node.node;
      mempool.evictEntry(mempool.getEntry(bcoin.util.revHex(dropped)));
      await devnet.mine();
    });
    expect(step.walked).toBe(true);
    expect(step.overview.balances[0]!.pending).toBe('0');
  });

  it('walks in full on a block whose coinbase pays us, or whose first transaction, new to the wallet, is no coinbase', async () => {
    const w = await funded();
    const { node } = devnet.node;
    const ours = bcoin.Address.fromScript(bcoin.Script.fromRaw(Buffer.from(w.svc.keys.address('p2wpkh', 0, 1).script, 'hex')));
    let coinbase = '';
    const step = await refreshAfter(w, async () => {
      const job = await node.miner.createJob(node.chain.tip, ours);
      const block = await job.mineAsync();
      coinbase = block.txs[0].txid();
      await node.chain.add(block);
    });
    expect(step.walked).toBe(true);
    expect(step.overview.activity.find((a) => a.id === coinbase)).toMatchObject({ direction: 'in', status: 'confirmed' });

    // A block whose answers (count and merkle root agreeing) put someone else's earlier transaction where the coinbase goes.
    const old = await devnet.faucet(foreign(), 1_500n);
    await w.svc.overview();
    try {
      const lied = await refreshAfter(w, async () => {
        await devnet.mine();
        const ids = [old, ...(await node.chain.getBlock(node.chain.tip.hash)).txs.slice(1).map((t: { txid(): string }) => t.txid())];
        devnet.facade.misbehave({ blockTxids: () => ids, blockAnswer: (j) => ({ ...j, tx_count: ids.length, merkle_root: merkleRoot(ids) }) });
      });
      expect(lied.walked).toBe(true);
    } finally {
      devnet.facade.misbehave({});
    }
  });

  it('walks in full when the block answers do not hold together, or say another parent (a reorganisation)', async () => {
    const w = await funded();
    const lies = [
      { blockTxids: (t: string[]) => [...t, t[0]] },
      { blockTxids: (t: string[]) => t.slice(1) },
      { blockAnswer: (j: Record<string, unknown>) => ({ ...j, previousblockhash: 'ab'.repeat(32) }) },
      { blockAnswer: (j: Record<string, unknown>) => ({ ...j, height: (j.height as number) + 1 }) },
      { blockAnswer: (j: Record<string, unknown>) => ({ ...j, merkle_root: 'cd'.repeat(32) }) },
    ];
    for (const lie of lies) {
      await devnet.faucet(foreign(), 2_000n, { confirm: false });
      await w.svc.overview();
      devnet.facade.misbehave(lie);
      try {
        expect((await refreshAfter(w, () => devnet.mine())).walked).toBe(true);
      } finally {
        devnet.facade.misbehave({});
      }
    }
  });

  it("the facade's block routes answer as electrs: bcoin's header fields, the txids in block order, 404 and 400 as its texts", async () => {
    await devnet.mine();
    const { chain } = devnet.node.node;
    const get = (path: string) => fetch(`${devnet.esploraUrl}${path}`);
    const json = await (await get(`/block/${tipHash()}`)).json();
    const block = await chain.getBlock(chain.tip.hash);
    expect(json).toMatchObject({ id: tipHash(), height: chain.height, timestamp: block.time, tx_count: block.txs.length, previousblockhash: bcoin.util.revHex(block.prevBlock), merkle_root: bcoin.util.revHex(block.merkleRoot) });
    expect(await (await get(`/block/${tipHash()}/txids`)).json()).toEqual(block.txs.map((t: { txid(): string }) => t.txid()));
    for (const path of [`/block/${'0'.repeat(64)}`, `/block/${'0'.repeat(64)}/txids`]) {
      const res = await get(path);
      expect([res.status, await res.text()]).toEqual([404, 'Block not found']);
    }
    const bad = await get('/block/xyz');
    expect([bad.status, await bad.text()]).toEqual([400, 'Invalid hex string']);
  });
});
