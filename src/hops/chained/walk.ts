/**
 * The amounts at every leg of a chain for one amount of `from`: leg 1 sends it,
 * each next leg sends what the previous one delivers less what the wallet pays on
 * that layer besides the legs' own amounts (fee lines marked `onTopOn`: the
 * previous leg's claim gas from the account, the next leg's funding fee), so the
 * wallet can fund each leg from what arrived.
 */
import { WalletError } from '../../shared/errors';
import { amountText, assetName } from './names';
import type { HopContext } from '../mechanism';
import { unavailable } from '../routes';
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
      q = leg.mechanism.quote(ctx, leg.from, leg.to, amount).then(
        (quote) => ({ ...quote, quoteMs: ctx.now() - t0 }),
        (err) => unavailable(leg.mechanism.id, leg.from, leg.to, err instanceof WalletError ? err.message : 'The service could not be reached.', ctx.now() - t0),
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
  /** Why the walk could not reach every leg asked for: the previous leg delivers too little to fund it. */
  stop?: { leg: number; reason: string };
}

/** Rounds of "quote, read its funding fee, send what is left" before giving up on a fee that will not settle. */
const FUNDING_ROUNDS = 6;

/**
 * The most a leg can send when `arrived` is what the wallet has for it: `arrived`
 * less the leg's own fee on top, read from the leg's quote (at the nearest amount
 * within its limits, since a quote out of them lists no fees). The fee taken only
 * grows from round to round, so the amount only shrinks and settles.
 */
async function fundable(leg: LegPath, arrived: bigint, quote: LegQuoter): Promise<bigint> {
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
async function quoteWithin(leg: LegPath, x: bigint, quote: LegQuoter): Promise<RouteQuote> {
  const q = await quote(leg, x);
  const lo = BigInt(q.min);
  const hi = BigInt(q.max);
  if (hi <= 0n || hi < lo || (x >= lo && x <= hi)) return q;
  return quote(leg, x < lo ? lo : hi);
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** The legs 0 .. `upTo` − 1 of `legs` for `amount` of the first leg's asset. */
export async function walkLegs(legs: readonly LegPath[], amount: bigint, quote: LegQuoter, upTo = legs.length): Promise<Walk> {
  const walk: Walk = { amounts: [], quotes: [] };
  let x = amount;
  for (let k = 0; k < upTo; k++) {
    const leg = legs[k]!;
    if (k > 0) {
      const prev = walk.quotes[k - 1]!;
      const arrived = BigInt(prev.receive) - onTopOn(prev, leg.from.layer);
      x = await fundable(leg, arrived, quote);
      if (x <= 0n) {
        walk.stop = { leg: k, reason: tooLittle(k, prev, leg) };
        return walk;
      }
    }
    walk.amounts.push(x);
    walk.quotes.push(await quote(leg, x));
  }
  return walk;
}

function tooLittle(k: number, prev: RouteQuote, leg: LegPath): string {
  if (!prev.available) return `Leg ${k} delivers nothing to start leg ${k + 1} (${assetName(leg.from)} → ${assetName(leg.to)}) with.`;
  return `Leg ${k} delivers ${amountText(leg.from, BigInt(prev.receive))}, too little to pay for starting leg ${k + 1} (${assetName(leg.from)} → ${assetName(leg.to)}) as well.`;
}
