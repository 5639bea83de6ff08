/** The wallet's own Stacks sends, saved before broadcast (see SendStore), then updated from the API until mined, failed or dropped. */
import type { KeyValueArea } from '../../shared/storage';
import { SendStore } from '../send-store';
import { layerStoreKey } from '../types';

export type StacksSendStatus = 'pending' | 'confirmed' | 'failed' | 'dropped';

export interface StacksSendRecord {
  txid: string;
  nonce: string;
  /** `STX` or the token's Hiro id (`ADDRESS.contract::asset`). */
  asset: string;
  to: string;
  amount: string;
  fee: string;
  memo?: string;
  /** The signed transaction (hex). */
  raw: string;
  createdAt: number;
  status: StacksSendStatus;
  blockHeight?: number;
}

/** What our pending sends take from an asset: their amounts in it, plus every fee when it is STX. */
export function pendingSpend(records: readonly StacksSendRecord[], assetId: string, stxId = 'STX'): bigint {
  return records
    .filter((r) => r.status === 'pending')
    .reduce((sum, r) => sum + (r.asset === assetId ? BigInt(r.amount) : 0n) + (assetId === stxId ? BigInt(r.fee) : 0n), 0n);
}

/** The account's sends on one network, under the key they always had (`stacks.<network>.sends.<address>`); pending ones are never dropped. */
export function stacksSends(area: KeyValueArea, network: string, address: string): SendStore<StacksSendRecord> {
  return new SendStore(area, layerStoreKey('stacks', network, `sends.${address}`), { id: (r) => r.txid, keep: 200, open: (r) => r.status === 'pending' });
}
