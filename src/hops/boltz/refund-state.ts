/**
 * When our lockup of a Boltz swap (submarine or chain) can come back: by our refund
 * leaf once Boltz's timeout is reached (Bitcoin and Liquid: a refund's nLockTime is
 * checked against the next block, so at the timeout height; EtherSwap: `refund`
 * executes in the next block, so one block before), or earlier when Boltz co-signs,
 * which it does once the swap failed (boltz-backend lib/service/cooperative/MusigSigner.ts
 * refuses a refund signature for a swap that has not). The wallet counts on that only
 * while no refund was asked and declined: a hop left `refunding` waits for the timeout.
 */
import type { Deadline, HopContext, RefundState } from '../mechanism';
import { tipOf } from '../chain-tips';
import type { HopRecord } from '../types';
import { layerOfCurrency } from './assets';
import { dataOf } from './record';

export async function boltzRefundState(ctx: HopContext, r: HopRecord, failed: ReadonlySet<string>): Promise<RefundState | null> {
  if (r.outcome !== 'in-progress') return null;
  const d = dataOf(r);
  const lock = d.lock;
  // Nothing locked yet, or our refund (or Boltz's claim, which spent it) already found.
  if (!lock?.txid || lock.spendTxid) return null;
  // Our claim of Boltz's lockup showed our preimage: Boltz claims our lockup with it, nothing to refund.
  if (d.claim?.spendTxid && !d.claim.takenBack) return null;
  const layer = layerOfCurrency(lock.currency);
  const tip = await tipOf(ctx, layer);
  const atHeight = lock.currency === 'RBTC' ? lock.timeoutBlockHeight - 1 : lock.timeoutBlockHeight;
  const cooperative = failed.has(d.status ?? '') && r.state !== 'refunding';
  const byTimeout = tip >= atHeight;
  return { now: byTimeout || cooperative, layer, atHeight, tip, action: 'refund', ...(cooperative && !byTimeout ? { cooperative: true } : {}) };
}

/**
 * Boltz's lockup (reverse and chain swaps) is ours to claim until its timeout; from
 * then on Boltz may take it back. None once our claim is in a block, Boltz took it
 * back, or the wallet decided not to claim.
 */
export async function boltzDeadline(ctx: HopContext, r: HopRecord): Promise<Deadline | null> {
  if (r.outcome !== 'in-progress') return null;
  const d = dataOf(r);
  const claim = d.claim;
  if (!claim || claim.spendConfirmed || claim.takenBack || d.refundOnly) return null;
  const layer = layerOfCurrency(claim.currency);
  return { layer, atHeight: claim.timeoutBlockHeight, tip: await tipOf(ctx, layer) };
}
