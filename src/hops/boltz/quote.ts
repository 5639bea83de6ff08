/**
 * Quotes from Boltz's pair lists. A route that cannot be used comes back as an
 * unavailable RouteQuote with the reason: no Boltz serves the selected networks
 * (service-networks.ts), the endpoint does not serve that pair, it cannot be
 * reached or answers something else than a pair list (pair-list.ts), or the
 * amount is out of the pair's range.
 */
import { routeReason, WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText } from '../../shared/units';
import type { HopContext } from '../mechanism';
import { unavailable } from '../routes';
import type { AssetRef, FeeLine, RouteQuote } from '../types';
import type { ChainPair, ReversePair, SubmarinePair } from './api';
import { boltzApi, boltzUrl, counterpartyOf, currencyOf, decimalsOf, fromSats, noBoltzReason, symbolOf, toSats } from './assets';
import { etherSwapUnpinned } from './etherswap-pin';
import { readPair } from './pair-list';
import { boltzRouteMissing } from './service-networks';
import type { BoltzId, SwapKind } from './shapes';
import { ourFees, type OurFees } from './our-fees';
import { chainServerLockFor, percentToPpm, reverseOnchainFor, sats, serviceFee, submarineInvoiceFor, submarineLockFor } from './fees';

export const MECHANISM_OF = {
  submarine: 'boltz-submarine',
  reverse: 'boltz-reverse',
  chain: 'boltz-chain',
} as const satisfies Record<SwapKind, BoltzId>;

/** Rough minutes: one Bitcoin block for a BTC lockup, a minute for Liquid / Rootstock / Lightning. */
function minutesFor(from: AssetRef, to: AssetRef): number {
  const btc = from.layer === 'bitcoin' || to.layer === 'bitcoin';
  return btc ? 20 : 3;
}

function line(label: LocalText, satsAmount: bigint, ref: AssetRef, onTop = false): FeeLine {
  return { label, amount: fromSats(ref, satsAmount).toString(), decimals: decimalsOf(ref), symbol: symbolOf(ref), ...(onTop ? { onTopOn: ref.layer } : {}) };
}

/**
 * A quote for `amount` of `from` (its smallest unit). Never throws for an
 * unusable route: the reason is in the quote. Whether Boltz runs on the selected
 * networks at all is decided first, without a request.
 */
export function quoteBoltz<K extends SwapKind>(ctx: HopContext, kind: K, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<(typeof MECHANISM_OF)[K]>>;
export async function quoteBoltz(ctx: HopContext, kind: SwapKind, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<BoltzId>> {
  const mechanism = MECHANISM_OF[kind];
  const missing = boltzRouteMissing(ctx, from, to);
  const url = boltzUrl(ctx);
  if (missing || !url) return unavailable(mechanism, from, to, missing ?? noBoltzReason(ctx));
  const counterparty = counterpartyOf(url);
  const unpinned = from.layer === 'rootstock' || to.layer === 'rootstock' ? etherSwapUnpinned(ctx) : null;
  if (unpinned) return { ...unavailable(mechanism, from, to, unpinned), counterparty };
  const api = boltzApi(ctx, url);
  const fromC = currencyOf(from);
  const toC = currencyOf(to);
  // Our own fees are read beside the pair list, not after it: one fee-rate read per chain.
  const fees = ourFees(ctx, from, to, amount);
  fees.catch(() => undefined); // awaited below, unless the route is refused first
  let pair: SubmarinePair | ReversePair | ChainPair | undefined;
  try {
    pair = await readPair(api, kind, fromC, toC);
  } catch (err) {
    return { ...unavailable(mechanism, from, to, routeReason(err)), counterparty };
  }
  if (!pair) {
    return { ...unavailable(mechanism, from, to, localText('err_boltz_noPair', api.host, kindLabel(kind), symbolOf(from), symbolOf(to))), counterparty };
  }
  const sendSats = toSats(from, amount);
  const base = { mechanism, from, to, counterparty, expectedMinutes: minutesFor(from, to) };
  try {
    const our = await fees;
    if (kind === 'submarine') return submarineQuote(base, pair as SubmarinePair, sendSats, url, our);
    if (kind === 'reverse') return reverseQuote(base, pair as ReversePair, sendSats, url, our);
    return chainQuote(base, pair as ChainPair, sendSats, url, our);
  } catch (err) {
    if (err instanceof WalletError) return { ...unavailable(mechanism, from, to, err.text ?? err.message), counterparty };
    throw err;
  }
}

function kindLabel(kind: SwapKind): LocalText {
  return localText(`hopText_boltzKind_${kind}`);
}

type Base = Pick<RouteQuote<BoltzId>, 'mechanism' | 'from' | 'to' | 'counterparty' | 'expectedMinutes'>;

function rangeReason(value: bigint, min: bigint, max: bigint, ref: AssetRef, what: LocalText): LocalText | undefined {
  // Boltz counts every side in sats, RBTC too (8 places).
  const fmt = (v: bigint) => formatAmountText(v, 8, ref.layer === 'rootstock' ? 'RBTC' : 'BTC');
  if (value < min) return localText('routeReason_boltz_below_min', what, fmt(value), fmt(min));
  if (value > max) return localText('routeReason_boltz_above_max', what, fmt(value), fmt(max));
  return undefined;
}

/** A fee line of `amount` in the asset's own smallest unit (wei on Rootstock). */
function unitLine(label: LocalText, amount: bigint, ref: AssetRef, onTop = false): FeeLine {
  return { label, amount: amount.toString(), decimals: decimalsOf(ref), symbol: symbolOf(ref), ...(onTop ? { onTopOn: ref.layer } : {}) };
}

/** Our lockup's funding, paid by the wallet besides what it locks. */
function lockupLine(our: OurFees, ref: AssetRef): FeeLine[] {
  if (our.lockup === undefined) return [];
  return [unitLine(ref.layer === 'rootstock' ? localText('fee_lock_gas') : localText('fee_our_lockup'), our.lockup, ref, true)];
}

/** Submarine: `send` is what we lock on chain; the invoice is the largest that amount pays. */
function submarineQuote(base: Base, pair: SubmarinePair, sendSats: bigint, url: string, our: OurFees): RouteQuote<BoltzId> {
  const ppm = percentToPpm(pair.fees.percentage);
  const miner = sats(pair.fees.minerFees, localText('hopText_boltzFee_miner'));
  const min = sats(pair.limits.minimal, localText('hopText_boltzFee_minimum'));
  const max = sats(pair.limits.maximal, localText('hopText_boltzFee_maximum'));
  const invoice = submarineInvoiceFor(sendSats, ppm, miner);
  const lock = invoice > 0n ? submarineLockFor(invoice, ppm, miner) : sendSats;
  const reason = rangeReason(invoice, min, max, base.to, localText('hopText_boltzWhat_lightning_amount'));
  return {
    ...base,
    available: reason === undefined,
    reason,
    send: fromSats(base.from, lock).toString(),
    receive: fromSats(base.to, invoice).toString(),
    serviceFee: line(localText('fee_boltz_service'), serviceFee(invoice, ppm), base.from),
    networkFees: [line(localText('fee_boltz_claim'), miner, base.from), ...lockupLine(our, base.from)],
    min: fromSats(base.from, submarineLockFor(min, ppm, miner)).toString(),
    max: fromSats(base.from, submarineLockFor(max, ppm, miner)).toString(),
    terms: { boltz: url, pairHash: pair.hash, invoiceSats: invoice.toString(), lockSats: lock.toString() },
  };
}

/**
 * What arrives when we claim Boltz's lockup of `lock` sats less our claim's fee
 * (`claim`, in the `to` asset's smallest unit, at the rate the claim will be signed
 * with; on Rootstock the claim's gas is paid from the account, not from the amount),
 * and why the route cannot be used: `amount` out of Boltz's limits, or nothing left.
 */
function ourClaim(base: Base, limits: { minimal: number; maximal: number }, amount: bigint, lock: bigint, our: OurFees) {
  const min = sats(limits.minimal, localText('hopText_boltzFee_minimum'));
  const max = sats(limits.maximal, localText('hopText_boltzFee_maximum'));
  const claim = our.claim;
  if (claim === undefined) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_no_claim_fee', symbolOf(base.to))));
  const evm = base.to.layer === 'rootstock';
  const receive = evm ? fromSats(base.to, lock) : lock - claim;
  const reason = rangeReason(amount, min, max, base.from, localText('hopText_boltzWhat_amount')) ?? (receive <= 0n ? localText('err_route_nothing_left') : undefined);
  return {
    available: reason === undefined,
    reason,
    receive: (receive > 0n ? receive : 0n).toString(),
    min: fromSats(base.from, min).toString(),
    max: fromSats(base.from, max).toString(),
    claimFee: unitLine(evm ? localText('fee_claim_gas') : localText('fee_our_claim'), claim, base.to, evm),
    claimFeeSats: evm ? '0' : claim.toString(),
  };
}

/** Reverse: `send` is the invoice we pay; Boltz locks the rest on chain and we claim it. */
function reverseQuote(base: Base, pair: ReversePair, invoiceSats: bigint, url: string, our: OurFees): RouteQuote<BoltzId> {
  const ppm = percentToPpm(pair.fees.percentage);
  const lockup = sats(pair.fees.minerFees.lockup, localText('hopText_boltzFee_lockup'));
  const onchain = reverseOnchainFor(invoiceSats, ppm, lockup);
  const { claimFee, claimFeeSats, ...arrives } = ourClaim(base, pair.limits, invoiceSats, onchain, our);
  return {
    ...base,
    ...arrives,
    send: invoiceSats.toString(),
    serviceFee: line(localText('fee_boltz_service'), serviceFee(invoiceSats, ppm), base.from),
    networkFees: [line(localText('fee_boltz_lockup'), lockup, base.from), claimFee],
    terms: { boltz: url, pairHash: pair.hash, invoiceSats: invoiceSats.toString(), onchainSats: onchain.toString(), claimFeeSats },
  };
}

/** Chain: `send` is our lockup; Boltz locks its side and we claim it. */
function chainQuote(base: Base, pair: ChainPair, lockSats: bigint, url: string, our: OurFees): RouteQuote<BoltzId> {
  const ppm = percentToPpm(pair.fees.percentage);
  const server = sats(pair.fees.minerFees.server, localText('hopText_boltzFee_server'));
  const serverLock = chainServerLockFor(lockSats, ppm, server);
  const { claimFee, claimFeeSats, ...arrives } = ourClaim(base, pair.limits, lockSats, serverLock, our);
  return {
    ...base,
    ...arrives,
    send: fromSats(base.from, lockSats).toString(),
    serviceFee: line(localText('fee_boltz_service'), serviceFee(lockSats, ppm), base.from),
    networkFees: [line(localText('fee_boltz_transactions'), server, base.from), ...lockupLine(our, base.from), claimFee],
    terms: { boltz: url, pairHash: pair.hash, lockSats: lockSats.toString(), serverLockSats: serverLock.toString(), claimFeeSats },
  };
}
