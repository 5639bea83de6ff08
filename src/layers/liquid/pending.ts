/**
 * The wallet's own Liquid sends, saved before broadcast (see SendStore): which
 * coins each spent, so they are not chosen again until the backend indexes it.
 */
import type { KeyValueArea } from '../../shared/storage';
import { SendStore } from '../send-store';
import { layerStoreKey } from '../types';
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

/** The account's sends on one network, under the key they always had (`liquid.<network>.pending`). */
export function liquidPendingSends(area: KeyValueArea, network: string): SendStore<PendingSend> {
  return new SendStore(area, layerStoreKey('liquid', network, 'pending'), { id: (r) => r.txid });
}

/** Drops records the backend has indexed (`seen`) or that expired; returns those still pending. */
export function reconcilePending(store: SendStore<PendingSend>, seen: (txid: string) => boolean, now: number): Promise<PendingSend[]> {
  return store.change((all) => {
    const kept = all.filter((r) => !seen(r.txid) && now - r.createdAt <= PENDING_TTL_MS);
    return { next: kept.length !== all.length ? kept : undefined, result: kept };
  });
}
