/**
 * Protocol methods of the Liquid screen. Amounts typed by the user cross as text in
 * the asset's display unit and are parsed in the background with the asset's
 * precision; amounts coming back are integer strings in base units.
 */
import { method } from './rpc-method';
import { empty, obj, oneOf, optional, str } from './schema';
import type { AmountString } from './units';

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

export const LIQUID_METHODS = {
  'liquid.receive': method<LiquidReceiveResult>()(empty),
  /** Assets the network's registry preset names (L-BTC first), for the send picker. */
  'liquid.assets': method<LiquidAssetView[]>()(empty),
  'liquid.quote': method<LiquidQuoteView>()(liquidDraft),
  'liquid.send': method<LiquidSentView>()(liquidDraft),
  /** Local devnet only: confidential L-BTC (or the devnet test asset) to the next receive address. */
  'liquid.devnetFaucet': method<{ txid: string; address: string }>()(obj({ asset: optional(oneOf(['lbtc', 'test'] as const)) })),
};
