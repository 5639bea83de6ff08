/**
 * When this profile first saw each layer transaction (ms), kept in storage.local
 * (public data: timeline keys and times). The timeline dates a transaction by it
 * when it is earlier than the block's time, which can run ahead of the clock.
 */
import { areaQueue, serialize } from '../layers/serialize';
import type { KeyValueArea } from './ports';

export const FIRST_SEEN_STORAGE_KEY = 'timeline.firstSeen';
/** The most kept; past it the longest-known go first (old history is dated by its blocks anyway). */
export const MAX_FIRST_SEEN = 5_000;
/**
 * The longest key stamped (Liquid's `tx:liquid:<txid>:<asset>` is 139): ids come from
 * servers, and the count bound alone would let huge ones fill storage.local's quota.
 */
export const MAX_FIRST_SEEN_KEY = 200;

const keptKey = (k: string) => k.length <= MAX_FIRST_SEEN_KEY;

type Stamps = Record<string, number>;

export class FirstSeen {
  /**
   * Keys known to be stamped in storage (a refresh with nothing new then reads
   * nothing), kept only where the area reports changes: any change to the stamps
   * drops it, and a read that a change overtook is not remembered.
   */
  private known: Set<string> | null = null;
  private changes = 0;

  constructor(
    private readonly area: KeyValueArea,
    private readonly now: () => number,
  ) {
    area.onChanged?.((keys) => {
      if (!keys.includes(FIRST_SEEN_STORAGE_KEY)) return;
      this.changes++;
      this.known = null;
    });
  }

  private async read(): Promise<Stamps> {
    const v = (await this.area.get([FIRST_SEEN_STORAGE_KEY]))[FIRST_SEEN_STORAGE_KEY];
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, number] => keptKey(e[0]) && Number.isFinite(e[1])));
  }

  /** Stamps the keys not seen before with now; read-modify-write, one at a time (layers refresh in parallel). */
  note(keys: readonly string[]): Promise<void> {
    const known = this.known;
    if (known && keys.every((k) => !keptKey(k) || known.has(k))) return Promise.resolve();
    return serialize(areaQueue('firstSeen', this.area), async () => {
      const changes = this.changes;
      const stamps = await this.read();
      const fresh = keys.filter((k) => keptKey(k) && stamps[k] === undefined);
      if (fresh.length === 0) {
        if (this.area.onChanged && this.changes === changes) this.known = new Set(Object.keys(stamps));
        return;
      }
      const at = this.now();
      for (const k of fresh) stamps[k] = at;
      const kept = Object.entries(stamps)
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_FIRST_SEEN);
      await this.area.set({ [FIRST_SEEN_STORAGE_KEY]: Object.fromEntries(kept) });
    });
  }

  async all(): Promise<Map<string, number>> {
    return new Map(Object.entries(await this.read()));
  }
}
