/**
 * The chained-route planner: for a pair, every chain of mechanisms through an
 * asset the wallet holds (paths.ts), each leg quoted by its own mechanism. Leg 1
 * is quoted at the user's amount; each next leg at what the previous one delivers
 * less what funding it costs on that layer (walk.ts). The legs do not wait for each
 * other on the network: every later leg is asked at once at the amount mapped 1:1
 * (warming the pair tables, fee estimates and heights it reads), and re-quoted at
 * its exact amount when the previous leg's quote is in; the context's GETs are
 * memoized for the plan (engine), so the re-quote reads what was fetched.
 *
 * Leg 1 of a ChainedQuote is startable as it is. A later leg's quote is a plan: it
 * was asked as if the previous leg's delivery were in the wallet (arriving-sides.ts),
 * so the runner quotes it again, at what really arrived, before starting it, and
 * holds it to `minReceive`.
 */
import { WalletError } from '../../shared/errors';
import { CHAINED } from '../../shared/hop-views';
import { fromSats, toSats } from '../boltz/assets';
import type { HopContext, Mechanism } from '../mechanism';
import { unavailable, unavailableFields } from '../routes';
import type { AssetRef, RouteQuote } from '../types';
import { localText, type LocalText } from '../../shared/local-text';
import { amountText, legReason } from './names';
import { arrivingContext } from './arriving-sides';
import { withWalletFunding } from './funding-fee';
import { chainPaths, type ChainPath } from './paths';
import { chainRange } from './range';
import type { ChainedQuote } from './types';
import { legQuoter, walkLegs, type LegQuoter } from './walk';
import { worstCase } from './worst-case';

/** Quotes as the wallet is now (leg 1), and as if what each leg sends had arrived (later legs, limits). */
interface Quoters {
  held: LegQuoter;
  arriving: LegQuoter;
}

export interface ChainPlanOptions {
  /** The assets a chain may rest on between legs (the shown layers' move assets). */
  held: readonly AssetRef[];
  /** For a chain ending on Lightning: the LNURL-pay or Lightning Address its last leg pays. */
  destination?: string;
  /** Why no chain can be used for this request (a BOLT11 destination): every chain comes back unavailable with it, unquoted. */
  blocked?: string | LocalText;
}

/**
 * What a later leg re-quoted before it starts may deliver below `receive` before the
 * chain stops: 1 %. It covers the miner-fee estimates and pair fees moving while
 * leg 1 runs (an hour for an sBTC withdrawal); Boltz's own renegotiation tolerance
 * is 0.5 %, and a leg's fee estimates alone move by more between two quotes an hour
 * apart, while more than 1 % is a change of terms the user should see.
 */
export const MIN_RECEIVE_PPM = 10_000n;

export function minReceiveOf(receive: bigint): bigint {
  return receive - (receive * MIN_RECEIVE_PPM + 999_999n) / 1_000_000n;
}

export function isChained(route: { mechanism: string }): route is ChainedQuote {
  return route.mechanism === CHAINED;
}

/** Every chain for the pair, quoted (or unavailable with the reason naming the leg). */
export async function planChains(ctx: HopContext, mechanisms: readonly Mechanism[], from: AssetRef, to: AssetRef, amount: bigint, opts: ChainPlanOptions): Promise<ChainedQuote[]> {
  const paths = chainPaths(mechanisms, from, to, opts.held);
  if (!paths.length) return [];
  if (opts.blocked) return paths.map((p) => unavailableChain(p, opts.blocked!, opts.destination));
  const arriving = arrivingContext(ctx);
  const quote: Quoters = { held: legQuoter(ctx), arriving: withWalletFunding(arriving, legQuoter(arriving)) };
  const lightningReason = paths.some((p) => p.via.some((v) => v.layer === 'lightning')) ? await lightningWalletMissing(ctx) : null;
  const started = ctx.now();
  const usable = paths.map((p) => ({ path: p, why: cannotStart(ctx, p, to, opts, lightningReason) }));
  // Every later leg asked now, at the amount mapped 1:1, so its fetches run beside leg 1's.
  const warming = usable
    .filter((u) => !u.why)
    .flatMap((u) => u.path.legs.slice(1).map((leg) => quote.arriving(leg, fromSats(leg.from, toSats(from, amount)))));
  const chains = await Promise.all(
    usable.map(async ({ path, why }) => (why ? unavailableChain(path, why, opts.destination) : { ...(await quoteChain(path, amount, quote, opts.destination)), quoteMs: ctx.now() - started })),
  );
  await Promise.allSettled(warming);
  return chains;
}

/** Why a chain cannot start, known without asking any service: a leg's service missing here, no Lightning wallet to pass through, no payable destination. */
function cannotStart(ctx: HopContext, path: ChainPath, to: AssetRef, opts: ChainPlanOptions, lightningReason: string | LocalText | null): LocalText | null {
  for (const [k, leg] of path.legs.entries()) {
    const missing = leg.mechanism.serviceMissing?.(ctx, leg.from, leg.to);
    if (missing) return legReason(k, leg, missing);
  }
  if (lightningReason && path.via.some((v) => v.layer === 'lightning')) return localText('chainReason_lightning_wallet', lightningReason);
  if (to.layer === 'lightning' && !opts.destination) {
    return localText('chainReason_lightning_destination');
  }
  return null;
}

/** Why no chain can pass through Lightning here (no wallet connected), or null; a fault that is not the wallet's own says only that. */
export async function lightningWalletMissing(ctx: HopContext): Promise<string | LocalText | null> {
  try {
    await ctx.side('lightning');
    return null;
  } catch (err) {
    return err instanceof WalletError ? (err.text ?? err.message) : localText('chainReason_no_lightning_wallet');
  }
}

async function quoteChain(path: ChainPath, amount: bigint, quote: Quoters, destination: string | undefined): Promise<ChainedQuote> {
  const { legs } = path;
  // Leg 1 spends the user's own funds as they are; every later leg spends what arrives.
  const walk = await walkLegs(legs, amount, (k) => (k === 0 ? quote.held : quote.arriving));
  // The limits are the legs' own: walked as if the wallet held what each leg sends.
  const probe = walk.quotes[0]?.available ? walk : await walkLegs(legs, amount, () => quote.arriving);
  const range = await chainRange(legs, quote.arriving, amount, probe);
  const from = legs[0]!.from;
  const to = legs[legs.length - 1]!.to;
  let why: LocalText | undefined;
  if (walk.stop) why = walk.stop.reason;
  else {
    const k = walk.quotes.findIndex((q) => !q.available);
    if (k >= 0) why = legReason(k, legs[k]!, walk.quotes[k]!.reason);
  }
  const reason = why && range ? localText('chainReason_with_range', why, amountText(from, range.min), amountText(from, range.max)) : why;
  const done = walk.quotes.length === legs.length && !walk.stop;
  const quotes: RouteQuote[] = done ? walk.quotes : [...walk.quotes, ...legs.slice(walk.quotes.length).map((l) => placeholder(l))];
  const send = BigInt(quotes[0]!.send);
  const receive = done ? BigInt(quotes[quotes.length - 1]!.receive) : 0n;
  return {
    mechanism: CHAINED,
    from,
    to,
    counterparty: counterparties(quotes.map((q) => q.counterparty || q.mechanism)),
    available: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    send: send.toString(),
    receive: receive.toString(),
    serviceFee: null,
    networkFees: [],
    min: (range?.min ?? 0n).toString(),
    max: (range?.max ?? 0n).toString(),
    expectedMinutes: quotes.reduce((sum, q) => sum + q.expectedMinutes, 0),
    ...(quotes.find((q) => q.anchoredTo) ? { anchoredTo: quotes.find((q) => q.anchoredTo)!.anchoredTo } : {}),
    legs: quotes,
    via: path.via,
    costBps: done ? costBps(from, send, to, receive) : 0,
    worstCase: done ? worstCase(quotes) : [],
    minReceive: minReceiveOf(receive).toString(),
    ...(to.layer === 'lightning' && destination ? { destination } : {}),
  };
}

/** Send − receive over send in basis points, pegged assets counted 1:1 (10,000 when nothing arrives). */
export function costBps(from: AssetRef, send: bigint, to: AssetRef, receive: bigint): number {
  const s = toSats(from, send);
  if (s <= 0n) return 0;
  return Number(((s - toSats(to, receive)) * 10_000n) / s);
}

/** A leg the walk did not reach. */
function placeholder(leg: { mechanism: Mechanism; from: AssetRef; to: AssetRef }, reason: string | LocalText = localText('chainReason_not_reached')): RouteQuote {
  return unavailable(leg.mechanism.id, leg.from, leg.to, reason);
}

/** A chain shown with why it cannot be used, its legs unquoted. */
function unavailableChain(path: ChainPath, reason: string | LocalText, destination?: string): ChainedQuote {
  const legs = path.legs.map((l) => placeholder(l, reason));
  const from = path.legs[0]!.from;
  const to = path.legs[path.legs.length - 1]!.to;
  return {
    ...unavailableFields(from, to, reason),
    mechanism: CHAINED,
    legs,
    via: path.via,
    costBps: 0,
    worstCase: [],
    minReceive: '0',
    ...(to.layer === 'lightning' && destination ? { destination } : {}),
  };
}

/** Who runs each leg, in order ("A → B → C"), each name in the reader's language where it has one. */
function counterparties(names: (string | LocalText)[]): string | LocalText {
  return names.reduce((path, next) => localText('hopText_path', path, next));
}
