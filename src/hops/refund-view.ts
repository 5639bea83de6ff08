/** A mechanism's refund state and deadline as the popup sees them: blocks left and about how long, on the preset the hop runs on. */
import { minutesForBlocks } from '../shared/block-times';
import type { HopDeadlineView, HopRefundView } from '../shared/hop-views';
import type { Deadline, RefundState } from './mechanism';
import type { HopRecord } from './types';

export function refundView(state: RefundState, record: HopRecord): HopRefundView {
  const view: HopRefundView = { now: state.now, layer: state.layer, action: state.action };
  if (state.atHeight !== undefined) view.atHeight = state.atHeight;
  if (state.cooperative) view.cooperative = true;
  if (state.atHeight !== undefined && state.tip !== undefined) {
    const blocksLeft = Math.max(0, state.atHeight - state.tip);
    view.blocksLeft = blocksLeft;
    if (blocksLeft > 0) {
      const minutes = minutesForBlocks(state.layer, record.network[state.layer] ?? '', blocksLeft);
      if (minutes !== undefined) view.etaMinutes = minutes;
    }
  }
  return view;
}

export function deadlineView(deadline: Deadline, record: HopRecord): HopDeadlineView {
  const blocksLeft = Math.max(0, deadline.atHeight - deadline.tip);
  const view: HopDeadlineView = { layer: deadline.layer, atHeight: deadline.atHeight, blocksLeft };
  const minutes = blocksLeft > 0 ? minutesForBlocks(deadline.layer, record.network[deadline.layer] ?? '', blocksLeft) : undefined;
  if (minutes !== undefined) view.etaMinutes = minutes;
  return view;
}
