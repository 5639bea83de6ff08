import { useEffect, useState } from 'preact/hooks';
import type { LightningTargetView, LightningWithdrawView } from '../../../shared/layers/lightning';
import { Amount } from '../../components/Amount';
import { useGrantedAction } from '../../host-permission';
import { t } from '../../i18n';
import { call, poll } from '../../rpc-client';
import { onSubmit } from '../../use-action';
import { MSAT } from './msat';
import { FormActions } from '../../components/FormActions';

const FOLLOW_MS = 2000;

/** LNURL-withdraw: the service's range, an amount, then the withdrawal followed until it settles. */
export function WithdrawPrompt(props: {
  text: string;
  target: Extract<LightningTargetView, { kind: 'lnurl-withdraw' }>;
  onBack: () => void;
  onDone: () => void;
}) {
  const { target } = props;
  const [amount, setAmount] = useState('');
  const [result, setResult] = useState<LightningWithdrawView | null>(null);
  const { busy, error, runGranted } = useGrantedAction(target.hosts);

  // Follow a pending withdrawal: the service pays the invoice when it gets to it.
  useEffect(() => {
    if (result?.status !== 'pending') return;
    const timer = setInterval(async () => {
      const list = await poll('lightning.payments', { refresh: true }).catch(() => null);
      const mine = list?.find((p) => p.id === result.id);
      if (mine && (mine.status === 'confirmed' || mine.status === 'failed')) setResult({ ...result, status: mine.status });
    }, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [result?.id, result?.status]);

  const withdraw = onSubmit(() => runGranted(async () => setResult(await call('lightning.withdraw', { text: props.text, amount: amount.trim() }))));

  if (result) {
    return (
      <section class="screen" data-testid="ln-withdraw-result">
        <h2>{t('lnWithdrawTitle')}</h2>
        <p>
          <Amount value={result.amountMsat} {...MSAT} testId="ln-withdraw-amount" /> ← {result.domain}
        </p>
        <p data-testid="ln-withdraw-status" data-status={result.status}>
          {t(`status_${result.status}`)}
        </p>
        <button type="button" class="primary" data-testid="ln-withdraw-done" onClick={props.onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  return (
    <form class="screen" data-testid="ln-withdraw" onSubmit={withdraw}>
      <h2>{t('lnWithdrawTitle')}</h2>
      <p class="muted">{t('lnWithdrawFrom')}</p>
      <strong data-testid="ln-withdraw-domain">{target.domain}</strong>
      {target.defaultDescription ? <p>{target.defaultDescription}</p> : null}
      <p class="muted">
        {t('lnRange')} <Amount value={target.minMsat} {...MSAT} testId="ln-withdraw-min" /> – <Amount value={target.maxMsat} {...MSAT} testId="ln-withdraw-max" />
      </p>
      <label>
        {t('amountSats')}
        <input inputMode="numeric" data-testid="ln-withdraw-input" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <FormActions error={error} busy={busy} label={t('lnWithdraw')} busyLabel={t('checking')} testId="ln-withdraw-submit" disabled={!amount.trim()} onBack={props.onBack} />
    </form>
  );
}
