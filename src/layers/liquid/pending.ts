/**
 * Sends the wallet has signed, persisted in storage.local before broadcast, so a
 * worker killed mid-send still knows which coins it spent and can show (and
 * later rebroadcast) the transaction until the backend indexes it. A signed
 * transaction is public data: no secret is stored here.
 */
import type { KeyValueArea } from '../../shared/storage';
import type { AmountString } from '../../shared/units';

export interface PendingSend {
  txid: string;
  hex: string;
  asset: string;
  amount: AmountString;
  fee: AmountString;
  to: string;
  createdAt: number;
  /** Outpoints (`txid:vout`) this transaction spends. */
  spends: string[];
  state: 'signed' | 'broadcast';
}

/** A send the backend never indexed is forgotten after a day; its coins become spendable again. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

export class PendingSends {
  constructor(
    private readonly store: KeyValueArea,
    private readonly key: string,
  ) {}

  async list(): Promise<PendingSend[]> {
    const value = (await this.store.get([this.key]))[this.key];
    return Array.isArray(value) ? (value as PendingSend[]) : [];
  }

  async put(record: PendingSend): Promise<void> {
    const all = (await this.list()).filter((r) => r.txid !== record.txid);
    await this.store.set({ [this.key]: [...all, record] });
  }

  async remove(txids: readonly string[]): Promise<void> {
    if (txids.length === 0) return;
    const drop = new Set(txids);
    const all = await this.list();
    const kept = all.filter((r) => !drop.has(r.txid));
    if (kept.length !== all.length) await this.store.set({ [this.key]: kept });
  }

  /** Drops records the backend has indexed (`seen`) or that expired; returns those still pending. */
  async reconcile(seen: (txid: string) => boolean, now: number): Promise<PendingSend[]> {
    const all = await this.list();
    const gone = all.filter((r) => seen(r.txid) || now - r.createdAt > PENDING_TTL_MS).map((r) => r.txid);
    await this.remove(gone);
    return all.filter((r) => !gone.includes(r.txid));
  }
}
