import type { PlannedRoutesView } from '../../../shared/rpc-hops';
import { hopAsset } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { t } from '../../i18n';
import { AmountRow } from './AmountRow';
import { mechanismName } from './labels';
import { RouteFees } from './RouteFees';
import { RouteLimits } from './RouteLimits';

type Route = PlannedRoutesView['routes'][number];

/** One route: what it costs, what arrives, limits, time and counterparty; or why it cannot be used. */
export function RouteCard({ route, busy, onChoose }: { route: Route; busy: boolean; onChoose: () => void }) {
  const from = hopAsset(route.from);
  const to = hopAsset(route.to);
  return (
    <li class={`card route ${route.available ? '' : 'unavailable'}`} data-testid={`route-${route.mechanism}`} data-available={String(route.available)} data-quote-id={route.quoteId}>
      <div class="row">
        <strong>{mechanismName(route.mechanism)}</strong>
        <span class="spacer" />
        <span class="muted">{renderText(route.counterparty, t)}</span>
      </div>
      {route.available && from && to ? (
        <table class="review">
          <tbody>
            <AmountRow label={t('youSend')} value={route.send} asset={from} testId="route-send" />
            <RouteFees route={route} />
            <AmountRow label={t('youReceive')} value={route.receive} asset={to} testId="route-receive" />
            <RouteLimits route={route} from={from} />
            {route.anchoredTo ? (
              <tr>
                <th>{t('anchoredTo')}</th>
                <td>{renderText(route.anchoredTo, t)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : (
        <p class="muted" data-testid="route-reason">{route.reason ? renderText(route.reason, t) : null}</p>
      )}
      {route.available ? (
        <button type="button" class="primary" data-testid="route-choose" disabled={busy} onClick={onChoose}>
          {t('moveConfirm')}
        </button>
      ) : null}
    </li>
  );
}
