import { useEffect, useState } from 'preact/hooks';
import type { AssetBalance } from '../../../shared/layer-views';
import type { LiquidQuoteView } from '../../../shared/layers/liquid';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, sendReviewed, useAction } from '../../use-action';
import { pickerOptions, type AssetOption } from './asset-options';
import { LiquidReview } from './LiquidReview';

type Step = { name: 'form' } | { name: 'review'; quote: LiquidQuoteView } | { name: 'sent'; txid: string; explorerUrl: string };

/**
 * Send: asset + recipient + amount -> review (amount, fee in L-BTC, total,
 * confidential or not) -> sent. The amount is sent as typed; the background parses
 * it with the asset's precision and checks everything again on send.
 */
export function LiquidSend({ balances, onDone }: { balances: AssetBalance[]; onDone: () => void }) {
  const [options, setOptions] = useState<AssetOption[]>(() => pickerOptions(balances, []));
  const [asset, setAsset] = useState(options[0]?.id ?? '');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [step, setStep] = useState<Step>({ name: 'form' });
  const { busy, error, run } = useAction();

  useEffect(() => {
    call('liquid.assets', {}).then(
      (known) => {
        const next = pickerOptions(balances, known);
        setOptions(next);
        setAsset((a) => a || next[0]?.id || '');
      },
      () => undefined, // held assets are still offered
    );
  }, []);

  const chosen = options.find((o) => o.id === asset);
  const draft = () => ({ asset, to: to.trim(), amount: amount.trim() });
  const quote = async () => setStep({ name: 'review', quote: await call('liquid.quote', draft()) });
  const review = onSubmit(() => run(quote));
  // The reviewed rate and fee go back: a plan paying another fee is not signed, and a new review is shown.
  const send = (reviewed: LiquidQuoteView) =>
    run(async () => {
      const r = await sendReviewed(() => call('liquid.send', { ...draft(), feeRate: reviewed.feeRate, fee: reviewed.fee }), quote);
      setStep({ name: 'sent', txid: r.txid, explorerUrl: r.explorerUrl });
    });

  if (step.name === 'sent') {
    return (
      <section class="screen" data-testid="lq-sent">
        <h2>{t('sentTitle')}</h2>
        <p>{t('sentBody')}</p>
        <code class="address" data-testid="lq-sent-txid">
          {step.txid}
        </code>
        <a href={step.explorerUrl} target="_blank" rel="noreferrer">
          {t('explorer')}
        </a>
        <button type="button" class="primary" data-testid="lq-sent-done" onClick={onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  if (step.name === 'review') {
    return <LiquidReview quote={step.quote} busy={busy} error={error} onConfirm={() => send(step.quote)} onBack={() => setStep({ name: 'form' })} />;
  }

  return (
    <form class="screen" data-testid="lq-send-form" onSubmit={review}>
      <h2>{t('sendLiquid')}</h2>
      <label>
        {t('asset')}
        <select data-testid="lq-send-asset" value={asset} onChange={(e) => setAsset(e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id} title={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('recipient')}
        <input data-testid="lq-send-to" placeholder={t('liquidAddress')} autocomplete="off" spellcheck={false} value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        {t('amountIn', chosen?.symbol ?? '')}
        <input inputMode="decimal" data-testid="lq-send-amount" placeholder="0.001" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <p class="muted">{t('liquidFeeNote')}</p>
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="lq-send-review" disabled={busy || !to.trim() || !asset}>
        {busy ? t('checking') : t('review')}
      </button>
      <button type="button" class="link" onClick={onDone}>
        {t('back')}
      </button>
    </form>
  );
}
