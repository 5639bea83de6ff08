import type { HopRecordView } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { layerName, mechanismName, outcomeName } from './labels';

/** One hop in the Move screen's lists. */
export function HopRow({ hop, onOpen }: { hop: HopRecordView; onOpen: () => void }) {
  return (
    <li class="card" data-testid={`hop-${hop.id}`} data-outcome={hop.outcome} data-state={hop.state}>
      <div class="row">
        <strong>
          {layerName(hop.from.layer)} → {layerName(hop.to.layer)}
        </strong>
        <span class="spacer" />
        <span class="badge">{outcomeName(hop.outcome)}</span>
      </div>
      <div class="row muted">
        <span>{mechanismName(hop.mechanism)}</span>
        <span class="spacer" />
        <button type="button" class="small" data-testid="hop-open" onClick={onOpen}>
          {t('details')}
        </button>
      </div>
    </li>
  );
}
