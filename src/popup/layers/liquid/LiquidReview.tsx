import type { LiquidQuoteView } from '../../../shared/layers/liquid';
import { Amount } from '../../components/Amount';
import { ReviewRow } from '../../components/SendFlow';
import { t } from '../../i18n';

/** What the send will do, before anything is signed: amount, fee (always L-BTC), total and privacy. */
export function liquidReviewRows(q: LiquidQuoteView) {
  const isLbtc = q.asset === q.feeAsset;
  const lbtc = (value: string, testId?: string) => <Amount value={value} decimals={q.feeDecimals} symbol={q.feeSymbol} testId={testId} />;
  return (
    <>
      <ReviewRow label={t('amount')}>
        <Amount value={q.amount} decimals={q.decimals} symbol={q.symbol} testId="lq-review-amount" />
      </ReviewRow>
      <ReviewRow label={t('networkFee')}>{lbtc(q.fee, 'lq-review-fee')}</ReviewRow>
      <ReviewRow label={t('total')}>
        {isLbtc ? null : (
          <>
            <Amount value={q.amount} decimals={q.decimals} symbol={q.symbol} />
            {' + '}
          </>
        )}
        {lbtc(q.lbtcTotal, 'lq-review-total')}
      </ReviewRow>
      <tr>
        <th>{t('privacy')}</th>
        <td data-testid="lq-review-confidential" data-confidential={String(q.confidential)}>
          {q.confidential ? t('confidentialSend') : t('unconfidentialSend')}
        </td>
      </tr>
    </>
  );
}

/** The privacy warning and how the fee was reached. */
export function liquidReviewNotes(q: LiquidQuoteView) {
  return (
    <>
      {q.confidential ? null : <p class="warning">{t('unconfidentialSendWarning')}</p>}
      <p class="muted" data-testid="lq-review-fee-info">
        {t('liquidFeeInfo', q.feeRate, String(q.vsize), String(q.inputCount))}
      </p>
    </>
  );
}
