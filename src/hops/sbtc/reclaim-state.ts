/**
 * When an sBTC deposit can be reclaimed: the reclaim leaf's CHECKSEQUENCEVERIFY
 * (BIP68) admits the reclaim in a block `lockTime` blocks after the deposit's, so
 * from the tip `fundingHeight + lockTime - 1` on, as `advance` and `refund` count.
 * A deposit the signers' sweep took, or one already being reclaimed, has none.
 */
import type { HopContext, RefundState } from '../mechanism';
import { tipOf } from '../chain-tips';
import type { HopRecord } from '../types';

export async function reclaimState(ctx: HopContext, r: HopRecord<'sbtc-deposit'>): Promise<RefundState | null> {
  const d = r.data;
  if (r.outcome !== 'in-progress' || !d.fundingTxid || d.reclaimTxid || r.state === 'swept') return null;
  // Unconfirmed: the lock time has not started yet.
  if (d.fundingHeight === undefined) return { now: false, layer: 'bitcoin', action: 'reclaim' };
  const atHeight = d.fundingHeight + d.lockTime - 1;
  const tip = await tipOf(ctx, 'bitcoin');
  return { now: tip >= atHeight, layer: 'bitcoin', atHeight, tip, action: 'reclaim' };
}
