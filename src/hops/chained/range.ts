/**
 * A chain's limits: the amounts of `from` for which every leg is within its own
 * limits, each leg's taken at the amount it would send. Leg 1's limits bound the
 * search; within them leg 2's amount grows with the amount sent, so the amounts
 * that keep leg 2 within its limits are one interval, found exactly by re-walking
 * the legs at its ends (and so on for leg 3). Assumes, as every mechanism's fee
 * arithmetic gives, that sending more never delivers less.
 */
import { fromSats, toSats } from '../boltz/assets';
import { greatestWhere, leastWhere } from './boundary';
import type { LegPath } from './paths';
import { walkLegs, type LegQuoter, type Walk } from './walk';

export interface Range {
  min: bigint;
  max: bigint;
}

/** Whether leg `k` of a walk sends at least its minimum / at most its maximum (a walk stopped before it sends nothing). */
function atLeastMin(w: Walk, k: number): boolean {
  return !w.stop && w.amounts.length > k && w.amounts[k]! >= BigInt(w.quotes[k]!.min);
}
function atMostMax(w: Walk, k: number): boolean {
  return w.stop !== undefined || w.amounts.length <= k || w.amounts[k]! <= BigInt(w.quotes[k]!.max);
}

/** The chain's [min, max] in `from`'s smallest unit, or null when no amount suits every leg. `probe` is the walk at the user's amount (a guess for each end). */
export async function chainRange(legs: readonly LegPath[], quote: LegQuoter, amount: bigint, probe: Walk): Promise<Range | null> {
  const first = probe.quotes[0];
  if (!first) return null;
  let lo = BigInt(first.min);
  let hi = BigInt(first.max);
  if (hi <= 0n || hi < lo) return null;
  const from = legs[0]!.from;
  for (let k = 1; k < legs.length; k++) {
    const mid = legs[k]!.from;
    const at = (a: bigint) => walkLegs(legs, a, quote, k + 1);
    // The amount sent into leg k moves nearly one for one with the amount of `from` (fees are small): a guess for each end.
    const guess = (bound: string | undefined) => {
      const sent = probe.amounts[k];
      return bound === undefined || sent === undefined ? amount : amount + fromSats(from, toSats(mid, BigInt(bound) - sent));
    };
    const least = await leastWhere(lo, hi, guess(probe.quotes[k]?.min), async (a) => atLeastMin(await at(a), k));
    if (least === null) return null;
    const greatest = await greatestWhere(least, hi, guess(probe.quotes[k]?.max), async (a) => atMostMax(await at(a), k));
    if (greatest === null) return null;
    lo = least;
    hi = greatest;
  }
  return { min: lo, max: hi };
}
