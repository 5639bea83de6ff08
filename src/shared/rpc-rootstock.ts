/**
 * Protocol methods of the Rootstock screen. The popup sends what the user typed
 * (RBTC and gwei as decimal text); the background parses it. Results carry wei
 * as integer strings.
 */
import { method } from './rpc-method';
import { obj, optional, str } from './schema';
import type { AmountString } from './units';

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

export const ROOTSTOCK_METHODS = {
  'rootstock.receive': method<{ address: string; uri: string; path: string; chainId: number }>()(obj({})),
  'rootstock.quote': method<RootstockQuoteView>()(rootstockDraft),
  'rootstock.send': method<RootstockSentView>()(rootstockReviewed),
  /** Replaces a pending send (same nonce) at a higher gas price; empty: the least the node takes. */
  'rootstock.speedUp': method<RootstockSentView>()(obj({ hash: txHash, gasPriceGwei })),
  /** Local devnet only: RBTC from the node's prefunded dev account. */
  'rootstock.devnetFaucet': method<{ hash: string; address: string; amount: AmountString }>()(obj({})),
};
