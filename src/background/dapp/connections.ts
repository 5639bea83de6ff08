/**
 * Sites the user connected, per origin and per family (storage.local, public data
 * only). What each may do (`grants`) is kept as the connect window showed it, so
 * Settings can list it while the wallet is locked.
 *
 * Each connection belongs to the wallet that made it (its public id, as the wallet
 * writes it on every unlock): a site the user connected with one phrase is a stranger
 * to a wallet created or imported after a wipe. Tagged rather than cleared on import,
 * so a worker stopped between storing the new vault and any clean-up cannot leave the
 * old wallet's sites connected.
 */
import type { ConnectionView } from '../../shared/dapp/approval-view';
import { FAMILY_LAYER, isDappFamily, type DappFamily } from '../../shared/dapp/protocol';
import { isLocalText, type LocalText } from '../../shared/local-text';
import { WALLET_ID_STORAGE_KEY } from '../../shared/portfolio-cache';
import { areaQueue, serialize } from '../../layers/serialize';
import type { KeyValueArea } from '../ports';

export const CONNECTIONS_KEY = 'dapp.connections';

type Stored = Record<string, { origin: string; family: DappFamily; grants: LocalText[]; connectedAt: number; wallet: string | null }>;

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
    return keyOf(origin, family) in (await this.ours());
  }

  async list(): Promise<ConnectionView[]> {
    return Object.values(await this.ours())
      .map(({ wallet: _, ...c }) => ({ ...c, layer: FAMILY_LAYER[c.family] }))
      .sort((a, b) => a.origin.localeCompare(b.origin) || a.family.localeCompare(b.family));
  }

  async add(origin: string, family: DappFamily, grants: LocalText[]): Promise<void> {
    await serialize(this.queue, async () => {
      const all = await this.read();
      all[keyOf(origin, family)] = { origin, family, grants, connectedAt: this.now(), wallet: await this.walletId() };
      await this.area.set({ [CONNECTIONS_KEY]: all });
    });
  }

  async remove(origin: string, family: DappFamily): Promise<ConnectionView[]> {
    const removed = await serialize(this.queue, async () => {
      const all = await this.read();
      if (!(keyOf(origin, family) in (await this.ours()))) return false;
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

  /** The wallet in the vault now (written on every unlock, create and import); null before any. */
  private async walletId(): Promise<string | null> {
    const id = (await this.area.get([WALLET_ID_STORAGE_KEY]))[WALLET_ID_STORAGE_KEY];
    return typeof id === 'string' ? id : null;
  }

  /** The connections of the wallet in the vault now. */
  private async ours(): Promise<Stored> {
    const wallet = await this.walletId();
    return Object.fromEntries(Object.entries(await this.read()).filter(([, c]) => c.wallet === wallet));
  }

  /** What is stored, less any entry that is not well formed (storage is not trusted to be ours alone). */
  private async read(): Promise<Stored> {
    const raw = (await this.area.get([CONNECTIONS_KEY]))[CONNECTIONS_KEY];
    const out: Stored = {};
    if (typeof raw !== 'object' || raw === null) return out;
    for (const c of Object.values(raw as Record<string, unknown>)) {
      const { origin, family, grants, connectedAt, wallet } = (c ?? {}) as Stored[string];
      if (typeof origin !== 'string' || !isDappFamily(family) || typeof connectedAt !== 'number') continue;
      out[keyOf(origin, family)] = { origin, family, connectedAt, grants: Array.isArray(grants) ? grants.filter((g) => isLocalText(g)) : [], wallet: typeof wallet === 'string' ? wallet : null };
    }
    return out;
  }
}
