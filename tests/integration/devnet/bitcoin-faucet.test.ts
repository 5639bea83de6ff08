/**
 * The Bitcoin devnet's faucet (POST /api/faucet) and mining as several users (or parallel
 * tests) use them: requests at the same time are each paid, none refused for a coin another
 * request of the faucet already spent, and blocks asked for at once extend one chain.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../devnet/bitcoin';

let bitcoin: BitcoinDevnet;
beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
}, 120_000);
afterAll(async () => {
  await bitcoin?.stop();
});

const ADDRESSES = ['bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', 'bcrt1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qzf4jry'];

it('pays requests that arrive together, each to its address', async () => {
  const replies = await Promise.all(
    ADDRESSES.map((address) => fetch(`${bitcoin.esploraUrl}/faucet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address, sats: 25_000 }) })),
  );
  expect(await Promise.all(replies.map(async (r) => `${r.status} ${r.status === 200 ? '' : await r.text()}`))).toEqual(['200 ', '200 ']);
  for (const address of ADDRESSES) {
    const stats = (await (await fetch(`${bitcoin.esploraUrl}/address/${address}`)).json()) as { chain_stats: { funded_txo_sum: number } };
    expect(stats.chain_stats.funded_txo_sum).toBe(25_000);
  }
});

it('mines blocks asked for at the same time one on another: each lengthens the chain', async () => {
  const tip = bitcoin.node.height();
  await Promise.all([bitcoin.mine(1), bitcoin.mine(1), bitcoin.mine(2)]);
  expect(bitcoin.node.height()).toBe(tip + 4);
});

it('mines without reading the process memory for a log line its level drops', async () => {
  const reads = vi.spyOn(process, 'memoryUsage');
  try {
    await bitcoin.mine(3);
    expect(reads).not.toHaveBeenCalled();
  } finally {
    reads.mockRestore();
  }
});

// electrs moves its tip and its chain index together and drops mined transactions from its
// mempool afterwards (src/new_index/schema.rs Indexer::update, then src/new_index/mempool.rs
// Mempool::update): a payment is never in neither. bcoin removes them from its mempool inside
// the block's 'connect' listeners, before the facade's own runs; here that removal's await is held.
it('answers as one chain while bcoin connects a block: a payment leaving the mempool is already in the block', async () => {
  const address = ADDRESSES[0]!;
  const txid = await bitcoin.faucet(address, 31_000n, { confirm: false });
  const { mempool } = bitcoin.node.node;
  const flush = mempool.cache.flush;
  let seen: { tip: string; mempool: string[]; txs: { txid: string; status: { confirmed: boolean; block_hash?: string } }[] } | undefined;
  mempool.cache.flush = async function (this: unknown, ...args: unknown[]) {
    const [tip, ids, txs] = await Promise.all([
      fetch(`${bitcoin.esploraUrl}/blocks/tip/hash`).then((r) => r.text()),
      fetch(`${bitcoin.esploraUrl}/mempool/txids`).then((r) => r.json()),
      fetch(`${bitcoin.esploraUrl}/address/${address}/txs`).then((r) => r.json()),
    ]);
    seen ??= { tip, mempool: ids as string[], txs: txs as NonNullable<typeof seen>['txs'] };
    return flush.apply(this, args);
  };
  try {
    await bitcoin.mine(1);
  } finally {
    mempool.cache.flush = flush;
  }
  const tip = bitcoin.node.node.chain.tip.rhash();
  expect(seen).toBeDefined();
  expect(seen!.tip).toBe(tip);
  expect(seen!.mempool).not.toContain(txid);
  expect(seen!.txs.find((t) => t.txid === txid)?.status).toEqual(expect.objectContaining({ confirmed: true, block_hash: tip }));
});
