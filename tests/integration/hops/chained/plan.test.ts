/**
 * Chained routes quoted on the devnet's Boltz (bcoin, the Liquid stand-in, anvil,
 * the Lightning ledger): L-BTC → RBTC has no direct route, so it is planned through
 * BTC (two chain swaps) and through Lightning (a submarine swap, then a reverse
 * swap paid by the connected wallet). Each leg's amounts are checked against
 * Boltz's own pair tables, worked out here from their fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import { sbtcDeposit } from '../../../../src/hops/sbtc';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { feeForWeight } from '../../../../src/layers/bitcoin/fee-rate';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/networks';
import { startSbtcDevnet, type SbtcDevnet } from '../../../devnet/sbtc';
import { startStacksDevnet, type StacksDevnet } from '../../../devnet/stacks';
import { MemoryArea } from '../../../helpers/memory-ports';
import type { ChainPair, PairMap, ReversePair, SubmarinePair } from '../../../../src/hops/boltz/api';
import type { ChainedQuote } from '../../../../src/hops/chained/types';
import { HOP_ASSETS } from '../../../../src/shared/hop-views';
import { makeWallet, startBoltzDevnetsForFile, type Devnets } from '../boltz/helpers';

let d: Devnets;
startBoltzDevnetsForFile((x) => (d = x));
let stacks: StacksDevnet;
let sbtc: SbtcDevnet;
beforeAll(async () => {
  // sBTC's stand-ins on the Boltz devnets' bcoin: one Bitcoin for both legs.
  stacks = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
  sbtc = await startSbtcDevnet({ bitcoin: d.bitcoin, stacks, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 60_000, mint: async (to, sats) => stacks.mintSbtc(to, sats) });
  sbtc.mountRegistry(stacks.server);
}, 120_000);
afterAll(async () => {
  await sbtc?.stop();
  await stacks?.stop();
});

const WEI = 10_000_000_000n;
/** Boltz's percentage fee on `sats`, rounded up (its JSON gives the percentage with at most 4 decimals). */
const pctFee = (sats: bigint, percent: number) => {
  const ppm = BigInt(Math.round(percent * 10_000));
  return (sats * ppm + 999_999n) / 1_000_000n;
};

async function pairs<P>(kind: string): Promise<PairMap<P>> {
  const res = await fetch(`${d.boltz.url}/swap/${kind}`);
  expect(res.status).toBe(200);
  return (await res.json()) as PairMap<P>;
}

describe('chained routes on the devnet', () => {
  it('L-BTC → RBTC through BTC and through Lightning: every leg as Boltz’s pair tables say, limits exact, each table fetched once per plan', async () => {
    const w = makeWallet(d);
    const amount = 300_000n;
    const table = `GET ${d.boltz.url}/swap/chain`;
    const { routes, wallMs } = await w.engine.plan(w.ctx, LBTC, RBTC, amount, { held: HOP_ASSETS });
    expect(w.requests.filter((r) => r === table)).toHaveLength(1);
    // L-BTC → RBTC is also a direct Boltz chain swap now: the chained routes are ranked beside it.
    expect(routes.some((r) => r.mechanism === 'boltz-chain' && r.available)).toBe(true);
    const chains = routes.filter((r) => r.mechanism === 'chained') as ChainedQuote[];
    expect(chains.map((c) => [c.mechanism, c.available, c.via.map((v) => v.layer)])).toEqual(
      expect.arrayContaining([
        ['chained', true, ['bitcoin']],
        ['chained', true, ['lightning']],
      ]),
    );

    const chain = await pairs<ChainPair>('chain');
    const sub = await pairs<SubmarinePair>('submarine');
    const rev = await pairs<ReversePair>('reverse');

    // Through BTC: L-BTC → BTC chain swap, then BTC → RBTC chain swap funded from what arrived less its lockup fee:
    // the wallet's own estimate for spending the one coin leg 1 pays out, where it is more than Boltz's lockup guess.
    const viaBtc = chains.find((c) => c.via[0]!.layer === 'bitcoin')!;
    const p1 = chain['L-BTC']!['BTC']!;
    const p2 = chain['BTC']!['RBTC']!;
    // Our BTC claim (a 99 vB key-path spend, plus 1 per input as boltz-core's targetFee counts) at the Esplora's 2-block rate;
    // our BTC lockup funded from the coin that claim pays out (a P2WPKH input, the 34-byte lockup and change) at the wallet's normal rate.
    const claim = BigInt(Math.ceil(d.bitcoin.facade.feeEstimates['2']!)) * 100n;
    const lockupFee = feeForWeight(42 + 272 + 4 * 43 + 4 * 31, (await w.bitcoin.feeOptions()).normal);
    const leg1 = (a: bigint) => a - pctFee(a, p1.fees.percentage) - BigInt(p1.fees.minerFees.server) - claim;
    const into2 = (a: bigint) => leg1(a) - lockupFee;
    const leg2 = (x: bigint) => (x - pctFee(x, p2.fees.percentage) - BigInt(p2.fees.minerFees.server)) * WEI;
    const x2 = into2(amount);
    expect(viaBtc.legs.map((l) => [l.mechanism, l.send, l.receive])).toEqual([
      ['boltz-chain', amount.toString(), leg1(amount).toString()],
      ['boltz-chain', x2.toString(), leg2(x2).toString()],
    ]);
    expect(viaBtc.receive).toBe(leg2(x2).toString());
    // min/max: exactly the amounts of L-BTC that both swaps accept.
    const ok = (a: bigint) => a >= BigInt(p1.limits.minimal) && a <= BigInt(p1.limits.maximal) && into2(a) >= BigInt(p2.limits.minimal) && into2(a) <= BigInt(p2.limits.maximal);
    const [min, max] = [BigInt(viaBtc.min), BigInt(viaBtc.max)];
    expect([ok(min), ok(min - 1n), ok(max), ok(max + 1n)]).toEqual([true, false, true, false]);

    // Through Lightning: the submarine swap's invoice is the largest the lockup pays; the reverse swap is for that invoice.
    const viaLn = chains.find((c) => c.via[0]!.layer === 'lightning')!;
    const s = sub['L-BTC']!['BTC']!;
    const r = rev['BTC']!['RBTC']!;
    let invoice = ((amount - BigInt(s.fees.minerFees)) * 1_000_000n) / (1_000_000n + BigInt(Math.round(s.fees.percentage * 10_000)));
    while (invoice + pctFee(invoice, s.fees.percentage) + BigInt(s.fees.minerFees) > amount) invoice--;
    while (invoice + 1n + pctFee(invoice + 1n, s.fees.percentage) + BigInt(s.fees.minerFees) <= amount) invoice++;
    const locked = (invoice - pctFee(invoice, r.fees.percentage) - BigInt(r.fees.minerFees.lockup)) * WEI;
    expect(viaLn.legs.map((l) => [l.mechanism, l.send, l.receive])).toEqual([
      ['boltz-submarine', amount.toString(), invoice.toString()],
      ['boltz-reverse', invoice.toString(), locked.toString()],
    ]);
    expect(viaLn.worstCase.map((t) => t.key)).toEqual(['chainWorst_first', 'chainWorst_later']);

    // Ranked by what arrives; the whole plan took about one leg's time, not one per leg after another.
    expect(BigInt(routes[0]!.receive) >= BigInt(routes[1]!.receive)).toBe(true);
    const slowest = Math.max(...chains.flatMap((c) => c.legs.map((l) => l.quoteMs ?? 0)));
    expect(wallMs).toBeGreaterThanOrEqual(slowest);

    // A second plan asks Boltz again: nothing is kept across plans.
    await w.engine.plan(w.ctx, LBTC, RBTC, amount, { held: HOP_ASSETS });
    expect(w.requests.filter((x) => x === table)).toHaveLength(2);
  });

  it('Lightning → sBTC through BTC with no BTC in the wallet: the deposit leg is quoted for the coin the reverse swap pays out, as Emily and Boltz say', async () => {
    const w = makeWallet(d, { endpoints: { 'stacks.devnet.api': stacks.url, 'stacks.devnet.emily': sbtc.url } });
    expect(await w.btcBalance()).toBe(0n);
    const engine = new HopEngine([...boltzMechanisms(), sbtcDeposit], new HopStore(new MemoryArea()));
    const amount = 200_000n;
    const SBTC = { layer: 'stacks' as const, asset: 'sBTC' };
    const { routes } = await engine.plan(w.ctx, BTC_LIGHTNING, SBTC, amount, { held: HOP_ASSETS });
    const viaBtc = (routes as ChainedQuote[]).find((c) => c.via?.[0]?.layer === 'bitcoin')!;
    expect(viaBtc.reason).toBeUndefined();
    const r = (await pairs<ReversePair>('reverse'))['BTC']!['BTC']!;
    // Our key-path claim at the devnet Esplora's 2-block rate: 99 vB, plus 1 per input as boltz-core's targetFee counts.
    const claim = BigInt(Math.ceil(d.bitcoin.facade.feeEstimates['2']!)) * 100n;
    const delivered = amount - pctFee(amount, r.fees.percentage) - BigInt(r.fees.minerFees.lockup) - claim;
    // Funding the deposit from that one coin: a P2WPKH input, a 34-byte output and change, at the wallet's normal rate.
    const fee = feeForWeight(42 + 272 + 4 * 43 + 4 * 31, (await w.bitcoin.feeOptions()).normal);
    const maxSignerFee = BigInt(w.ctx.presets.stacks.params.sbtc!.maxSignerFee);
    expect(viaBtc.legs.map((l) => [l.mechanism, l.send, l.receive])).toEqual([
      ['boltz-reverse', amount.toString(), delivered.toString()],
      ['sbtc-deposit', (delivered - fee).toString(), (delivered - fee - maxSignerFee).toString()],
    ]);
    expect(viaBtc.legs[1]!.networkFees).toEqual([expect.objectContaining({ amount: fee.toString(), onTopOn: 'bitcoin' })]);
    // The chain's least amount: the deposit's own minimum (Emily's, or the signers' fee, plus dust) reached through the reverse swap.
    const limits = (await (await fetch(`${sbtc.url}/limits`)).json()) as { perDepositMinimum?: number | null };
    const depositMin = BigInt(Math.max(limits.perDepositMinimum ?? 0, Number(maxSignerFee))) + 546n;
    const into2 = (a: bigint) => a - pctFee(a, r.fees.percentage) - BigInt(r.fees.minerFees.lockup) - claim - fee;
    const min = BigInt(viaBtc.min);
    expect(min === BigInt(r.limits.minimal) ? into2(min) >= depositMin : into2(min) >= depositMin && into2(min - 1n) < depositMin).toBe(true);
    expect(viaBtc.via).toEqual([BTC_ONCHAIN]);
  });
});
