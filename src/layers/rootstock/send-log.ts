/**
 * The wallet's own Rootstock sends, saved before broadcast (see SendStore), then
 * updated from receipts. Amounts are decimal strings because storage is JSON.
 */
import type { KeyValueArea } from '../../shared/storage';
import { SendStore } from '../send-store';
import { layerStoreKey } from '../types';

export type SendStatus = 'pending' | 'confirmed' | 'failed' | 'replaced' | 'dropped';

export interface SendRecord {
  hash: string;
  nonce: string;
  from: string;
  to: string;
  amount: string;
  gasPrice: string;
  gasLimit: string;
  /** The signed transaction, to broadcast again if the node forgets it. */
  raw: string;
  createdAt: number;
  status: SendStatus;
  /** Hash of the pending send this one replaces with a higher gas price. */
  replaces?: string;
  blockNumber?: number;
  gasUsed?: string;
  effectiveGasPrice?: string;
}

/** The account's sends on one network, under the key they always had (`rootstock.<network>.sends.<address>`); pending ones are never dropped. */
export function rootstockSends(area: KeyValueArea, network: string, address: string): SendStore<SendRecord> {
  return new SendStore(area, layerStoreKey('rootstock', network, `sends.${address.toLowerCase()}`), { id: (r) => r.hash, keep: 200, open: (r) => r.status === 'pending' });
}

/** The latest attempt for each nonce: the one a speed-up replaces, and the only one to rebroadcast. */
export function latestAttempts(records: SendRecord[]): Map<string, SendRecord> {
  const out = new Map<string, SendRecord>();
  for (const r of records) {
    const seen = out.get(r.nonce);
    if (!seen || BigInt(r.gasPrice) > BigInt(seen.gasPrice) || (r.gasPrice === seen.gasPrice && r.createdAt > seen.createdAt)) out.set(r.nonce, r);
  }
  return out;
}
