import { useState } from 'preact/hooks';
import type { LightningPaidView, LightningPreviewView } from '../../../shared/layers/lightning';
import { renderText } from '../../../shared/local-text';
import { formatAmountText } from '../../../shared/units';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { useGrantedAction } from '../../host-permission';
import { ReviewRow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { MSAT } from './msat';
import type { PayDraft } from './PayAmount';
import { SuccessActionNote } from './SuccessActionNote';

/** Review (amount, fee ceiling, destination, description) -> pay -> paid, with the service's success action. */
export function PayReview(props: { draft: PayDraft; preview: LightningPreviewView; onBack: () => void; onDone: () => void; onConnect: () => void }) {
  const { draft, preview: p } = props;
  const [paid, setPaid] = useState<LightningPaidView | null>(null);
  const { busy, error, runGranted } = useGrantedAction(p.hosts);

  const pay = () => runGranted(async () => setPaid(await call('lightning.pay', draft)));

  if (paid) {
    return (
      <section class="screen" data-testid="ln-paid">
        <h2>{t('lnPaidTitle')}</h2>
        <p>
          <Amount value={paid.amountMsat} {...MSAT} testId="ln-paid-amount" /> → {paid.destination}
        </p>
        <p class="muted">
          {t('feeLabel')} <Amount value={paid.feeMsat} {...MSAT} testId="ln-paid-fee" />
        </p>
        {paid.successAction ? <SuccessActionNote action={paid.successAction} /> : null}
        {paid.warnings.map((w) => {
          const line = renderText(w, t);
          return (
            <p class="warning" key={line}>
              {line}
            </p>
          );
        })}
        <button type="button" class="primary" data-testid="ln-paid-done" onClick={props.onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  return (
    <section class="screen" data-testid="ln-review-screen">
      <h2>{t('reviewTitle')}</h2>
      <p class="muted">{t('lnPayingTo')}</p>
      <code class="address" data-testid="ln-review-destination">
        {p.destination}
      </code>
      <p data-testid="ln-review-description">{renderText(p.description, t)}</p>
      {p.comment ? <p class="muted" data-testid="ln-review-comment">“{p.comment}”</p> : null}
      <table class="review">
        <tbody>
          <ReviewRow label={t('amount')}>
            <Amount value={p.amountMsat} {...MSAT} testId="ln-review-amount" />
          </ReviewRow>
          <ReviewRow label={t('lnFeeCeiling')}>
            <Amount value={p.maxFeeMsat} {...MSAT} testId="ln-review-fee" />
          </ReviewRow>
          {p.balanceMsat !== undefined ? (
            <ReviewRow label={t('lnFundingBalance')}>
              <Amount value={p.balanceMsat} {...MSAT} />
            </ReviewRow>
          ) : null}
          {p.expiresAt !== undefined ? (
            <ReviewRow label={t('lnExpires')}>{new Date(p.expiresAt * 1000).toLocaleString()}</ReviewRow>
          ) : null}
        </tbody>
      </table>
      {p.kind === 'lnurl-pay' ? (
        // LUD-06: the invoice is asked for only on Pay; the background checks it before paying.
        <p class="muted" data-testid="ln-review-checks">
          {t('lnInvoiceChecks', formatAmountText(BigInt(p.amountMsat), MSAT.decimals, MSAT.symbol))}
        </p>
      ) : null}
      {p.funding ? (
        <p class="muted" data-testid="ln-review-funding">
          {t('lnPaysFrom', p.funding.label)}
        </p>
      ) : null}
      {p.warnings.map((w) => {
        const line = renderText(w, t);
        return (
          <p class="warning" key={line}>
            {line}
          </p>
        );
      })}
      <ErrorText text={error} />
      {p.funding ? (
        <button type="button" class="primary" data-testid="ln-confirm-pay" disabled={busy} onClick={pay}>
          {busy ? t('sending') : t('lnConfirmPay')}
        </button>
      ) : (
        <button type="button" class="primary" data-testid="ln-connect-first" onClick={props.onConnect}>
          {t('lnConnectWallet')}
        </button>
      )}
      <button type="button" class="link" onClick={props.onBack}>
        {t('back')}
      </button>
    </section>
  );
}
