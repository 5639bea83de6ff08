/**
 * What a Boltz quote says the wallet pays and receives is what happens on the devnet
 * (tests/devnet/boltz: bcoin, the Liquid stand-in, anvil with EtherSwap, the Lightning
 * ledger). The devnet's fee estimates stay put between quote and claim unless a test
 * moves them, so a claim leaves exactly the quote's `receive` and a lockup's funding
 * costs exactly the quote's on-top fee; when the rate moves, the hop's expected amount
 * follows the claim really signed.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { RouteQuote } from '../../../../src/hops/types';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { type Devnets, drive, makeWallet, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';

let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
});

/** The quote's fees the wallet pays on `layer` besides `send` (FeeLine.onTopOn). */
function onTop(q: RouteQuote, layer: string): bigint {
  return q.networkFees.filter((l) => l.onTopOn === layer).reduce((s, l) => s + BigInt(l.amount), 0n);
}

/** Gas a mined transaction of ours was charged (wei), waiting for its receipt. */
async function gasCharged(hash: string): Promise<{ wei: bigint; gasUsed: bigint }> {
  const r = await d.rootstock.receipt<{ gasUsed: string; effectiveGasPrice: string }>(hash);
  return { wei: BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice), gasUsed: BigInt(r.gasUsed) };
}

/** The gas price anvil charges now (what the wallet signs with, as eth_gasPrice answers). */
const gasPrice = async () => BigInt(await d.rootstock.rpc<string>('eth_gasPrice'));

/**
 * The gas units a quote's gas line stands for, read at the price of the quote's block
 * (anvil's base fee moves from block to block, as a fee rate does between quote and claim).
 */
async function quotedUnits(quote: () => Promise<RouteQuote>): Promise<{ q: RouteQuote; units: bigint }> {
  for (;;) {
    const price = await gasPrice();
    const q = await quote();
    if ((await gasPrice()) !== price) continue; // a block came in between: read again
    const wei = onTop(q, 'rootstock');
    expect(wei % price).toBe(0n);
    return { q, units: wei / price };
  }
}

/** Over what is charged, a gas figure may be by the zero bytes of `argBytes` of calldata (12 gas each) and the 1,000 it is rounded up by. */
const headroom = (argBytes: bigint) => 12n * argBytes + 1_000n;

async function lbtcWallet(sats: bigint): Promise<TestWallet> {
  const w = makeWallet(d);
  await d.liquid.faucet((await w.liquid.receive()).address, Number(sats));
  d.liquid.mine(1);
  return w;
}

describe('a claim leaves what the quote said arrives', () => {
  it('Lightning -> BTC: the BTC that arrives is the quote\'s receive, and the hop says so', async () => {
    const w = makeWallet(d);
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    const done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    expect(await w.btcBalance()).toBe(BigInt(q.receive));
    expect(done.expectedReceive).toBe(q.receive);
  });

  it('Lightning -> L-BTC: the L-BTC that arrives is the quote\'s receive', async () => {
    const w = makeWallet(d);
    const q = await route(w, BTC_LIGHTNING, LBTC, 150_000n);
    const done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    d.liquid.mine(1);
    expect(await w.lbtcBalance()).toBe(BigInt(q.receive));
    expect(done.expectedReceive).toBe(q.receive);
  });

  it('Lightning -> RBTC: the lock arrives as quoted and the claim\'s gas units charged are at most the quote\'s, by no more than its headroom', async () => {
    const w = makeWallet(d);
    const gas = 10n ** 15n;
    await d.rootstock.fund(w.rootstock.address, gas);
    const before = await w.rbtcBalance();
    const { q, units } = await quotedUnits(() => route(w, BTC_LIGHTNING, RBTC, 150_000n));
    const done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const charged = await gasCharged(dataOf(done).claim!.spendTxid!);
    // The lock arrives whole; the claim's gas comes from the account.
    expect((await w.rbtcBalance()) - before).toBe(BigInt(q.receive) - charged.wei);
    expect(charged.gasUsed).toBeLessThanOrEqual(units);
    expect(units - charged.gasUsed).toBeLessThanOrEqual(headroom(128n));
  });
});

describe('funding our lockup costs the quote\'s on-top fee', () => {
  it('BTC -> Lightning: the wallet pays the lockup and exactly the quoted funding fee', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    const before = await w.btcBalance();
    const q = await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 100_000n);
    expect(onTop(q, 'bitcoin')).toBeGreaterThan(0n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    expect(before - (await w.btcBalance())).toBe(BigInt(q.send) + onTop(q, 'bitcoin'));
  });

  it('L-BTC -> Lightning: the wallet pays the lockup and exactly the quoted funding fee', async () => {
    const w = await lbtcWallet(500_000n);
    const before = await w.lbtcBalance();
    const q = await route(w, LBTC, BTC_LIGHTNING, 100_000n);
    expect(onTop(q, 'liquid')).toBeGreaterThan(0n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    expect(before - (await w.lbtcBalance())).toBe(BigInt(q.send) + onTop(q, 'liquid'));
  });

  it('RBTC -> Lightning: the EtherSwap lock\'s gas units charged are at most the quote\'s, by no more than its headroom', async () => {
    const w = makeWallet(d);
    await d.rootstock.fund(w.rootstock.address, 1_000_000n * WEI_PER_SAT);
    const before = await w.rbtcBalance();
    const { q, units } = await quotedUnits(() => route(w, RBTC, BTC_LIGHTNING, 100_000n * WEI_PER_SAT));
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const charged = await gasCharged(dataOf(started).lock!.txid!);
    expect(before - (await w.rbtcBalance())).toBe(BigInt(q.send) + charged.wei);
    expect(charged.gasUsed).toBeLessThanOrEqual(units);
    expect(units - charged.gasUsed).toBeLessThanOrEqual(headroom(96n));
  });
});

describe('fees that move between quote and claim', () => {
  it('Lightning -> BTC at twice the rate: the hop\'s expected amount follows the claim signed, and that is what arrives', async () => {
    const w = makeWallet(d);
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    const calm = d.bitcoin.facade.feeEstimates;
    d.bitcoin.facade.feeEstimates = Object.fromEntries(Object.entries(calm).map(([k, v]) => [k, v * 2]));
    let done;
    try {
      done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    } finally {
      d.bitcoin.facade.feeEstimates = calm;
    }
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    const claimFee = BigInt(q.terms!.claimFeeSats as string);
    // The key-path claim's fee scales with the rate: twice the quoted one.
    expect(done.expectedReceive).toBe(String(BigInt(q.receive) - claimFee));
    expect(await w.btcBalance()).toBe(BigInt(done.expectedReceive));
  });

  it('Lightning -> L-BTC at a higher rate: the same', async () => {
    const w = makeWallet(d);
    const q = await route(w, BTC_LIGHTNING, LBTC, 150_000n);
    d.liquid.setFeeRate(1);
    let done;
    try {
      done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    } finally {
      d.liquid.setFeeRate(undefined);
    }
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    d.liquid.mine(1);
    expect(BigInt(done.expectedReceive)).toBeLessThan(BigInt(q.receive));
    expect(await w.lbtcBalance()).toBe(BigInt(done.expectedReceive));
  });
});
