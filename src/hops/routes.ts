/**
 * The route planner: every mechanism that connects the chosen pair is asked for a
 * quote, all in parallel; routes that cannot be used come back with the reason.
 */
import { routeReason, WalletError } from '../shared/errors';
import { localText, type LocalText } from '../shared/local-text';
import type { HopContext, Mechanism } from './mechanism';
import { sameAsset } from './mechanism';
import type { ChainedQuote } from './chained/types';
import type { AssetRef, MechanismId, RouteQuote } from './types';
import type { QuoteFields } from '../shared/hop-views';
import { presetName } from '../shared/networks';

/** A route the planner offers: one mechanism's quote, or a chain of them. */
export type PlannedRoute = RouteQuote | ChainedQuote;

export interface PlannedRoutes<R extends PlannedRoute = PlannedRoute> {
  routes: R[];
  /** Wall time of the whole parallel planning. */
  wallMs: number;
}

export async function planRoutes(
  ctx: HopContext,
  mechanisms: readonly Mechanism[],
  from: AssetRef,
  to: AssetRef,
  amount: bigint,
): Promise<PlannedRoutes<RouteQuote>> {
  checkMove(from, to, amount);
  const candidates = mechanisms.filter((m) => m.pairs().some((p) => sameAsset(p.from, from) && sameAsset(p.to, to)));
  const started = ctx.now();
  const routes = await Promise.all(
    candidates.map(async (m): Promise<RouteQuote> => {
      const t0 = ctx.now();
      try {
        return { ...(await quoteInTime(m, ctx, from, to, amount)), quoteMs: ctx.now() - t0 };
      } catch (err) {
        return unavailable(m.id, from, to, routeReason(err), ctx.now() - t0);
      }
    }),
  );
  return { routes: rankRoutes(routes), wallMs: ctx.now() - started };
}

/**
 * How long one route's quote may take. A quote waits on its counterparty and on the
 * layers it prices (fee estimates, a wallet scan); one server that never answers must
 * not hold every other route of the plan (and the Move screen) with it.
 */
export const QUOTE_TIMEOUT_MS = 10_000;

/** `m`'s quote, or a refusal saying it did not come in time (the request itself is left to end by its own timeout). */
export function quoteInTime<M extends MechanismId>(m: Mechanism<M>, ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<M>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WalletError('network_error', localText('err_quote_slow', String(QUOTE_TIMEOUT_MS / 1000)))), QUOTE_TIMEOUT_MS);
  });
  const quote = m.quote(ctx, from, to, amount);
  quote.catch(() => undefined);
  return Promise.race([quote, late]).finally(() => clearTimeout(timer));
}

/** Refuses a move that is no move: the same asset on both ends, or nothing to send. */
export function checkMove(from: AssetRef, to: AssetRef, amount: bigint): void {
  if (sameAsset(from, to)) throw new WalletError('bad_params', localText('err_move_same_layer'));
  if (amount <= 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
}

/** Usable routes first, then by what arrives (direct and chained alike: the same `to` unit). */
export function rankRoutes<R extends PlannedRoute>(routes: R[]): R[] {
  return routes.sort((a, b) => Number(b.available) - Number(a.available) || (BigInt(b.receive) > BigInt(a.receive) ? 1 : BigInt(b.receive) < BigInt(a.receive) ? -1 : 0));
}

export function unavailable<M extends MechanismId>(mechanism: M, from: AssetRef, to: AssetRef, reason: string | LocalText, quoteMs?: number): RouteQuote<M> {
  return { mechanism, ...unavailableFields(from, to, reason, quoteMs) };
}

/** What any route that cannot be used says, direct or chained: who is asked, why not, and nothing to send. */
export function unavailableFields(from: AssetRef, to: AssetRef, reason: string | LocalText, quoteMs?: number): QuoteFields {
  return {
    from,
    to,
    counterparty: '',
    available: false,
    reason,
    send: '0',
    receive: '0',
    serviceFee: null,
    networkFees: [],
    min: '0',
    max: '0',
    expectedMinutes: 0,
    quoteMs,
  };
}

/** What a quote of a service anchored to the selected Bitcoin network says whether or not the amount fits: who, where, its limits. */
export function quoteFrame<M extends MechanismId>(ctx: HopContext, mechanism: M, from: AssetRef, to: AssetRef, counterparty: string | LocalText, limits: { min: bigint; max: bigint }) {
  return { mechanism, from, to, counterparty, anchoredTo: presetName(ctx.presets.bitcoin), min: limits.min.toString(), max: limits.max.toString() };
}

/** The route unavailable for `reason` (an amount out of its limits), its frame still shown. */
export function outOfLimits<M extends MechanismId>(frame: ReturnType<typeof quoteFrame<M>>, reason: string | LocalText): RouteQuote<M> {
  return { ...unavailable(frame.mechanism, frame.from, frame.to, reason), ...frame };
}
