import type { ChainedRouteFields, RouteView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { t } from '../../i18n';
import { AmountRow } from './AmountRow';
import { AssetPath } from './AssetPath';
import { ChainLegReview } from './ChainLegReview';
import { costPercent, legsPath } from './chain-route';
import { RouteLimits } from './RouteLimits';

type ChainedRoute = RouteView & ChainedRouteFields & { quoteId: string };

/**
 * A chained route under review: the whole path, each leg, then the totals, the
 * least it may deliver if a later leg is re-quoted, and what happens if a leg fails.
 */
export function ChainedRouteCard({ route, busy, onChoose }: { route: ChainedRoute; busy: boolean; onChoose: () => void }) {
  const from = hopAsset(route.from);
  const to = hopAsset(route.to);
  const cost = costPercent(route.costBps);
  return (
    <li
      class={`card route chained ${route.available ? '' : 'unavailable'}`}
      data-testid="route-chained"
      data-available={String(route.available)}
      data-quote-id={route.quoteId}
    >
      <div class="row">
        <strong>{t('mechanism_chained')}</strong>
        <span class="spacer" />
        <span class="muted">{renderText(route.counterparty, t)}</span>
      </div>
      <AssetPath path={legsPath(route.legs)} />
      {route.available && from && to ? (
        <>
          <ol class="cards chain-legs">
            {route.legs.map((leg, i) => (
              <ChainLegReview key={i} leg={leg} index={i} />
            ))}
          </ol>
          <table class="review">
            <tbody>
              <AmountRow label={t('youSend')} value={route.send} asset={from} testId="route-send" />
              <AmountRow label={t('youReceive')} value={route.receive} asset={to} testId="route-receive" />
              <tr>
                <th>{t('chainCost')}</th>
                <td data-testid="chain-cost" data-bps={String(route.costBps)}>{cost === undefined ? '—' : t('percentOfAmount', cost)}</td>
              </tr>
              <AmountRow label={t('chainMinReceive')} value={route.minReceive} asset={to} testId="chain-min-receive" />
              <RouteLimits route={route} from={from} />
            </tbody>
          </table>
          <div class="warning" data-testid="chain-worst">
            <strong>{t('chainWorstTitle')}</strong>
            <ul>
              {route.worstCase.map((w, i) => (
                <li key={i}>{renderText(w, t)}</li>
              ))}
            </ul>
          </div>
          <button type="button" class="primary" data-testid="route-choose" disabled={busy} onClick={onChoose}>
            {t('moveConfirm')}
          </button>
        </>
      ) : (
        <p class="muted" data-testid="route-reason">{route.reason ? renderText(route.reason, t) : null}</p>
      )}
    </li>
  );
}
