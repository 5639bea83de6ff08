/**
 * What a layer shows the popup: balances and activity, public data only. Amounts
 * are integer strings in the asset's smallest unit (see units.ts).
 */
import type { LayerId } from './layers';
import type { AmountString } from './units';

export interface AssetBalance {
  /** Stable id: 'BTC', 'STX', a token contract, a Liquid asset id, ... */
  asset: string;
  symbol: string;
  decimals: number;
  confirmed: AmountString;
  /** Unconfirmed incoming minus unconfirmed outgoing; may be negative. */
  pending: AmountString;
}

/** `unknown`: handed over with no answer yet on whether it went through (a Lightning payment that timed out). */
export type ActivityStatus = 'pending' | 'unknown' | 'confirmed' | 'failed' | 'dropped' | 'replaced';

export interface ActivityItem {
  id: string;
  direction: 'in' | 'out' | 'self';
  asset: string;
  symbol: string;
  decimals: number;
  /** Net amount moved for the wallet, without the fee. */
  amount: AmountString;
  fee?: AmountString;
  status: ActivityStatus;
  confirmations?: number;
  /** Seconds since epoch, when known. */
  time?: number;
  counterparty?: string;
  explorerUrl?: string;
  /** An unconfirmed send the wallet can replace with a higher fee. */
  canSpeedUp?: boolean;
}

export interface LayerOverview {
  layer: LayerId;
  network: string;
  balances: AssetBalance[];
  activity: ActivityItem[];
  /** ms since epoch of the data; cached overviews are shown first, then refreshed. */
  updatedAt: number;
}
