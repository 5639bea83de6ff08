/**
 * boltz-reverse: a Lightning payment becomes coins on chain. We pay Boltz's hold
 * invoice (locked to the hash of our preimage); Boltz locks BTC in a Taproot
 * output we can claim with the preimage (or RBTC in EtherSwap with us as the
 * claim address); our claim reveals the preimage, which settles the invoice. If
 * Boltz never locks, the invoice expires and the payment returns by itself.
 *
 * States: created -> paying -> locked -> claiming -> claimed (completed, once our
 * claim is in a block); Boltz failing or taking its lockup back -> failed.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { paymentOutcomeUnknown } from '../../layers/lightning/funding';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopContext, Mechanism } from '../mechanism';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { currencyOf } from './assets';
import { createWithEtherSwap } from './etherswap-pin';
import { BoltzSwapMechanism } from './swap-mechanism';
import { dataOf, newSwapRecord, POLL_MS, withData } from './record';
import type { BoltzHopData } from './shapes';
import { setStep, step } from '../steps';
import { afterClaim, apiOf, claimSide } from './sides';
import { belowFloor } from './claim-guard';
import { causeOf, checkAmount, checkReverseInvoice } from './verify';
import { verifiedSide } from './verified-side';

const LOCKED = new Set(['transaction.mempool', 'transaction.confirmed', 'invoice.settled']);
const FAILED = new Set(['invoice.expired', 'swap.expired', 'transaction.failed', 'transaction.refunded']);
/**
 * Statuses Boltz may report before it locks, and what the lock step says of them.
 * minerfee.paid: the prepay protocol's miner-fee invoice was paid (lib/swap/LightningNursery.ts),
 * the hold invoice still is to be. transaction.direct: a payer paid the invoice's routing-hint
 * address on chain instead (boltzr src/chain/mrh_watcher.rs); the wallet asks for no routing hint
 * (no address in its request), so that payment is not to us and changes nothing.
 */
const BEFORE_LOCK: Record<string, LocalText> = {
  'minerfee.paid': localText('hopNote_minerfee_paid'),
  'transaction.direct': localText('hopNote_transaction_direct'),
};
/**
 * The longest the hand-over of the payment waits for either the Lightning wallet's answer (a
 * refusal: no route, no balance) or Boltz's word that the payment arrived (any status past
 * swap.created), when neither comes. A hold invoice's payment answers only once we claim.
 */
const PAY_ANSWER_MAX_MS = 1_500;
/** How often Boltz's status is read meanwhile (what its WebSocket would push). */
const PAY_STATUS_EVERY_MS = 100;

export class ReverseMechanism extends BoltzSwapMechanism<'reverse'> implements Mechanism {
  /**
   * Refusals the Lightning wallet gave after the hand-over had ended (Boltz's status came
   * first), by hop id, for the next advance to record: kept here, not saved from the
   * callback, since a save then could write over what a running advance stores.
   */
  private readonly lateRefusals = new Map<string, string | LocalText>();

  constructor() {
    super('reverse');
  }

  override async quote(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<'boltz-reverse'>> {
    const quote = await super.quote(ctx, from, to, amount);
    if (!quote.terms) return quote;
    // A connected Lightning wallet (NWC) pays the hold invoice itself; without one, the invoice is shown to pay from anywhere.
    const connected = await ctx.side('lightning').then(
      () => true,
      () => false,
    );
    return connected ? quote : { ...quote, terms: { ...quote.terms, externalPayer: true } };
  }

  async create(ctx: HopContext, quote: RouteQuote<'boltz-reverse'>, index: number, id: string): Promise<HopRecord> {
    const { terms, api, key } = this.start(ctx, quote, index);
    const invoiceSats = BigInt(terms.invoiceSats);
    const onchainSats = BigInt(terms.onchainSats);
    const to = currencyOf(quote.to);
    const evm = to === 'RBTC';
    const { res, rskAddress } = await createWithEtherSwap(ctx, evm, (rskAddress) =>
      api.createReverse({
        from: 'BTC',
        to,
        preimageHash: bytesToHex(key.preimageHash),
        ...(evm ? { claimAddress: rskAddress } : { claimPublicKey: bytesToHex(key.publicKey) }),
        invoiceAmount: Number(invoiceSats),
        pairHash: terms.pairHash,
        ...(terms.description !== undefined ? { description: terms.description } : {}),
      }),
    );

    // Verify before anything moves: the invoice is locked to our preimage and is for
    // the quoted amount; the lockup is ours to claim, for the quoted amount and timeout.
    checkReverseInvoice(res.invoice, ctx.presets.lightning.params.bolt11, key.preimageHash, invoiceSats);
    checkAmount(localText('hopText_boltzWhat_amount_boltz_locks'), res.onchainAmount, onchainSats);
    const claim = await verifiedSide(
      ctx,
      to,
      {
        lockupAddress: res.lockupAddress,
        amount: res.onchainAmount,
        timeoutBlockHeight: res.timeoutBlockHeight,
        swapTree: res.swapTree,
        serverPublicKey: res.refundPublicKey,
        blindingKey: res.blindingKey,
        refundAddress: res.refundAddress,
      },
      key,
      true,
    );
    const data: BoltzHopData = {
      kind: 'reverse',
      boltz: api.http.baseUrl,
      swapId: res.id,
      preimageHash: bytesToHex(key.preimageHash),
      invoice: res.invoice,
      invoiceSats: invoiceSats.toString(),
      payoutAddress: evm ? rskAddress : claim.payoutAddress,
      claim,
      // The swap funding's makeInvoice hands the invoice to someone else to pay.
      ...(terms.externalPayer === true ? { externalPayer: true } : {}),
    };
    return newSwapRecord(ctx, quote, { id, index, mechanism: this.id }, data, [
      step('pay', localText('hopStep_boltz_pay_invoice')),
      step('lock', localText('hopStep_boltz_lock_for_us', to)),
      step('claim', localText('hopStep_boltz_claim', to)),
    ]);
  }

  async advance(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    let r = record;
    const now = ctx.now();
    const d = dataOf(r);
    const api = apiOf(ctx, r);
    // A hop restored from Rootstock's logs has no Boltz swap id: its lock, found still there, is its status.
    const status = d.swapId ? await api.status(d.swapId) : { status: 'transaction.confirmed', transaction: undefined };
    r = withData(r, { status: status.status });
    const key = ctx.keys.at(r.index);

    const late = this.lateRefusals.get(r.id) ?? d.paymentError;
    this.lateRefusals.delete(r.id);
    // Refused by the Lightning wallet, even after Boltz said it locked: the pay step did not
    // happen and nothing is claimed. Unless our claim already went out (Boltz did hold the
    // payment, and that claim settles it), or Boltz's lockup is on chain or Boltz ended the
    // swap: then the refusal is Boltz cancelling the held payment at its timeout, which the
    // paths below report as what it is.
    const cancelledByBoltz = FAILED.has(status.status) || !!dataOf(r).claim!.txid;
    if (late && !dataOf(r).claim!.spendTxid && !cancelledByBoltz) {
      r = withData(r, { paymentError: late });
      r = setStep(setStep(r, 'pay', { status: 'failed' }, now), 'claim', { status: 'skipped' }, now);
      return { ...r, state: 'failed', outcome: 'failed', lastError: late, nextCheckAt: undefined };
    }

    if (LOCKED.has(status.status) || dataOf(r).claim!.spendTxid) {
      r = setStep(setStep(r, 'pay', { status: 'done' }, now), 'lock', { status: 'done', txid: status.transaction?.id, note: undefined }, now);
      const low = belowFloor(dataOf(r).claim!);
      if (low) {
        r = setStep(r, 'claim', { status: 'failed' }, now);
        return { ...r, state: 'failed', outcome: 'failed', lastError: localText('hopNote_reverse_below_floor', low), nextCheckAt: undefined };
      }
      const res = await claimSide(ctx, r, 'claim', key, (req) => api.reverseClaim(d.swapId, { preimage: bytesToHex(key.preimage), ...req }));
      if (res.takenBack) {
        // Boltz refunded its lockup (after its timeout): it cannot settle the held payment unless our claim showed it the preimage.
        r = setStep(res.record, 'claim', { status: 'failed' }, now);
        const why = dataOf(r).claim!.spendTxid ? localText('hopNote_reverse_taken_back_after_claim', res.takenBack) : localText('hopNote_reverse_taken_back', res.takenBack);
        return { ...r, state: 'failed', outcome: 'expired', lastError: why, nextCheckAt: undefined };
      }
      // Boltz's lockup is there but not to be claimed yet (a confirmation), or not at all (too close to its timeout).
      if (!res.txid && res.note) return { ...afterClaim(res, now), state: 'locked', lastError: res.refused, nextCheckAt: now + POLL_MS.waiting };
      if (!res.txid) return { ...res.record, state: 'locked', nextCheckAt: now + POLL_MS.soon };
      // Claimed, not in a block yet: Boltz could still displace it after its timeout; followed until it is.
      if (!res.confirmed) return { ...afterClaim(res, now), state: 'claiming', nextCheckAt: now + POLL_MS.soon };
      return { ...afterClaim(res, now), state: 'claimed', outcome: 'completed', nextCheckAt: undefined };
    }
    if (FAILED.has(status.status)) {
      // Nothing of ours is on chain: the held Lightning payment is cancelled and returns.
      r = setStep(setStep(r, 'lock', { status: 'failed' }, now), 'claim', { status: 'skipped' }, now);
      return { ...r, state: 'failed', outcome: status.status === 'swap.expired' || status.status === 'invoice.expired' ? 'expired' : 'failed', lastError: localText('hopNote_reverse_ended', status.status), nextCheckAt: undefined };
    }
    // Said before Boltz locks; neither is a lockup (boltz-backend lib/consts/Enums.ts).
    const said = BEFORE_LOCK[status.status];
    if (said) r = setStep(r, 'lock', { status: 'active', note: said }, now);
    if (d.externalPayer) {
      r = setStep(r, 'pay', { status: 'active', label: localText('hopStep_boltz_invoice_waiting') }, now);
      return { ...r, state: 'waiting-payment', nextCheckAt: now + POLL_MS.soon };
    }
    if (!d.paymentStartedAt) {
      // Persisted as started before the payment is handed over, so it is never made twice.
      r = withData(r, { paymentStartedAt: now });
      r = setStep(r, 'pay', { status: 'active' }, now);
      // Saved here, not only when advance returns: a worker killed while the payment was in
      // flight left no paymentStartedAt, and the next one paid again (refused as in flight,
      // so the hop failed and Boltz's lock went unclaimed).
      await ctx.save?.(r);
      const { failure, seen } = await this.startPayment(ctx, d.invoice!, d.swapId ? () => api.status(d.swapId) : null, (late) => this.lateRefusals.set(record.id, late));
      if (seen) r = withData(r, { status: seen });
      if (failure) {
        r = withData(r, { paymentError: failure });
        r = setStep(r, 'pay', { status: 'failed' }, now);
        return { ...r, state: 'failed', outcome: 'failed', lastError: failure, nextCheckAt: undefined };
      }
      // Boltz already answered (locked, or ended the swap): the next pass acts on it at once.
      return { ...r, state: 'paying', nextCheckAt: seen ? ctx.now() : now + POLL_MS.soon };
    }
    return { ...r, nextCheckAt: now + POLL_MS.soon };
  }

  /**
   * Hands the hold invoice to the Lightning funding. Its payment completes only
   * once we claim (which reveals the preimage), so it is not awaited to the end:
   * whichever comes first ends the wait, the Lightning wallet's answer (a refusal
   * is returned as the failure) or Boltz's status leaving swap.created (`seen`:
   * the payment reached Boltz, or Boltz ended the swap), else PAY_ANSWER_MAX_MS.
   * A refusal arriving after that goes to `lateRefusal`.
   */
  private async startPayment(
    ctx: HopContext,
    invoice: string,
    boltzStatus: (() => Promise<{ status: string }>) | null,
    lateRefusal: (failure: string | LocalText) => void,
  ): Promise<{ failure: string | LocalText | null; seen?: string }> {
    const funding = await ctx.side('lightning');
    let done = false;
    const paying = funding.payInvoice(invoice).then(
      () => ({ failure: null }),
      // No answer in time is not a failure: the payment may be held by Boltz already, and its status tells.
      (err: unknown) => ({ failure: paymentOutcomeUnknown(err) ? null : causeOf(err, localText('err_boltz_ln_payment_failed')) }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<{ failure: null }>((res) => (timer = setTimeout(() => res({ failure: null }), PAY_ANSWER_MAX_MS)));
    const watch = async (): Promise<{ failure: null; seen: string }> => {
      for (;;) {
        await new Promise((res) => setTimeout(res, PAY_STATUS_EVERY_MS));
        if (done) return new Promise(() => undefined);
        // A failed read is no answer: the deadline or the payment's own answer decides.
        const s = await boltzStatus!().catch(() => null);
        if (done) return new Promise(() => undefined);
        if (s && typeof s.status === 'string' && s.status !== 'swap.created') return { failure: null, seen: s.status };
      }
    };
    try {
      const first = await Promise.race([paying, deadline, ...(boltzStatus ? [watch()] : [])]);
      // A refusal that arrived together with Boltz's word still counts: nothing was paid.
      const settled = await Promise.race([paying, Promise.resolve(null)]);
      if (!settled) void paying.then(({ failure }) => failure && lateRefusal(failure));
      return settled?.failure ? { ...first, failure: settled.failure } : first;
    } finally {
      done = true;
      clearTimeout(timer);
    }
  }
}
