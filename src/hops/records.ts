/**
 * Hop records in storage.local, and the next key index. The index is reserved
 * (persisted) before a hop is created, so no two hops ever share keys, even if
 * the worker dies between the two writes.
 *
 * Every write reads the stored list, changes it and writes it back, so writes to
 * one storage area run one at a time, whichever HopStore makes them (the worker,
 * a restore and the tests may each hold one over the same area): two hops saving
 * at once never lose one another's record, and two new hops never get one index.
 * Creating a hop and restoring hops run one at a time (`creating`), so a restore
 * sees every hop that holds an index and a new hop takes none a restore marks used.
 */
import type { KeyValueArea } from '../shared/storage';
import { areaQueue, serialize } from '../layers/serialize';
import type { LayerId } from '../shared/layers';
import { localText, type LocalText } from '../shared/local-text';
import type { HopRecord, HopStep, MechanismId, RouteQuote } from './types';

/** What a new record takes from the hop's context (a HopContext has it): the clock, and the preset of each layer. */
interface RecordContext {
  now(): number;
  presets: Record<LayerId, { readonly id: string }>;
}

/**
 * A mechanism's new record for a quote, before anything moves: both ends'
 * network presets, the quote's amounts, and its steps (waiting unless given).
 */
export function newHopRecord<M extends MechanismId>(
  ctx: RecordContext,
  quote: RouteQuote<M>,
  ids: { id: string; index: number; mechanism: NoInfer<M> },
  data: HopRecord<M>['data'],
  steps: HopStep[],
): HopRecord<M> {
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
    data: { ...data },
  };
}

const RECORDS = 'hops.records';
const NEXT_INDEX = 'hops.nextIndex';
/** Counterparties this profile has synced the key index with (see indexSynced), by key. */
const INDEX_SYNCS = 'hops.indexSyncs';

export class HopStore {
  /** Storage writes made, for the benchmark. */
  writes = 0;
  private readonly name: string;

  constructor(private readonly area: KeyValueArea) {
    this.name = areaQueue('hops', area);
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

  /**
   * Runs `fn` while no hop is being created and no restore runs over this area
   * (the engine creates hops in here, restores run in here): a restore then sees
   * every hop that holds an index, and no hop takes an index a restore is about to
   * find used.
   */
  creating<T>(fn: () => Promise<T>): Promise<T> {
    return serialize(`${this.name}#create`, fn);
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

  /**
   * Stores a new record unless `refuse`, given the records stored at that moment,
   * names a reason not to (returned; nothing stored). Check and write are one step
   * of the write queue, so two callers cannot both store what only one should.
   */
  putNew(record: HopRecord, refuse: (stored: HopRecord[]) => LocalText | null): Promise<LocalText | null> {
    return this.write(async () => {
      const stored = await this.all();
      const why = stored.some((r) => r.id === record.id) ? localText('hopNote_restore_stored', record.id) : refuse(stored);
      if (why) return why;
      this.writes++;
      await this.area.set({ [RECORDS]: [...stored, record] });
      return null;
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

  /** Whether the key index was synced with counterparty `key` on this profile (see markIndexSynced). */
  async indexSynced(key: string): Promise<boolean> {
    return (await this.indexSyncedAt(key)) !== undefined;
  }

  /** When the key index was last synced with counterparty `key` on this profile, if ever. */
  async indexSyncedAt(key: string): Promise<number | undefined> {
    const syncs = ((await this.area.get([INDEX_SYNCS]))[INDEX_SYNCS] as Record<string, number> | undefined) ?? {};
    return typeof syncs[key] === 'number' ? syncs[key] : undefined;
  }

  /** Notes that the key index is past every index counterparty `key` knows this seed used. */
  markIndexSynced(key: string, at: number): Promise<void> {
    return this.write(async () => {
      const syncs = ((await this.area.get([INDEX_SYNCS]))[INDEX_SYNCS] as Record<string, number> | undefined) ?? {};
      this.writes++;
      await this.area.set({ [INDEX_SYNCS]: { ...syncs, [key]: at } });
    });
  }

  private async nextIndex(): Promise<number> {
    return ((await this.area.get([NEXT_INDEX]))[NEXT_INDEX] as number | undefined) ?? 0;
  }
}
