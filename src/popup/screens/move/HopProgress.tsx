import type { HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { LabelField } from '../../components/LabelField';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { HoldInvoice } from './HoldInvoice';
import { HopSteps } from './HopSteps';
import { layerName, mechanismName, outcomeName } from './labels';

/** Each step of one hop, with its transactions; refund when the mechanism allows it. */
export function HopProgress({ hop, onBack, onChange }: { hop: HopRecordView; onBack: () => void; onChange: () => void }) {
  const { busy, error, run } = useAction();
  const from = hopAsset(hop.from);
  const to = hopAsset(hop.to);
  const refund = () => run(async () => { await call('hops.refund', { id: hop.id }); onChange(); });
  return (
    <section class="screen" data-testid="hop-progress" data-outcome={hop.outcome} data-state={hop.state}>
      <h2>
        {layerName(hop.from.layer)} → {layerName(hop.to.layer)}
      </h2>
      <p class="muted">{mechanismName(hop.mechanism)} · {outcomeName(hop.outcome)}</p>
      {from && to ? (
        <p>
          <Amount value={hop.send} decimals={from.decimals} symbol={from.symbol} /> →{' '}
          <Amount value={hop.expectedReceive} decimals={to.decimals} symbol={to.symbol} />
        </p>
      ) : null}
      <LabelField type="hop" reference={hop.id} />
      <HoldInvoice hop={hop} />
      <HopSteps hop={hop} />
      <ErrorText text={error} />
      {hop.outcome === 'in-progress' && hop.data.canRefund === true ? (
        <button type="button" data-testid="hop-refund" disabled={busy} onClick={refund}>
          {t('refundNow')}
        </button>
      ) : null}
      <button type="button" class="link" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
