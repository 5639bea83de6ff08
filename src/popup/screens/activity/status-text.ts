/** Which locale key says an entry's status: a transaction's as its layer screens say it, a move's as the Move screen does. */
import type { TimelineEntry } from '../../../shared/timeline';

const MOVE_STATUS_KEY: Partial<Record<TimelineEntry['status'], string>> = {
  pending: 'outcome_in_progress',
  completed: 'outcome_completed',
  refunded: 'outcome_refunded',
  failed: 'outcome_failed',
  expired: 'outcome_expired',
  stopped: 'chainStatus_stopped',
  left: 'chainStatus_left',
};

export function statusKey(entry: Pick<TimelineEntry, 'kind' | 'status'>): string {
  return (entry.kind === 'move' ? MOVE_STATUS_KEY[entry.status] : undefined) ?? `status_${entry.status}`;
}
