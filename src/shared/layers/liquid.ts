/**
 * The Liquid layer, shared half: its networks (params, presets), the assets it
 * holds, and its screen's protocol methods.
 *
 * Protocol methods of the Liquid screen. Amounts typed by the user cross as text in
 * the asset's display unit and are parsed in the background with the asset's
 * precision; amounts coming back are integer strings in base units.
 */
import type { AmountString } from '../units';
import { DEVNET_HOST, DEVNET_ZERO_CONF_MAX } from './devnet';
import { defineLayer, type LayerPreset } from './types';
import { empty, obj, oneOf, optional, str } from '../schema';
import { method } from '../rpc-method';

export interface LiquidParams {
  blech32: 'tlq' | 'el';
  bech32: 'tex' | 'ert';
}

export interface LiquidAssetView {
  /** Asset id, 64 hex (display order). */
  id: string;
  name: string;
  ticker: string;
  /** Decimal places of the display unit. */
  precision: number;
}

export interface LiquidReceiveResult {
  /** Confidential (blech32) address: what the QR encodes and what to share. */
  address: string;
  uri: string;
  path: string;
  /** Same script without the blinding key; senders to it publish amount and asset. */
  unconfidential: string;
}

export interface LiquidQuoteView {
  asset: string;
  symbol: string;
  decimals: number;
  to: string;
  /** The recipient's output is blinded (the address carries a blinding key). */
  confidential: boolean;
  amount: AmountString;
  /** Always in L-BTC (feeAsset), whatever asset is sent. */
  fee: AmountString;
  feeAsset: string;
  feeSymbol: string;
  feeDecimals: number;
  /** sat/vB as text; passed back on send so the reviewed rate is the rate paid. */
  feeRate: string;
  vsize: number;
  /** L-BTC leaving the wallet: amount + fee for L-BTC, the fee alone for another asset. */
  lbtcTotal: AmountString;
  inputCount: number;
}

export interface LiquidSentView {
  txid: string;
  asset: string;
  amount: AmountString;
  fee: AmountString;
  explorerUrl: string;
}

export const liquidDraft = obj({
  asset: str({ pattern: /^[0-9a-f]{64}$/ }),
  to: str({ max: 2000 }),
  /** In the asset's display unit, e.g. "0.001" L-BTC. */
  amount: str({ max: 40 }),
  /** The quote's rate, passed back on send (String(number) round-trips exactly). */
  feeRate: optional(str({ pattern: /^\d{1,5}(\.\d{1,20})?$/ })),
  /** On send: the reviewed fee in sats, the only fee the background will sign. */
  fee: optional(str({ pattern: /^[0-9]{1,16}$/ })),
});

const methods = {
  'liquid.receive': method<LiquidReceiveResult>()(empty),
  /** Assets the network's registry preset names (L-BTC first), for the send picker. */
  'liquid.assets': method<LiquidAssetView[]>()(empty),
  'liquid.quote': method<LiquidQuoteView>()(liquidDraft),
  'liquid.send': method<LiquidSentView>()(liquidDraft),
  /** Local devnet only: confidential L-BTC (or the devnet test asset) to the next receive address. */
  'liquid.devnetFaucet': method<{ txid: string; address: string }>()(obj({ asset: optional(oneOf(['lbtc', 'test'] as const)) })),
};

const presets: readonly LayerPreset<'liquid', LiquidParams>[] = [
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
];

export const LIQUID_LAYER = defineLayer({
  id: 'liquid',
  name: 'Liquid',
  presets,
  defaultPreset: 'testnet',
  methods,
  assets: [{ asset: 'L-BTC', symbol: 'L-BTC', decimals: 8 }],
});
