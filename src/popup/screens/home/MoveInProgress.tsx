import type { ChainView, HopRecordView } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { t } from '../../i18n';
import { AssetPath } from '../move/AssetPath';
import { chainAtLeg, legHop, legsPath } from '../move/chain-route';
import { chainStatusName, mechanismName } from '../move/labels';
import { currentStep } from './current-step';
import { RefundClock } from './RefundClock';

/** Where a hop is: its current step, what that step waits for, the last problem met, and its refund clock. */
function HopNow({ hop, onChange }: { hop: HopRecordView; onChange: (hop: HopRecordView) => void }) {
  const step = currentStep(hop);
  return (
    <>
      {step ? (
        <div class="small" data-testid="move-step" data-step={step.key}>
          {renderText(step.label, t)}
          {step.note ? <div class="muted">{renderText(step.note, t)}</div> : null}
        </div>
      ) : null}
      {hop.lastError ? <div class="warning small" data-testid="move-waits">{renderText(hop.lastError, t)}</div> : null}
      <RefundClock hop={hop} onDone={onChange} />
    </>
  );
}

/** One unfinished hop on Home: its route, mechanism, where it is and its clock. */
export function HopInProgress({ hop, onChange }: { hop: HopRecordView; onChange: (hop: HopRecordView) => void }) {
  return (
    <li class="card" data-testid={`home-move-${hop.id}`} data-state={hop.state}>
      <div class="row">
        <strong>
          <AssetPath path={[hop.from, hop.to]} testId="move-route" />
        </strong>
      </div>
      <div class="muted small">{mechanismName(hop.mechanism)}</div>
      <HopNow hop={hop} onChange={onChange} />
    </li>
  );
}

/** One chained move on Home: from → via → to, its status, and the leg under way as a hop is shown. */
export function ChainInProgress({ chain, hops, onChange }: { chain: ChainView; hops: readonly HopRecordView[]; onChange: (hop: HopRecordView) => void }) {
  const at = chainAtLeg(chain);
  const leg = at === undefined ? undefined : chain.legs[at];
  const hop = at === undefined ? undefined : legHop(chain, at, hops);
  return (
    <li class="card" data-testid={`home-chain-${chain.id}`} data-status={chain.status}>
      <div class="row">
        <strong>
          <AssetPath path={legsPath(chain.legs)} testId="move-route" />
        </strong>
      </div>
      <div class="muted small">
        {chainStatusName(chain.status)}
        {leg && at !== undefined ? ` · ${t('chainLegN', String(at + 1))} · ${mechanismName(leg.mechanism)}` : ''}
      </div>
      {chain.reason ? <div class="warning small">{renderText(chain.reason, t)}</div> : null}
      {hop && hop.outcome === 'in-progress' ? <HopNow hop={hop} onChange={onChange} /> : null}
    </li>
  );
}
