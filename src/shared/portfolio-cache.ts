/**
 * The cached portfolio in storage.local: each layer's last overview and public account
 * view, per network, written by the background (public data only, never a key). The
 * popup reads every key it could need in one storage read, with the settings, and
 * paints what belongs to the networks and layers those settings select now, and to
 * the wallet whose id the worker last stored: another wallet's address or balance
 * (a reset, a copied profile) is never painted.
 */
import type { LayerAccountView } from './accounts';
import type { LayerOverview } from './layer-views';
import { LAYER_IDS, type LayerId } from './layers';
import { PRESETS } from './networks';
import { SETTINGS_STORAGE_KEY, settingsFrom, type Settings } from './settings';

export const overviewCacheKey = (layer: LayerId, network: string) => `overview.${layer}.${network}`;
export const accountCacheKey = (layer: LayerId, network: string) => `account.${layer}.${network}`;
/** The public id of the wallet created, imported or unlocked last (written by the worker, never key material). */
export const WALLET_ID_STORAGE_KEY = 'walletId';

/** A view as cached: tagged with the id of the wallet it was derived from. */
export type Cached<T> = T & { walletId: string };

/** Every cached overview and account key, on every network. */
export function cachedViewKeys(): string[] {
  const keys: string[] = [];
  for (const layer of LAYER_IDS) for (const p of PRESETS[layer]) keys.push(overviewCacheKey(layer, p.id), accountCacheKey(layer, p.id));
  return keys;
}

/** The settings, the wallet id and every cached view: what one read fetches. */
export function portfolioKeys(): string[] {
  return [SETTINGS_STORAGE_KEY, WALLET_ID_STORAGE_KEY, ...cachedViewKeys()];
}

export interface CachedPortfolio {
  /** The layers "Layers shown" shows, in the wallet's order. */
  shown: LayerId[];
  accounts: Partial<Record<LayerId, LayerAccountView>>;
  overviews: Partial<Record<LayerId, LayerOverview>>;
}

/**
 * What was cached for `layer` on `network` by the wallet `stored` names, if it says so
 * itself (a value stored under another key, or untagged, is not taken); without its tag.
 */
function cachedFor<T extends { layer: unknown; network: unknown }>(stored: Record<string, unknown>, key: string, layer: LayerId, network: string): T | undefined {
  const walletId = stored[WALLET_ID_STORAGE_KEY];
  const v = stored[key] as Partial<Cached<T>> | undefined;
  if (typeof walletId !== 'string' || !v || typeof v !== 'object' || v.walletId !== walletId || v.layer !== layer || v.network !== network) return undefined;
  const { walletId: _, ...view } = v;
  return view as unknown as T;
}

/** The cached overviews of `layers` on the networks `settings` select (read with WALLET_ID_STORAGE_KEY); layers never refreshed there are left out. */
export function cachedOverviews(stored: Record<string, unknown>, settings: Settings, layers: readonly LayerId[]): LayerOverview[] {
  return layers
    .map((l) => cachedFor<LayerOverview>(stored, overviewCacheKey(l, settings.networks[l]), l, settings.networks[l]))
    .filter((o): o is LayerOverview => !!o && Array.isArray(o.balances));
}

/** From what portfolioKeys() read: the shown layers' overviews and accounts on the networks selected now. */
export function pickPortfolio(stored: Record<string, unknown>): CachedPortfolio {
  const settings = settingsFrom(stored[SETTINGS_STORAGE_KEY] as Partial<Settings> | undefined);
  const shown = LAYER_IDS.filter((l) => !settings.hiddenLayers.includes(l));
  const overviews: CachedPortfolio['overviews'] = {};
  for (const o of cachedOverviews(stored, settings, shown)) overviews[o.layer] = o;
  const accounts: CachedPortfolio['accounts'] = {};
  for (const l of shown) {
    const a = cachedFor<LayerAccountView>(stored, accountCacheKey(l, settings.networks[l]), l, settings.networks[l]);
    if (a && typeof a.value === 'string') accounts[l] = a;
  }
  return { shown, accounts, overviews };
}

/**
 * The cached account views Home paints first, or null (Home waits for accounts.list).
 * Only a list covering every shown layer is painted: Home lists a layer only with its
 * account, so a partial list (a layer shown again, a network switched) would drop it.
 */
export function paintableAccounts(cached: CachedPortfolio | null | undefined): CachedPortfolio['accounts'] | null {
  return cached && cached.shown.length > 0 && cached.shown.every((l) => cached.accounts[l]) ? cached.accounts : null;
}
