/**
 * A layer's own sends (or payments), kept in storage.local under one key: written
 * with the signed transaction before it is broadcast, so a worker stopped in
 * between can still find, show and rebroadcast it; then updated from the chain.
 * Public data only (a signed transaction is what the network sees anyway).
 *
 * Every write is a read-modify-write of the whole list, one at a time per key in
 * this worker: two sends saved together (a hop funding itself while the user
 * sends) must both be kept. Records are kept newest first, at most `keep` of
 * them, but a record still `open` is never dropped: settled ones make room.
 */
import type { KeyValueArea } from '../shared/storage';
import { serialize } from './serialize';

export interface SendStoreOptions<R> {
  /** The record's id: txid, transaction hash or payment hash. */
  id: (record: R) => string;
  /** At most this many records, open ones included; settled ones are dropped first (default: no bound). */
  keep?: number;
  /** Not settled yet: the record is what stops the wallet from paying twice or forgetting a send. */
  open?: (record: R) => boolean;
}

export class SendStore<R extends { createdAt: number }> {
  constructor(
    private readonly area: KeyValueArea,
    /** Unchanged from the stores this replaces, so records written before an upgrade are found. */
    readonly key: string,
    private readonly opts: SendStoreOptions<R>,
  ) {}

  async list(): Promise<R[]> {
    const value = (await this.area.get([this.key]))[this.key];
    return Array.isArray(value) ? (value as R[]) : [];
  }

  async get(id: string): Promise<R | undefined> {
    return (await this.list()).find((r) => this.opts.id(r) === id);
  }

  /** Inserts or replaces by id. */
  put(record: R): Promise<void> {
    const id = this.opts.id(record);
    return this.change((all) => ({ next: [record, ...all.filter((r) => this.opts.id(r) !== id)], result: undefined }));
  }

  /** Patches the record `id`; returns it, or undefined when there is none. */
  update(id: string, patch: Partial<R>): Promise<R | undefined> {
    return this.change((all) => {
      const i = all.findIndex((r) => this.opts.id(r) === id);
      if (i < 0) return { result: undefined };
      const next = [...all];
      next[i] = { ...all[i]!, ...patch };
      return { next, result: next[i] };
    });
  }

  /** Replaces the stored records that have these ids (a removed one stays removed); others, saved meanwhile too, are left as they are. */
  updateAll(records: readonly R[]): Promise<void> {
    const byId = new Map(records.map((r) => [this.opts.id(r), r]));
    return this.change((all) => ({ next: all.map((r) => byId.get(this.opts.id(r)) ?? r), result: undefined }));
  }

  remove(...ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const drop = new Set(ids);
    return this.change((all) => (all.some((r) => drop.has(this.opts.id(r))) ? { next: all.filter((r) => !drop.has(this.opts.id(r))), result: undefined } : { result: undefined }));
  }

  /**
   * Reads the list and, from it, what to write (`next`, none to leave it) and what
   * to return, with no other write to this key in between: a check and a write that
   * must be one step (e.g. "no payment of this invoice yet, so record this one").
   */
  change<T>(fn: (all: R[]) => { next?: R[]; result: T }): Promise<T> {
    return serialize(`send-store:${this.key}`, async () => {
      const { next, result } = fn(await this.list());
      if (next) await this.area.set({ [this.key]: this.bounded(next) });
      return result;
    });
  }

  private bounded(records: R[]): R[] {
    const sorted = [...records].sort((a, b) => b.createdAt - a.createdAt);
    if (this.opts.keep === undefined) return sorted;
    const open = this.opts.open ?? (() => false);
    let room = this.opts.keep - sorted.filter(open).length;
    return sorted.filter((r) => open(r) || room-- > 0);
  }
}
