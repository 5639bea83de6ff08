import type { LightningPaymentItem } from '../../../shared/layers/lightning';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { MSAT } from './msat';
import { SuccessActionNote } from './SuccessActionNote';

/** Lightning payments newest first: what, with whom, status, and why it failed. */
export function LightningActivity({ items }: { items: LightningPaymentItem[] }) {
  if (items.length === 0) return <p class="muted">{t('noActivity')}</p>;
  return (
    <ul class="activity" data-testid="ln-activity">
      {items.map((p) => (
        <li key={p.id} class={`activity-item ${p.direction}`} data-testid={`ln-payment-${p.id}`} data-status={p.status} data-kind={p.kind}>
          <div class="row">
            <strong>{t(`lnKind_${p.kind.replace('-', '_')}`)}</strong>
            <span class="spacer" />
            <Amount value={p.amountMsat} {...MSAT} />
          </div>
          <div class="row muted">
            <span data-testid="ln-payment-status">{t(`status_${p.status}`)}</span>
            {p.feeMsat && p.feeMsat !== '0' ? (
              <span>
                {' · '}
                {t('feeLabel')} <Amount value={p.feeMsat} {...MSAT} />
              </span>
            ) : null}
            <span class="spacer" />
            {p.counterparty ? <span class="ln-counterparty">{p.counterparty}</span> : null}
          </div>
          {p.description ? <div class="muted">{p.description}</div> : null}
          {p.comment ? <div class="muted">“{p.comment}”</div> : null}
          {p.note ? <div class="error">{renderText(p.note, t)}</div> : null}
          {p.successAction ? <SuccessActionNote action={p.successAction} /> : null}
        </li>
      ))}
    </ul>
  );
}
