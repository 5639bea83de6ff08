/**
 * The cached portfolio in storage.local: each layer's last overview and public account
 * view, per network, written by the background (public data only, never a key). The
 * popup reads every key it could need in one storage read, with the settings, and
 * paints what belongs to the networks and layers those settings select now.
 */
import type { LayerAccountView } from './accounts';
import type { LayerOverview } from './layer-views';
import { LAYER_IDS, type LayerId } from './layers';
import { PRESETS } from './networks';
import { SETTINGS_STORAGE_KEY, settingsFrom, type Settings } from './settings';

export const overviewCacheKey = (layer: LayerId, network: string) => `overview.${layer}.${network}`;
export const accountCacheKey = (layer: LayerId, network: string) => `account.${layer}.${network}`;

/** The settings and every layer's cached overview and account on every network: what one read fetches. */
export function portfolioKeys(): string[] {
  const keys = [SETTINGS_STORAGE_KEY];
  for (const layer of LAYER_IDS) for (const p of PRESETS[layer]) keys.push(overviewCacheKey(layer, p.id), accountCacheKey(layer, p.id));
  return keys;
}

export interface CachedPortfolio {
  /** The layers "Layers shown" shows, in the wallet's order. */
  shown: LayerId[];
  accounts: Partial<Record<LayerId, LayerAccountView>>;
  overviews: Partial<Record<LayerId, LayerOverview>>;
}

/** What was cached for `layer` on `network`, if it says so itself (a value stored under another key is not taken). */
function cachedFor<T extends { layer: unknown; network: unknown }>(stored: Record<string, unknown>, key: string, layer: LayerId, network: string): T | undefined {
  const v = stored[key] as T | undefined;
  return v && typeof v === 'object' && v.layer === layer && v.network === network ? v : undefined;
}

/** The cached overviews of `layers` on the networks `settings` select; layers never refreshed there are left out. */
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
