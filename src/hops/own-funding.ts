/**
 * A hop funds once. Its mechanism saves the funding's id before broadcasting,
 * but a worker killed in between, or a write the disk never kept, leaves a record
 * without it while the network has the funding. So before funding, a mechanism
 * looks for a funding of its own already out there (`find`) and funds only when
 * there is none. Funding-shaped transactions other hops of the same kind already
 * own are skipped, and hops of one kind do this one at a time (the one found or
 * made is saved before the next looks), so two hops never take the same one.
 */
import { serialize } from '../layers/serialize';
import type { HopContext } from './mechanism';
import type { HopRecord } from './types';

/** Block times may run two hours ahead of or behind the clock (Bitcoin's rule): older transactions are not this hop's. */
export const CLOCK_SLACK_MS = 2 * 60 * 60 * 1000;

export interface FundingSearch<R extends HopRecord> {
  /** The id a record of this kind keeps for its funding, once it has one. */
  idOf(record: R): string | undefined;
  /** The record funded by a transaction already out there, or null; `taken` holds the ids other hops own. */
  find(taken: ReadonlySet<string>): Promise<R | null>;
  /** Funds, saving the transaction's id before broadcasting it. */
  fund(): Promise<R>;
}

export function fundOnce<R extends HopRecord>(ctx: HopContext, record: R, search: FundingSearch<R>): Promise<R> {
  return serialize(`hop-funding:${record.mechanism}`, async () => {
    // A stored hop of the same mechanism has the data that mechanism writes.
    const others = ((await ctx.records?.()) ?? []).filter((r): r is R => r.mechanism === record.mechanism && r.id !== record.id);
    const taken = new Set(others.map((r) => search.idOf(r)).filter((id): id is string => !!id));
    const found = await search.find(taken);
    if (!found) return search.fund();
    await ctx.save?.(found);
    return found;
  });
}

/** Whether a transaction seen at `seconds` (undefined: not mined yet) can be a funding of `record`. */
export function sentSinceCreated(record: HopRecord, seconds: number | undefined): boolean {
  return seconds === undefined || seconds * 1000 >= record.createdAt - CLOCK_SLACK_MS;
}
