/** The wallet's own Bitcoin sends, saved before broadcast (see SendStore): what a fee bump needs of each. */
import type { KeyValueArea } from '../../shared/storage';
import { SendStore } from '../send-store';
import { layerStoreKey } from '../types';
import type { BitcoinScheme, Chain } from './keys';

/** One input as the wallet signed it: the value its signature commits to (decimal sats) and the key that signed. */
export interface SignedInput {
  value: string;
  scheme: BitcoinScheme;
  chain: Chain;
  index: number;
}

export interface SendRecord {
  txid: string;
  hex: string;
  state: 'signed' | 'broadcast';
  createdAt: number;
  /** Sent "max": a fee bump may reduce the recipient's amount. */
  max: boolean;
  replaces?: string;
  replacedBy?: string;
  /** The user may replace it (Speed up). A hop's funding may not: the hop follows its txid. */
  bumpable?: boolean;
  /** Per input of `hex`, in order; a fee bump takes values and keys from here, never from the server. */
  inputs?: SignedInput[];
  /** Our change output in `hex`, if there is one: its index and the key it pays. */
  change?: { vout: number; scheme: BitcoinScheme; chain: Chain; index: number };
}

/** The account's sends on one network, under the key they always had (`bitcoin.<network>.sends`). One still only signed is never dropped. */
export function bitcoinSends(area: KeyValueArea, network: string): SendStore<SendRecord> {
  return new SendStore(area, layerStoreKey('bitcoin', network, 'sends'), { id: (r) => r.txid, keep: 200, open: (r) => r.state === 'signed' });
}
