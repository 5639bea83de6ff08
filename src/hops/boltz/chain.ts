/**
 * boltz-chain: coins on one chain become coins on another. We lock on our side
 * (a Taproot output Boltz claims with the preimage, or an EtherSwap lock), Boltz
 * locks on the other side for us, we claim that with our preimage (cooperatively
 * on Bitcoin, with a script-path fallback), and Boltz then claims ours. If Boltz
 * never locks, we refund after the timeout or at once when Boltz co-signs.
 *
 * States: created -> funded -> claiming -> claimed (completed, once our claim is in a
 * block); failures (Boltz never locks, takes its lockup back, or a restored swap
 * locks too little for us) -> refunding -> refunded. A lockup Boltz rejects for its
 * amount goes on under Boltz's new quote when that is within bounds (renegotiate.ts).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopContext, Mechanism, RefundState } from '../mechanism';
import { boltzRefundState } from './refund-state';
import type { HopKey } from '../keys';
import type { HopRecord, RouteQuote } from '../types';
import { FINAL_STATUSES, type BoltzApi } from './api';
import { currencyOf, explorerLink, layerOfCurrency } from './assets';
import { partialSignatureFor } from './btc-spend';
import { createWithEtherSwap } from './etherswap-pin';
import { BoltzSwapMechanism } from './swap-mechanism';
import { dataOf, newSwapRecord, POLL_MS, withData, withSide } from './record';
import type { BoltzHopData } from './shapes';
import { setStep, step } from '../steps';
import { afterClaim, afterRefund, apiOf, claimSide, endUnfunded, fundSide, locateLockup, lockedOnChain, refundSide } from './sides';
import { belowFloor } from './claim-guard';
import { restoreFloor } from './fees';
import { renegotiate } from './renegotiate';
import { ownEvmLockTxid, withBoltzEvmLock } from './restore';
import { parseTree } from './taproot';
import { checkAmount } from './verify';
import { verifiedSide } from './verified-side';

const SERVER_LOCKED = new Set(['transaction.server.mempool', 'transaction.server.confirmed', 'transaction.claim.pending', 'transaction.claimed']);
const FAILED = new Set(['transaction.lockupFailed', 'swap.expired', 'transaction.failed', 'transaction.refunded']);

/** Why a chain swap is being refunded rather than claimed, when Boltz's status does not say. */
function notClaimed(d: BoltzHopData): string | LocalText | null {
  if (d.refundOnly) return d.refundOnly;
  const c = d.claim!;
  if (!c.takenBack) return null;
  return c.spendTxid ? localText('hopNote_chain_taken_back_after_claim', c.takenBack) : localText('hopNote_chain_taken_back', c.takenBack);
}

/**
 * What the lock step says while Boltz has not locked: a new quote taken, and that Boltz
 * waits for a confirmation of our lockup (it takes no unconfirmed one that signals
 * replaceability or is above its zero-conf limit: boltz-backend lib/swap/UtxoNursery.ts).
 */
function lockNote(d: BoltzHopData, status: { zeroConfRejected?: boolean }): LocalText | string | undefined {
  const renegotiated = d.renegotiated?.note;
  const zeroConf = status.zeroConfRejected ? localText('hopNote_zeroconf_rejected_lock', d.claim!.currency) : undefined;
  return renegotiated && zeroConf ? localText('hopText_both', renegotiated, zeroConf) : (renegotiated ?? zeroConf);
}

export class ChainMechanism extends BoltzSwapMechanism<'chain'> implements Mechanism {
  constructor() {
    super('chain');
  }

  async create(ctx: HopContext, quote: RouteQuote<'boltz-chain'>, index: number, id: string): Promise<HopRecord> {
    const { terms, api, key } = this.start(ctx, quote, index);
    const from = currencyOf(quote.from);
    const to = currencyOf(quote.to);
    const lockSats = BigInt(terms.lockSats);
    const serverLockSats = BigInt(terms.serverLockSats);
    const { res, rskAddress } = await createWithEtherSwap(ctx, from === 'RBTC' || to === 'RBTC', (rskAddress) =>
      api.createChain({
        from,
        to,
        preimageHash: bytesToHex(key.preimageHash),
        ...(from === 'RBTC' ? {} : { refundPublicKey: bytesToHex(key.publicKey) }),
        ...(to === 'RBTC' ? { claimAddress: rskAddress } : { claimPublicKey: bytesToHex(key.publicKey) }),
        userLockAmount: Number(lockSats),
        pairHash: terms.pairHash,
      }),
    );
    // Verify both sides before anything moves.
    checkAmount(localText('hopText_boltzWhat_amount_to_lock'), res.lockupDetails?.amount, lockSats);
    checkAmount(localText('hopText_boltzWhat_amount_boltz_locks'), res.claimDetails?.amount, serverLockSats);
    const lock = await verifiedSide(ctx, from, res.lockupDetails, key, false);
    const claim = await verifiedSide(ctx, to, res.claimDetails, key, true);
    const data: BoltzHopData = {
      kind: 'chain',
      boltz: api.http.baseUrl,
      swapId: res.id,
      preimageHash: bytesToHex(key.preimageHash),
      payoutAddress: to === 'RBTC' ? rskAddress : claim.payoutAddress,
      lock,
      claim,
    };
    return newSwapRecord(ctx, quote, { id, index, mechanism: this.id }, data, [
      step('fund', localText('hopStep_boltz_fund', from)),
      step('lock', localText('hopStep_boltz_lock_for_us', to)),
      step('claim', localText('hopStep_boltz_claim', to)),
      step('refund', localText('hopStep_boltz_refund_if_unlocked')),
    ]);
  }

  async advance(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    let r = record;
    const now = ctx.now();
    const d = dataOf(r);
    const api = apiOf(ctx, r);
    const status = await api.status(d.swapId);
    r = withData(r, { status: status.status });
    const key = ctx.keys.at(r.index);
    const lock = dataOf(r).lock!;

    // 1. Our lockup.
    let funded = Boolean(lock.txid);
    if (lock.currency !== 'RBTC') {
      const located = await locateLockup(ctx, r, 'lock');
      r = located.record;
      funded = located.output !== null || Boolean(lock.txid);
    } else if (!funded) {
      // Our EtherSwap lock sent by a worker that died before saving its hash is found by its
      // Lockup event. Without this the hop stayed unfunded (fundSide only saw the lock was there),
      // never claimed, and ended as "expired, nothing was sent" with our RBTC still locked.
      const txid = await ownEvmLockTxid(ctx, r);
      if (txid) {
        r = withSide(r, 'lock', { txid });
        funded = true;
      }
    }
    if (!funded) {
      // A swap found again by restore is never funded now: the old profile had not funded it.
      if (FAILED.has(status.status) || FINAL_STATUSES.has(status.status) || dataOf(r).restored) return endUnfunded(ctx, r, status.status, now);
      const res = await fundSide(ctx, r, key);
      r = setStep(res.record, 'fund', { status: 'done', txid: res.txid ?? dataOf(res.record).lock!.txid, explorerUrl: res.link }, now);
      return { ...r, state: 'funded', nextCheckAt: now + POLL_MS.soon };
    }
    const lockTxid = dataOf(r).lock!.txid;
    if (lockTxid) r = setStep(r, 'fund', { status: 'done', txid: lockTxid, explorerUrl: explorerLink(ctx, layerOfCurrency(lock.currency), lockTxid) }, now);

    // 2. Boltz's lockup: claim it (never a restored one that holds too little, nor one Boltz took back).
    const c = dataOf(r).claim!;
    if (!dataOf(r).refundOnly && !c.takenBack && (SERVER_LOCKED.has(status.status) || c.spendTxid)) {
      // Restored before Boltz locked RBTC: Boltz's refund address comes from its lock.
      const completed = await withBoltzEvmLock(ctx, r);
      if (!completed) return { ...r, nextCheckAt: now + POLL_MS.soon };
      r = setStep(completed, 'lock', { status: 'done', txid: status.transaction?.id, note: lockNote(dataOf(completed), {}) }, now);
      const floored = await withRestoredFloor(ctx, r);
      if (!floored) return { ...r, lastError: localText('hopNote_chain_restored_unseen'), nextCheckAt: now + POLL_MS.soon };
      r = floored;
      const low = belowFloor(dataOf(r).claim!);
      if (low) return this.doRefund(ctx, withData(r, { refundOnly: localText('hopNote_chain_below_floor', low) }), false);
      const res = await claimSide(ctx, r, 'claim', key, (req) => this.claimRequest(api, r, key, req));
      if (res.takenBack) return this.doRefund(ctx, setStep(res.record, 'claim', { status: 'failed' }, now), false);
      // Not claimed (yet): no lockup seen, or it waits for a confirmation, or it is too close to its timeout.
      if (!res.txid) return { ...afterClaim(res, now), lastError: res.refused, nextCheckAt: now + (res.note ? POLL_MS.waiting : POLL_MS.soon) };
      // Claimed, not in a block yet: Boltz could still displace it after its timeout; followed until it is.
      if (!res.confirmed) return { ...afterClaim(res, now), state: 'claiming', nextCheckAt: now + POLL_MS.soon };
      r = setStep(afterClaim(res, now), 'refund', { status: 'skipped' }, now);
      return { ...r, state: 'claimed', outcome: 'completed', nextCheckAt: undefined };
    }

    // 3. Boltz rejected our lockup for its amount: its new quote, if within bounds, instead of a refund.
    if (status.status === 'transaction.lockupFailed' && !dataOf(r).refundOnly && !c.takenBack && !dataOf(r).lock!.spendTxid) {
      const re = await renegotiate(ctx, r, status);
      if (re.outcome !== 'declined') {
        r = setStep(re.record, 'lock', { status: 'active', note: lockNote(dataOf(re.record), status) }, now);
        return { ...r, state: 'funded', ...(re.outcome === 'retry' ? { lastError: re.why } : {}), nextCheckAt: now + POLL_MS.soon };
      }
      r = setStep(re.record, 'lock', { note: dataOf(re.record).refundOnly }, now);
    }

    // 4. Boltz failed, took its lockup back, or the swap expired: our coins come back.
    if (FAILED.has(status.status) || dataOf(r).lock!.spendTxid || dataOf(r).refundOnly || c.takenBack) return this.doRefund(ctx, r, false);
    r = setStep(r, 'lock', { status: 'active', note: lockNote(dataOf(r), status) }, now);
    // Boltz waits for a confirmation of our lockup: that takes a block.
    return { ...r, state: 'funded', nextCheckAt: now + (status.zeroConfRejected ? POLL_MS.waiting : POLL_MS.soon) };
  }

  refund(ctx: HopContext, record: HopRecord): Promise<HopRecord> {
    return this.doRefund(ctx, record, true);
  }

  /** Our lockup's refund: from Boltz's timeout, or now when the swap failed (refund-state.ts). */
  refundState(ctx: HopContext, record: HopRecord): Promise<RefundState | null> {
    return boltzRefundState(ctx, record, FAILED);
  }

  /**
   * Our cooperative claim request. When our own lockup is a Taproot output, Boltz's
   * claim of it is co-signed in the same request (so Boltz sweeps it on the key
   * path); that part is best effort and never blocks our claim.
   */
  private async claimRequest(api: BoltzApi, r: HopRecord, key: HopKey, toSign: { pubNonce: string; transaction: string; index: number }) {
    const d = dataOf(r);
    let signature;
    if (d.lock!.currency !== 'RBTC') {
      try {
        const details = await api.chainClaimDetails(d.swapId);
        signature = partialSignatureFor(
          { privateKey: key.privateKey, publicKey: key.publicKey, boltzPublicKey: hexToBytes(d.lock!.boltzPublicKey!) },
          parseTree(d.lock!.tree),
          d.lock!.currency === 'L-BTC',
          hexToBytes(details.transactionHash),
          hexToBytes(details.pubNonce),
        );
      } catch {
        signature = undefined;
      }
    }
    return api.chainClaim(d.swapId, { preimage: bytesToHex(key.preimage), toSign, ...(signature ? { signature } : {}) });
  }

  private async doRefund(ctx: HopContext, r: HopRecord, byUser: boolean): Promise<HopRecord> {
    const d = dataOf(r);
    const api = apiOf(ctx, r);
    const evm = d.lock!.currency === 'RBTC';
    const out = await refundSide(ctx, r, ctx.keys.at(r.index), evm ? null : (req) => api.chainRefund(d.swapId, req), evm ? () => api.chainRefundEvm(d.swapId) : null);
    const next = afterRefund(ctx, out, byUser, { failed: 'lock', skipped: 'claim' });
    const why = notClaimed(dataOf(next));
    return why && next.outcome === 'in-progress' ? { ...next, lastError: next.lastError ? localText('hopText_both', why, next.lastError) : why } : next;
  }
}

/**
 * A swap restored before our lockup could be seen carries no floor for Boltz's lockup
 * (restore sets `minSats` from what we locked): take it from the chain before any
 * claim, or claim nothing. Null while our lockup is still not to be seen.
 */
async function withRestoredFloor(ctx: HopContext, r: HopRecord): Promise<HopRecord | null> {
  const { restored, lock, claim } = dataOf(r);
  if (!restored || claim!.minSats) return r;
  const ours = await lockedOnChain(ctx, lock!);
  if (ours === null || ours <= 0n) return null;
  return withSide(r, 'claim', { minSats: restoreFloor(ours, [lock!.currency, claim!.currency]).toString() });
}
