/**
 * A storage area as this worker reads it: each key's last answer is kept, so a request
 * that reads what was read before (Home's refresh with nothing new read nine keys, two of
 * them twice) reaches storage for none of it. Every chrome.storage call costs the browser
 * process and the worker about half a millisecond of CPU.
 *
 * Kept only where the area reports changes (storage.onChanged: any context, this worker's
 * own writes included). A write or removal drops its keys when issued, so the reads after
 * it go to storage, which answers them after the write; a change report drops its keys; an
 * answer is kept only if no write, removal or report of its keys came while it was read.
 * Each caller gets its own copy. A restarted worker starts with nothing kept.
 */
import type { KeyValueArea } from './ports';

const ABSENT = Symbol('absent');

export class CachedArea implements KeyValueArea {
  private readonly kept = new Map<string, unknown>();
  /** Per key: writes, removals and change reports so far. */
  private readonly changes = new Map<string, number>();
  private readonly except: ReadonlySet<string>;
  readonly onChanged?: (listener: (keys: string[]) => void) => void;

  constructor(
    private readonly area: KeyValueArea,
    /** `except`: keys never kept (secrets read once, which need not outlive their use). */
    opts: { except?: readonly string[] } = {},
  ) {
    this.except = new Set(opts.except ?? []);
    if (area.onChanged) {
      // Registered first, so listeners added later read storage, not the dropped copy.
      area.onChanged((keys) => this.changed(keys));
      this.onChanged = (listener) => area.onChanged!(listener);
    }
  }

  async get(keys: string[]): Promise<Record<string, unknown>> {
    if (!this.onChanged) return this.area.get(keys);
    const hits: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const k of keys) {
      if (!this.kept.has(k)) missing.push(k);
      else if (this.kept.get(k) !== ABSENT) hits[k] = structuredClone(this.kept.get(k));
    }
    if (missing.length === 0) return hits;
    const before = keys.map((k) => this.count(k));
    const found = await this.area.get(missing);
    // A kept key changed while the others were read: answer all from one read, as storage would.
    if (keys.some((k, i) => this.count(k) !== before[i])) return this.area.get(keys);
    for (const k of missing) {
      if (!this.except.has(k)) this.kept.set(k, Object.hasOwn(found, k) ? structuredClone(found[k]) : ABSENT);
    }
    return { ...hits, ...found };
  }

  set(items: Record<string, unknown>): Promise<void> {
    this.changed(Object.keys(items));
    return this.area.set(items);
  }

  remove(keys: string[]): Promise<void> {
    this.changed(keys);
    return this.area.remove(keys);
  }

  private count(key: string): number {
    return this.changes.get(key) ?? 0;
  }

  private changed(keys: readonly string[]): void {
    for (const k of keys) {
      this.kept.delete(k);
      this.changes.set(k, this.count(k) + 1);
    }
  }
}
