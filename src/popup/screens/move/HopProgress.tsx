import type { HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { LabelField } from '../../components/LabelField';
import { t } from '../../i18n';
import { RefundClock } from '../home/RefundClock';
import { HoldInvoice } from './HoldInvoice';
import { HopSteps } from './HopSteps';
import { layerName, mechanismName, outcomeName } from './labels';

/** Each step of one hop, with its transactions; its refund clock, and Refund when the mechanism says it can be done now. */
export function HopProgress({ hop, onBack, onChange }: { hop: HopRecordView; onBack: () => void; onChange: () => void }) {
  const from = hopAsset(hop.from);
  const to = hopAsset(hop.to);
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
      {/* The background's refund view, from the mechanism: Refund (or Reclaim) whenever it says now. */}
      <RefundClock hop={hop} onDone={onChange} />
      <button type="button" class="link" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
