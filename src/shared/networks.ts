/**
 * Every layer's network presets, in one place. A preset fixes what an address looks
 * like on that network (prefixes, chain ids), the default URL of each backend the
 * layer talks to, and the values the wallet holds those backends to (pins). Users
 * may override any endpoint URL and any pin in settings; the rest is fixed.
 */
import type { LayerId } from './layers';

export interface BitcoinParams {
  /** bech32 human-readable part: testnet3, testnet4 and signet share `tb`; regtest is `bcrt`. */
  bech32: 'tb' | 'bcrt';
}
export interface LightningParams {
  /** bolt11 prefix after `ln`: `tb` (testnet), `tbs` (signet), `bcrt` (regtest). */
  bolt11: 'tb' | 'tbs' | 'bcrt';
}
export interface StacksParams {
  /** Stacks testnet and devnet both use the testnet address version (`ST`, `SN`). */
  addressVersion: 'testnet';
  /** SIP-010 tokens the wallet shows and sends on this network (sBTC first). */
  tokens?: StacksTokenParams[];
  /** sBTC on this network (see hops/sbtc); deposits go through the `emily` endpoint. */
  sbtc?: SbtcParams;
}
export interface StacksTokenParams {
  /** The token's contract principal, `ADDRESS.contract-name`. */
  contract: string;
  /** Its `define-fungible-token` name: Hiro keys balances by `contract::asset`. */
  asset: string;
  symbol: string;
  decimals: number;
}
export interface SbtcParams {
  /** Deployer of sbtc-registry, sbtc-token, sbtc-deposit and sbtc-withdrawal. */
  deployer: string;
  /** The Bitcoin preset whose coins the sBTC signers accept. */
  bitcoinPreset: string;
  /** The most, in sats, the signers may keep from a deposit as their fee. */
  maxSignerFee: number;
  /** Blocks after which an unswept deposit can be reclaimed. */
  reclaimLockTime: number;
}
export interface LiquidParams {
  blech32: 'tlq' | 'el';
  bech32: 'tex' | 'ert';
}
export interface RootstockParams {
  chainId: 31 | 33;
  /**
   * Plain JSON-RPC has no per-address history, so incoming transfers are found by
   * reading new blocks: at most this many of the newest per refresh (0: none).
   */
  receiveScanBlocks?: number;
  /** The PowPeg of this network, anchored to one Bitcoin network (see hops/powpeg). */
  powpeg?: PowpegParams;
}

export interface PowpegParams {
  /** The Bitcoin preset whose coins the PowPeg accepts. */
  bitcoinPreset: string;
  /** Bitcoin confirmations before the Bridge credits a peg-in (rskj BridgeConstants). */
  pegInConfirmations: number;
  /** Rootstock confirmations before the federation releases a peg-out. */
  pegOutConfirmations: number;
  /**
   * Smallest peg-out the Bridge releases, in sats; smaller ones are refunded in RBTC. The
   * Bridge has no getter for it (rskj Bridge.java exposes only the peg-in minimum,
   * getMinimumLockTxValue), so it is rskj's BridgeConstants.minimumPegoutTxValue for the
   * network: 250,000 on testnet and regtest, 400,000 on mainnet.
   */
  minPegOutSats: number;
  /**
   * The emergency (ERP) branch every federation of this network carries: rskj's
   * FederationConstants `erpFedPubKeysList` and `erpFedActivationDelay`. The
   * federation check requires exactly these in the Bridge's redeem script.
   */
  erp?: { keys: string[]; csvDelay: number };
}

interface LayerParamsMap {
  bitcoin: BitcoinParams;
  lightning: LightningParams;
  stacks: StacksParams;
  liquid: LiquidParams;
  rootstock: RootstockParams;
}

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

/**
 * The largest Boltz lockup claimed before it confirms (pin `zeroConfMaxSats`). A
 * claim reveals the preimage, and an unconfirmed lockup can still be replaced by
 * the one who made it (Bitcoin Core relays full-RBF replacements by default since
 * 28.0), so what is claimed unconfirmed is what a lying Boltz can take. Public
 * Bitcoin networks: 0, always wait one block (minutes, against swap timeouts of
 * hours). Devnets: 50,000 sats, blocks are mined on demand and both rules get
 * exercised. A user who wants faster small swaps can raise it in settings.
 */
const BITCOIN_ZERO_CONF_MAX = '0';
const DEVNET_ZERO_CONF_MAX = '50000';

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

/** Local devnet URLs: `npm start` and the tests serve their stand-ins on these loopback ports. */
export const DEVNET_HOST = 'http://127.0.0.1';
/** The devnet's sBTC contracts' deployer (tests/devnet/sbtc). */
export const SBTC_DEVNET_DEPLOYER = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';

export const PRESETS: PresetTable = {
  bitcoin: [
    {
      layer: 'bitcoin',
      id: 'testnet4',
      label: 'Testnet4',
      endpoints: { esplora: 'https://mempool.space/testnet4/api', explorer: 'https://mempool.space/testnet4' },
      pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
      params: { bech32: 'tb' },
    },
    {
      layer: 'bitcoin',
      id: 'testnet3',
      label: 'Testnet3',
      // Boltz's public testnet runs on testnet3 (deprecated by Boltz; the planner reports what it still serves).
      endpoints: {
        esplora: 'https://blockstream.info/testnet/api',
        explorer: 'https://blockstream.info/testnet',
        boltz: 'https://api.testnet.boltz.exchange/v2',
      },
      pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
      params: { bech32: 'tb' },
    },
    {
      layer: 'bitcoin',
      id: 'signet',
      label: 'Signet',
      endpoints: { esplora: 'https://mempool.space/signet/api', explorer: 'https://mempool.space/signet' },
      pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
      params: { bech32: 'tb' },
    },
    {
      // Stacks testnet's sBTC is anchored to a Bitcoin regtest run for it (see PROTOCOLS.md).
      layer: 'bitcoin',
      id: 'sbtc-testnet',
      label: 'sBTC testnet regtest',
      endpoints: { esplora: 'https://beta.sbtc-mempool.tech/api/proxy', explorer: 'https://beta.sbtc-mempool.tech' },
      pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
      params: { bech32: 'bcrt' },
    },
    {
      layer: 'bitcoin',
      id: 'devnet',
      label: 'Local devnet (regtest)',
      endpoints: { esplora: `${DEVNET_HOST}:18443/api`, explorer: `${DEVNET_HOST}:18443`, boltz: `${DEVNET_HOST}:9001/v2` },
      pins: { zeroConfMaxSats: DEVNET_ZERO_CONF_MAX },
      params: { bech32: 'bcrt' },
    },
  ],
  lightning: [
    { layer: 'lightning', id: 'testnet', label: 'Testnet', endpoints: {}, params: { bolt11: 'tb' } },
    { layer: 'lightning', id: 'devnet', label: 'Local devnet (regtest)', endpoints: {}, params: { bolt11: 'bcrt' } },
  ],
  stacks: [
    {
      layer: 'stacks',
      id: 'testnet',
      label: 'Testnet',
      endpoints: { api: 'https://api.testnet.hiro.so', explorer: 'https://explorer.hiro.so', emily: 'https://beta.sbtc-emily.com' },
      // Not known offline, and it rotates: deposits wait until the user pins it (hops/sbtc/signers-key.ts).
      pins: { sbtcSignersKey: '' },
      params: {
        addressVersion: 'testnet',
        tokens: [{ contract: 'ST1F7QA2MDF17S807EPA36TSS8AMEFY4KA9TVGWXT.sbtc-token', asset: 'sbtc-token', symbol: 'sBTC', decimals: 8 }],
        sbtc: { deployer: 'ST1F7QA2MDF17S807EPA36TSS8AMEFY4KA9TVGWXT', bitcoinPreset: 'sbtc-testnet', maxSignerFee: 80_000, reclaimLockTime: 144 },
      },
    },
    {
      layer: 'stacks',
      id: 'devnet',
      label: 'Local devnet',
      endpoints: { api: `${DEVNET_HOST}:3999`, explorer: `${DEVNET_HOST}:3999`, emily: `${DEVNET_HOST}:3031` },
      // The devnet signers make a fresh key each run: nothing to pin, the cross-check on Bitcoin decides.
      pins: { sbtcSignersKey: '' },
      // A short reclaim lock so a reclaim can be tried in a minute.
      params: {
        addressVersion: 'testnet',
        tokens: [{ contract: `${SBTC_DEVNET_DEPLOYER}.sbtc-token`, asset: 'sbtc-token', symbol: 'sBTC', decimals: 8 }],
        sbtc: { deployer: SBTC_DEVNET_DEPLOYER, bitcoinPreset: 'devnet', maxSignerFee: 10_000, reclaimLockTime: 6 },
      },
    },
  ],
  liquid: [
    {
      layer: 'liquid',
      id: 'testnet',
      label: 'Liquid testnet',
      endpoints: {
        esplora: 'https://blockstream.info/liquidtestnet/api',
        explorer: 'https://blockstream.info/liquidtestnet',
      },
      // One-minute blocks: waiting for one costs a minute, so nothing is claimed unconfirmed.
      pins: { zeroConfMaxSats: '0' },
      params: { blech32: 'tlq', bech32: 'tex' },
    },
    {
      layer: 'liquid',
      id: 'devnet',
      label: 'Local devnet (Elements regtest)',
      endpoints: { esplora: `${DEVNET_HOST}:18445/api`, explorer: `${DEVNET_HOST}:18445` },
      pins: { zeroConfMaxSats: DEVNET_ZERO_CONF_MAX },
      params: { blech32: 'el', bech32: 'ert' },
    },
  ],
  rootstock: [
    {
      layer: 'rootstock',
      id: 'testnet',
      label: 'RSK testnet',
      endpoints: { rpc: 'https://public-node.testnet.rsk.co', explorer: 'https://explorer.testnet.rootstock.io' },
      // Boltz publishes its testnet EtherSwap only through its API (boltz-web-app's testnet
      // config lists no swap contract), and its testnet is deprecated: no address could be
      // checked, so none is pinned and the RBTC routes say to set one in settings.
      // The federation address is not known offline and changes with the federation: peg-ins wait
      // until the user pins it (hops/powpeg/federation.ts).
      pins: { etherSwap: '', etherSwapCodeHash: '', powpegFederation: '' },
      // ~10 minutes of testnet blocks, one batched request per refresh.
      // Rootstock testnet's PowPeg watches Bitcoin testnet3 (rskj BridgeTestNetConstants: 10 confirmations).
      params: {
        chainId: 31,
        receiveScanBlocks: 20,
        powpeg: {
          bitcoinPreset: 'testnet3',
          pegInConfirmations: 10,
          pegOutConfirmations: 10,
          // rskj BridgeTestNetConstants.minimumPegoutTxValue.
          minPegOutSats: 250_000,
          // rskj FederationTestNetConstants.
          erp: {
            keys: [
              '0216c23b2ea8e4f11c3f9e22711addb1d16a93964796913830856b568cc3ea21d3',
              '034db69f2112f4fb1bb6141bf6e2bd6631f0484d0bd95b16767902c9fe219d4a6f',
              '0275562901dd8faae20de0a4166362a4f82188db77dbed4ca887422ea1ec185f14',
            ],
            csvDelay: 52_560,
          },
        },
      },
    },
    {
      layer: 'rootstock',
      id: 'devnet',
      label: 'Local devnet (regtest)',
      endpoints: { rpc: `${DEVNET_HOST}:4444`, explorer: `${DEVNET_HOST}:4444` },
      // The devnet Boltz deploys boltz-core 4.0.1's EtherSwap from anvil's second dev account
      // at nonce 0 (tests/devnet/boltz/ether-swap.ts); the code hash covers its runtime code,
      // which embeds chain id 33 and that address (tests/unit/hops-boltz.test.ts derives both).
      // The devnet federators' keys are fresh each run: nothing to pin, the federation cross-check decides.
      pins: {
        etherSwap: '0x8464135c8f25da09e49bc8782676a84730c318bc',
        etherSwapCodeHash: '0xd9e3d1a9dff6c71a89975b0c81c534702af6a538b7d1db4ab6d68672b8048d52',
        powpegFederation: '',
      },
      // The devnet's stand-in PowPeg watches the bcoin devnet, with rskj's regtest confirmation counts.
      params: {
        chainId: 33,
        receiveScanBlocks: 256,
        powpeg: {
          bitcoinPreset: 'devnet',
          pegInConfirmations: 3,
          pegOutConfirmations: 3,
          // rskj BridgeRegTestConstants.minimumPegoutTxValue, which the devnet Bridge enforces too.
          minPegOutSats: 250_000,
          // rskj FederationRegTestConstants (the devnet federation is built like a regtest one).
          erp: {
            keys: [
              '03b9fc46657cf72a1afa007ecf431de1cd27ff5cc8829fa625b66ca47b967e6b24',
              '029cecea902067992d52c38b28bf0bb2345bda9b21eca76b16a17c477a64e43301',
              '03284178e5fbcc63c54c3b38e3ef88adf2da6c526313650041b0ef955763634ebd',
              '03ab0e2cd7ed158687fc13b88019990860cdb72b1f5777b58513312550ea1584bc',
            ],
            csvDelay: 500,
          },
        },
      },
    },
  ],
};

export type NetworkSelection = { [L in LayerId]: string };

export const DEFAULT_NETWORKS: NetworkSelection = {
  bitcoin: 'testnet4',
  lightning: 'testnet',
  stacks: 'testnet',
  liquid: 'testnet',
  rootstock: 'testnet',
};

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
