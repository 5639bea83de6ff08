/**
 * The shapes a Boltz hop travels in (quote terms, record data) and the small
 * Boltz vocabulary they use. Types only, and a leaf: the hop types (../types.ts)
 * learn each mechanism's terms and data from here, so they import no mechanism code.
 */
import type { AmountString } from '../../shared/units';
import type { LocalText } from '../../shared/local-text';

/** Boltz's currency symbols. Lightning is `BTC` on the Lightning side of a pair. */
export type BoltzCurrency = 'BTC' | 'L-BTC' | 'RBTC';

/** The kinds of swap Boltz makes, each its own mechanism. */
export type SwapKind = 'submarine' | 'reverse' | 'chain';

export interface SerializedLeaf {
  version: number;
  output: string;
}
export interface SerializedTree {
  claimLeaf: SerializedLeaf;
  refundLeaf: SerializedLeaf;
  covenantClaimLeaf?: SerializedLeaf;
}

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
  /** Bitcoin and Liquid: the highest miner fee (sats) of the spends of this side we signed, paid out of the lockup. */
  spendFee?: string;
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
  paymentError?: string | LocalText;
  /** Reverse swaps made by the swap funding's makeInvoice: someone else pays the invoice. */
  externalPayer?: boolean;
  /** Found again through /v2/swap/restore after the local records were lost. */
  restored?: boolean;
  /** Chain swaps: never claim (why); our lockup is refunded after its timeout. */
  refundOnly?: string | LocalText;
  /** Chain swaps: Boltz rejected our lockup for its amount and we took its new quote (sats of the claim side, the first quote's and the new one). */
  renegotiated?: { quoted: string; amount: string; note: string | LocalText };
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

/** These mechanisms' lines of MechanismShapes (../types.ts): their ids, quote terms and record data. */
declare module '../types' {
  interface MechanismShapes {
    'boltz-submarine': { terms: SubmarineTerms; data: BoltzHopData };
    'boltz-reverse': { terms: ReverseTerms; data: BoltzHopData };
    'boltz-chain': { terms: ChainTerms; data: BoltzHopData };
  }
}
