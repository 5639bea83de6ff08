/**
 * The Lightning activity list, persisted in storage.local per network. Amounts are
 * stored as integer strings (storage is JSON). No preimage or key is stored: a
 * record proves nothing by itself, it only tells the user what happened.
 */
import type { KeyValueArea } from '../../shared/storage';
import type { LocalText } from '../../shared/local-text';
import type { ActivityItem } from '../../shared/layer-views';
import { SendStore } from '../send-store';
import { serialize } from '../serialize';
import { layerStoreKey } from '../types';
import type { SuccessActionView } from './success-action';

export type PaymentKind = 'bolt11' | 'lnurl-pay' | 'lnurl-withdraw' | 'invoice';
/** `unknown`: an outgoing payment was handed over and no answer said what became of it (see paymentOutcomeUnknown). */
export type PaymentStatus = 'pending' | 'unknown' | 'confirmed' | 'failed';

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
  /**
   * LNURL-pay: the pay link's URL (a Lightning Address's is its `.well-known/lnurlp`
   * one). Each payment fetches a fresh invoice, so this, not the payment hash, is
   * what stops a second payment to the link while one is open.
   */
  payLink?: string;
  comment?: string;
  successAction?: SuccessActionView;
  /** Why it failed, or what is uncertain, in words for the user (a plain string in records written before notes had keys). */
  note?: string | LocalText;
}

const MAX_RECORDS = 200;

/** Not settled either way yet: the record is what stops the wallet from paying again. */
const isOpen = (r: LightningPaymentRecord): boolean => r.status === 'pending' || r.status === 'unknown';

/** The payments on one network, under the key they always had (`lightning.<network>.payments`): newest first, every open one kept. */
export class PaymentsStore extends SendStore<LightningPaymentRecord> {
  constructor(area: KeyValueArea, network: string) {
    super(area, layerStoreKey('lightning', network, 'payments'), { id: (r) => r.id, keep: MAX_RECORDS, open: isOpen });
  }

  /** The open (pending or unknown) payment to this pay link, if any. */
  async openPaymentTo(payLink: string): Promise<LightningPaymentRecord | undefined> {
    return (await this.list()).find((r) => r.payLink === payLink && isOpen(r));
  }

  /**
   * Writes an outgoing payment's record unless one for the same payment hash is
   * under way, of unknown outcome or done, or one to the same pay link is open;
   * returns that one instead. Check and write are one step, so two payments of one
   * invoice, or to one pay link, cannot both pass.
   */
  claim(record: LightningPaymentRecord): Promise<LightningPaymentRecord | undefined> {
    return this.change((all) => {
      const earlier =
        all.find((r) => r.id === record.id && r.status !== 'failed') ??
        (record.payLink !== undefined ? all.find((r) => r.payLink === record.payLink && isOpen(r)) : undefined);
      return earlier ? { result: earlier } : { next: [record, ...all.filter((r) => r.id !== record.id)], result: undefined };
    });
  }
}

/**
 * Opened LUD-10 secrets by payment hash, in storage.session only (memory, gone when
 * the browser closes): a voucher code or password is for the user's eyes, not for
 * the disk. Without a session area nothing is kept.
 */
export class SuccessSecrets {
  private readonly key: string;
  constructor(
    private readonly area: KeyValueArea | undefined,
    network: string,
  ) {
    this.key = layerStoreKey('lightning', network, 'secrets');
  }

  async all(): Promise<Record<string, string>> {
    if (!this.area) return {};
    const value = (await this.area.get([this.key]))[this.key];
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
  }

  put(id: string, plaintext: string): Promise<void> {
    return serialize(`secrets:${this.key}`, async () => {
      if (!this.area) return;
      const kept = Object.entries(await this.all()).slice(-(MAX_RECORDS - 1));
      await this.area.set({ [this.key]: Object.fromEntries([...kept, [id, plaintext]]) });
    });
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
