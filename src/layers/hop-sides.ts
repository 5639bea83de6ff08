/**
 * What a hop may ask of a layer's wallet, per kind of chain: pay an address,
 * give an address of ours, read what the wallet already sent, call a contract.
 * Hops get these through `HopContext.side(layer)`, typed by layer (HopSides),
 * never a layer's whole service. Amounts are bigint in the chain's smallest unit.
 */
import type { EsploraTx } from './bitcoin/esplora';
import type { FeeRate } from './bitcoin/fee-rate';
import type { BitcoinQuote, SendExtras } from './bitcoin/service';
import type { LightningFunding } from './lightning/funding';
import type { LiquidSendExtras } from './liquid/service';
import type { RootstockService } from './rootstock/service';
import type { StacksService } from './stacks/service';

/** An outgoing payment of the wallet, as its history shows it. */
export interface SentPayment {
  txid: string;
  /** Sent to others, without the fee (smallest unit). */
  amount: bigint;
  /** Seconds since epoch; undefined while unconfirmed. */
  time?: number;
}

/** Bitcoin-like chains whose wallet pays from its own coins (BIP84). */
export interface BitcoinHopSide {
  /** A fresh receive address of the wallet, for a hop to pay out to. */
  payoutAddress(): Promise<string>;
  /** What paying `sats` to `to` costs now; signs nothing. */
  quotePayment(to: string, sats: bigint): Promise<BitcoinQuote>;
  /** `quotePayment` for one plan: the wallet is scanned once, by its first quote, and never for a payment. */
  planQuotes(): BitcoinHopSide['quotePayment'];
  /** The fee rate the wallet pays at "normal" now, for a transaction a hop signs itself (a reclaim). */
  normalFeeRate(): Promise<FeeRate>;
  /**
   * One scan of the wallet, for a payment that must not be made twice: finishes
   * any send a dead worker left signed (so the chain shows it), then what the
   * wallet had sent, and a payment from the coins of that same scan.
   */
  lookOnce(): Promise<WalletLook>;
  /** A transaction as the wallet's Esplora has it; null when unknown. */
  tx(txid: string): Promise<EsploraTx | null>;
  /** Gives up a send signed earlier unless the network has it (true): dropped, no refresh sends it and its coins are free again. */
  dropUnsent(txid: string): Promise<boolean>;
  /** Whether the wallet's send store holds `txid` (signed, maybe still to go out, or once accepted): a refused send is not held. */
  holds(txid: string): Promise<boolean>;
}

export interface WalletLook {
  /** The wallet's outgoing payments, newest first. */
  sent: SentPayment[];
  /** Pays exactly `sats` to `to` at the normal fee; `extras.beforeBroadcast` sees the signed transaction first. */
  pay(to: string, sats: bigint, extras?: SendExtras): Promise<{ txid: string }>;
}

/** Liquid: L-BTC payments from the wallet's confidential coins. */
export interface LiquidHopSide {
  /** A fresh confidential address of the wallet. */
  payoutAddress(): Promise<string>;
  /** Reconciles the wallet's pending sends with the chain. */
  settle(): Promise<void>;
  /** A payment to `to` signed earlier but unknown to the network, sent again: its txid, or null when there is none. */
  resendPendingTo(to: string): Promise<string | null>;
  /** Pays exactly `sats` of L-BTC to `to`; `extras.beforeBroadcast` sees the signed transaction first. */
  pay(to: string, sats: bigint, extras?: LiquidSendExtras): Promise<{ txid: string }>;
  /** What paying `sats` of L-BTC to `to` costs now (the fee, in sats of L-BTC); signs nothing. */
  quotePayment(to: string, sats: bigint): Promise<{ fee: bigint }>;
  /** `quotePayment` for one plan: the wallet is scanned once, by its first quote, and never for a payment. */
  planQuotes(): LiquidHopSide['quotePayment'];
}

/** EVM chains (Rootstock): one account that pays and calls contracts. */
export interface EvmHopSide {
  readonly address: string;
  /** Sends what a dead worker left signed, before a hop looks at the chain. */
  settle(): Promise<void>;
  /** Gas for paying `wei` to `to` now; signs nothing. */
  quotePayment(to: string, wei: bigint): Promise<{ fee: bigint }>;
  pay(to: string, wei: bigint, hooks?: Parameters<RootstockService['send']>[1]): Promise<{ hash: string }>;
  callContract: RootstockService['callContract'];
  /** Gives up a call signed earlier unless the node has it (true): dropped, no refresh sends it. */
  dropUnsent: RootstockService['dropUnsent'];
  /** The same for calls to a contract carrying this call data whose hash was never saved. */
  dropUnsentCalls: RootstockService['dropUnsentCalls'];
}

/** Stacks: the account's sBTC and its contract calls (the sBTC withdrawal). */
export interface StacksHopSide {
  readonly address: string;
  spendable: StacksService['spendable'];
  callContract: StacksService['callContract'];
  /** The account's own calls of a contract function, to find one whose txid never reached storage. */
  contractCalls: StacksService['contractCalls'];
  transaction: StacksService['transaction'];
  rebroadcast: StacksService['rebroadcast'];
}

/** Lightning through the connected wallet (NWC): it pays and makes invoices for hops, and tells what a payment was (restore). */
export type LightningHopSide = Pick<LightningFunding, 'label' | 'payInvoice' | 'makeInvoice' | 'lookupInvoice'>;
