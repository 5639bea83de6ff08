import { txidOfActivity } from '../../../shared/labels';
import { isOpenableLink } from '../../../shared/links';
import type { TimelineEntry } from '../../../shared/timeline';
import { Amount } from '../../components/Amount';
import { CopyButton } from '../../components/CopyButton';
import { t } from '../../i18n';
import { useLabel } from '../../use-labels';
import { statusKey } from './status-text';

function kindText(entry: TimelineEntry): string {
  if (entry.kind === 'move') return t('activityMove');
  return t(`direction_${entry.kind === 'receive' ? 'in' : entry.kind === 'send' ? 'out' : 'self'}`);
}

/** The explorer page when the preset has one that may be opened; otherwise the id to copy. */
function Where({ entry }: { entry: TimelineEntry }) {
  if (entry.explorerUrl && isOpenableLink(entry.explorerUrl)) {
    return (
      <a href={entry.explorerUrl} target="_blank" rel="noreferrer" data-testid="timeline-explorer">
        {t('explorer')}
      </a>
    );
  }
  const copy = entry.txid ?? entry.id;
  return (
    <span class="row">
      <code class="one-line" data-testid="timeline-txid" title={copy}>
        {copy}
      </code>
      <CopyButton text={copy} testId="timeline-copy" />
    </span>
  );
}

/** One entry: what and where, amount(s), status, when, its label, and its explorer page or id. */
export function TimelineRow({ entry }: { entry: TimelineEntry }) {
  const txid = entry.kind === 'move' ? undefined : txidOfActivity(entry.id);
  const label = useLabel(entry.kind === 'move' ? 'hop' : 'tx', entry.kind === 'move' ? entry.id : (txid ?? ''));
  const direction = entry.kind === 'receive' ? 'in' : entry.kind === 'send' ? 'out' : entry.kind;
  return (
    <li
      class={`activity-item ${direction}`}
      data-testid={`timeline-${entry.key}`}
      data-key={entry.key}
      data-kind={entry.kind}
      data-layers={entry.layers.join(' ')}
      data-status={entry.status}
      data-time={entry.time ?? ''}
    >
      <div class="row">
        <strong>{kindText(entry)}</strong>
        <span class="muted">{entry.layers.map((l) => t(`layer_${l}`)).join(' → ')}</span>
        <span class="spacer" />
        <span data-testid="timeline-amounts">
          {entry.amounts.map((a, i) => (
            <span key={i}>
              {i > 0 ? ' → ' : ''}
              <Amount value={a.amount} decimals={a.decimals} symbol={a.symbol} />
            </span>
          ))}
        </span>
      </div>
      <div class="row muted">
        <span data-testid="timeline-status">{t(statusKey(entry))}</span>
        <span>{' · '}</span>
        <span>{entry.time !== undefined ? new Date(entry.time).toLocaleString() : t('activityNotInBlock')}</span>
        <span class="spacer" />
        <Where entry={entry} />
      </div>
      {label ? <div data-testid="timeline-label">{label}</div> : null}
      {entry.partOf ? (
        <div class="muted small" data-testid="timeline-part-of">
          {t('activityPartOfMove')}
        </div>
      ) : null}
    </li>
  );
}
