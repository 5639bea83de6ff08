/**
 * Builds layer services for a request from the unlocked key tree and the selected
 * presets (or a given one: a hop's), through the layer registry, and keeps the
 * last overview and account view of each layer in storage.local (the cached
 * portfolio, shared/portfolio-cache.ts) so the popup can paint at once.
 */
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';
import type { LayerAccountView } from '../shared/accounts';
import { HttpClient } from '../shared/http';
import type { LayerOverview } from '../shared/layer-views';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { txEntryKey } from '../shared/timeline';
import { resolvePreset, type NetworkPreset } from '../shared/networks';
import { accountCacheKey, cachedOverviews, overviewCacheKey, WALLET_ID_STORAGE_KEY, type Cached } from '../shared/portfolio-cache';
import { lightningFunding, lnurlHttp, nwcLinks } from '../layers/lightning/background-state';
import type { LightningFunding } from '../layers/lightning/funding';
import { platformHostAccess, type HostAccess } from '../layers/lightning/host-access';
import type { HttpFactory } from '../layers/lightning/lnurl-http';
import type { NwcConnections } from '../layers/lightning/nwc-connections';
import { layerModule, type HopSide, type ServiceOf } from '../layers/registry';
import { SCAN_MEMO_KEYS } from '../layers/scan-memo';
import type { Closable, LayerEnv, LayerRuntime, LayerService, ServiceDeps } from '../layers/types';
import { FirstSeen } from './first-seen';
import { overviewFailure } from './overview-error';
import type { KeyValueArea } from './ports';
import type { SettingsStore } from './settings-store';
import type { WalletService } from './wallet';

const lockedMeanwhile = () => new WalletError('locked', localText('err_locked_meanwhile'));

/**
 * How much older than a refresh the stored stamp of the same overview may be for the
 * refresh to write nothing: the popup shows the stamp to the second. Each write costs
 * the browser process and the worker, five at once when Home refreshes every layer.
 */
export const UNCHANGED_STAMP_MS = 1000;

/** The same JSON value, whatever the order of object keys (storage hands objects back with their keys sorted) and with undefined fields as absent (storage keeps none). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const fields = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
  const fa = fields(a);
  const rb = b as Record<string, unknown>;
  return fa.length === fields(b).length && fa.every(([k, v]) => sameJson(v, rb[k]));
}

/** Storage holds this very overview, stamped at most UNCHANGED_STAMP_MS before it (never after). */
export function storedAlready(stored: unknown, entry: Cached<LayerOverview>): boolean {
  const s = stored as Partial<Cached<LayerOverview>> | undefined;
  if (!s || typeof s !== 'object' || typeof s.updatedAt !== 'number') return false;
  const age = entry.updatedAt - s.updatedAt;
  return age >= 0 && age <= UNCHANGED_STAMP_MS && sameJson({ ...s, updatedAt: 0 }, { ...entry, updatedAt: 0 });
}

export class Layers {
  /**
   * Services live as long as the unlocked key tree and the settings they were built
   * from. The build's promise is kept (not its result), so two requests at once share one service.
   */
  private readonly services = new Map<string, { root: unknown; service: Promise<LayerService> }>();
  /** What layers keep across requests (LayerEnv.keep), closed and dropped on lock. */
  private readonly kept = new Map<string, object>();
  /** Counts locks: a build that awaited across one must not be handed out or kept. */
  private locks = 0;
  /** The account views this worker last cached for one wallet session, by key: unchanged ones are not written again. */
  private accountsCached = { wallet: null as unknown, written: new Map<string, string>() };

  constructor(
    private readonly wallet: WalletService,
    private readonly settings: SettingsStore,
    private readonly local: KeyValueArea,
    private readonly now: () => number,
    private readonly session: KeyValueArea,
  ) {
    wallet.onLock(() => this.wipe());
    this.firstSeen = new FirstSeen(local, now);
  }

  /** When each layer transaction was first seen, for the activity timeline's dates. */
  readonly firstSeen: FirstSeen;

  /** Host grants checked before each LNURL request; replaceable in tests. */
  hostAccess: HostAccess = platformHostAccess();

  /**
   * On lock: every cached service zeroes the keys it derived and is dropped; what layers kept (open NWC links)
   * closes; the scans kept for the next worker (scan-memo.ts) leave storage.session.
   */
  async wipe(): Promise<void> {
    this.locks++;
    const services = [...this.services.values()];
    this.services.clear();
    const kept = [...this.kept.values()];
    this.kept.clear();
    await Promise.allSettled(services.map(async ({ service }) => (await service.catch(() => null))?.wipe?.()));
    // Again after the services' wipes (the wallet removed them first), which stop their refreshes under way from storing a scan.
    await this.session.remove([...SCAN_MEMO_KEYS]).catch(() => undefined);
    await Promise.all(kept.map((k) => (k as Closable).close?.()));
  }

  private keep<T extends object>(key: string, make: () => T): T {
    let hit = this.kept.get(key) as T | undefined;
    if (!hit) this.kept.set(key, (hit = make()));
    return hit;
  }

  private env(keys: LayerEnv['keys']): LayerEnv {
    return { keys, session: this.session, hostAccess: this.hostAccess, keep: (key, make) => this.keep(key, make) };
  }

  /** Dependencies on `preset`, or on the preset Settings select now. */
  async deps<L extends LayerId>(layer: L, preset?: NetworkPreset<L>): Promise<ServiceDeps<L>> {
    const keyring = await this.wallet.unlockedKeyring();
    const s = preset ? null : await this.settings.get();
    return {
      root: keyring.root,
      preset: preset ?? resolvePreset(layer, s!.networks[layer], s!.endpoints, s!.pins),
      store: this.local,
      http: (url) => new HttpClient(url),
      now: this.now,
      env: this.env(keyring),
    };
  }

  /** The layer's service on `preset` (a hop's), or on the preset Settings select now. */
  async service<L extends LayerId>(layer: L, preset?: NetworkPreset<L>): Promise<ServiceOf<L>> {
    const mod = layerModule(layer);
    const locks = this.locks;
    const deps = await this.deps(layer, preset);
    // The keyring was read before a lock that has since wiped it and the cache: build nothing on it.
    if (this.locks !== locks) throw lockedMeanwhile();
    if (mod.perRequest) return mod.service(deps);
    const key = `${layer}|${JSON.stringify(deps.preset)}`;
    const hit = this.services.get(key);
    if (hit && hit.root === deps.root) return hit.service as Promise<ServiceOf<L>>;
    const service = (async () => {
      const built: ServiceOf<L> & LayerService = await mod.service(deps);
      if (this.locks !== locks) {
        // A lock came while it was built (wipe() then finds this rejected): its keys go now.
        await built.wipe?.();
        throw lockedMeanwhile();
      }
      return built;
    })();
    const entry = { root: deps.root, service };
    this.services.set(key, entry);
    // A failed build is not kept: the next request tries again.
    service.catch(() => {
      if (this.services.get(key) === entry) this.services.delete(key);
    });
    return service;
  }

  /** What a layer's handlers reach the background through. */
  runtime<L extends LayerId>(layer: L): LayerRuntime<L, ServiceOf<L>> {
    return { service: (preset) => this.service(layer, preset), deps: (preset) => this.deps(layer, preset) };
  }

  /** The side layer `layer` offers hops on `preset` (a hop's). */
  hopSide<L extends LayerId>(layer: L, preset: NetworkPreset<L>): Promise<HopSide<L>> {
    return layerModule(layer).hopSide(this.runtime(layer), preset);
  }

  /** Lightning's, for hops: HTTP to LNURL services on granted hosts only. */
  lnurlHttp(): HttpFactory {
    return lnurlHttp(this.hostAccess);
  }

  /** Lightning's saved NWC links (one per network). */
  get nwc(): NwcConnections {
    return nwcLinks({ session: this.session, keep: (key, make) => this.keep(key, make) }, this.now);
  }

  /** Lightning's, for hops: the connected wallet (NWC) that pays and makes invoices; null when none is connected. */
  async lightningFunding(preset?: NetworkPreset<'lightning'>): Promise<LightningFunding | null> {
    return lightningFunding(await this.deps('lightning', preset));
  }

  async overview(layer: LayerId): Promise<LayerOverview> {
    const { id } = await this.wallet.unlockedWallet();
    const service = await this.service(layer);
    const fresh = await service.overview().catch(async (err: unknown) => {
      throw overviewFailure(err, layer, (await this.deps(layer)).preset);
    });
    // Cached only if the wallet it was read for is still the one unlocked.
    if (this.wallet.currentWalletId() === id) {
      const cached: Cached<LayerOverview> = { ...fresh, walletId: id };
      const key = overviewCacheKey(layer, fresh.network);
      // Read through the worker's copy (cached-area.ts): what another context changed is read afresh, then written over.
      if (!storedAlready((await this.local.get([key]))[key], cached)) await this.local.set({ [key]: cached });
      // A stamp that cannot be written only dates the transaction by its block.
      await this.firstSeen.note(fresh.activity.map((a) => txEntryKey(layer, a.id))).catch(() => undefined);
    }
    return fresh;
  }

  /**
   * Caches the public account views `wallet` derived, for the popup's first paint; only
   * what changed in this wallet session is written (a new vault cleared the stored ones).
   */
  async rememberAccounts(wallet: { keyring: object; id: string }, accounts: readonly LayerAccountView[]): Promise<void> {
    if (this.wallet.currentWalletId() !== wallet.id) return;
    if (this.accountsCached.wallet !== wallet.keyring) this.accountsCached = { wallet: wallet.keyring, written: new Map() };
    const { written } = this.accountsCached;
    const changed: Record<string, Cached<LayerAccountView>> = {};
    for (const a of accounts) {
      const key = accountCacheKey(a.layer, a.network);
      const json = JSON.stringify(a);
      if (written.get(key) !== json) changed[key] = { ...a, walletId: wallet.id };
    }
    if (Object.keys(changed).length === 0) return;
    await this.local.set(changed);
    for (const a of accounts) written.set(accountCacheKey(a.layer, a.network), JSON.stringify(a));
  }

  /** Cached overviews of `layers` read at most `maxAgeMs` ago (by this worker's clock), while unlocked: the timeline reuses what Home just read. */
  async recent(layers: readonly LayerId[], maxAgeMs: number): Promise<LayerOverview[]> {
    await this.wallet.unlockedWallet();
    const now = this.now();
    return (await this.cached(layers)).filter((o) => o.updatedAt <= now && now - o.updatedAt <= maxAgeMs);
  }

  /** Cached overviews of this wallet for the selected networks of `layers`; layers never refreshed are left out. */
  async cached(layers: readonly LayerId[] = LAYER_IDS): Promise<LayerOverview[]> {
    const s = await this.settings.get();
    const found = await this.local.get([WALLET_ID_STORAGE_KEY, ...layers.map((l) => overviewCacheKey(l, s.networks[l]))]);
    return cachedOverviews(found, s, layers);
  }
}
