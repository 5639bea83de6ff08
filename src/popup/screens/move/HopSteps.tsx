import type { HopRecordView } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { t } from '../../i18n';

/** Each step of a hop with its note and transaction, then the last problem met (the hop keeps going). */
export function HopSteps({ hop }: { hop: HopRecordView }) {
  return (
    <>
      <ol class="steps" data-testid="hop-steps">
        {hop.steps.map((s) => (
          <li key={s.key} class={`step ${s.status}`} data-testid={`step-${s.key}`} data-status={s.status}>
            <span>{renderText(s.label, t)}</span>
            {s.note ? (
              <small class="muted" data-testid={`step-note-${s.key}`}>
                {renderText(s.note, t)}
              </small>
            ) : null}
            {s.explorerUrl ? (
              <a href={s.explorerUrl} target="_blank" rel="noreferrer">
                {t('explorer')}
              </a>
            ) : s.txid ? (
              <code class="address">{s.txid}</code>
            ) : null}
          </li>
        ))}
      </ol>
      {hop.lastError ? <p class="warning" data-testid="hop-last-error">{renderText(hop.lastError, t)}</p> : null}
    </>
  );
}
