import { useState } from 'preact/hooks';
import type { BitcoinQuoteView } from '../../../shared/layers/bitcoin';
import { Amount } from '../../components/Amount';
import { FeePicker, type FeeValue } from '../../components/FeePicker';
import { Field } from '../../components/Field';
import { ReviewRow, SendFlow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { formatAmountText, UNITS } from '../../../shared/units';

const btc = (value: string, testId: string) => <Amount value={value} decimals={8} symbol="BTC" testId={testId} />;

/** Send: form -> review (amount, fee, rate, change, total) -> sent. The background checks everything again on send. */
export function BitcoinSend({ onDone }: { onDone: () => void }) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [max, setMax] = useState(false);
  const [fee, setFee] = useState<FeeValue>({ kind: 'normal' });
  const [confirmHighFee, setConfirmHighFee] = useState(false);

  const draft = () => ({ to: to.trim(), amount: max ? undefined : amount, max, fee, confirmHighFee });
  return (
    <SendFlow<BitcoinQuoteView>
      prefix="btc"
      ids={{ reviewButton: 'send-review', reviewTo: 'review-to', sentTxid: 'sent-txid', sentDone: 'sent-done' }}
      title={t('sendBitcoin')}
      sentBody={t('sentBody')}
      canReview={to.trim() !== ''}
      quote={() => call('bitcoin.quote', draft())}
      // The reviewed rate and fee go back: the background signs that plan or asks for a new review.
      send={(q) => call('bitcoin.send', { ...draft(), fee: { kind: 'custom', satPerVb: q.feeRate }, reviewedFee: q.fee })}
      reviewRows={(q) => (
        <>
          <ReviewRow label={t('amount')}>{btc(q.amount, 'review-amount')}</ReviewRow>
          <ReviewRow label={t('networkFee')}>{btc(q.fee, 'review-fee')}</ReviewRow>
          <ReviewRow label={t('feeRate')} testId="review-fee-rate">
            {q.feeRate} sat/vB
          </ReviewRow>
          <ReviewRow label={t('change')}>{btc(q.change, 'review-change')}</ReviewRow>
          <ReviewRow label={t('total')}>{btc(q.total, 'review-total')}</ReviewRow>
        </>
      )}
      reviewNotes={(q) => (
        <>
          <p class="muted">{t('selectionInfo', String(q.inputCount), q.algorithm, formatAmountText(BigInt(q.waste), UNITS.SAT.decimals, UNITS.SAT.symbol))}</p>
          {q.highFee ? (
            <label class="inline warning">
              <input type="checkbox" data-testid="confirm-high-fee" checked={confirmHighFee} onChange={(e) => setConfirmHighFee(e.currentTarget.checked)} />
              {t('confirmHighFee', q.feeRate, q.sanityCap)}
            </label>
          ) : null}
        </>
      )}
      canConfirm={(q) => !q.highFee || confirmHighFee}
      onDone={onDone}
    >
      <Field label={t('recipient')} testId="send-to" kind="address" placeholder={t('addressOrUri')} value={to} onInput={setTo} />
      <Field label={t('amountBtc')} testId="send-amount" kind="amount" placeholder="0.001" disabled={max} value={amount} onInput={setAmount} />
      <label class="inline">
        <input type="checkbox" data-testid="send-max" checked={max} onChange={(e) => setMax(e.currentTarget.checked)} />
        {t('sendMax')}
      </label>
      <FeePicker value={fee} onChange={setFee} />
    </SendFlow>
  );
}
