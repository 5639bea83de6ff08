import { useState } from 'preact/hooks';
import type { RootstockQuoteView, RootstockSentView } from '../../../shared/layers/rootstock';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, sendReviewed, useAction } from '../../use-action';

type Step = { name: 'form' } | { name: 'review'; quote: RootstockQuoteView } | { name: 'sent'; sent: RootstockSentView };

const rbtc = (value: string, testId: string) => <Amount value={value} decimals={18} symbol="RBTC" testId={testId} />;

/**
 * Send RBTC: form -> review (amount, gas limit, gas price, fee, total) -> sent.
 * The background parses the typed text and checks everything again on send.
 */
export function RootstockSend({ onDone }: { onDone: () => void }) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [gasPrice, setGasPrice] = useState('');
  const [step, setStep] = useState<Step>({ name: 'form' });
  const { busy, error, run } = useAction();

  const draft = () => ({ to: to.trim(), amount: amount.trim(), gasPriceGwei: gasPrice.trim() });
  const quote = async () => setStep({ name: 'review', quote: await call('rootstock.quote', draft()) });
  const review = onSubmit(() => run(quote));
  // Send at the reviewed gas price and limit, not a fresh suggestion: what was shown is what gets signed.
  const send = (q: RootstockQuoteView) =>
    run(async () => {
      const sent = await sendReviewed(() => call('rootstock.send', { to: q.to, amountWei: q.amount, gasPrice: q.gasPrice, gasLimit: q.gasLimit }), quote);
      setStep({ name: 'sent', sent });
    });

  if (step.name === 'sent') {
    const s = step.sent;
    return (
      <section class="screen" data-testid="rsk-sent">
        <h2>{t('sentTitle')}</h2>
        <p>{t('rskSentBody')}</p>
        <code class="address" data-testid="rsk-sent-hash">
          {s.hash}
        </code>
        {s.explorerUrl ? (
          <a href={s.explorerUrl} target="_blank" rel="noreferrer" data-testid="rsk-sent-explorer">
            {t('explorer')}
          </a>
        ) : (
          <p class="muted" data-testid="rsk-no-explorer">
            {t('rskNoExplorer')}
          </p>
        )}
        <button type="button" class="primary" data-testid="rsk-sent-done" onClick={onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  if (step.name === 'review') {
    const q = step.quote;
    return (
      <section class="screen" data-testid="rsk-review">
        <h2>{t('reviewTitle')}</h2>
        <p class="muted">{t('sendingTo')}</p>
        <code class="address" data-testid="rsk-review-to">
          {q.to}
        </code>
        <table class="review">
          <tbody>
            <tr>
              <th>{t('amount')}</th>
              <td>{rbtc(q.amount, 'rsk-review-amount')}</td>
            </tr>
            <tr>
              <th>{t('rskGasLimit')}</th>
              <td data-testid="rsk-review-gas-limit" data-value={q.gasLimit}>
                {q.gasLimit}
              </td>
            </tr>
            <tr>
              <th>{t('rskGasPrice')}</th>
              <td>
                <Amount value={q.gasPrice} decimals={9} symbol="gwei" testId="rsk-review-gas-price" />
              </td>
            </tr>
            <tr>
              <th>{t('rskMaxFee')}</th>
              <td>{rbtc(q.fee, 'rsk-review-fee')}</td>
            </tr>
            <tr>
              <th>{t('total')}</th>
              <td>{rbtc(q.total, 'rsk-review-total')}</td>
            </tr>
          </tbody>
        </table>
        <p class="muted">{t('rskFeeNote')}</p>
        <ErrorText text={error} />
        <button type="button" class="primary" data-testid="rsk-confirm-send" disabled={busy} onClick={() => send(q)}>
          {busy ? t('sending') : t('confirmSend')}
        </button>
        <button type="button" class="link" data-testid="rsk-review-back" onClick={() => setStep({ name: 'form' })}>
          {t('back')}
        </button>
      </section>
    );
  }

  return (
    <form class="screen" data-testid="rsk-send-form" onSubmit={review}>
      <h2>{t('rskSendTitle')}</h2>
      <label>
        {t('recipient')}
        <input data-testid="rsk-send-to" placeholder="0x…" autocomplete="off" spellcheck={false} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        {t('rskAmount')}
        <input inputMode="decimal" data-testid="rsk-send-amount" placeholder="0.001" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <label>
        {t('rskGasPriceGwei')}
        <input inputMode="decimal" data-testid="rsk-send-gas-price" placeholder={t('rskAutomatic')} value={gasPrice} onInput={(e) => setGasPrice(e.currentTarget.value)} />
      </label>
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="rsk-send-review" disabled={busy || !to.trim() || !amount.trim()}>
        {busy ? t('checking') : t('review')}
      </button>
      <button type="button" class="link" onClick={onDone}>
        {t('back')}
      </button>
    </form>
  );
}
