import { useEffect, useState } from 'preact/hooks';
import type { StacksAssetView, StacksQuoteView, StacksSentView } from '../../../shared/layers/stacks';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';

type Step = { name: 'form' } | { name: 'review'; quote: StacksQuoteView } | { name: 'sent'; sent: StacksSentView };

/**
 * Send STX or a token: form (asset, recipient, amount, memo) -> review (amount,
 * fee, nonce) -> sent. The background parses the text and checks it all again.
 */
export function StacksSend({ onDone }: { onDone: () => void }) {
  const [assets, setAssets] = useState<StacksAssetView[]>([]);
  const [asset, setAsset] = useState('STX');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [step, setStep] = useState<Step>({ name: 'form' });
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => setAssets(await call('stacks.assets', {})));
  }, []);
  const chosen = assets.find((a) => a.id === asset);
  const draft = () => ({ asset, to: to.trim(), amount: amount.trim(), memo });
  const review = onSubmit(() => run(async () => setStep({ name: 'review', quote: await call('stacks.quote', draft()) })));
  // The reviewed fee goes back with the send: what was shown is what is signed.
  const send = (q: StacksQuoteView) => run(async () => setStep({ name: 'sent', sent: await call('stacks.send', { ...draft(), fee: q.fee }) }));

  if (step.name === 'sent') {
    const s = step.sent;
    return (
      <section class="screen" data-testid="stx-sent">
        <h2>{t('sentTitle')}</h2>
        <p>{t('stxSentBody')}</p>
        <code class="address" data-testid="stx-sent-txid">
          {s.txid}
        </code>
        {s.explorerUrl ? (
          <a href={s.explorerUrl} target="_blank" rel="noreferrer">
            {t('explorer')}
          </a>
        ) : null}
        <button type="button" class="primary" data-testid="stx-sent-done" onClick={onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  if (step.name === 'review') {
    const q = step.quote;
    return (
      <section class="screen" data-testid="stx-review">
        <h2>{t('reviewTitle')}</h2>
        <p class="muted">{t('sendingTo')}</p>
        <code class="address" data-testid="stx-review-to">
          {q.to}
        </code>
        <table class="review">
          <tbody>
            <tr>
              <th>{t('amount')}</th>
              <td>
                <Amount value={q.amount} decimals={q.asset.decimals} symbol={q.asset.symbol} testId="stx-review-amount" />
              </td>
            </tr>
            {q.memo ? (
              <tr>
                <th>{t('stxMemo')}</th>
                <td data-testid="stx-review-memo">{q.memo}</td>
              </tr>
            ) : null}
            <tr>
              <th>{t('networkFee')}</th>
              <td>
                <Amount value={q.fee} decimals={6} symbol="STX" testId="stx-review-fee" />
              </td>
            </tr>
            <tr>
              <th>{t('stxNonce')}</th>
              <td data-testid="stx-review-nonce" data-value={q.nonce}>
                {q.nonce}
              </td>
            </tr>
          </tbody>
        </table>
        <ErrorText text={error} />
        <button type="button" class="primary" data-testid="stx-confirm-send" disabled={busy} onClick={() => send(q)}>
          {busy ? t('sending') : t('confirmSend')}
        </button>
        <button type="button" class="link" data-testid="stx-review-back" onClick={() => setStep({ name: 'form' })}>
          {t('back')}
        </button>
      </section>
    );
  }

  return (
    <form class="screen" data-testid="stx-send-form" onSubmit={review}>
      <h2>{t('stxSendTitle')}</h2>
      <label>
        {t('asset')}
        <select data-testid="stx-send-asset" value={asset} onChange={(e) => setAsset(e.currentTarget.value)}>
          {assets.map((a) => (
            <option key={a.id} value={a.id}>
              {a.symbol}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('recipient')}
        <input data-testid="stx-send-to" placeholder="ST…" autocomplete="off" spellcheck={false} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        {t('amountIn', chosen?.symbol ?? 'STX')}
        <input inputMode="decimal" data-testid="stx-send-amount" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <label>
        {t('stxMemoOptional')}
        <input data-testid="stx-send-memo" value={memo} onInput={(e) => setMemo(e.currentTarget.value)} />
      </label>
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="stx-send-review" disabled={busy || !to.trim() || !amount.trim()}>
        {busy ? t('checking') : t('review')}
      </button>
      <button type="button" class="link" onClick={onDone}>
        {t('back')}
      </button>
    </form>
  );
}
