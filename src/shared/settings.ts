import { LAYER_IDS, type LayerId } from './layers';
import { DEFAULT_NETWORKS, type NetworkSelection } from './networks';

/** Idle minutes before the wallet locks itself. */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240] as const;
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

export interface Settings {
  autoLockMinutes: number;
  networks: NetworkSelection;
  /** Endpoint URL overrides keyed by `layer.preset.endpoint`. */
  endpoints: Record<string, string>;
  /** Pin overrides (see PIN_KINDS) keyed by `layer.preset.pin`. */
  pins: Record<string, string>;
  /** Layers the user switched off in Settings ("Layers shown"): gone from Home, Move, Settings and the RPC surface. */
  hiddenLayers: LayerId[];
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES,
  networks: { ...DEFAULT_NETWORKS },
  endpoints: {},
  pins: {},
  hiddenLayers: [],
};

/** Where the settings live in storage.local (the background writes them; the popup reads them for its first paint). */
export const SETTINGS_STORAGE_KEY = 'settings';

/** The settings a stored record means: defaults for what it lacks, unknown layers dropped. */
export function settingsFrom(stored: Partial<Settings> | undefined): Settings {
  return {
    autoLockMinutes: stored?.autoLockMinutes ?? DEFAULT_SETTINGS.autoLockMinutes,
    networks: { ...DEFAULT_SETTINGS.networks, ...stored?.networks },
    endpoints: { ...stored?.endpoints },
    pins: { ...stored?.pins },
    hiddenLayers: (stored?.hiddenLayers ?? []).filter((l) => LAYER_IDS.includes(l)),
  };
}
