/**
 * The Bitcoin layer, shared half: its networks (params, presets), the assets it
 * holds, and its screen's protocol methods. Amounts are integer strings (sats);
 * rates are sat/vB text.
 */
import type { AmountString } from '../units';
import { DEVNET_HOST, DEVNET_ZERO_CONF_MAX } from './devnet';
import { bool, obj, oneOf, optional, str } from '../schema';
import { defineLayer, type LayerPreset } from './types';
import { method } from '../rpc-method';

export interface BitcoinParams {
  /** bech32 human-readable part: testnet3, testnet4 and signet share `tb`; regtest is `bcrt`. */
  bech32: 'tb' | 'bcrt';
}

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

/**
 * No public Bitcoin network has a Boltz: its testnet (on testnet3, with Liquid testnet
 * and RSK testnet) is gone — boltz-backend docs since PR 971 (2025-06-17) list mainnet
 * and regtest only, and boltz-web-app dropped its testnet config on 2026-05-16. The
 * endpoint stays, empty, so a user who runs a Boltz can set it in Settings
 * (hops/boltz/service-networks.ts says which routes that leaves).
 */
const NO_PUBLIC_BOLTZ = '';

export interface FeeOptionsView {
  slow: string;
  normal: string;
  fast: string;
}

export interface BitcoinQuoteView {
  to: string;
  amount: AmountString;
  max: boolean;
  fee: AmountString;
  feeRate: string;
  change: AmountString;
  total: AmountString;
  inputCount: number;
  vsize: number;
  waste: AmountString;
  algorithm: string;
  highFee: boolean;
  sanityCap: string;
  label?: string;
  lightning?: string;
}

/** One output of a speed-up replacement: every output is shown before signing. */
export interface BumpOutputView {
  /** None for an OP_RETURN (`script` then says what it carries). */
  address?: string;
  script: string;
  amount: AmountString;
  /** The amount in the transaction it replaces, when different. */
  before?: AmountString;
  role: 'recipient' | 'change' | 'yours' | 'data';
}

export interface BumpReviewView {
  replaces: string;
  outputs: BumpOutputView[];
  fee: AmountString;
  feeRate: string;
  oldFee: AmountString;
  oldFeeRate: string;
  inputCount: number;
  addedInputs: number;
  /** Hand back to `bitcoin.bump`: it signs only this replacement. */
  reviewId: string;
}

const fee = obj({ kind: oneOf(['slow', 'normal', 'fast', 'custom'] as const), satPerVb: optional(str({ max: 16 })) });
export const bitcoinDraft = obj({
  to: str({ min: 1, max: 2000 }),
  amount: optional(str({ max: 40 })),
  max: optional(bool()),
  fee,
  confirmHighFee: optional(bool()),
  /** On send: the reviewed fee in sats; a plan paying anything else is not signed. */
  reviewedFee: optional(str({ pattern: /^[0-9]{1,16}$/ })),
});
const txid = str({ pattern: /^[0-9a-f]{64}$/ });

const methods = {
  'bitcoin.receive': method<{ address: string; uri: string; path: string }>()(obj({ amount: optional(str({ max: 40 })) })),
  'bitcoin.feeOptions': method<FeeOptionsView>()(obj({})),
  'bitcoin.quote': method<BitcoinQuoteView>()(bitcoinDraft),
  'bitcoin.send': method<{ txid: string; quote: BitcoinQuoteView; explorerUrl: string }>()(bitcoinDraft),
  /** Local devnet only: coins from the devnet faucet to the next receive address. */
  'bitcoin.devnetFaucet': method<{ txid: string; address: string }>()(obj({})),
  'bitcoin.bumpReview': method<BumpReviewView>()(obj({ txid, fee })),
  'bitcoin.bump': method<{ txid: string; replaced: string; fee: AmountString; feeRate: string; explorerUrl: string }>()(
    obj({ txid, fee, reviewId: str({ pattern: /^[0-9a-f]{64}$/ }) }),
  ),
};

const presets: readonly LayerPreset<'bitcoin', BitcoinParams>[] = [
  {
    layer: 'bitcoin',
    id: 'testnet4',
    label: 'Testnet4',
    endpoints: { esplora: 'https://mempool.space/testnet4/api', explorer: 'https://mempool.space/testnet4', boltz: NO_PUBLIC_BOLTZ },
    pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
    params: { bech32: 'tb' },
  },
  {
    layer: 'bitcoin',
    id: 'testnet3',
    label: 'Testnet3',
    endpoints: { esplora: 'https://blockstream.info/testnet/api', explorer: 'https://blockstream.info/testnet', boltz: NO_PUBLIC_BOLTZ },
    pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
    params: { bech32: 'tb' },
  },
  {
    layer: 'bitcoin',
    id: 'signet',
    label: 'Signet',
    endpoints: { esplora: 'https://mempool.space/signet/api', explorer: 'https://mempool.space/signet', boltz: NO_PUBLIC_BOLTZ },
    pins: { zeroConfMaxSats: BITCOIN_ZERO_CONF_MAX },
    params: { bech32: 'tb' },
  },
  {
    // Stacks testnet's sBTC is anchored to a Bitcoin regtest run for it (see PROTOCOLS.md).
    layer: 'bitcoin',
    id: 'sbtc-testnet',
    label: 'sBTC testnet regtest',
    endpoints: { esplora: 'https://beta.sbtc-mempool.tech/api/proxy', explorer: 'https://beta.sbtc-mempool.tech', boltz: NO_PUBLIC_BOLTZ },
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
];

export const BITCOIN_LAYER = defineLayer({
  id: 'bitcoin',
  name: 'Bitcoin',
  presets,
  defaultPreset: 'testnet4',
  methods,
  assets: [{ asset: 'BTC', symbol: 'BTC', decimals: 8 }],
});
