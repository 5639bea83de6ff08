/**
 * Protocol methods of the Stacks screen. The popup sends what the user typed
 * (amounts as decimal text in the asset's unit); the background parses it with
 * the asset's decimals. Results carry integer strings.
 */
import { method } from './rpc-method';
import { obj, optional, str } from './schema';
import type { AmountString } from './units';

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

export const STACKS_METHODS = {
  'stacks.receive': method<{ address: string; uri: string; path: string }>()(obj({})),
  'stacks.assets': method<StacksAssetView[]>()(obj({})),
  'stacks.quote': method<StacksQuoteView>()(stacksDraft),
  'stacks.send': method<StacksSentView>()(stacksDraft),
  /** Test STX from the network's faucet. */
  'stacks.faucet': method<{ txid: string }>()(obj({})),
};
