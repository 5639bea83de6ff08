/**
 * Network presets: what they are and how settings change them. A preset fixes what
 * an address looks like on that network (prefixes, chain ids), the default URL of
 * each backend the layer talks to, and the values the wallet holds those backends
 * to (pins). Users may override any endpoint URL and any pin in settings; the rest
 * is fixed. Each layer's own presets live in its descriptor (shared/layers/<id>.ts).
 */
import { LAYER_DESCRIPTORS, type LayerId, type LayerParamsMap } from './layers';

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
export { DEVNET_HOST, SBTC_DEVNET_DEPLOYER } from './layers/devnet';

/**
 * What a server is never trusted to tell us: contract addresses and code hashes,
 * counterparty keys, and how much we accept on its word before a confirmation.
 * An empty pin means "not known for this network": the code using it then
 * cross-checks instead, or refuses.
 */
export const PIN_KINDS = {
  /** Rootstock: Boltz's EtherSwap contract. */
  etherSwap: 'evm-address',
  /** Rootstock: keccak256 of EtherSwap's runtime code (`eth_getCode`). */
  etherSwapCodeHash: 'hash32',
  /** Bitcoin, Liquid: the largest Boltz lockup claimed before it confirms, in sats. */
  zeroConfMaxSats: 'sats',
  /** Rootstock: the PowPeg federation's Bitcoin address that peg-ins pay (it changes when the federation does). */
  powpegFederation: 'btc-p2sh-address',
  /** Stacks: the sBTC signers' aggregate key (compressed) that deposits are locked to. */
  sbtcSignersKey: 'pubkey33',
} as const;
export type PinKey = keyof typeof PIN_KINDS;
export type PinKind = (typeof PIN_KINDS)[PinKey];

/** The pattern each kind of pin must match, lower-case hex where it is hex. */
export const PIN_PATTERNS: Record<PinKind, RegExp> = {
  'evm-address': /^0x[0-9a-f]{40}$/,
  hash32: /^0x[0-9a-f]{64}$/,
  sats: /^(0|[1-9][0-9]{0,15})$/,
  // Base58 P2SH: 3… on mainnet, 2… on the test networks (case matters).
  'btc-p2sh-address': /^[23][1-9A-HJ-NP-Za-km-z]{33,34}$/,
  pubkey33: /^0[23][0-9a-f]{64}$/,
};

/** Kinds whose values are case-sensitive (the rest are stored lower-case). */
export const CASE_SENSITIVE_PIN_KINDS: readonly PinKind[] = ['sats', 'btc-p2sh-address'];

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

export function findPreset<L extends LayerId>(layer: L, id: string): NetworkPreset<L> | undefined {
  return (PRESETS[layer] as readonly NetworkPreset<L>[]).find((p) => p.id === id);
}

/** Settings key of one overridable endpoint: `layer.preset.endpoint`. */
export function endpointKey(layer: LayerId, presetId: string, endpoint: string): string {
  return `${layer}.${presetId}.${endpoint}`;
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
