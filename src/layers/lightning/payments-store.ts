/**
 * The Lightning activity list, persisted in storage.local per network. Amounts are
 * stored as integer strings (storage is JSON). No preimage or key is stored: a
 * record proves nothing by itself, it only tells the user what happened.
 */
import type { KeyValueArea } from '../../background/ports';
import type { ActivityItem } from '../../shared/layer-views';
import { layerStoreKey } from '../types';
import type { SuccessActionView } from './success-action';

export type PaymentKind = 'bolt11' | 'lnurl-pay' | 'lnurl-withdraw' | 'invoice';
export type PaymentStatus = 'pending' | 'confirmed' | 'failed';

export interface LightningPaymentRecord {
  /** The payment hash: one record per invoice. */
  id: string;
  direction: 'out' | 'in';
  kind: PaymentKind;
  amountMsat: string;
  feeMsat?: string;
  status: PaymentStatus;
  /** ms since epoch. */
  createdAt: number;
  settledAt?: number;
  invoice: string;
  /** Seconds since epoch. */
  expiresAt: number;
  description: string;
  /** Domain, Lightning Address or payee node key. */
  counterparty?: string;
  comment?: string;
  successAction?: SuccessActionView;
  /** Why it failed, or what is uncertain, in words for the user. */
  note?: string;
}

const MAX_RECORDS = 200;

export class PaymentsStore {
  private readonly key: string;
  constructor(
    private readonly area: KeyValueArea,
    network: string,
  ) {
    this.key = layerStoreKey('lightning', network, 'payments');
  }

  async list(): Promise<LightningPaymentRecord[]> {
    const got = await this.area.get([this.key]);
    const value = got[this.key];
    return Array.isArray(value) ? (value as LightningPaymentRecord[]) : [];
  }

  async get(id: string): Promise<LightningPaymentRecord | undefined> {
    return (await this.list()).find((r) => r.id === id);
  }

  /** Inserts or replaces by id, newest first. */
  async put(record: LightningPaymentRecord): Promise<void> {
    const rest = (await this.list()).filter((r) => r.id !== record.id);
    await this.area.set({ [this.key]: [record, ...rest].slice(0, MAX_RECORDS) });
  }

  async update(id: string, patch: Partial<LightningPaymentRecord>): Promise<LightningPaymentRecord | undefined> {
    const all = await this.list();
    const i = all.findIndex((r) => r.id === id);
    if (i < 0) return undefined;
    const next = { ...all[i]!, ...patch };
    all[i] = next;
    await this.area.set({ [this.key]: all });
    return next;
  }
}

/** Lightning amounts are shown in sats with up to three decimals: the integer strings are millisatoshis. */
export const LIGHTNING_ASSET = { asset: 'BTC', symbol: 'sats', decimals: 3 } as const;

export function toActivityItem(r: LightningPaymentRecord): ActivityItem {
  return {
    id: r.id,
    direction: r.direction,
    ...LIGHTNING_ASSET,
    amount: r.amountMsat,
    ...(r.feeMsat !== undefined ? { fee: r.feeMsat } : {}),
    status: r.status,
    time: Math.floor((r.settledAt ?? r.createdAt) / 1000),
    ...(r.counterparty ? { counterparty: r.counterparty } : {}),
  };
}
