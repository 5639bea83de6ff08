import { useState } from 'preact/hooks';
import type { BitcoinQuoteView } from '../../../shared/layers/bitcoin';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { FeePicker, type FeeValue } from '../../components/FeePicker';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, sendReviewed, useAction } from '../../use-action';

type Step = { name: 'form' } | { name: 'review'; quote: BitcoinQuoteView } | { name: 'sent'; txid: string; explorerUrl: string };

/** Send: form -> review (amount, fee, rate, change, total) -> sent. The background checks everything again on send. */
export function BitcoinSend({ onDone }: { onDone: () => void }) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [max, setMax] = useState(false);
  const [fee, setFee] = useState<FeeValue>({ kind: 'normal' });
  const [confirmHighFee, setConfirmHighFee] = useState(false);
  const [step, setStep] = useState<Step>({ name: 'form' });
  const { busy, error, run } = useAction();

  const draft = () => ({ to: to.trim(), amount: max ? undefined : amount, max, fee, confirmHighFee });
  const quote = async () => setStep({ name: 'review', quote: await call('bitcoin.quote', draft()) });
  const review = onSubmit(() => run(quote));
  // The reviewed rate and fee go back: the background signs that plan or asks for a new review.
  const send = (q: BitcoinQuoteView) =>
    run(async () => {
      const r = await sendReviewed(() => call('bitcoin.send', { ...draft(), fee: { kind: 'custom', satPerVb: q.feeRate }, reviewedFee: q.fee }), quote);
      setStep({ name: 'sent', txid: r.txid, explorerUrl: r.explorerUrl });
    });

  if (step.name === 'sent') {
    return (
      <section class="screen" data-testid="btc-sent">
        <h2>{t('sentTitle')}</h2>
        <p>{t('sentBody')}</p>
        <code class="address" data-testid="sent-txid">
          {step.txid}
        </code>
        <a href={step.explorerUrl} target="_blank" rel="noreferrer">
          {t('explorer')}
        </a>
        <button type="button" class="primary" data-testid="sent-done" onClick={onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  if (step.name === 'review') {
    const q = step.quote;
    const row = (label: string, value: string, testId: string) => (
      <tr>
        <th>{label}</th>
        <td>
          <Amount value={value} decimals={8} symbol="BTC" testId={testId} />
        </td>
      </tr>
    );
    return (
      <section class="screen" data-testid="btc-review">
        <h2>{t('reviewTitle')}</h2>
        <p class="muted">{t('sendingTo')}</p>
        <code class="address" data-testid="review-to">
          {q.to}
        </code>
        {q.label ? <p data-testid="review-label">{q.label}</p> : null}
        <table class="review">
          <tbody>
            {row(t('amount'), q.amount, 'review-amount')}
            {row(t('networkFee'), q.fee, 'review-fee')}
            <tr>
              <th>{t('feeRate')}</th>
              <td data-testid="review-fee-rate">{q.feeRate} sat/vB</td>
            </tr>
            {row(t('change'), q.change, 'review-change')}
            {row(t('total'), q.total, 'review-total')}
          </tbody>
        </table>
        <p class="muted">{t('selectionInfo', String(q.inputCount), q.algorithm, q.waste)}</p>
        {q.highFee ? (
          <label class="inline warning">
            <input type="checkbox" data-testid="confirm-high-fee" checked={confirmHighFee} onChange={(e) => setConfirmHighFee(e.currentTarget.checked)} />
            {t('confirmHighFee', q.feeRate, q.sanityCap)}
          </label>
        ) : null}
        <ErrorText text={error} />
        <button type="button" class="primary" data-testid="btc-confirm-send" disabled={busy || (q.highFee && !confirmHighFee)} onClick={() => send(q)}>
          {busy ? t('sending') : t('confirmSend')}
        </button>
        <button type="button" class="link" onClick={() => setStep({ name: 'form' })}>
          {t('back')}
        </button>
      </section>
    );
  }

  return (
    <form class="screen" data-testid="btc-send-form" onSubmit={review}>
      <h2>{t('sendBitcoin')}</h2>
      <label>
        {t('recipient')}
        <input data-testid="send-to" placeholder={t('addressOrUri')} autocomplete="off" spellcheck={false} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        {t('amountBtc')}
        <input inputMode="decimal" data-testid="send-amount" placeholder="0.001" disabled={max} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <label class="inline">
        <input type="checkbox" data-testid="send-max" checked={max} onChange={(e) => setMax(e.currentTarget.checked)} />
        {t('sendMax')}
      </label>
      <FeePicker value={fee} onChange={setFee} />
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="send-review" disabled={busy || !to.trim()}>
        {busy ? t('checking') : t('review')}
      </button>
      <button type="button" class="link" onClick={onDone}>
        {t('back')}
      </button>
    </form>
  );
}
