import type { HopRecordView } from '../../../shared/hop-views';
import { CopyButton } from '../../components/CopyButton';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';

/**
 * The hold invoice of a move from Lightning, shown while it waits for payment:
 * the user pays it from any Lightning wallet; it settles only when this wallet
 * claims the coins Boltz locks, and returns by itself if Boltz never locks.
 */
export function HoldInvoice({ hop }: { hop: HopRecordView }) {
  const invoice = typeof hop.data.invoice === 'string' ? hop.data.invoice : '';
  const pay = hop.steps.find((s) => s.key === 'pay');
  const waiting = hop.mechanism === 'boltz-reverse' && hop.data.externalPayer === true && hop.outcome === 'in-progress' && pay?.status !== 'done';
  if (!invoice || !waiting) return null;
  return (
    <div class="hold-invoice" data-testid="hold-invoice" data-invoice={invoice}>
      <p>{t('payHoldInvoice')}</p>
      <Qr text={`lightning:${invoice}`} label={t('qrOf', t('layer_lightning'))} />
      <code class="address">{invoice}</code>
      <CopyButton text={invoice} testId="copy-hold-invoice" />
    </div>
  );
}
