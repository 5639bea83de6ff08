import type { ChainView, HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { AssetPath } from './AssetPath';
import { chainAtLeg, legHop, legOutcome, legsPath } from './chain-route';
import { chainStatusName, mechanismName, outcomeName } from './labels';

/** One chained move in the Move screen's lists, with its legs (their hops are shown here rather than as moves of their own). */
export function ChainRow({ chain, hops, onOpen }: { chain: ChainView; hops: readonly HopRecordView[]; onOpen: () => void }) {
  const from = hopAsset(chain.from);
  const to = hopAsset(chain.to);
  return (
    <li class="card" data-testid={`chain-${chain.id}`} data-status={chain.status}>
      <div class="row">
        <strong>
          <AssetPath path={legsPath(chain.legs)} />
        </strong>
        <span class="spacer" />
        <span class="badge">{chainStatusName(chain.status)}</span>
      </div>
      <ol class="steps">
        {chain.legs.map((leg, i) => {
          const hop = legHop(chain, i, hops);
          const outcome = legOutcome(leg, hop);
          return (
            <li key={i} class={i === chainAtLeg(chain) ? 'step active' : 'step'} data-testid={`chain-row-leg-${i}`} data-outcome={outcome} data-hop-id={hop?.id ?? ''}>
              {mechanismName(leg.mechanism)} · {outcome === 'waiting' ? t('legWaiting') : outcomeName(outcome)}
            </li>
          );
        })}
      </ol>
      <div class="row muted">
        {from && to ? (
          <span>
            <Amount value={chain.send} decimals={from.decimals} symbol={from.symbol} /> →{' '}
            <Amount value={chain.expectedReceive} decimals={to.decimals} symbol={to.symbol} />
          </span>
        ) : null}
        <span class="spacer" />
        <button type="button" class="small" data-testid="chain-open" onClick={onOpen}>
          {t('details')}
        </button>
      </div>
    </li>
  );
}
