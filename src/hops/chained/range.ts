/**
 * A chain's limits: the amounts of `from` for which every leg is within its own
 * limits, each leg's taken at the amount it would send. Leg 1's limits bound the
 * search; within them what leg 2 sends grows with the amount, so the amounts that
 * keep leg 2 within its limits are one interval, found exactly by re-quoting leg 1
 * at its ends (and so on for leg 3). Assumes, as every mechanism's fee arithmetic
 * gives, that sending more never delivers less. The quotes are asked as if the
 * wallet held what each leg sends (arriving-sides.ts): a limit is the legs', not
 * the balance's.
 */
import { fromSats, toSats } from '../boltz/assets';
import { greatestWhere, leastWhere } from './boundary';
import type { LegPath } from './paths';
import { amountInto, onTopOn, quoteWithin, type LegQuoter, type Walk } from './walk';

const clamp = (x: bigint, lo: bigint, hi: bigint) => (x < lo ? lo : x > hi ? hi : x);

export interface Range {
  min: bigint;
  max: bigint;
}

/** A quote's limits, or null when it has none (its service could not say). */
function limitsOf(q: { min: string; max: string } | undefined): Range | null {
  if (!q) return null;
  const r = { min: BigInt(q.min), max: BigInt(q.max) };
  return r.max <= 0n || r.max < r.min ? null : r;
}

/**
 * The chain's [min, max] in `from`'s smallest unit, or null when no amount suits
 * every leg (or a leg could not say its limits). `probe` is a walk at the user's
 * amount with `quote`: each leg's limits and funding fee, and a guess for each end.
 */
export async function chainRange(legs: readonly LegPath[], quote: LegQuoter, amount: bigint, probe: Walk): Promise<Range | null> {
  const from = legs[0]!.from;
  // A leg the probe did not reach (the amount was too small to fund it) is read at the amount mapped 1:1, as it was warmed.
  const legAt = async (k: number) => {
    if (probe.quotes[k]) return { q: probe.quotes[k]!, sent: probe.amounts[k]!, fee: probe.fees[k]! };
    const sent = fromSats(legs[k]!.from, toSats(from, amount));
    const q = await quote(legs[k]!, sent);
    return { q, sent, fee: k === 0 ? 0n : onTopOn(await quoteWithin(legs[k]!, sent, quote), legs[k]!.from.layer) };
  };
  const reached = await Promise.all(legs.map((_, k) => legAt(k)));
  const fees = reached.map((r) => r.fee);
  const first = limitsOf(reached[0]!.q);
  if (!first) return null;
  let { min: lo, max: hi } = first;
  for (let k = 1; k < legs.length; k++) {
    const limits = limitsOf(reached[k]!.q);
    if (!limits) return null;
    const into = (a: bigint) => amountInto(legs, a, k, quote, fees);
    const mid = legs[k]!.from;
    // What leg k sends moves nearly one for one with the amount: from the user's amount, a few corrections land next to each end.
    const near = async (bound: bigint) => {
      let g = clamp(amount + fromSats(from, toSats(mid, bound - reached[k]!.sent)), lo, hi);
      for (let i = 0; i < 3; i++) {
        const sent = await into(g);
        if (sent <= 0n) break;
        const next = clamp(g + fromSats(from, toSats(mid, bound - sent)), lo, hi);
        if (next === g) break;
        g = next;
      }
      return g;
    };
    const step = fromSats(from, 1n);
    const least = await leastWhere(lo, hi, await near(limits.min), async (a) => (await into(a)) >= limits.min, step);
    if (least === null) return null;
    const greatest = await greatestWhere(least, hi, await near(limits.max), async (a) => (await into(a)) <= limits.max, step);
    if (greatest === null) return null;
    lo = least;
    hi = greatest;
  }
  return { min: lo, max: hi };
}
