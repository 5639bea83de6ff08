/**
 * Small helpers to read and update a Boltz hop's record (its shape, public data
 * only, is BoltzHopData in shapes.ts). Keys and preimages are derived again from
 * HopKeys at `record.index` whenever they are needed.
 */
import type { HopContext } from '../mechanism';
import { localText } from '../../shared/local-text';
import { newHopRecord } from '../records';
import { step } from '../steps';
import type { HopRecord, HopStep, RouteQuote } from '../types';
import { WalletError } from '../../shared/errors';
import type { BoltzHopData, BoltzId, SideData } from './shapes';

/** A Boltz quote's terms; an available quote always has them. */
export function termsOf<T>(quote: { terms?: T }): T {
  if (!quote.terms) throw new WalletError('internal', localText('err_quote_no_terms'));
  return quote.terms;
}

/** A Boltz hop's data: Boltz mechanisms read their own records only (the engine hands each mechanism the records of its id). */
export function dataOf(r: HopRecord): BoltzHopData {
  return r.data as BoltzHopData;
}

export function withData(r: HopRecord, patch: Partial<BoltzHopData>): HopRecord {
  return { ...r, data: { ...r.data, ...patch } };
}

export function withSide(r: HopRecord, side: 'lock' | 'claim', patch: Partial<SideData>): HopRecord {
  const d = dataOf(r);
  return withData(r, { [side]: { ...d[side]!, ...patch } });
}

/** A new hop record for a swap that has been created and checked: the "created and checked" step done, then `steps`. */
export function newSwapRecord(ctx: HopContext, quote: RouteQuote, ids: { id: string; index: number; mechanism: BoltzId }, data: BoltzHopData, steps: HopStep[]): HopRecord {
  const created: HopStep = { ...step('create', localText('hopStep_boltz_created', data.swapId)), status: 'done', at: ctx.now() };
  return newHopRecord(ctx, quote, ids, data, [created, ...steps]);
}

/** Re-check soon while something is expected to happen, slowly while waiting on a timeout. */
export const POLL_MS = { soon: 5_000, waiting: 30_000, timeout: 120_000 } as const;
