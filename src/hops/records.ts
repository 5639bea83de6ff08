/**
 * Hop records in storage.local, and the next key index. The index is reserved
 * (persisted) before a hop is created, so no two hops ever share keys, even if
 * the worker dies between the two writes.
 */
import type { KeyValueArea } from '../background/ports';
import type { HopContext } from './mechanism';
import type { HopRecord, HopStep, MechanismId, RouteQuote } from './types';

/**
 * A mechanism's new record for a quote, before anything moves: both ends'
 * network presets, the quote's amounts, and its steps (waiting unless given).
 */
export function newHopRecord<D extends object>(
  ctx: HopContext,
  quote: RouteQuote,
  ids: { id: string; index: number; mechanism: MechanismId },
  data: D,
  steps: HopStep[],
): HopRecord {
  const now = ctx.now();
  return {
    ...ids,
    from: quote.from,
    to: quote.to,
    send: quote.send,
    expectedReceive: quote.receive,
    network: { [quote.from.layer]: ctx.presets[quote.from.layer].id, [quote.to.layer]: ctx.presets[quote.to.layer].id },
    createdAt: now,
    updatedAt: now,
    state: 'created',
    outcome: 'in-progress',
    steps,
    data: { ...data } as Record<string, unknown>,
  };
}

const RECORDS = 'hops.records';
const NEXT_INDEX = 'hops.nextIndex';

export class HopStore {
  /** Storage writes made, for the benchmark. */
  writes = 0;

  constructor(private readonly area: KeyValueArea) {}

  async all(): Promise<HopRecord[]> {
    return ((await this.area.get([RECORDS]))[RECORDS] as HopRecord[] | undefined) ?? [];
  }

  async get(id: string): Promise<HopRecord | undefined> {
    return (await this.all()).find((r) => r.id === id);
  }

  async put(record: HopRecord): Promise<void> {
    const rest = (await this.all()).filter((r) => r.id !== record.id);
    this.writes++;
    await this.area.set({ [RECORDS]: [...rest, record] });
  }

  async reserveIndex(): Promise<number> {
    const next = ((await this.area.get([NEXT_INDEX]))[NEXT_INDEX] as number | undefined) ?? 0;
    this.writes++;
    await this.area.set({ [NEXT_INDEX]: next + 1 });
    return next;
  }

  /** After a restore: never hand out an index at or below one already used. */
  async bumpIndexPast(index: number): Promise<void> {
    const next = ((await this.area.get([NEXT_INDEX]))[NEXT_INDEX] as number | undefined) ?? 0;
    if (next <= index) await this.area.set({ [NEXT_INDEX]: index + 1 });
  }
}
