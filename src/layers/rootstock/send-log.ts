/**
 * The wallet's own sends, kept in storage.local so a send survives the service
 * worker being stopped: written (with the signed transaction) before it is
 * broadcast, then updated from receipts. Public data only: a signed transaction
 * is what the node sees anyway. Amounts are decimal strings because storage is JSON.
 */
import type { KeyValueArea } from '../../shared/storage';
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

/** Oldest final records beyond this are dropped; pending ones are always kept. */
const KEEP = 200;

export class SendLog {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueArea,
    network: string,
    address: string,
  ) {
    this.key = layerStoreKey('rootstock', network, `sends.${address.toLowerCase()}`);
  }

  async list(): Promise<SendRecord[]> {
    const got = await this.store.get([this.key]);
    const value = got[this.key];
    return Array.isArray(value) ? (value as SendRecord[]) : [];
  }

  async save(records: SendRecord[]): Promise<void> {
    const sorted = [...records].sort((a, b) => b.createdAt - a.createdAt);
    const kept = sorted.filter((r, i) => i < KEEP || r.status === 'pending');
    await this.store.set({ [this.key]: kept });
  }

  async add(record: SendRecord): Promise<void> {
    const records = await this.list();
    await this.save([record, ...records.filter((r) => r.hash !== record.hash)]);
  }

  async remove(hash: string): Promise<void> {
    await this.save((await this.list()).filter((r) => r.hash !== hash));
  }
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
