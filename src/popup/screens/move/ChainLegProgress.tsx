import type { ChainLegView, HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { HopSteps } from './HopSteps';
import { legOutcome } from './chain-route';
import { layerName, mechanismName, outcomeName } from './labels';
import { renderText } from '../../../shared/local-text';

/** One leg of a chain under way: its mechanism, amounts and status, and once started its hop's steps. */
export function ChainLegProgress(p: { leg: ChainLegView; index: number; current: boolean; hop?: HopRecordView; onOpenHop: (id: string) => void }) {
  const { leg, hop } = p;
  const from = hopAsset(leg.from);
  const to = hopAsset(leg.to);
  const outcome = legOutcome(leg, hop);
  return (
    <li
      class={`card chain-leg ${p.current ? 'current' : ''}`}
      data-testid={`chain-leg-${p.index}`}
      data-outcome={outcome}
      data-current={String(p.current)}
      aria-current={p.current ? 'step' : undefined}
      data-hop-id={hop?.id ?? leg.hopId ?? ''}
    >
      <div class="row">
        <strong>
          {/* A sign, not only a style, marks the leg the chain is at. */}
          {p.current ? '▶ ' : ''}
          {t('chainLegN', String(p.index + 1))} · {layerName(leg.from.layer)} → {layerName(leg.to.layer)}
        </strong>
        <span class="spacer" />
        <span class="badge" data-testid="leg-status">{outcome === 'waiting' ? t('legWaiting') : outcomeName(outcome)}</span>
      </div>
      <div class="row muted">
        <span>{mechanismName(leg.mechanism)}</span>
        <span class="spacer" />
        <span data-testid="leg-counterparty">{renderText(leg.counterparty, t)}</span>
      </div>
      {from && to ? (
        <p>
          <Amount value={hop?.send ?? leg.send} decimals={from.decimals} symbol={from.symbol} testId="leg-send" /> →{' '}
          <Amount value={hop?.expectedReceive ?? leg.expectedReceive} decimals={to.decimals} symbol={to.symbol} testId="leg-receive" />
        </p>
      ) : null}
      {hop ? (
        <>
          <HopSteps hop={hop} />
          <div class="row">
            <span class="spacer" />
            <button type="button" class="small" data-testid="leg-open" onClick={() => p.onOpenHop(hop.id)}>
              {t('details')}
            </button>
          </div>
        </>
      ) : null}
    </li>
  );
}
