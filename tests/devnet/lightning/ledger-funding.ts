/**
 * A LightningFunding backed directly by the devnet ledger: the wallet's "connected
 * wallet" is a ledger node that pays by settling invoices on the ledger, the same
 * way the LNURL server's backend does. Used where the test is about LNURL, not
 * about the NWC transport (which nwc-wallet-service.ts covers). What it reports
 * follows NIP-47's pay_invoice and lookup_invoice results (nostr-protocol/nips 47.md).
 */
import type { InvoiceStatus, LightningFunding, PaidInvoice } from '../../../src/layers/lightning/funding';
import { WalletError } from '../../../src/shared/errors';
import type { DevLightningLedger, DevNode } from './ledger';

export class LedgerFunding implements LightningFunding {
  readonly kind = 'devnet-ledger';
  readonly label = 'Devnet wallet';
  readonly paid: string[] = [];

  constructor(
    readonly ledger: DevLightningLedger,
    readonly node: DevNode,
  ) {}

  async payInvoice(invoice: string, opts: { amountMsat?: bigint } = {}): Promise<PaidInvoice> {
    try {
      const p = await this.ledger.payAsync(this.node, invoice, opts.amountMsat);
      this.paid.push(invoice);
      return { preimage: p.preimage, feePaidMsat: p.feeMsat };
    } catch (err) {
      throw new WalletError('payment_failed', `The payment failed: ${(err as Error).message}.`);
    }
  }

  async makeInvoice(amountMsat: bigint, description: string, opts: { expirySeconds?: number } = {}): Promise<string> {
    return this.ledger.createInvoice(this.node, amountMsat, { description, ...(opts.expirySeconds ? { expirySeconds: opts.expirySeconds } : {}) }).invoice;
  }

  async getBalance(): Promise<bigint> {
    return this.node.balanceMsat;
  }

  /** With the invoice's amount, as NIP-47 lookup_invoice answers it (`amount`, msat). */
  async lookupInvoice(paymentHash: string): Promise<InvoiceStatus> {
    const inv = this.ledger.invoice(paymentHash);
    if (!inv) throw new WalletError('not_found', 'Unknown invoice.');
    const amount = inv.amountMsat ? { amountMsat: inv.amountMsat } : {};
    if (inv.state === 'settled') return { state: 'settled', ...(inv.settledAt ? { settledAt: inv.settledAt } : {}), ...amount };
    return { state: Date.now() / 1000 >= inv.expiresAt ? 'expired' : 'pending', ...amount };
  }
}
