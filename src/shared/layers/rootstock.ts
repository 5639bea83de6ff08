/**
 * The Rootstock layer, shared half: its networks (params, presets), the assets it
 * holds, and its screen's protocol methods.
 *
 * Protocol methods of the Rootstock screen. The popup sends what the user typed
 * (RBTC and gwei as decimal text); the background parses it. Results carry wei
 * as integer strings.
 */
import type { AmountString } from '../units';
import { DEVNET_HOST } from './devnet';
import { defineLayer, type LayerPreset } from './types';
import { method } from '../rpc-method';
import { obj, optional, str } from '../schema';

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

export interface RootstockQuoteView {
  from: string;
  /** The destination with this chain's EIP-1191 checksum. */
  to: string;
  amount: AmountString;
  gasLimit: string;
  /** Wei per gas. */
  gasPrice: AmountString;
  minimumGasPrice: AmountString;
  /** gasLimit × gasPrice: the most the gas can cost. */
  fee: AmountString;
  total: AmountString;
  balance: AmountString;
  nonce: string;
  chainId: number;
}

export interface RootstockSentView {
  hash: string;
  nonce: string;
  to: string;
  amount: AmountString;
  gasLimit: string;
  gasPrice: AmountString;
  fee: AmountString;
  total: AmountString;
  /** For a speed-up: the pending send it replaces. */
  replaces?: string;
  /** Absent where the network has no explorer (the local devnet). */
  explorerUrl?: string;
}

const gasPriceGwei = optional(str({ max: 32 }));
export const rootstockDraft = obj({
  to: str({ min: 1, max: 200 }),
  /** RBTC, e.g. "0.25". */
  amount: str({ min: 1, max: 40 }),
  /** gwei, e.g. "0.07"; empty or absent: the network's suggestion. */
  gasPriceGwei,
});
const txHash = str({ pattern: /^0x[0-9a-fA-F]{64}$/ });
/** The send the user reviewed, from its quote: amount and gas price in wei, gas limit, signed as they are. */
const rootstockReviewed = obj({
  to: str({ min: 1, max: 200 }),
  amountWei: str({ pattern: /^[0-9]{1,40}$/ }),
  gasPrice: str({ pattern: /^[0-9]{1,30}$/ }),
  gasLimit: str({ pattern: /^[0-9]{1,12}$/ }),
});

const methods = {
  'rootstock.receive': method<{ address: string; uri: string; path: string; chainId: number }>()(obj({})),
  'rootstock.quote': method<RootstockQuoteView>()(rootstockDraft),
  'rootstock.send': method<RootstockSentView>()(rootstockReviewed),
  /** Replaces a pending send (same nonce) at a higher gas price; empty: the least the node takes. */
  'rootstock.speedUp': method<RootstockSentView>()(obj({ hash: txHash, gasPriceGwei })),
  /** Local devnet only: RBTC from the node's prefunded dev account. */
  'rootstock.devnetFaucet': method<{ hash: string; address: string; amount: AmountString }>()(obj({})),
};

const presets: readonly LayerPreset<'rootstock', RootstockParams>[] = [
  {
    layer: 'rootstock',
    id: 'testnet',
    label: 'RSK testnet',
    endpoints: { rpc: 'https://public-node.testnet.rsk.co', explorer: 'https://explorer.testnet.rootstock.io' },
    // Boltz runs no testnet any more (hops/boltz/service-networks.ts), and its last testnet
    // config (boltz-web-app) listed no swap contract: nothing to pin. With a Boltz of the
    // user's own, its RBTC routes say to set the EtherSwap address and code hash in settings.
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
    // which embeds chain id 33 and that address (tests/unit/hops/boltz/boltz.test.ts derives both).
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
];

export const ROOTSTOCK_LAYER = defineLayer({
  id: 'rootstock',
  name: 'Rootstock',
  presets,
  defaultPreset: 'testnet',
  methods,
  assets: [{ asset: 'RBTC', symbol: 'RBTC', decimals: 18 }],
});
