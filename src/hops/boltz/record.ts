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
import type { HopRecord, HopStep, MechanismId, RouteQuote } from '../types';
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

export interface BoltzHopData {
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
}

export function dataOf(r: HopRecord): BoltzHopData {
  return r.data as unknown as BoltzHopData;
}

export function withData(r: HopRecord, patch: Partial<BoltzHopData>): HopRecord {
  return { ...r, data: { ...r.data, ...patch } };
}

export function withSide(r: HopRecord, side: 'lock' | 'claim', patch: Partial<SideData>): HopRecord {
  const d = dataOf(r);
  return withData(r, { [side]: { ...d[side]!, ...patch } });
}

/** A new hop record for a swap that has been created and checked: the "created and checked" step done, then `steps`. */
export function newSwapRecord(ctx: HopContext, quote: RouteQuote, ids: { id: string; index: number; mechanism: MechanismId }, data: BoltzHopData, steps: HopStep[]): HopRecord {
  const created: HopStep = { ...step('create', localText('hopStep_boltz_created', data.swapId)), status: 'done', at: ctx.now() };
  return newHopRecord(ctx, quote, ids, data, [created, ...steps]);
}

/** Re-check soon while something is expected to happen, slowly while waiting on a timeout. */
export const POLL_MS = { soon: 5_000, waiting: 30_000, timeout: 120_000 } as const;
