/**
 * What sBTC hops keep in their records (public data only: scripts, txids and
 * signed transactions saved before broadcast). Types only, and a leaf.
 */

/** A deposit (BTC -> sBTC, deposit.ts). */
export type DepositData = {
  recipient: string;
  depositAddress: string;
  depositScript: string;
  reclaimScript: string;
  reclaimControlBlock: string;
  signersKey: string;
  maxFee: number;
  lockTime: number;
  fundingTxid?: string;
  fundingHex?: string;
  fundingVout?: number;
  fundingHeight?: number;
  notified?: boolean;
  reclaimTxid?: string;
  reclaimHex?: string;
};

/** A withdrawal (sBTC -> BTC, withdrawal.ts). */
export type WithdrawalData = {
  recipient: string;
  version: number;
  hashbytes: string;
  maxFee: number;
  callTxid?: string;
  callHex?: string;
  requestId?: number;
  bitcoinTxid?: string;
};

/** These mechanisms' lines of MechanismShapes (../types.ts): their ids, quote terms and record data. */
declare module '../types' {
  interface MechanismShapes {
    'sbtc-deposit': { terms: never; data: DepositData };
    'sbtc-withdrawal': { terms: never; data: WithdrawalData };
  }
}
