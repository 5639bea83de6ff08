/**
 * Chained routes quoted on the devnet's Boltz (bcoin, the Liquid stand-in, anvil,
 * the Lightning ledger): L-BTC → RBTC has no direct route, so it is planned through
 * BTC (two chain swaps) and through Lightning (a submarine swap, then a reverse
 * swap paid by the connected wallet). Each leg's amounts are checked against
 * Boltz's own pair tables, worked out here from their fields.
 */
import { describe, expect, it } from 'vitest';
import { LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import type { ChainPair, PairMap, ReversePair, SubmarinePair } from '../../../../src/hops/boltz/api';
import type { ChainedQuote } from '../../../../src/hops/chained/types';
import { HOP_ASSETS } from '../../../../src/shared/hop-views';
import { makeWallet, startBoltzDevnetsForFile, type Devnets } from '../boltz/helpers';

let d: Devnets;
startBoltzDevnetsForFile((x) => (d = x));

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
    const chains = routes as ChainedQuote[];
    expect(chains.map((c) => [c.mechanism, c.available, c.via.map((v) => v.layer)])).toEqual(
      expect.arrayContaining([
        ['chained', true, ['bitcoin']],
        ['chained', true, ['lightning']],
      ]),
    );

    const chain = await pairs<ChainPair>('chain');
    const sub = await pairs<SubmarinePair>('submarine');
    const rev = await pairs<ReversePair>('reverse');

    // Through BTC: L-BTC → BTC chain swap, then BTC → RBTC chain swap funded from what arrived less its lockup fee.
    const viaBtc = chains.find((c) => c.via[0]!.layer === 'bitcoin')!;
    const p1 = chain['L-BTC']!['BTC']!;
    const p2 = chain['BTC']!['RBTC']!;
    const leg1 = (a: bigint) => a - pctFee(a, p1.fees.percentage) - BigInt(p1.fees.minerFees.server) - BigInt(p1.fees.minerFees.user.claim);
    const into2 = (a: bigint) => leg1(a) - BigInt(p2.fees.minerFees.user.lockup);
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
});
