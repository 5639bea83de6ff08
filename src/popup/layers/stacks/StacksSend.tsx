import { useEffect, useState } from 'preact/hooks';
import type { StacksAssetView, StacksQuoteView } from '../../../shared/layers/stacks';
import { Amount } from '../../components/Amount';
import { Field } from '../../components/Field';
import { ReviewRow, SendFlow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

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
  // Shared with the send flow: a failed asset list shows as the form's error and holds the review button.
  const action = useAction();

  useEffect(() => {
    void action.run(async () => setAssets(await call('stacks.assets', {})));
  }, []);
  const chosen = assets.find((a) => a.id === asset);
  const draft = () => ({ asset, to: to.trim(), amount: amount.trim(), memo });
  return (
    <SendFlow<StacksQuoteView>
      prefix="stx"
      title={t('stxSendTitle')}
      sentBody={t('stxSentBody')}
      action={action}
      canReview={to.trim() !== '' && amount.trim() !== ''}
      quote={() => call('stacks.quote', draft())}
      // The reviewed fee goes back with the send: what was shown is what is signed.
      send={(q) => call('stacks.send', { ...draft(), fee: q.fee })}
      reviewRows={(q) => (
        <>
          <ReviewRow label={t('amount')}>
            <Amount value={q.amount} decimals={q.asset.decimals} symbol={q.asset.symbol} testId="stx-review-amount" />
          </ReviewRow>
          {q.memo ? (
            <ReviewRow label={t('stxMemo')} testId="stx-review-memo">
              {q.memo}
            </ReviewRow>
          ) : null}
          <ReviewRow label={t('networkFee')}>
            <Amount value={q.fee} decimals={6} symbol="STX" testId="stx-review-fee" />
          </ReviewRow>
          <ReviewRow label={t('stxNonce')} testId="stx-review-nonce" value={q.nonce}>
            {q.nonce}
          </ReviewRow>
        </>
      )}
      onDone={onDone}
    >
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
      <Field label={t('recipient')} testId="stx-send-to" kind="address" placeholder="ST…" value={to} onInput={setTo} />
      <Field label={t('amountIn', chosen?.symbol ?? 'STX')} testId="stx-send-amount" kind="amount" value={amount} onInput={setAmount} />
      <Field label={t('stxMemoOptional')} testId="stx-send-memo" value={memo} onInput={setMemo} />
    </SendFlow>
  );
}
