/**
 * What PowPeg hops keep in their records (public data only: addresses, txids and
 * signed transactions saved before broadcast). Types only.
 */
import type { LocalText } from '../../shared/local-text';

/** A peg-in (BTC -> RBTC, pegin.ts). */
export type PeginData = {
  federationAddress: string;
  rskAddress: string;
  refundAddress: string;
  fundingTxid?: string;
  fundingHex?: string;
  confirmations: number;
  /** Why the Bridge rejected it, once it did and will refund it (an English phrase in records from before texts had keys). */
  rejection?: string | LocalText;
  releaseTxid?: string;
  sweepTxid?: string;
  sweepHex?: string;
};

/** A peg-out (RBTC -> BTC, pegout.ts). */
export type PegoutData = {
  btcAddress: string;
  /** The Rootstock height when the hop was created: its peg-out request cannot be older. */
  fromBlock?: number;
  pegoutHash?: string;
  /** The request is mined and the Bridge did not refuse it. */
  requestAccepted?: boolean;
  releaseTxid?: string;
  sweepTxid?: string;
  sweepHex?: string;
  confirmations: number;
};

/** These mechanisms' lines of MechanismShapes (../types.ts): their ids, quote terms and record data. */
declare module '../types' {
  interface MechanismShapes {
    'powpeg-pegin': { terms: never; data: PeginData };
    'powpeg-pegout': { terms: never; data: PegoutData };
  }
}
