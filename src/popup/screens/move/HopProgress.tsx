import type { HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { HoldInvoice } from './HoldInvoice';

/** Each step of one hop, with its transactions; refund when the mechanism allows it. */
export function HopProgress({ hop, onBack, onChange }: { hop: HopRecordView; onBack: () => void; onChange: () => void }) {
  const { busy, error, run } = useAction();
  const from = hopAsset(hop.from);
  const to = hopAsset(hop.to);
  const refund = () => run(async () => { await call('hops.refund', { id: hop.id }); onChange(); });
  return (
    <section class="screen" data-testid="hop-progress" data-outcome={hop.outcome} data-state={hop.state}>
      <h2>
        {t(`layer_${hop.from.layer}`)} → {t(`layer_${hop.to.layer}`)}
      </h2>
      <p class="muted">{t(`mechanism_${hop.mechanism.replace(/-/g, "_")}`)} · {t(`outcome_${hop.outcome.replace(/-/g, "_")}`)}</p>
      {from && to ? (
        <p>
          <Amount value={hop.send} decimals={from.decimals} symbol={from.symbol} /> →{' '}
          <Amount value={hop.expectedReceive} decimals={to.decimals} symbol={to.symbol} />
        </p>
      ) : null}
      <HoldInvoice hop={hop} />
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
      {hop.lastError ? <p class="warning" data-testid="hop-last-error">{hop.lastError}</p> : null}
      <ErrorText text={error} />
      {hop.outcome === 'in-progress' && hop.data.canRefund === true ? (
        <button type="button" data-testid="hop-refund" disabled={busy} onClick={refund}>
          {t('refundNow')}
        </button>
      ) : null}
      <button type="button" class="link" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
