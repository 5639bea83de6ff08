import { useState } from 'preact/hooks';
import type { HopDeadlineView, HopRecordView, HopRefundView } from '../../../shared/hop-views';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/** The clock's words: blocks left on which layer (and about how long), or that it can be done now. */
function clockText(r: HopRefundView): string {
  const reclaim = r.action === 'reclaim';
  if (r.now) return r.cooperative ? t('refundClockCooperative') : t(reclaim ? 'reclaimClockNow' : 'refundClockNow');
  if (r.blocksLeft === undefined) return t('reclaimClockUnconfirmed');
  const layer = t(`layer_${r.layer}`);
  const blocks = String(r.blocksLeft);
  if (r.etaMinutes === undefined) return t(reclaim ? 'reclaimClockBlocks' : 'refundClockBlocks', blocks, layer);
  return t(reclaim ? 'reclaimClockIn' : 'refundClockIn', blocks, layer, String(r.etaMinutes));
}

/** The counterparty's deadline: blocks left (and about how long), or that it has passed. */
function DeadlineClock({ d }: { d: HopDeadlineView }) {
  const layer = t(`layer_${d.layer}`);
  const blocks = String(d.blocksLeft);
  const text =
    d.blocksLeft === 0 ? t('deadlineClockPassed') : d.etaMinutes === undefined ? t('deadlineClockBlocks', blocks, layer) : t('deadlineClockIn', blocks, layer, String(d.etaMinutes));
  return (
    <small class="muted" data-testid="deadline-clock" data-blocks-left={d.blocksLeft} data-layer={d.layer}>
      {text}
    </small>
  );
}

/**
 * An unfinished hop's clocks: the counterparty's deadline, and the refund clock (from the background's refund view, never a stored
 * flag) and, when the refund is possible now, Refund (or Reclaim) behind a confirmation.
 */
export function RefundClock({ hop, onDone }: { hop: HopRecordView; onDone: (hop: HopRecordView) => void }) {
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const r = hop.refund;
  if (hop.outcome !== 'in-progress') return null;
  const deadline = hop.deadline ? <DeadlineClock d={hop.deadline} /> : null;
  if (!r) return deadline;
  const reclaim = r.action === 'reclaim';
  const refund = () =>
    run(async () => {
      const next = await call('hops.refund', { id: hop.id });
      setConfirming(false);
      onDone(next);
    });
  return (
    <>
      {deadline}
      <div class="refund-clock" data-testid="refund-clock" data-now={String(r.now)} data-blocks-left={r.blocksLeft ?? ''} data-at-height={r.atHeight ?? ''} data-layer={r.layer}>
        <small class="muted">{clockText(r)}</small>
        {r.now && !confirming ? (
          <button type="button" class="small" data-testid="hop-refund" disabled={busy} onClick={() => setConfirming(true)}>
            {t(reclaim ? 'reclaimNow' : 'refundNow')}
          </button>
        ) : null}
        {r.now && confirming ? (
          <div data-testid="hop-refund-confirming">
            <p>{t(reclaim ? 'reclaimConfirm' : 'refundConfirm')}</p>
            <div class="row">
              <button type="button" data-testid="hop-refund-confirm" disabled={busy} onClick={refund}>
                {t('confirm')}
              </button>
              <button type="button" class="link" data-testid="hop-refund-cancel" disabled={busy} onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        ) : null}
        <ErrorText text={error} />
      </div>
    </>
  );
}
