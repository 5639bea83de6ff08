/**
 * The Stacks layer, shared half: its networks (params, presets), the assets it
 * holds, and its screen's protocol methods.
 *
 * Protocol methods of the Stacks screen. The popup sends what the user typed
 * (amounts as decimal text in the asset's unit); the background parses it with
 * the asset's decimals. Results carry integer strings.
 */
import type { AmountString } from '../units';
import { DEVNET_HOST, SBTC_DEVNET_DEPLOYER } from './devnet';
import { defineLayer, type LayerPreset } from './types';
import { method } from '../rpc-method';
import { obj, optional, str } from '../schema';

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

export interface StacksAssetView {
  id: string;
  symbol: string;
  decimals: number;
}

export interface StacksQuoteView {
  from: string;
  to: string;
  asset: StacksAssetView;
  amount: AmountString;
  memo?: string;
  /** Micro-STX. */
  fee: AmountString;
  nonce: string;
}

export interface StacksSentView extends StacksQuoteView {
  txid: string;
  explorerUrl?: string;
}

export const stacksDraft = obj({
  /** `STX` or a token id from stacks.assets. */
  asset: str({ min: 1, max: 200 }),
  to: str({ min: 1, max: 200 }),
  /** In the asset's unit, e.g. "1.5" STX. */
  amount: str({ min: 1, max: 40 }),
  memo: optional(str({ max: 200 })),
  /** Micro-STX: on send, the fee the user reviewed (signed exactly). */
  fee: optional(str({ pattern: /^[0-9]{1,20}$/ })),
});

const methods = {
  'stacks.receive': method<{ address: string; uri: string; path: string }>()(obj({})),
  'stacks.assets': method<StacksAssetView[]>()(obj({})),
  'stacks.quote': method<StacksQuoteView>()(stacksDraft),
  'stacks.send': method<StacksSentView>()(stacksDraft),
  /** Test STX from the network's faucet. */
  'stacks.faucet': method<{ txid: string }>()(obj({})),
};

const presets: readonly LayerPreset<'stacks', StacksParams>[] = [
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
];

export const STACKS_LAYER = defineLayer({
  id: 'stacks',
  name: 'Stacks',
  presets,
  defaultPreset: 'testnet',
  methods,
  assets: [{ asset: 'sBTC', symbol: 'sBTC', decimals: 8 }],
});
