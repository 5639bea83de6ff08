/**
 * Chained moves in storage.local, one record per chain. Like HopStore, every write
 * reads the stored list, changes it and writes it back, one at a time per storage
 * area (whichever ChainStore makes it), so two chains saving at once never lose
 * one another; `exclusive` keeps one advance of one chain at a time.
 */
import { areaQueue, serialize } from '../../layers/serialize';
import type { KeyValueArea } from '../../shared/storage';
import type { ChainRecord } from './types';

const CHAINS = 'chains.records';

export class ChainStore {
  private readonly name: string;

  constructor(private readonly area: KeyValueArea) {
    this.name = areaQueue('chains', area);
  }

  private write<T>(fn: () => Promise<T>): Promise<T> {
    return serialize(this.name, fn);
  }

  /** Runs `fn` while no other exclusive run for chain `id` over this area runs. */
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return serialize(`${this.name}:${id}`, fn);
  }

  async all(): Promise<ChainRecord[]> {
    return ((await this.area.get([CHAINS]))[CHAINS] as ChainRecord[] | undefined) ?? [];
  }

  async get(id: string): Promise<ChainRecord | undefined> {
    return (await this.all()).find((c) => c.id === id);
  }

  put(record: ChainRecord): Promise<void> {
    return this.write(async () => {
      const rest = (await this.all()).filter((c) => c.id !== record.id);
      await this.area.set({ [CHAINS]: [...rest, record] });
    });
  }

  /** Stores `record` unless a chain with its id is stored already (then false, nothing written). */
  putNew(record: ChainRecord): Promise<boolean> {
    return this.write(async () => {
      const stored = await this.all();
      if (stored.some((c) => c.id === record.id)) return false;
      await this.area.set({ [CHAINS]: [...stored, record] });
      return true;
    });
  }

  /** Changes the stored chain `id` in one step of the write queue; returns what was stored (undefined: no such chain). */
  update(id: string, change: (c: ChainRecord) => ChainRecord): Promise<ChainRecord | undefined> {
    return this.write(async () => {
      const stored = await this.all();
      const at = stored.findIndex((c) => c.id === id);
      if (at < 0) return undefined;
      const next = change(stored[at]!);
      await this.area.set({ [CHAINS]: stored.map((c, i) => (i === at ? next : c)) });
      return next;
    });
  }
}
