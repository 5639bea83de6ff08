/**
 * A chain swap whose lockup Boltz rejected for its amount (transaction.lockupFailed,
 * "locked X is less/more than expected Y") can go on instead of being refunded: Boltz
 * works out a new quote for what was locked (GET /v2/swap/chain/{id}/quote) and goes on
 * once it is accepted (POST the same amount), as long as it has signed no refund and
 * at least an hour is left (boltz-backend lib/service/Renegotiator.ts,
 * docs/renegotiating.md). The wallet takes the new quote only when it gives no less than
 * renegotiationFloor: the quote the user agreed to when we locked the agreed amount (a
 * rejection of that is Boltz's error), else that quote scaled to what we locked less
 * 0.5 %; and never less than what we locked, as our own chain backend shows it, less what
 * Boltz may keep of it (the restore bound).
 * Anything else (a lower offer, no offer, an offer that cannot be read) refunds our
 * lockup, as before renegotiation existed.
 */
import { localText, type LocalText } from '../../shared/local-text';
import { WEI_PER_SAT } from '../../shared/units';
import { BoltzHttpError, type SwapStatus } from './api';
import { renegotiationFloor, RENEGOTIATE_SLIPPAGE_PPM, sats } from './fees';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { dataOf, withData, withSide } from './record';
import { apiOf, lockedOnChain } from './sides';
import { causeOf } from './verify';

export type Renegotiation =
  /** The new quote was taken; Boltz locks the new amount for us. */
  | { outcome: 'accepted'; record: HopRecord }
  /** Refund instead (`record.data.refundOnly` says why). */
  | { outcome: 'declined'; record: HopRecord }
  /** Boltz's quote moved between reading and accepting it: ask again. */
  | { outcome: 'retry'; record: HopRecord; why: LocalText };

const percent = `${Number(RENEGOTIATE_SLIPPAGE_PPM) / 10_000} %`;

const floorWhy = (locked: bigint, agreedLock: bigint) => (locked === agreedLock ? localText('hopText_reneg_floor_exact') : localText('hopText_reneg_floor_scaled', percent));

export async function renegotiate(ctx: HopContext, r: HopRecord, status: SwapStatus): Promise<Renegotiation> {
  const d = dataOf(r);
  const lock = d.lock!;
  const claim = d.claim!;
  const api = apiOf(ctx, r);
  // Boltz's own words (its failure reason, an HTTP error's reason) are quoted as theirs.
  const rejected = status.failureReason ? localText('hopText_reneg_rejected_said', status.failureReason) : localText('hopText_reneg_rejected');
  const decline = (why: LocalText): Renegotiation => ({ outcome: 'declined', record: withData(r, { refundOnly: localText('hopNote_reneg_declined', rejected, why) }) });
  const refusal = (err: unknown): string | LocalText =>
    err instanceof BoltzHttpError ? (err.reason ? localText('hopText_quoted', err.reason) : localText('hopText_boltzCause_status', String(err.status))) : causeOf(err, localText('hopText_no_answer'));

  let offer: bigint;
  try {
    offer = sats((await api.chainQuote(d.swapId)).amount, localText('hopText_boltzFee_new_quote'));
  } catch (err) {
    return decline(localText('hopText_reneg_no_offer', refusal(err)));
  }
  const locked = await lockedOnChain(ctx, lock);
  if (locked === null) return decline(localText('hopText_reneg_lockup_unseen'));
  const quoted = BigInt(d.renegotiated?.quoted ?? claim.amount);
  const least = renegotiationFloor(quoted, BigInt(lock.amount), locked, [lock.currency, claim.currency]);
  const terms = localText('hopText_reneg_terms', String(offer), claim.currency, String(locked), lock.currency, String(quoted));
  if (offer < least) {
    return decline(localText('hopText_reneg_short', terms, String(least), floorWhy(locked, BigInt(lock.amount))));
  }
  const note = localText('hopNote_reneg_taken', rejected, terms, String(least), floorWhy(locked, BigInt(lock.amount)));
  // Saved before Boltz hears of it, so a worker stopped in between keeps the first quote to weigh the next offer against.
  let next = withSide(r, 'claim', { amount: offer.toString(), minSats: least.toString() });
  // What arrives moves with Boltz's lockup, in the claimed asset's unit (wei on Rootstock); our claim's fee stays as quoted until the claim is signed.
  const unit = claim.currency === 'RBTC' ? WEI_PER_SAT : 1n;
  const expectedReceive = (BigInt(r.expectedReceive) - (BigInt(claim.amount) - offer) * unit).toString();
  next = { ...withData(next, { renegotiated: { quoted: quoted.toString(), amount: offer.toString(), note } }), expectedReceive };
  await ctx.save?.(next);
  try {
    await api.acceptChainQuote(d.swapId, Number(offer));
  } catch (err) {
    if (err instanceof BoltzHttpError && err.status === 400 && err.reason === 'invalid quote') return { outcome: 'retry', record: next, why: localText('err_boltz_quote_moved') };
    if (err instanceof BoltzHttpError && err.status < 500) return decline(localText('hopText_reneg_not_accepted', String(offer), refusal(err)));
    throw err;
  }
  return { outcome: 'accepted', record: next };
}
