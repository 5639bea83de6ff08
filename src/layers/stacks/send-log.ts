/**
 * The wallet's own Stacks sends, in storage.local: written with the signed
 * transaction before it is broadcast (so a stopped worker can send it again),
 * then updated from the API until mined, failed or dropped. Public data only.
 */
import type { KeyValueArea } from '../../shared/storage';
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

const KEEP = 200;

/** What our pending sends take from an asset: their amounts in it, plus every fee when it is STX. */
export function pendingSpend(records: readonly StacksSendRecord[], assetId: string, stxId = 'STX'): bigint {
  return records
    .filter((r) => r.status === 'pending')
    .reduce((sum, r) => sum + (r.asset === assetId ? BigInt(r.amount) : 0n) + (assetId === stxId ? BigInt(r.fee) : 0n), 0n);
}

export class StacksSendLog {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueArea,
    network: string,
    address: string,
  ) {
    this.key = layerStoreKey('stacks', network, `sends.${address}`);
  }

  async list(): Promise<StacksSendRecord[]> {
    const value = (await this.store.get([this.key]))[this.key];
    return Array.isArray(value) ? (value as StacksSendRecord[]) : [];
  }

  async save(records: StacksSendRecord[]): Promise<void> {
    const sorted = [...records].sort((a, b) => b.createdAt - a.createdAt);
    await this.store.set({ [this.key]: sorted.filter((r, i) => i < KEEP || r.status === 'pending') });
  }

  async add(record: StacksSendRecord): Promise<void> {
    await this.save([record, ...(await this.list()).filter((r) => r.txid !== record.txid)]);
  }

  async remove(txid: string): Promise<void> {
    await this.save((await this.list()).filter((r) => r.txid !== txid));
  }
}
