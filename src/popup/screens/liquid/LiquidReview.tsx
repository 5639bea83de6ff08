import type { LiquidQuoteView } from '../../../shared/layers/liquid';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';

/** What the send will do, before anything is signed: amount, fee (always L-BTC), total and privacy. */
export function LiquidReview(props: { quote: LiquidQuoteView; busy: boolean; error: string; onConfirm: () => void; onBack: () => void }) {
  const q = props.quote;
  const isLbtc = q.asset === q.feeAsset;
  const lbtc = (value: string, testId?: string) => <Amount value={value} decimals={q.feeDecimals} symbol={q.feeSymbol} testId={testId} />;
  return (
    <section class="screen" data-testid="lq-review">
      <h2>{t('reviewTitle')}</h2>
      <p class="muted">{t('sendingTo')}</p>
      <code class="address" data-testid="lq-review-to">
        {q.to}
      </code>
      <table class="review">
        <tbody>
          <tr>
            <th>{t('amount')}</th>
            <td>
              <Amount value={q.amount} decimals={q.decimals} symbol={q.symbol} testId="lq-review-amount" />
            </td>
          </tr>
          <tr>
            <th>{t('networkFee')}</th>
            <td>{lbtc(q.fee, 'lq-review-fee')}</td>
          </tr>
          <tr>
            <th>{t('total')}</th>
            <td>
              {isLbtc ? null : (
                <>
                  <Amount value={q.amount} decimals={q.decimals} symbol={q.symbol} />
                  {' + '}
                </>
              )}
              {lbtc(q.lbtcTotal, 'lq-review-total')}
            </td>
          </tr>
          <tr>
            <th>{t('privacy')}</th>
            <td data-testid="lq-review-confidential" data-confidential={String(q.confidential)}>
              {q.confidential ? t('confidentialSend') : t('unconfidentialSend')}
            </td>
          </tr>
        </tbody>
      </table>
      {q.confidential ? null : <p class="warning">{t('unconfidentialSendWarning')}</p>}
      <p class="muted" data-testid="lq-review-fee-info">
        {t('liquidFeeInfo', q.feeRate, String(q.vsize), String(q.inputCount))}
      </p>
      <ErrorText text={props.error} />
      <button type="button" class="primary" data-testid="lq-confirm-send" disabled={props.busy} onClick={props.onConfirm}>
        {props.busy ? t('sending') : t('confirmSend')}
      </button>
      <button type="button" class="link" onClick={props.onBack}>
        {t('back')}
      </button>
    </section>
  );
}
