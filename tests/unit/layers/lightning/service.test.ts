/**
 * LightningService on bolt11 invoices, where no HTTP is involved: amount rules,
 * expiry, the proof-of-payment check on what the funding source returns, the
 * persisted activity, and receive() without a static address. Payments settle on
 * the in-memory devnet ledger.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PaidInvoice } from '../../../../src/layers/lightning/funding';
import { LightningService } from '../../../../src/layers/lightning/service';
import { DevLightningLedger } from '../../../devnet/lightning/ledger';
import { LedgerFunding } from '../../../devnet/lightning/ledger-funding';
import { lightningDeps } from '../../../helpers/lightning-deps';
import { refusal } from '../../../helpers/refusal';
import { englishOf } from '../../../helpers/english-of';

function setup(opts: { now?: () => number } = {}) {
  const ledger = new DevLightningLedger('bcrt');
  const payee = ledger.addNode('payee');
  const wallet = ledger.addNode('wallet', 1_000_000n);
  const funding = new LedgerFunding(ledger, wallet);
  const deps = lightningDeps('devnet', opts.now);
  return { ledger, payee, wallet, funding, deps, ln: new LightningService(deps, funding) };
}

/** A funding source that claims success but returns a preimage that is not the invoice's. */
class LyingFunding extends LedgerFunding {
  override async payInvoice(invoice: string): Promise<PaidInvoice> {
    await super.payInvoice(invoice);
    return { preimage: randomBytes(32).toString('hex'), feePaidMsat: 0n };
  }
}

describe('LightningService with bolt11 invoices', () => {
  it('pays a fixed-amount invoice, records it, and refuses a different user amount or a comment', async () => {
    const { ledger, payee, ln, wallet } = setup();
    const inv = ledger.createInvoice(payee, 12_345n, { description: 'fixed' });
    expect((await refusal(ln.payPreview({ text: inv.invoice, amountMsat: 1n }))).message).toMatch(/exactly 12.345 sats/);
    expect((await refusal(ln.pay({ text: inv.invoice, comment: 'hi' }))).code).toBe('bad_memo');
    const preview = await ln.payPreview({ text: inv.invoice });
    expect(preview).toMatchObject({ kind: 'bolt11', amountMsat: 12_345n, destination: payee.pubkey, description: 'fixed', expiresAt: inv.expiresAt, origins: [] });
    const paid = await ln.pay({ text: inv.invoice });
    expect(paid).toMatchObject({ paymentHash: inv.paymentHash, amountMsat: 12_345n, feeMsat: 1000n, destination: payee.pubkey });
    expect(wallet.balanceMsat).toBe(1_000_000n - 12_345n - 1000n);
    expect(await ln.paymentsList()).toMatchObject([{ id: inv.paymentHash, kind: 'bolt11', direction: 'out', status: 'confirmed', amountMsat: 12_345n, feeMsat: 1000n, description: 'fixed' }]);
  });

  it('asks for an amount on an amountless invoice and passes it to the funding source', async () => {
    const { ledger, payee, ln } = setup();
    const inv = ledger.createInvoice(payee, null, { description: 'donation' });
    expect((await refusal(ln.pay({ text: inv.invoice }))).message).toMatch(/leaves the amount to you/);
    await ln.pay({ text: inv.invoice, amountMsat: 5000n });
    expect(payee.balanceMsat).toBe(5000n);
  });

  it('refuses an expired invoice before paying', async () => {
    const { ledger, payee, ln, funding } = setup();
    const inv = ledger.createInvoice(payee, 1000n, { description: 'old', timestamp: Math.floor(Date.now() / 1000) - 4000 });
    expect((await refusal(ln.inspect(inv.invoice))).code).toBe('invoice_expired');
    expect((await refusal(ln.pay({ text: inv.invoice }))).code).toBe('invoice_expired');
    expect(funding.paid).toEqual([]);
  });

  it('does not mark a payment done when the proof of payment does not match the invoice', async () => {
    const { ledger, payee, wallet, deps } = setup();
    const ln = new LightningService(deps, new LyingFunding(ledger, wallet));
    const inv = ledger.createInvoice(payee, 2000n, { description: 'x' });
    const err = await refusal(ln.pay({ text: inv.invoice }));
    expect(err.code).toBe('payment_failed');
    expect(err.message).toMatch(/proof of payment does not match/);
    expect((await ln.paymentsList())[0]).toMatchObject({ status: 'unknown' });
    expect((await refusal(ln.pay({ text: inv.invoice }))).code).toBe('payment_unknown');
    // A later look at the funding source settles the question.
    await ln.refreshPending();
    expect((await ln.paymentsList())[0]).toMatchObject({ status: 'confirmed' });
  });

  it('hands the same invoice to the funding source once when two payments of it race', async () => {
    const { ledger, payee, wallet, deps } = setup();
    const inv = ledger.createInvoice(payee, 3000n, { description: 'double click' });
    const attempts: string[] = [];
    const counting = new (class extends LedgerFunding {
      override payInvoice(invoice: string, opts?: { amountMsat?: bigint }) {
        attempts.push(invoice);
        return super.payInvoice(invoice, opts);
      }
    })(ledger, wallet);
    const racing = new LightningService(deps, counting);
    const results = await Promise.allSettled([racing.pay({ text: inv.invoice }), racing.pay({ text: inv.invoice })]);
    expect(attempts).toHaveLength(1);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await racing.paymentsList())[0]).toMatchObject({ id: inv.paymentHash, status: 'confirmed' });
  });

  it('records a failed payment with the reason and allows a retry', async () => {
    const { ledger, payee, wallet, ln } = setup();
    const inv = ledger.createInvoice(payee, 2000n, { description: 'x' });
    wallet.balanceMsat = 0n;
    expect((await refusal(ln.pay({ text: inv.invoice, maxFeeMsat: 0n }))).code).toBe('insufficient_funds');
    wallet.balanceMsat = 2500n; // enough for the balance check, not for amount + routing fee on the ledger
    const err = await refusal(ln.pay({ text: inv.invoice, maxFeeMsat: 0n }));
    expect(err.code).toBe('payment_failed');
    expect((await ln.paymentsList())[0]).toMatchObject({ status: 'failed', note: expect.stringMatching(/insufficient balance/) });
    wallet.balanceMsat = 10_000n;
    await ln.pay({ text: inv.invoice, maxFeeMsat: 0n });
    expect((await ln.paymentsList())[0]).toMatchObject({ status: 'confirmed' });
  });

  it('keeps networks apart: the testnet preset refuses the regtest invoice and has its own activity', async () => {
    const { ledger, payee, funding } = setup();
    const testnet = new LightningService(lightningDeps('testnet'), funding);
    const inv = ledger.createInvoice(payee, 1000n, { description: 'x' });
    expect((await refusal(testnet.pay({ text: inv.invoice }))).code).toBe('wrong_network');
    expect(await testnet.paymentsList()).toEqual([]);
  });
});

describe('receiving', () => {
  it('has no static address, makes invoices through the funding source, and expires unpaid ones', async () => {
    let now = Date.now();
    const { ln, deps } = setup({ now: () => now });
    expect((await refusal(ln.receive())).message).toMatch(/create an invoice/);
    expect((await refusal(new LightningService(deps).receive())).message).toMatch(/Connect a wallet/);
    expect((await refusal(new LightningService(deps).createInvoice({ amountMsat: 1000n, description: 'x' }))).code).toBe('no_funding');

    const view = await ln.createInvoice({ amountMsat: 21_000n, description: 'tip', expirySeconds: 60 });
    expect(view).toMatchObject({ amountMsat: 21_000n, uri: `lightning:${view.invoice.toUpperCase()}` });
    const overview = await ln.overview();
    expect(overview.activity[0]).toMatchObject({ id: view.paymentHash, direction: 'in', status: 'pending', amount: '21000', symbol: 'sats', decimals: 3 });
    now += 61_000;
    await ln.refreshPending();
    const expired = (await ln.paymentsList())[0]!;
    expect(expired.status).toBe('failed');
    expect(englishOf(expired.note)).toBe('The invoice expired unpaid.');
  });
});
