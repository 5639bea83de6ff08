/** Protocol methods of the Bitcoin screen. Amounts are integer strings (sats); rates are sat/vB text. */
import { method } from './rpc-method';
import { bool, obj, oneOf, optional, str } from './schema';
import type { AmountString } from './units';

export interface FeeOptionsView {
  slow: string;
  normal: string;
  fast: string;
}

export interface BitcoinQuoteView {
  to: string;
  amount: AmountString;
  max: boolean;
  fee: AmountString;
  feeRate: string;
  change: AmountString;
  total: AmountString;
  inputCount: number;
  vsize: number;
  waste: AmountString;
  algorithm: string;
  highFee: boolean;
  sanityCap: string;
  label?: string;
  lightning?: string;
}

/** One output of a speed-up replacement: every output is shown before signing. */
export interface BumpOutputView {
  /** None for an OP_RETURN (`script` then says what it carries). */
  address?: string;
  script: string;
  amount: AmountString;
  /** The amount in the transaction it replaces, when different. */
  before?: AmountString;
  role: 'recipient' | 'change' | 'yours' | 'data';
}

export interface BumpReviewView {
  replaces: string;
  outputs: BumpOutputView[];
  fee: AmountString;
  feeRate: string;
  oldFee: AmountString;
  oldFeeRate: string;
  inputCount: number;
  addedInputs: number;
  /** Hand back to `bitcoin.bump`: it signs only this replacement. */
  reviewId: string;
}

const fee = obj({ kind: oneOf(['slow', 'normal', 'fast', 'custom'] as const), satPerVb: optional(str({ max: 16 })) });
export const bitcoinDraft = obj({
  to: str({ min: 1, max: 2000 }),
  amount: optional(str({ max: 40 })),
  max: optional(bool()),
  fee,
  confirmHighFee: optional(bool()),
  /** On send: the reviewed fee in sats; a plan paying anything else is not signed. */
  reviewedFee: optional(str({ pattern: /^[0-9]{1,16}$/ })),
});
const txid = str({ pattern: /^[0-9a-f]{64}$/ });

export const BITCOIN_METHODS = {
  'bitcoin.receive': method<{ address: string; uri: string; path: string }>()(obj({ amount: optional(str({ max: 40 })) })),
  'bitcoin.feeOptions': method<FeeOptionsView>()(obj({})),
  'bitcoin.quote': method<BitcoinQuoteView>()(bitcoinDraft),
  'bitcoin.send': method<{ txid: string; quote: BitcoinQuoteView; explorerUrl: string }>()(bitcoinDraft),
  /** Local devnet only: coins from the devnet faucet to the next receive address. */
  'bitcoin.devnetFaucet': method<{ txid: string; address: string }>()(obj({})),
  'bitcoin.bumpReview': method<BumpReviewView>()(obj({ txid, fee })),
  'bitcoin.bump': method<{ txid: string; replaced: string; fee: AmountString; feeRate: string; explorerUrl: string }>()(
    obj({ txid, fee, reviewId: str({ pattern: /^[0-9a-f]{64}$/ }) }),
  ),
};
