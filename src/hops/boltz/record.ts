/**
 * What a Boltz hop keeps in its record (public data only: swap id, trees,
 * addresses, amounts, timeouts, txids, the invoice) and small helpers to update
 * it. Keys and preimages are derived again from HopKeys at
 * `record.index` whenever they are needed.
 */
import type { HopContext } from '../mechanism';
import { localText } from '../../shared/local-text';
import { newHopRecord } from '../records';
import { step } from '../steps';
import type { HopRecord, HopStep, RouteQuote } from '../types';
import { WalletError } from '../../shared/errors';
import type { AmountString } from '../../shared/units';
import type { BoltzCurrency, SerializedTree } from './api';
import type { SwapKind } from './quote';

/** One on-chain side of a swap: where coins are locked and by whom they may be taken. */
export interface SideData {
  currency: BoltzCurrency;
  /** P2TR lockup address, or the EtherSwap contract on Rootstock. */
  address: string;
  /** Sats locked (Boltz's unit, RBTC too). */
  amount: string;
  timeoutBlockHeight: number;
  tree?: SerializedTree;
  boltzPublicKey?: string;
  /** Liquid: the lockup address's blinding key, as Boltz hands it out (a view key, it spends nothing). */
  blindingKey?: string;
  /** Rootstock: Boltz's address on the other end of the EtherSwap lock. */
  counterpartyAddress?: string;
  /** The lockup transaction, once seen. */
  txid?: string;
  /**
   * Our lockup as signed (Bitcoin), saved before its broadcast: a restart sends this one
   * again, by its txid, instead of paying a second lockup the address does not show yet.
   */
  fundingTxid?: string;
  fundingHex?: string;
  vout?: number;
  /** Our claim or refund of this side (the latest we signed). */
  spendTxid?: string;
  /** Every claim or refund of this side we signed (a fee bump replaces one), saved before each broadcast. */
  spendTxids?: string[];
  /** Claims: our claim confirmed (the hop completes only then: an unconfirmed one can still be displaced). */
  spendConfirmed?: boolean;
  /** Claims: the block height of our tip when the claim was last re-signed at a higher fee. */
  bumpedAt?: number;
  /** Claims: Boltz's lockup was spent by this transaction, which is not ours (Boltz took it back). */
  takenBack?: string;
  /**
   * Claims of a restored swap: the least Boltz's lockup must hold for the wallet to
   * claim it (what we paid or locked, less Boltz's fees at most); sats.
   */
  minSats?: string;
  /** Where our claim or refund of this side pays out (an address of ours on this side's chain). */
  payoutAddress?: string;
}

export type BoltzHopData = {
  kind: SwapKind;
  boltz: string;
  swapId: string;
  preimageHash: string;
  /** Last status Boltz reported. */
  status?: string;
  /** The side we lock (submarine, chain). */
  lock?: SideData;
  /** The side we claim (reverse, chain). */
  claim?: SideData;
  invoice?: string;
  invoiceSats?: string;
  /**
   * Where the moved coins land (an address of ours on the destination chain). Sweeps
   * pay to their side's own payoutAddress; this is the fallback for records made
   * before sides had one.
   */
  payoutAddress?: string;
  /** When we asked the Lightning funding to pay the reverse swap's invoice. */
  paymentStartedAt?: number;
  paymentError?: string;
  /** Reverse swaps made by the swap funding's makeInvoice: someone else pays the invoice. */
  externalPayer?: boolean;
  /** Found again through /v2/swap/restore after the local records were lost. */
  restored?: boolean;
  /** Chain swaps: never claim (why); our lockup is refunded after its timeout. */
  refundOnly?: string;
  /** Chain swaps: Boltz rejected our lockup for its amount and we took its new quote (sats of the claim side, the first quote's and the new one). */
  renegotiated?: { quoted: string; amount: string; note: string };
};

type BoltzTerms = {
  /** The Boltz API the quote came from (the hop talks to it, whatever Settings say later). */
  boltz: string;
  pairHash: string;
};
export type SubmarineTerms = BoltzTerms & {
  invoiceSats: AmountString;
  lockSats: AmountString;
  /** The invoice to pay (a pasted one, or one from an LNURL-pay service); else the Lightning funding makes one. */
  invoice?: string;
};
export type ReverseTerms = BoltzTerms & {
  invoiceSats: AmountString;
  onchainSats: AmountString;
  claimFeeSats: AmountString;
  /** No Lightning wallet is connected: the user pays the hold invoice from anywhere. */
  externalPayer?: boolean;
  description?: string;
};
export type ChainTerms = BoltzTerms & {
  lockSats: AmountString;
  serverLockSats: AmountString;
  claimFeeSats: AmountString;
};

/** The mechanisms that are Boltz swaps; their records share one data shape. */
export type BoltzId = 'boltz-submarine' | 'boltz-reverse' | 'boltz-chain';

/** A Boltz quote's terms; an available quote always has them. */
export function termsOf<T>(quote: { terms?: T }): T {
  if (!quote.terms) throw new WalletError('internal', 'The quote has no swap terms; nothing was sent. Look up the routes again.');
  return quote.terms;
}

/** A Boltz hop's data: Boltz mechanisms read their own records only (the engine hands each mechanism the records of its id). */
export function dataOf(r: HopRecord): BoltzHopData {
  return r.data as BoltzHopData;
}

export function withData(r: HopRecord, patch: Partial<BoltzHopData>): HopRecord {
  return { ...r, data: { ...r.data, ...patch } };
}

export function withSide(r: HopRecord, side: 'lock' | 'claim', patch: Partial<SideData>): HopRecord {
  const d = dataOf(r);
  return withData(r, { [side]: { ...d[side]!, ...patch } });
}

/** A new hop record for a swap that has been created and checked: the "created and checked" step done, then `steps`. */
export function newSwapRecord(ctx: HopContext, quote: RouteQuote, ids: { id: string; index: number; mechanism: BoltzId }, data: BoltzHopData, steps: HopStep[]): HopRecord {
  const created: HopStep = { ...step('create', localText('hopStep_boltz_created', data.swapId)), status: 'done', at: ctx.now() };
  return newHopRecord(ctx, quote, ids, data, [created, ...steps]);
}

/** Re-check soon while something is expected to happen, slowly while waiting on a timeout. */
export const POLL_MS = { soon: 5_000, waiting: 30_000, timeout: 120_000 } as const;
