/**
 * Sites the user connected, per origin and per family (storage.local, public data
 * only). What each may do (`grants`) is kept as the connect window showed it, so
 * Settings can list it while the wallet is locked.
 */
import type { ConnectionView } from '../../shared/dapp/approval-view';
import { FAMILY_LAYER, isDappFamily, type DappFamily } from '../../shared/dapp/protocol';
import { isLocalText, type LocalText } from '../../shared/local-text';
import { areaQueue, serialize } from '../../layers/serialize';
import type { KeyValueArea } from '../ports';

export const CONNECTIONS_KEY = 'dapp.connections';

type Stored = Record<string, { origin: string; family: DappFamily; grants: LocalText[]; connectedAt: number }>;

const keyOf = (origin: string, family: DappFamily) => `${family} ${origin}`;

export class ConnectionStore {
  private readonly queue: string;
  private readonly disconnected: ((origin: string, family: DappFamily) => void)[] = [];

  constructor(private readonly area: KeyValueArea, private readonly now: () => number) {
    this.queue = areaQueue('dapp.connections', area);
  }

  /** Called after a Disconnect (EIP-1193 `disconnect` / `accountsChanged []` may follow from a family). */
  onDisconnect(listener: (origin: string, family: DappFamily) => void): void {
    this.disconnected.push(listener);
  }

  async has(origin: string, family: DappFamily): Promise<boolean> {
    return keyOf(origin, family) in (await this.read());
  }

  async list(): Promise<ConnectionView[]> {
    return Object.values(await this.read())
      .map((c) => ({ ...c, layer: FAMILY_LAYER[c.family] }))
      .sort((a, b) => a.origin.localeCompare(b.origin) || a.family.localeCompare(b.family));
  }

  async add(origin: string, family: DappFamily, grants: LocalText[]): Promise<void> {
    await serialize(this.queue, async () => {
      const all = await this.read();
      all[keyOf(origin, family)] = { origin, family, grants, connectedAt: this.now() };
      await this.area.set({ [CONNECTIONS_KEY]: all });
    });
  }

  async remove(origin: string, family: DappFamily): Promise<ConnectionView[]> {
    const removed = await serialize(this.queue, async () => {
      const all = await this.read();
      if (!(keyOf(origin, family) in all)) return false;
      delete all[keyOf(origin, family)];
      await this.area.set({ [CONNECTIONS_KEY]: all });
      return true;
    });
    if (removed) {
      for (const listener of this.disconnected) {
        try {
          listener(origin, family);
        } catch {
          // A listener's fault does not undo the Disconnect.
        }
      }
    }
    return this.list();
  }

  /** What is stored, less any entry that is not well formed (storage is not trusted to be ours alone). */
  private async read(): Promise<Stored> {
    const raw = (await this.area.get([CONNECTIONS_KEY]))[CONNECTIONS_KEY];
    const out: Stored = {};
    if (typeof raw !== 'object' || raw === null) return out;
    for (const c of Object.values(raw as Record<string, unknown>)) {
      const { origin, family, grants, connectedAt } = (c ?? {}) as Stored[string];
      if (typeof origin !== 'string' || !isDappFamily(family) || typeof connectedAt !== 'number') continue;
      out[keyOf(origin, family)] = { origin, family, connectedAt, grants: Array.isArray(grants) ? grants.filter((g) => isLocalText(g)) : [] };
    }
    return out;
  }
}
