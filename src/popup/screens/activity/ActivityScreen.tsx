import { useEffect, useRef, useState } from 'preact/hooks';
import { isErrorShape, WalletError } from '../../../shared/errors';
import type { LayerId } from '../../../shared/layers';
import { filterTimeline, type TimelineGap, type TimelineView } from '../../../shared/timeline';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call, errorFromShape, errorText } from '../../rpc-client';
import { TimelineRow } from './TimelineRow';

/** A layer the timeline could not read: which server and why, as Home's rows say it. */
function Gap({ gap }: { gap: TimelineGap }) {
  const e = isErrorShape(gap.error) ? gap.error : { code: 'internal' as const, message: '' };
  const text = errorText(errorFromShape(e));
  return (
    <div class="error small" data-testid={`timeline-gap-${gap.layer}`} data-host={e.host ?? ''}>
      <div>{t('activityLayerUnread', t(`layer_${gap.layer}`))}</div>
      {e.host ? <div data-testid={`timeline-gap-host-${gap.layer}`}>{t('serverFailed', e.host)}</div> : null}
      <div>{text}</div>
    </div>
  );
}

/**
 * Every layer's activity and every move in one list, newest first, with a filter by
 * layer. Opening it reuses what Home read moments ago; Refresh reads every layer again.
 */
export function ActivityScreen({ onLocked }: { onLocked: () => void }) {
  const [view, setView] = useState<TimelineView | null>(null);
  const [filter, setFilter] = useState<LayerId | 'all'>('all');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Only the latest read is shown: an older answer arriving late changes nothing.
  const latest = useRef(0);

  const load = (reuseMs?: number) => {
    const n = ++latest.current;
    setBusy(true);
    call('activity.list', reuseMs === undefined ? {} : { reuseMs })
      .then((v) => {
        if (n !== latest.current) return;
        setView(v);
        setError('');
      })
      .catch((err: unknown) => {
        if (err instanceof WalletError && err.code === 'locked') return onLocked();
        if (n === latest.current) setError(errorText(err));
      })
      .finally(() => {
        if (n === latest.current) setBusy(false);
      });
  };
  useEffect(() => load(), []);

  const layers = view ? view.sources.map((s) => s.layer) : [];
  const shown = view ? filterTimeline(view.entries, filter) : [];
  return (
    <section class="screen" data-testid="activity-screen" data-loading={busy ? 'true' : 'false'}>
      <div class="row">
        <h2>{t('activityTitle')}</h2>
        <span class="spacer" />
        <button type="button" class="small" data-testid="activity-refresh" disabled={busy} onClick={() => load(0)}>
          {busy ? t('refreshing') : t('refresh')}
        </button>
      </div>
      <label class="row">
        <span>{t('activityFilter')}</span>
        <select data-testid="activity-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as LayerId | 'all')}>
          <option value="all">{t('activityAllLayers')}</option>
          {layers.map((l) => (
            <option key={l} value={l}>
              {t(`layer_${l}`)}
            </option>
          ))}
        </select>
      </label>
      <ErrorText text={error} />
      {view?.gaps.map((g) => <Gap key={g.layer} gap={g} />)}
      {!view ? (
        <p class="muted">{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted" data-testid="timeline-empty">
          {t('noActivity')}
        </p>
      ) : (
        <ul class="activity" data-testid="timeline">
          {shown.map((e) => (
            <TimelineRow key={e.key} entry={e} />
          ))}
        </ul>
      )}
    </section>
  );
}
