import { useEffect, useState } from 'preact/hooks';
import type { LightningInvoiceView, LightningPaymentItem } from '../../../shared/layers/lightning';
import { Amount } from '../../components/Amount';
import { CopyButton } from '../../components/CopyButton';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';
import { call, poll } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { MSAT } from './msat';
import { FormActions } from '../../components/FormActions';

const FOLLOW_MS = 3000;

/** An invoice from the connected wallet for an amount and memo, as a QR code, followed until paid or expired. */
export function LightningReceive({ connected, onBack, onConnect }: { connected: boolean; onBack: () => void; onConnect: () => void }) {
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [invoice, setInvoice] = useState<LightningInvoiceView | null>(null);
  const [status, setStatus] = useState<LightningPaymentItem['status']>('pending');
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!invoice || status !== 'pending') return;
    const timer = setInterval(async () => {
      const mine = (await poll('lightning.payments', { refresh: true }).catch(() => null))?.find((p) => p.id === invoice.id);
      if (mine) setStatus(mine.status);
    }, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [invoice?.id, status]);

  const create = onSubmit(() =>
    run(async () => {
      setInvoice(await call('lightning.createInvoice', { amount: amount.trim(), memo: memo.trim() }));
      setStatus('pending');
    }),
  );

  if (!connected) {
    return (
      <section class="screen" data-testid="ln-receive-panel">
        <h2>{t('lnReceiveTitle')}</h2>
        <p class="muted">{t('lnReceiveNeedsWallet')}</p>
        <button type="button" class="primary" onClick={onConnect}>
          {t('lnConnectWallet')}
        </button>
        <button type="button" class="link" onClick={onBack}>
          {t('back')}
        </button>
      </section>
    );
  }

  if (invoice) {
    return (
      <section class="screen" data-testid="ln-invoice">
        <h2>{t('lnReceiveTitle')}</h2>
        <Qr text={invoice.uri} label={t('lnInvoiceQr')} />
        <p>
          <Amount value={invoice.amountMsat} {...MSAT} testId="ln-invoice-amount" />
          {memo.trim() ? ` · ${memo.trim()}` : ''}
        </p>
        <code class="address" data-testid="ln-invoice-text">
          {invoice.invoice}
        </code>
        <div class="row">
          <CopyButton text={invoice.invoice} testId="ln-copy-invoice" />
        </div>
        <p data-testid="ln-invoice-status" data-status={status}>
          {status === 'confirmed' ? t('lnInvoicePaid') : status === 'failed' ? t('lnInvoiceExpired') : t('lnInvoiceWaiting', new Date(invoice.expiresAt * 1000).toLocaleTimeString())}
        </p>
        <button type="button" class="primary" onClick={onBack}>
          {t('done')}
        </button>
      </section>
    );
  }

  return (
    <form class="screen" data-testid="ln-receive-panel" onSubmit={create}>
      <h2>{t('lnReceiveTitle')}</h2>
      <label>
        {t('amountSats')}
        <input inputMode="decimal" data-testid="ln-receive-amount" placeholder="1000" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      <label>
        {t('lnMemo')}
        <input data-testid="ln-receive-memo" maxLength={639} value={memo} onInput={(e) => setMemo(e.currentTarget.value)} />
      </label>
      <FormActions error={error} busy={busy} label={t('lnCreateInvoice')} busyLabel={t('checking')} testId="ln-create-invoice" disabled={!amount.trim()} onBack={onBack} />
    </form>
  );
}
