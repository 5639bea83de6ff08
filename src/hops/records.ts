/**
 * Hop records in storage.local, and the next key index. The index is reserved
 * (persisted) before a hop is created, so no two hops ever share keys, even if
 * the worker dies between the two writes.
 *
 * Every write reads the stored list, changes it and writes it back, so writes to
 * one storage area run one at a time, whichever HopStore makes them (the worker,
 * a restore and the tests may each hold one over the same area): two hops saving
 * at once never lose one another's record, and two new hops never get one index.
 */
import type { KeyValueArea } from '../shared/storage';
import { serialize } from '../layers/serialize';
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

/** A name per storage area object: the queues below are keyed by it, not by HopStore. */
const areaNames = new WeakMap<KeyValueArea, string>();
let areas = 0;
function nameOf(area: KeyValueArea): string {
  let name = areaNames.get(area);
  if (!name) areaNames.set(area, (name = `hops#${++areas}`));
  return name;
}

export class HopStore {
  /** Storage writes made, for the benchmark. */
  writes = 0;
  private readonly name: string;

  constructor(private readonly area: KeyValueArea) {
    this.name = nameOf(area);
  }

  /** One read-modify-write of this area at a time. */
  private write<T>(fn: () => Promise<T>): Promise<T> {
    return serialize(this.name, fn);
  }

  /**
   * Runs `fn` while no other exclusive run for hop `id` over this area is running:
   * the engine's advance and refund of one hop each load the record, act, and save,
   * so one must not overwrite what the other did meanwhile.
   */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return serialize(`${this.name}:${id}`, fn);
  }

  async all(): Promise<HopRecord[]> {
    return ((await this.area.get([RECORDS]))[RECORDS] as HopRecord[] | undefined) ?? [];
  }

  async get(id: string): Promise<HopRecord | undefined> {
    return (await this.all()).find((r) => r.id === id);
  }

  put(record: HopRecord): Promise<void> {
    return this.write(async () => {
      const rest = (await this.all()).filter((r) => r.id !== record.id);
      this.writes++;
      await this.area.set({ [RECORDS]: [...rest, record] });
    });
  }

  reserveIndex(): Promise<number> {
    return this.write(async () => {
      const next = await this.nextIndex();
      this.writes++;
      await this.area.set({ [NEXT_INDEX]: next + 1 });
      return next;
    });
  }

  /** After a restore: never hand out an index at or below one already used. */
  bumpIndexPast(index: number): Promise<void> {
    return this.write(async () => {
      if ((await this.nextIndex()) <= index) await this.area.set({ [NEXT_INDEX]: index + 1 });
    });
  }

  private async nextIndex(): Promise<number> {
    return ((await this.area.get([NEXT_INDEX]))[NEXT_INDEX] as number | undefined) ?? 0;
  }
}
