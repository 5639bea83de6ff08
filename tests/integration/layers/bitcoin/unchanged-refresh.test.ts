/**
 * A refresh while bcoin's chain and mempool are as they were: two requests (tip
 * hash, mempool txids) instead of the gap walk, with the same answer a full scan
 * gives; and every change (a mempool transaction paying the last address of a window
 * never used, a block, our own send) is seen by the very next refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAP_LIMIT } from '../../../../src/layers/bitcoin/discovery';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import type { LayerOverview } from '../../../../src/shared/layer-views';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { testDeps } from '../../../helpers/layer-deps';
import { MemoryArea } from '../../../helpers/memory-ports';
import { scanMemoKey } from '../../../../src/layers/scan-memo';

let devnet: BitcoinDevnet;

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();
const stable = (o: LayerOverview) => ({ ...o, updatedAt: 0 });

function wallet() {
  const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
  return { deps, svc: new BitcoinService(deps), fresh: () => new BitcoinService({ ...deps }) };
}

describe('Bitcoin refresh while the chain and mempool are unchanged', () => {
  it('asks only for the tip hash and the mempool, and answers what a full scan answers', async () => {
    const { deps, svc, fresh } = wallet();
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 1).address, 50_000n);
    await devnet.faucet(svc.keys.address('p2tr', 0, 0).address, 7_000n, { confirm: false });
    const first = await svc.overview();
    expect(first.balances[0]).toMatchObject({ confirmed: '50000', pending: '7000' });

    deps.requests.length = 0;
    const again = await svc.overview();
    expect(paths(deps.requests)).toEqual(['/api/blocks/tip/hash', '/api/mempool/txids']);
    expect(stable(again)).toEqual(stable(first));
    // A new service scans in full (its own probe finds nothing kept) and agrees.
    deps.requests.length = 0;
    expect(stable(await fresh().overview())).toEqual(stable(first));
    expect(deps.requests.filter((u) => u.includes('/address/')).length).toBeGreaterThanOrEqual(4 * GAP_LIMIT);
  });

  it('sees on the next refresh a mempool payment to the last address of a chain never used', async () => {
    const { deps, svc } = wallet();
    expect((await svc.overview()).balances[0]).toMatchObject({ confirmed: '0', pending: '0' });
    await devnet.faucet(svc.keys.address('p2tr', 1, GAP_LIMIT - 1).address, 3_000n, { confirm: false });
    deps.requests.length = 0;
    expect((await svc.overview()).balances[0]).toMatchObject({ confirmed: '0', pending: '3000' });
    expect(deps.requests.some((u) => u.endsWith(`/address/${svc.keys.address('p2tr', 1, GAP_LIMIT - 1).address}/txs`))).toBe(true);
  });

  it('sees a new block on the next refresh: the payment confirms and its confirmations count on', async () => {
    const { svc } = wallet();
    const txid = await devnet.faucet(svc.keys.address('p2wpkh', 0, 0).address, 4_000n, { confirm: false });
    const item = async () => (await svc.overview()).activity.find((a) => a.id === txid);
    expect(await item()).toMatchObject({ status: 'pending' });
    await devnet.mine();
    expect(await item()).toMatchObject({ confirmations: 1 });
    await devnet.mine();
    expect(await item()).toMatchObject({ confirmations: 2 });
  });

  it('shows its own send on the next refresh', async () => {
    const { svc } = wallet();
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(svc.keys.address('p2wpkh', 0, 0).address, 200_000n);
    expect((await svc.overview()).balances[0]).toMatchObject({ confirmed: '200000', pending: '0' });
    const sent = await svc.send({ to, amount: '0.0005', fee: { kind: 'slow' } });
    const after = await svc.overview();
    expect(after.activity.find((a) => a.id === sent.txid)).toMatchObject({ direction: 'out', amount: '50000' });
    expect(BigInt(after.balances[0]!.confirmed) + BigInt(after.balances[0]!.pending)).toBe(200_000n - 50_000n - sent.quote.fee);
  });

  it('a new worker starts from the scan the last one kept in storage.session: no address asked while nothing changed, the same answer, a block seen', async () => {
    const session = new MemoryArea();
    const deps = { ...testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url }), env: { session } };
    const worker = () => new BitcoinService({ ...deps });
    const first = worker();
    await devnet.faucet(first.keys.address('p2wpkh', 0, 2).address, 21_000n);
    const txid = await devnet.faucet(first.keys.address('p2tr', 1, 0).address, 5_000n, { confirm: false });
    const before = await first.overview();
    expect(before.balances[0]).toMatchObject({ confirmed: '21000', pending: '5000' });
    expect(session.data.has(scanMemoKey('bitcoin', 'devnet'))).toBe(true);

    deps.requests.length = 0;
    const next = worker();
    expect(stable(await next.overview())).toEqual(stable(before));
    expect(deps.requests.filter((u) => u.includes('/address/'))).toEqual([]);

    await devnet.mine(1);
    deps.requests.length = 0;
    const after = await worker().overview();
    // Stepped over the block from the stored scan, not walked again.
    expect(deps.requests.filter((u) => u.includes('/address/'))).toEqual([]);
    expect(deps.requests.filter((u) => /\/block\/[0-9a-f]{64}\/txids$/.test(u))).toHaveLength(1);
    expect(after.balances[0]).toMatchObject({ confirmed: '26000', pending: '0' });
    expect(after.activity.find((a) => a.id === txid)).toMatchObject({ status: 'confirmed' });

    // Another wallet over this memo walks its own addresses.
    const otherDeps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
    expect((await new BitcoinService({ ...otherDeps, env: { session } }).overview()).balances[0]).toMatchObject({ confirmed: '0', pending: '0' });
    expect(otherDeps.requests.filter((u) => u.includes('/address/')).length).toBeGreaterThanOrEqual(4 * GAP_LIMIT);
  });
});
