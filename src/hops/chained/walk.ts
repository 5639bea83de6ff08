/**
 * The amounts at every leg of a chain for one amount of `from`: leg 1 sends it,
 * each next leg sends what the previous one delivers less what the wallet pays on
 * that layer besides the legs' own amounts (fee lines marked `onTopOn`: the
 * previous leg's claim gas from the account, the next leg's funding fee), so the
 * wallet can fund each leg from what arrived.
 */
import { routeReason, WalletError } from '../../shared/errors';
import { amountText, assetName, legReason } from './names';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopContext } from '../mechanism';
import { quoteInTime, unavailable } from '../routes';
import type { AssetRef, RouteQuote } from '../types';
import type { LegPath } from './paths';

/** A leg's quote at an amount, fetched once per plan (`quoteMs` set). */
export type LegQuoter = (leg: LegPath, amount: bigint) => Promise<RouteQuote>;

export function legQuoter(ctx: HopContext): LegQuoter {
  const memo = new Map<string, Promise<RouteQuote>>();
  return (leg, amount) => {
    const key = `${leg.mechanism.id}|${leg.from.layer}:${leg.from.asset}|${leg.to.layer}:${leg.to.asset}|${amount}`;
    let q = memo.get(key);
    if (!q) {
      const t0 = ctx.now();
      q = quoteInTime(leg.mechanism, ctx, leg.from, leg.to, amount).then(
        (quote) => ({ ...quote, quoteMs: ctx.now() - t0 }),
        (err) => unavailable(leg.mechanism.id, leg.from, leg.to, routeReason(err), ctx.now() - t0),
      );
      memo.set(key, q);
    }
    return q;
  };
}

/** What the wallet pays on `layer` besides a quote's own amounts (its `onTopOn` fee lines there). */
export function onTopOn(quote: RouteQuote, layer: AssetRef['layer']): bigint {
  const lines = [...(quote.serviceFee ? [quote.serviceFee] : []), ...quote.networkFees];
  return lines.filter((l) => l.onTopOn === layer).reduce((sum, l) => sum + BigInt(l.amount), 0n);
}

export interface Walk {
  /** Amount sent into each leg reached (smallest unit of its `from`). */
  amounts: bigint[];
  quotes: RouteQuote[];
  /** Per leg: what the wallet pays on top to fund it from what arrived (0 for leg 1, whose funding the user pays as for a direct route). */
  fees: bigint[];
  /** Why the walk could not reach every leg: a leg that cannot be used, or one that delivers too little to fund the next. */
  stop?: { leg: number; reason: LocalText };
}

/** Rounds of "quote, read its funding fee, send what is left" before giving up on a fee that will not settle. */
const FUNDING_ROUNDS = 6;

/**
 * The most a leg can send when `arrived` is what the wallet has for it: `arrived`
 * less the leg's own fee on top, read from the leg's quote (at the nearest amount
 * within its limits, since a quote out of them lists no fees). The fee taken only
 * grows from round to round, so the amount only shrinks and settles.
 */
export async function fundable<L extends { from: AssetRef }>(leg: L, arrived: bigint, quote: (leg: L, amount: bigint) => Promise<RouteQuote>): Promise<bigint> {
  let fee = 0n;
  let x = arrived;
  for (let round = 0; round < FUNDING_ROUNDS && x > 0n; round++) {
    fee = max(fee, onTopOn(await quoteWithin(leg, x, quote), leg.from.layer));
    const next = arrived - fee;
    if (next === x) return x;
    x = next;
  }
  // A fee that still moved after the last round: the leg cannot be funded from what arrived.
  return x > 0n && x + onTopOn(await quoteWithin(leg, x, quote), leg.from.layer) <= arrived ? x : 0n;
}

/** The leg's quote at `x`, or at its nearest limit when `x` is outside them. */
export async function quoteWithin<L>(leg: L, x: bigint, quote: (leg: L, amount: bigint) => Promise<RouteQuote>): Promise<RouteQuote> {
  const q = await quote(leg, x);
  const lo = BigInt(q.min);
  const hi = BigInt(q.max);
  if (hi <= 0n || hi < lo || (x >= lo && x <= hi)) return q;
  return quote(leg, x < lo ? lo : hi);
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** What leg `k`'s quote leaves in the wallet on the next leg's layer: its receive less what it costs there on top (claim gas from the account). */
function arriving(q: RouteQuote, next: LegPath): bigint {
  return BigInt(q.receive) - onTopOn(q, next.from.layer);
}

/**
 * Every leg of `legs` for `amount` of the first leg's asset: leg 1 quoted by
 * `quoterFor(0)`, each next one at what the previous delivers less its own funding
 * fee (by `quoterFor(k)`). Stops at a leg that cannot be used.
 */
export async function walkLegs(legs: readonly LegPath[], amount: bigint, quoterFor: (k: number) => LegQuoter): Promise<Walk> {
  const walk: Walk = { amounts: [], quotes: [], fees: [] };
  let x = amount;
  for (let k = 0; k < legs.length; k++) {
    const leg = legs[k]!;
    const quote = quoterFor(k);
    if (k > 0) {
      const prev = walk.quotes[k - 1]!;
      if (!prev.available) {
        walk.stop = { leg: k - 1, reason: legReason(k - 1, legs[k - 1]!, prev.reason) };
        return walk;
      }
      const arrived = arriving(prev, leg);
      x = await fundable(leg, arrived, quote);
      if (x <= 0n) {
        walk.stop = { leg: k, reason: tooLittle(k, prev, leg) };
        return walk;
      }
      walk.fees.push(arrived - x);
    } else walk.fees.push(0n);
    walk.amounts.push(x);
    walk.quotes.push(await quote(leg, x));
  }
  return walk;
}

/**
 * What leg `k` would send for `a` of the first leg's asset, the legs before it
 * quoted and each leg's funding fee taken as `fees` (read once, at the user's
 * amount: a miner fee that does not follow the amount). 0 or less: nothing.
 */
export async function amountInto(legs: readonly LegPath[], a: bigint, k: number, quote: LegQuoter, fees: readonly bigint[]): Promise<bigint> {
  let x = a;
  for (let j = 0; j < k; j++) {
    const q = await quote(legs[j]!, x);
    x = arriving(q, legs[j + 1]!) - fees[j + 1]!;
    if (x <= 0n) return x;
  }
  return x;
}

function tooLittle(k: number, prev: RouteQuote, leg: LegPath): LocalText {
  return localText('chainReason_too_little', String(k), amountText(leg.from, BigInt(prev.receive)), String(k + 1), assetName(leg.from), assetName(leg.to));
}
