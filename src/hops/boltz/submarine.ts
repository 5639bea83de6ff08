/**
 * boltz-submarine: coins locked on chain pay a Lightning invoice. We lock BTC in
 * a Taproot output Boltz can claim with the invoice's preimage (once it has paid
 * the invoice) and we can refund after the timeout, or earlier with Boltz's
 * co-signature when the payment failed.
 *
 * States: created -> funded -> paid (completed); failures -> refunding -> refunded.
 * "Paid" needs the proof of payment (the invoice's preimage), not Boltz's status:
 * without it the lockup is refunded once its timeout is reached.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeBolt11 } from '../../layers/lightning/bolt11';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopContext, Mechanism } from '../mechanism';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { FINAL_STATUSES } from './api';
import { boltzApi, currencyOf, explorerLink, layerOfCurrency } from './assets';
import { partialSignatureFor } from './btc-spend';
import { BtcChain, LiquidChain, preimageIn, utxoChain } from './chains';
import { submarineQuoteForInvoice } from './invoice-quote';
import { BoltzSwapMechanism } from './swap-mechanism';
import { dataOf, newSwapRecord, POLL_MS, withData, termsOf } from './record';
import type { BoltzHopData } from './shapes';
import { setStep, step } from '../steps';
import { afterRefund, apiOf, endUnfunded, fundSide, locateLockup, refundSide } from './sides';
import { parseTree } from './taproot';
import { checkAmount, checkTimeout, checkUtxoLockup, mismatch, publicKeyFrom } from './verify';

const PAID = new Set(['invoice.paid', 'transaction.claim.pending', 'transaction.claimed']);
const FAILED = new Set(['invoice.failedToPay', 'transaction.lockupFailed', 'swap.expired']);

export class SubmarineMechanism extends BoltzSwapMechanism<'submarine'> implements Mechanism {
  constructor() {
    super('submarine');
  }

  quoteForInvoice(ctx: HopContext, from: AssetRef, invoice: { text: string; sats: bigint }): Promise<RouteQuote<'boltz-submarine'>> {
    return submarineQuoteForInvoice(ctx, invoice.text, invoice.sats, from);
  }

  async bindInvoice(ctx: HopContext, quote: RouteQuote<'boltz-submarine'>, invoiceFor: (sats: bigint) => Promise<string>): Promise<RouteQuote<'boltz-submarine'>> {
    if (!quote.available) return quote;
    const receive = BigInt(quote.receive);
    return submarineQuoteForInvoice(ctx, await invoiceFor(receive), receive, quote.from);
  }

  /**
   * Creates the swap for the quote's invoice (`terms.invoice`, as the swap funding
   * passes it) or for a fresh invoice from the Lightning funding (a Move).
   */
  async create(ctx: HopContext, quote: RouteQuote<'boltz-submarine'>, index: number, id: string): Promise<HopRecord> {
    const currency = currencyOf(quote.from);
    if (currency === 'RBTC') throw new WalletError('unsupported', 'Boltz pays Lightning invoices from BTC or L-BTC here.');
    const chain = utxoChain(ctx, currency);
    const terms = termsOf(quote);
    const api = boltzApi(ctx, terms.boltz);
    const invoiceSats = BigInt(terms.invoiceSats);
    const invoice = terms.invoice !== undefined ? terms.invoice : await (await ctx.side('lightning')).makeInvoice(invoiceSats * 1000n, 'Layerhop move from Bitcoin');
    const decoded = decodeBolt11(invoice, ctx.presets.lightning.params.bolt11);
    if (decoded.amountMsat !== invoiceSats * 1000n) throw mismatch(`the invoice is for ${decoded.amountMsat} msat, the quote for ${invoiceSats * 1000n}`);
    const key = ctx.keys.at(index);
    const res = await api.createSubmarine({ from: currency, to: 'BTC', invoice, refundPublicKey: bytesToHex(key.publicKey), pairHash: terms.pairHash });

    // Verify before anything moves.
    const boltzKey = publicKeyFrom(res.claimPublicKey, "Boltz's claim key");
    const expected = BigInt(terms.lockSats);
    checkAmount('the amount to lock', res.expectedAmount, expected);
    checkTimeout(currency, res.timeoutBlockHeight, await chain.tip());
    checkUtxoLockup({
      shape: 'submarine',
      net: chain.net,
      tree: res.swapTree,
      address: res.address,
      blindingKey: res.blindingKey,
      ourPublicKey: key.publicKey,
      boltzPublicKey: boltzKey,
      weClaim: false,
      preimageHash: hexToBytes(decoded.paymentHash),
      timeoutBlockHeight: res.timeoutBlockHeight,
    });

    const refundTo = await chain.payoutAddress();
    const data: BoltzHopData = {
      kind: 'submarine',
      boltz: api.http.baseUrl,
      swapId: res.id,
      preimageHash: decoded.paymentHash,
      invoice,
      invoiceSats: invoiceSats.toString(),
      payoutAddress: refundTo,
      lock: {
        currency,
        address: res.address,
        amount: expected.toString(),
        timeoutBlockHeight: res.timeoutBlockHeight,
        tree: res.swapTree,
        boltzPublicKey: bytesToHex(boltzKey),
        ...(res.blindingKey ? { blindingKey: res.blindingKey } : {}),
        payoutAddress: refundTo,
      },
    };
    return newSwapRecord(ctx, quote, { id, index, mechanism: this.id }, data, [
      step('fund', localText('hopStep_boltz_fund_swap', currency)),
      step('pay', localText('hopStep_boltz_pays_invoice')),
      step('refund', localText('hopStep_boltz_refund_if_unpaid')),
    ]);
  }

  async advance(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    let r = record;
    const d = dataOf(r);
    const now = ctx.now();
    const status = await apiOf(ctx, r).status(d.swapId);
    r = withData(r, { status: status.status });
    const key = ctx.keys.at(r.index);

    // Look at the chain first: is our lockup there already?
    const located = await locateLockup(ctx, r, 'lock');
    r = located.record;
    let funded = located.output !== null;

    if (!funded && !dataOf(r).lock!.txid) {
      // A swap found again by restore is never funded now: the old profile had not funded it.
      if (FAILED.has(status.status) || FINAL_STATUSES.has(status.status) || dataOf(r).restored) return endUnfunded(ctx, r, status.status, now);
      const res = await fundSide(ctx, r, key);
      r = setStep(res.record, 'fund', { status: 'done', txid: res.txid, explorerUrl: res.link }, now);
      return { ...r, state: 'funded', nextCheckAt: now + POLL_MS.soon };
    }
    if (!funded) {
      // Sent, not yet visible: look again soon (the funding is never repeated while the txid is known and unconfirmed).
      return { ...r, nextCheckAt: now + POLL_MS.soon };
    }
    const lockTxid = dataOf(r).lock!.txid!;
    r = setStep(r, 'fund', { status: 'done', txid: lockTxid, explorerUrl: explorerLink(ctx, layerOfCurrency(dataOf(r).lock!.currency), lockTxid) }, now);
    funded = true;

    if (PAID.has(status.status)) {
      // Boltz's status is its word; the invoice's preimage is the proof that it paid.
      const proof = await this.paymentProof(ctx, r, status.status);
      if (proof) {
        r = setStep(r, 'pay', { status: 'done', note: proof }, now);
        r = setStep(r, 'refund', { status: 'skipped' }, now);
        return { ...r, state: 'paid', outcome: 'completed', nextCheckAt: undefined };
      }
      const lock = dataOf(r).lock!;
      if ((await utxoChain(ctx, lock.currency as 'BTC' | 'L-BTC').tip()) < lock.timeoutBlockHeight) {
        r = setStep(r, 'pay', { status: 'active' }, now);
        const why = `Boltz reports the invoice paid (${status.status}) but has shown no proof of payment (the invoice's preimage). The wallet keeps watching; unless it does, the lockup is refunded from block ${lock.timeoutBlockHeight}.`;
        return { ...r, state: 'funded', lastError: why, nextCheckAt: now + POLL_MS.soon };
      }
      return this.doRefund(ctx, r, false);
    }
    if (FAILED.has(status.status) || dataOf(r).lock!.spendTxid) return this.doRefund(ctx, r, false);
    // Boltz takes no unconfirmed lockup that signals replaceability or is above its zero-conf limit (lib/swap/UtxoNursery.ts).
    const note = status.zeroConfRejected ? localText('hopNote_zeroconf_rejected_pay') : undefined;
    r = setStep(r, 'pay', { status: 'active', note }, now);
    return { ...r, state: 'funded', nextCheckAt: now + (note ? POLL_MS.waiting : POLL_MS.soon) };
  }

  refund(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    return this.doRefund(ctx, record, true);
  }

  private async doRefund(ctx: HopContext, r: HopRecord, byUser: boolean): Promise<HopRecord> {
    const api = apiOf(ctx, r);
    const out = await refundSide(ctx, r, ctx.keys.at(r.index), (req) => api.submarineRefund(dataOf(r).swapId, req));
    return afterRefund(ctx, out, byUser, { failed: 'pay' });
  }

  /**
   * Proof that Boltz paid the invoice, said for the pay step, or null: the invoice's
   * preimage, from Boltz's claim request (which is then co-signed) or its preimage
   * endpoint, or in the witness of a script-path claim of our lockup.
   */
  private async paymentProof(ctx: HopContext, r: HopRecord, status: string): Promise<LocalText | null> {
    const d = dataOf(r);
    const api = apiOf(ctx, r);
    const paid = (preimage: unknown) => typeof preimage === 'string' && /^[0-9a-fA-F]{64}$/.test(preimage) && bytesToHex(sha256(hexToBytes(preimage))) === d.preimageHash;
    if (status === 'transaction.claim.pending') {
      const details = await api.submarineClaimDetails(d.swapId).catch(() => null);
      if (details && paid(details.preimage)) {
        await this.cosignBoltzClaim(ctx, r, details).catch(() => undefined);
        return localText('hopNote_paid_claim_request');
      }
    }
    const shown = await api.submarinePreimage(d.swapId).catch(() => null);
    if (shown && paid(shown.preimage)) return localText('hopNote_paid_preimage');
    const lock = d.lock!;
    if (lock.txid === undefined || lock.vout === undefined) return null;
    const chain = lock.currency === 'L-BTC' ? new LiquidChain(ctx) : new BtcChain(ctx);
    const spender = await chain.spender(lock.txid, lock.vout);
    const witness = spender ? await chain.spendWitness(spender, { txid: lock.txid, vout: lock.vout }) : null;
    return witness && preimageIn(witness, d.preimageHash) ? localText('hopNote_paid_claim_witness') : null;
  }

  /** Boltz asks us to co-sign its key-path claim of our lockup, after showing the preimage (checked by the caller). */
  private async cosignBoltzClaim(ctx: HopContext, r: HopRecord, details: { pubNonce: string; transactionHash: string }): Promise<void> {
    const d = dataOf(r);
    const api = apiOf(ctx, r);
    const key = ctx.keys.at(r.index);
    const lock = d.lock!;
    const sig = partialSignatureFor(
      { privateKey: key.privateKey, publicKey: key.publicKey, boltzPublicKey: hexToBytes(lock.boltzPublicKey!) },
      parseTree(lock.tree),
      lock.currency === 'L-BTC',
      hexToBytes(details.transactionHash),
      hexToBytes(details.pubNonce),
    );
    await api.submarineClaim(d.swapId, sig);
  }
}
