/**
 * Network presets: what they are and how settings change them. A preset fixes what
 * an address looks like on that network (prefixes, chain ids), the default URL of
 * each backend the layer talks to, and the values the wallet holds those backends
 * to (pins). Users may override any endpoint URL and any pin in settings; the rest
 * is fixed. Each layer's own presets live in its descriptor (shared/layers/<id>.ts).
 */
import { LAYER_DESCRIPTORS, type LayerId, type LayerParamsMap } from './layers';
import type { PinKey } from './pins';
import { isLoopbackHost } from './links';
import { localText, type LocalText } from './local-text';

export type {
  BitcoinParams,
  LightningParams,
  LiquidParams,
  PowpegParams,
  RootstockParams,
  SbtcParams,
  StacksParams,
  StacksTokenParams,
} from './layers';
export { DEVNET_HOST, DEVNET_RELAY, SBTC_DEVNET_DEPLOYER } from './layers/devnet';

export interface NetworkPreset<L extends LayerId = LayerId> {
  layer: L;
  id: string;
  label: string;
  /** Default backend URLs by key (e.g. `esplora`, `explorer`). Overridable in settings. */
  endpoints: Record<string, string>;
  /** Values checked against what servers say (see PIN_KINDS). Overridable in settings. */
  pins?: Partial<Record<PinKey, string>>;
  params: LayerParamsMap[L];
}

type PresetTable = { [L in LayerId]: readonly NetworkPreset<L>[] };

/** Every layer's presets, from its descriptor. */
export const PRESETS = Object.fromEntries(LAYER_DESCRIPTORS.map((d) => [d.id, d.presets])) as unknown as PresetTable;

export type NetworkSelection = { [L in LayerId]: string };

export const DEFAULT_NETWORKS = Object.fromEntries(LAYER_DESCRIPTORS.map((d) => [d.id, d.defaultPreset])) as NetworkSelection;

/**
 * The local devnet (`npm start`, the tests): its counterparties' keys are made fresh
 * each run, so nothing can be pinned and the cross-checks are the check. Every other
 * preset is a public network, where a counterparty key that is not pinned is refused.
 */
export function isLocalDevnet(preset: Pick<NetworkPreset, 'id'>): boolean {
  return preset.id === 'devnet';
}

/** A preset's name in the user's language (its `label` is the English one, for logs and tests). */
export function presetName(p: { layer: LayerId; id: string }): LocalText {
  return localText(`preset_${p.layer}_${p.id.replace(/-/g, '_')}`);
}

export function findPreset<L extends LayerId>(layer: L, id: string): NetworkPreset<L> | undefined {
  return (PRESETS[layer] as readonly NetworkPreset<L>[]).find((p) => p.id === id);
}

/** Settings key of one overridable endpoint: `layer.preset.endpoint`. */
export function endpointKey(layer: LayerId, presetId: string, endpoint: string): string {
  return `${layer}.${presetId}.${endpoint}`;
}

/** Endpoints that are Nostr relays, reached over WebSocket; every other endpoint is an HTTP API. */
const RELAY_ENDPOINTS: readonly string[] = ['journalRelay'];

/** The URL schemes an endpoint takes (as `URL.protocol` spells them). */
export function endpointProtocols(endpoint: string): readonly string[] {
  return RELAY_ENDPOINTS.includes(endpoint) ? ['wss:', 'ws:'] : ['https:', 'http:'];
}

export const RELAY_URL_RULE = 'Relay URLs must use wss://; plain ws:// only on this machine (localhost, 127.0.0.1), where no one else can watch or change it.';

/** wss://, or plain ws:// to loopback only (the devnet), as for NWC relays: elsewhere the path to the relay is not ours to trust. */
export function isAllowedRelayUrl(url: URL): boolean {
  return url.protocol === 'wss:' || (url.protocol === 'ws:' && isLoopbackHost(url.hostname));
}

/** Settings key of one pin: `layer.preset.pin` (the same shape as an endpoint's). */
export const pinKey = endpointKey;

/** The preset with the user's endpoint and pin overrides applied. */
export function resolvePreset<L extends LayerId>(
  layer: L,
  id: string,
  overrides: Record<string, string>,
  pinOverrides: Record<string, string> = {},
): NetworkPreset<L> {
  const preset = findPreset(layer, id) ?? (PRESETS[layer][0] as NetworkPreset<L>);
  const endpoints: Record<string, string> = {};
  for (const [key, url] of Object.entries(preset.endpoints)) {
    endpoints[key] = overrides[endpointKey(layer, preset.id, key)] ?? url;
  }
  const pins: Partial<Record<PinKey, string>> = {};
  for (const [key, value] of Object.entries(preset.pins ?? {}) as [PinKey, string][]) {
    pins[key] = pinOverrides[pinKey(layer, preset.id, key)] ?? value;
  }
  return { ...preset, endpoints, pins };
}

/** Settings' one switch for every layer: all on the local devnet, all on public testnets, or a mix. */
export type NetworkGroup = 'testnets' | 'devnet';

/** Every layer's preset for the group: its local devnet, or its default public testnet. */
export function networksOfGroup(group: NetworkGroup): NetworkSelection {
  const devnet = (layer: LayerId) => PRESETS[layer].find((p) => isLocalDevnet(p))?.id ?? DEFAULT_NETWORKS[layer];
  return Object.fromEntries(LAYER_DESCRIPTORS.map(({ id }) => [id, group === 'devnet' ? devnet(id) : DEFAULT_NETWORKS[id]])) as NetworkSelection;
}

/** Which group a selection is in: every layer on its devnet, none on it (any public preset), or `mixed`. */
export function groupOfNetworks(networks: NetworkSelection): NetworkGroup | 'mixed' {
  const onDevnet = LAYER_DESCRIPTORS.map(({ id }) => isLocalDevnet({ id: networks[id] }));
  if (onDevnet.every(Boolean)) return 'devnet';
  return onDevnet.some(Boolean) ? 'mixed' : 'testnets';
}
