import type { LayerId } from './layers';
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
