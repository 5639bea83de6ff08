/**
 * boltz-submarine: coins locked on chain pay a Lightning invoice. We lock BTC or
 * L-BTC in a Taproot output (RBTC in Boltz's EtherSwap, under the invoice's payment
 * hash) that Boltz can claim with the invoice's preimage (once it has paid the
 * invoice) and we can refund after the timeout, or earlier with Boltz's
 * co-signature (on Rootstock its EIP-712 signature) when the payment failed.
 *
 * States: created -> funded -> paid (completed); failures -> refunding -> refunded.
 * "Paid" needs the proof of payment (the invoice's preimage), not Boltz's status:
 * without it the lockup is refunded once its timeout is reached.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeBolt11 } from '../../layers/lightning/bolt11';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopContext, Mechanism, RefundState } from '../mechanism';
import { boltzRefundState } from './refund-state';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import { FINAL_STATUSES, type BoltzApi } from './api';
import { boltzApi, currencyOf, explorerLink, layerOfCurrency } from './assets';
import { partialSignatureFor } from './btc-spend';
import { BtcChain, LiquidChain, preimageIn, RskChain, utxoChain } from './chains';
import { claimOf } from './etherswap';
import { checkNamedEtherSwap, createWithEtherSwap } from './etherswap-pin';
import type { HopKey } from '../keys';
import { submarineQuoteForInvoice } from './invoice-quote';
import { BoltzSwapMechanism } from './swap-mechanism';
import { dataOf, newSwapRecord, POLL_MS, withData, withSide, termsOf } from './record';
import type { BoltzHopData } from './shapes';
import { setStep, step } from '../steps';
import { afterRefund, apiOf, endUnfunded, fundSide, locateLockup, rbtcLockState, refundSide } from './sides';
import { parseTree } from './taproot';
import { checkAmount, checkEvmAddress, checkTimeout, checkUtxoLockup, mismatch, publicKeyFrom } from './verify';

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
    const terms = termsOf(quote);
    const api = boltzApi(ctx, terms.boltz);
    const invoiceSats = BigInt(terms.invoiceSats);
    const invoice = terms.invoice !== undefined ? terms.invoice : await (await ctx.side('lightning')).makeInvoice(invoiceSats * 1000n, 'Layerhop move from Bitcoin');
    const decoded = decodeBolt11(invoice, ctx.presets.lightning.params.bolt11);
    if (decoded.amountMsat !== invoiceSats * 1000n) throw mismatch(localText('hopText_mismatch_invoice_quote', String(decoded.amountMsat), String(invoiceSats * 1000n)));
    if (currency === 'RBTC') {
      const data = await createRbtcSubmarine(ctx, api, { invoice, invoiceSats, paymentHash: decoded.paymentHash, lockSats: BigInt(terms.lockSats), pairHash: terms.pairHash });
      return newSwapRecord(ctx, quote, { id, index, mechanism: this.id }, data, [
        step('fund', localText('hopStep_boltz_fund_swap', currency)),
        step('pay', localText('hopStep_boltz_pays_invoice')),
        step('refund', localText('hopStep_boltz_refund_if_unpaid')),
      ]);
    }
    const chain = utxoChain(ctx, currency);
    const key = ctx.keys.at(index);
    const res = await api.createSubmarine({ from: currency, to: 'BTC', invoice, refundPublicKey: bytesToHex(key.publicKey), pairHash: terms.pairHash });

    // Verify before anything moves.
    const boltzKey = publicKeyFrom(res.claimPublicKey, localText('hopText_boltzWhat_claim_key'));
    const expected = BigInt(terms.lockSats);
    checkAmount(localText('hopText_boltzWhat_amount_to_lock'), res.expectedAmount, expected);
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
    // An RBTC lock restored from Rootstock's logs has no Boltz swap id: the chain alone tells (restore.ts evmSubmarineLocks).
    const status = d.swapId ? await apiOf(ctx, r).status(d.swapId) : { status: '', zeroConfRejected: false };
    r = withData(r, { status: status.status });
    const key = ctx.keys.at(r.index);
    if (d.lock!.currency === 'RBTC') return this.advanceRbtc(ctx, r, status.status, key);

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
        const why = localText('hopNote_sub_paid_no_proof', status.status, String(lock.timeoutBlockHeight));
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

  /**
   * A swap from RBTC: our lock is EtherSwap state, found by its saved transaction or its Lockup
   * event (never locked twice); the proof of payment is the invoice's preimage, from Boltz or from
   * its claim of our lock (EtherSwap's Claim event); without it the lock is refunded.
   */
  private async advanceRbtc(ctx: HopContext, record: HopRecord, status: string, key: HopKey): Promise<HopRecord> {
    const now = ctx.now();
    const ended = FAILED.has(status) || FINAL_STATUSES.has(status) || Boolean(dataOf(record).restored);
    // A lock signed earlier is sent again only into a live swap.
    const found = await rbtcLockState(ctx, record, { resend: !ended });
    let r = found.record;
    const lock = dataOf(r).lock!;
    if (!found.txid) {
      if (found.pending) return { ...setStep(r, 'fund', { status: 'active', txid: lock.fundingTxid }, now), nextCheckAt: now + POLL_MS.soon };
      // A lock signed earlier that the node does not know is dropped (never sent into the dead swap): nothing was locked.
      if (ended) return endUnfunded(ctx, r, status, now);
      const res = await fundSide(ctx, r, key);
      r = setStep(res.record, 'fund', { status: res.txid ? 'done' : 'active', txid: res.txid ?? dataOf(res.record).lock!.fundingTxid, explorerUrl: res.link }, now);
      return { ...r, state: res.txid ? 'funded' : r.state, nextCheckAt: now + POLL_MS.soon };
    }
    r = setStep(r, 'fund', { status: 'done', txid: found.txid, explorerUrl: explorerLink(ctx, 'rootstock', found.txid) }, now);
    if (PAID.has(status) || FAILED.has(status) || lock.spendTxid || !dataOf(r).swapId) {
      // Boltz's word is not the proof: the preimage is (shown by Boltz, or revealed by its claim of our lock).
      const proof = await this.paymentProof(ctx, r, status);
      if (proof) {
        r = setStep(setStep(r, 'pay', { status: 'done', note: proof }, now), 'refund', { status: 'skipped' }, now);
        return { ...r, state: 'paid', outcome: 'completed', nextCheckAt: undefined };
      }
      if (PAID.has(status) && !lock.spendTxid && (await new RskChain(ctx).tip()) < lock.timeoutBlockHeight) {
        const why = localText('hopNote_sub_paid_no_proof_rbtc', status, String(lock.timeoutBlockHeight));
        return { ...setStep(r, 'pay', { status: 'active' }, now), state: 'funded', lastError: why, nextCheckAt: now + POLL_MS.soon };
      }
      return this.doRefund(ctx, r, false);
    }
    r = setStep(r, 'pay', { status: 'active' }, now);
    // Past the timelock with no word from Boltz: ours again (the refund hook says whether it can be done now).
    if ((await new RskChain(ctx).tip()) + 1 >= lock.timeoutBlockHeight) return this.doRefund(ctx, r, false);
    return { ...r, state: 'funded', nextCheckAt: now + POLL_MS.soon };
  }

  refund(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    return this.doRefund(ctx, record, true);
  }

  /** Our lockup's refund: from Boltz's timeout, or now when the swap failed (refund-state.ts). */
  refundState(ctx: HopContext, record: HopRecord): Promise<RefundState | null> {
    return boltzRefundState(ctx, record, FAILED);
  }

  private async doRefund(ctx: HopContext, r: HopRecord, byUser: boolean): Promise<HopRecord> {
    const api = apiOf(ctx, r);
    const d = dataOf(r);
    // RBTC: Boltz's EIP-712 signature refunds at once; BTC and L-BTC: its MuSig2 partial signature. Else after the timeout.
    const out =
      d.lock!.currency === 'RBTC'
        ? await refundSide(ctx, r, ctx.keys.at(r.index), null, () => api.submarineRefundEvm(d.swapId || d.preimageHash))
        : await refundSide(ctx, r, ctx.keys.at(r.index), (req) => api.submarineRefund(d.swapId, req));
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
    const shown = d.swapId ? await api.submarinePreimage(d.swapId).catch(() => null) : null;
    if (shown && paid(shown.preimage)) return localText('hopNote_paid_preimage');
    const lock = d.lock!;
    if (lock.currency === 'RBTC') {
      const rsk = new RskChain(ctx);
      const claimed = await claimOf(rsk.rpc, checkNamedEtherSwap(ctx, lock.address), d.preimageHash);
      return claimed && paid(claimed.preimage) ? localText('hopNote_paid_claim_event') : null;
    }
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

/**
 * Creates a submarine swap from RBTC and checks Boltz's answer before anything moves: the
 * contract is the pinned EtherSwap (and our node holds its code), the lock is the invoice plus
 * the quoted fees, its timelock is within bounds of our node's tip, and the claim address is a
 * plain EVM address that is none of ours nor the contract's. The lock is made under the
 * invoice's payment hash (ours, decoded from the invoice, never Boltz's word), so only the
 * invoice's preimage opens it. Boltz publishes no EVM address of its own to compare the claim
 * address with (its chain and reverse swaps are taken on its word too); a lock naming another
 * claim address is one Boltz rejects, refunded after the timelock.
 */
async function createRbtcSubmarine(
  ctx: HopContext,
  api: BoltzApi,
  t: { invoice: string; invoiceSats: bigint; paymentHash: string; lockSats: bigint; pairHash: string },
): Promise<BoltzHopData> {
  // Our node's tip is read while Boltz creates the swap (no round trip added after it).
  const [{ res, rskAddress }, tip] = await Promise.all([
    createWithEtherSwap(ctx, true, () => api.createSubmarine({ from: 'RBTC', to: 'BTC', invoice: t.invoice, pairHash: t.pairHash })),
    new RskChain(ctx).tip(),
  ]);
  checkAmount(localText('hopText_boltzWhat_amount_to_lock'), res.expectedAmount, t.lockSats);
  const contract = checkNamedEtherSwap(ctx, res.address);
  const claimAddress = checkEvmAddress(localText('hopText_boltzWhat_claim_address'), res.claimAddress);
  if (/^0x0{40}$/.test(claimAddress) || claimAddress === contract || claimAddress === rskAddress!.toLowerCase()) {
    throw mismatch(localText('hopText_mismatch_claim_address', claimAddress, claimAddress === contract ? localText('hopText_boltzWhat_etherswap_itself') : claimAddress === rskAddress!.toLowerCase() ? localText('hopText_boltzWhat_our_account') : localText('hopText_boltzWhat_zero_address')));
  }
  checkTimeout('RBTC', res.timeoutBlockHeight, tip);
  return {
    kind: 'submarine',
    boltz: api.http.baseUrl,
    swapId: res.id,
    preimageHash: t.paymentHash.toLowerCase(),
    invoice: t.invoice,
    invoiceSats: t.invoiceSats.toString(),
    payoutAddress: rskAddress,
    lock: {
      currency: 'RBTC',
      address: contract,
      amount: t.lockSats.toString(),
      timeoutBlockHeight: res.timeoutBlockHeight,
      counterpartyAddress: claimAddress,
      payoutAddress: rskAddress,
    },
  };
}
