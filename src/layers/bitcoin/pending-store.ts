/**
 * The wallet's own sends, persisted in storage.local before they are broadcast so
 * a worker killed in between can finish the job. Public data only (signed
 * transactions are public once broadcast).
 */
import type { KeyValueArea } from '../../shared/storage';
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

export class SendStore {
  constructor(
    private readonly store: KeyValueArea,
    private readonly key: string,
  ) {}

  async all(): Promise<SendRecord[]> {
    return ((await this.store.get([this.key]))[this.key] as SendRecord[] | undefined) ?? [];
  }

  async get(txid: string): Promise<SendRecord | undefined> {
    return (await this.all()).find((r) => r.txid === txid);
  }

  async put(record: SendRecord): Promise<void> {
    const rest = (await this.all()).filter((r) => r.txid !== record.txid);
    await this.store.set({ [this.key]: [...rest, record].slice(-200) });
  }

  async update(txid: string, patch: Partial<SendRecord>): Promise<void> {
    const all = await this.all();
    await this.store.set({ [this.key]: all.map((r) => (r.txid === txid ? { ...r, ...patch } : r)) });
  }

  async remove(txid: string): Promise<void> {
    await this.store.set({ [this.key]: (await this.all()).filter((r) => r.txid !== txid) });
  }
}
