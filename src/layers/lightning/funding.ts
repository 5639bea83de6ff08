/**
 * Where Lightning payments are made and received, so the wallet needs no node of
 * its own: a connected wallet over Nostr Wallet Connect (nwc.ts) or, later, a
 * Boltz swap from on-chain BTC / L-BTC. All amounts are millisatoshis.
 */
import { WalletError } from '../../shared/errors';

export interface PaidInvoice {
  /** 32-byte payment preimage, hex: the proof of payment (checked against the payment hash by the caller). */
  preimage: string;
  feePaidMsat: bigint;
}

export type InvoiceState = 'pending' | 'settled' | 'expired' | 'failed';

export interface InvoiceStatus {
  state: InvoiceState;
  /** Seconds since epoch, when settled. */
  settledAt?: number;
  /** Hex, when the source reports it for a settled payment (checked by the caller). */
  preimage?: string;
  feePaidMsat?: bigint;
  /** What the invoice is for (NIP-47 `amount`), when the source says. */
  amountMsat?: bigint;
}

/**
 * Whether a payInvoice failure leaves the payment's fate open: no answer in time,
 * an answer that could not be read, or anything unexpected. Such a payment may
 * still settle, so it is neither failed nor to be made again until
 * lookupInvoice says what became of it. Only a source's explicit refusal is final.
 */
export function paymentOutcomeUnknown(err: unknown): boolean {
  return !(err instanceof WalletError) || err.code === 'payment_unknown' || err.code === 'timeout';
}

/** NIP-47 get_info, as far as the source tells: the node behind it and what it lets this link do. */
export interface FundingInfo {
  alias?: string;
  /** 33-byte node key, hex. */
  pubkey?: string;
  color?: string;
  /** Methods this link may call (NIP-47 `methods`). */
  methods?: string[];
}

export interface LightningFunding {
  /** Stable kind, e.g. `nwc` or `boltz`. */
  readonly kind: string;
  /** Shown to the user: "Alby Hub via NWC", "Boltz swap from BTC". */
  readonly label: string;
  /**
   * Pays an invoice already verified by the wallet. `maxFeeMsat` is a ceiling the
   * funding enforces where its protocol can (NWC has no fee parameter; a swap does).
   * `amountMsat` is given only for invoices without an amount. A failure after
   * which the payment may still settle is thrown as `payment_unknown`.
   */
  payInvoice(invoice: string, opts?: { maxFeeMsat?: bigint; amountMsat?: bigint }): Promise<PaidInvoice>;
  /** Makes an invoice payable to this funding source. */
  makeInvoice(amountMsat: bigint, description: string, opts?: { expirySeconds?: number }): Promise<string>;
  /** The node and the methods the source allows, when it says (NIP-47 get_info). */
  getInfo?(): Promise<FundingInfo>;
  /** Spendable balance, when the source has one (a swap source reports the on-chain side). */
  getBalance?(): Promise<bigint>;
  /** State of an invoice made or paid through this source, by payment hash. */
  lookupInvoice?(paymentHash: string): Promise<InvoiceStatus>;
  /** Releases connections (WebSockets); safe to call twice. */
  close?(): Promise<void>;
}
