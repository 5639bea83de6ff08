/**
 * A chain's min/max are exactly the amounts for which every leg is within its own
 * limits: checked against evaluating the legs one after another (the fakes'
 * arithmetic, written again here), for random fees, limits and amounts, across
 * units (sats, wei) and with two or three legs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatestWhere, leastWhere } from '../../../../src/hops/chained/boundary';
import { planChains } from '../../../../src/hops/chained/plan';
import type { AssetRef } from '../../../../src/hops/types';
import { ALL, BTC, deliver, fakeContext, fakeMechanism, LBTC, RBTC, SBTC, type LegTerms } from './fakes';

const W = 10_000_000_000n;

/** Whether every leg is within its limits for `a` of the first leg's asset, evaluating the legs in turn. */
function suitsEveryLeg(legs: { from: AssetRef; to: AssetRef; t: LegTerms }[], a: bigint): boolean {
  let x = a;
  for (const [k, leg] of legs.entries()) {
    if (k > 0) {
      const prev = legs[k - 1]!;
      const got = deliver(prev.t, prev.from, prev.to, x);
      x = (got > 0n ? got : 0n) - (prev.t.claim ?? 0n) - (leg.t.funding ?? 0n);
      if (x <= 0n) return false;
    }
    if (x < (leg.t.min ?? 1n) || x > (leg.t.max ?? 10n ** 30n)) return false;
  }
  return true;
}

const sats = (lo: number, hi: number) => fc.bigInt({ min: BigInt(lo), max: BigInt(hi) });

/** Terms for a leg out of `from`, limits and on-top fees in `from`/`to`'s own units. */
function terms(from: AssetRef, to: AssetRef) {
  const unit = (ref: AssetRef) => (ref.layer === 'rootstock' ? W : 1n);
  return fc
    .record({ ppm: sats(0, 20_000), fixed: sats(0, 5_000), min: sats(1, 400_000), span: sats(0, 3_000_000), funding: sats(0, 3_000), claim: sats(0, 3_000), odd: sats(0, 9_999) })
    .map((r) => ({
      ppm: r.ppm,
      fixed: r.fixed,
      min: r.min * unit(from) + (from.layer === 'rootstock' ? r.odd : 0n),
      max: (r.min + r.span) * unit(from),
      funding: r.funding * unit(from) + (from.layer === 'rootstock' ? r.odd : 0n),
      claim: r.claim * unit(to),
    }));
}

const ROUTES: { name: string; assets: AssetRef[] }[] = [
  { name: 'BTC -> RBTC -> L-BTC', assets: [BTC, RBTC, LBTC] },
  { name: 'RBTC -> BTC -> sBTC', assets: [RBTC, BTC, SBTC] },
  { name: 'sBTC -> BTC -> RBTC -> L-BTC', assets: [SBTC, BTC, RBTC, LBTC] },
];

describe('chain limits', () => {
  for (const route of ROUTES) {
    it(`are the exact set of amounts every leg accepts: ${route.name}`, async () => {
      const hops = route.assets.slice(0, -1).map((from, i) => ({ from, to: route.assets[i + 1]! }));
      const unit = route.assets[0]!.layer === 'rootstock' ? W : 1n;
      await fc.assert(
        fc.asyncProperty(fc.tuple(...hops.map((h) => terms(h.from, h.to))), sats(1, 4_000_000), fc.array(sats(1, 4_000_000), { maxLength: 6 }), async (ts, amountSats, samples) => {
          const legs = hops.map((h, i) => ({ ...h, t: ts[i]! }));
          const mechs = legs.map((l, i) => fakeMechanism(['boltz-chain', 'boltz-reverse', 'powpeg-pegin'][i]!, l.from, l.to, l.t));
          const [chain] = await planChains(fakeContext(), mechs, route.assets[0]!, route.assets[route.assets.length - 1]!, amountSats * unit, { held: ALL });
          const min = BigInt(chain!.min);
          const max = BigInt(chain!.max);
          const probes = [amountSats * unit, ...samples.map((s) => s * unit), ...samples.map((s) => s * unit + 7n)];
          if (max === 0n) {
            // No amount suits every leg: none of the probes does either.
            for (const a of probes) expect(suitsEveryLeg(legs, a)).toBe(false);
            return;
          }
          expect(suitsEveryLeg(legs, min)).toBe(true);
          expect(suitsEveryLeg(legs, max)).toBe(true);
          expect(suitsEveryLeg(legs, min - 1n)).toBe(false);
          expect(suitsEveryLeg(legs, max + 1n)).toBe(false);
          for (const a of probes) expect(suitsEveryLeg(legs, a)).toBe(a >= min && a <= max);
          // The chain is usable exactly when the amount is within them (and every leg delivers something).
          if (chain!.available) expect(amountSats * unit >= min && amountSats * unit <= max).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('boundary search', () => {
  it('finds the first and last amount of a monotone condition from any guess, in few evaluations near a good one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: -(10n ** 12n), max: 2n * 10n ** 12n }), async (edge, hi, guess) => {
        let calls = 0;
        const atLeast = async (x: bigint) => (calls++, x >= edge);
        const least = await leastWhere(0n, hi, guess, atLeast);
        expect(least).toBe(edge <= hi ? edge : null);
        const greatest = await greatestWhere(0n, hi, guess, async (x) => x <= edge);
        expect(greatest).toBe(edge <= hi ? edge : hi);
      }),
    );
    // Searched by whole steps first (wei counted in sats), still exact to the unit wherever the edge lies.
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.bigInt({ min: 0n, max: 10n ** 25n }), async (edge, hi, guess) => {
        expect(await leastWhere(3n, hi, guess, async (x) => x >= edge, 10n ** 10n)).toBe(edge <= hi && hi >= 3n ? (edge < 3n ? 3n : edge) : null);
        expect(await greatestWhere(3n, hi, guess, async (x) => x <= edge, 10n ** 10n)).toBe(hi < 3n || edge < 3n ? null : edge <= hi ? edge : hi);
      }),
    );
    // An empty range (limits that cross) has no amount, stepped or not (fast-check found lo 3, hi 1 once).
    expect(await leastWhere(3n, 1n, 0n, async (x) => x >= 0n, 10n ** 10n)).toBeNull();
    expect(await leastWhere(3n, 1n, 0n, async (x) => x >= 0n)).toBeNull();
    let calls = 0;
    await leastWhere(0n, 10n ** 15n, 123_456_788n, async (x) => (calls++, x >= 123_456_789n));
    expect(calls).toBeLessThanOrEqual(5);
  });
});
