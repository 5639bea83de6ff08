import type { PlannedRoutesView } from '../../../shared/rpc-hops';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';

type Route = PlannedRoutesView['routes'][number];

/** One route: what it costs, what arrives, limits, time and counterparty; or why it cannot be used. */
export function RouteCard({ route, busy, onChoose }: { route: Route; busy: boolean; onChoose: () => void }) {
  const from = hopAsset(route.from);
  const to = hopAsset(route.to);
  return (
    <li class={`card route ${route.available ? '' : 'unavailable'}`} data-testid={`route-${route.mechanism}`} data-available={String(route.available)}>
      <div class="row">
        <strong>{t(`mechanism_${route.mechanism.replace(/-/g, "_")}`)}</strong>
        <span class="spacer" />
        <span class="muted">{route.counterparty}</span>
      </div>
      {route.available && from && to ? (
        <table class="review">
          <tbody>
            <tr>
              <th>{t('youSend')}</th>
              <td><Amount value={route.send} decimals={from.decimals} symbol={from.symbol} testId="route-send" /></td>
            </tr>
            {route.serviceFee ? (
              <tr>
                <th>{t('serviceFee')}</th>
                <td><Amount value={route.serviceFee.amount} decimals={route.serviceFee.decimals} symbol={route.serviceFee.symbol} /></td>
              </tr>
            ) : null}
            {route.networkFees.map((f) => (
              <tr key={f.label}>
                <th>{f.label}</th>
                <td><Amount value={f.amount} decimals={f.decimals} symbol={f.symbol} /></td>
              </tr>
            ))}
            <tr>
              <th>{t('youReceive')}</th>
              <td><Amount value={route.receive} decimals={to.decimals} symbol={to.symbol} testId="route-receive" /></td>
            </tr>
            <tr>
              <th>{t('limits')}</th>
              <td>
                <Amount value={route.min} decimals={from.decimals} symbol={from.symbol} /> – <Amount value={route.max} decimals={from.decimals} symbol={from.symbol} />
              </td>
            </tr>
            <tr>
              <th>{t('expectedTime')}</th>
              <td>{t('aboutMinutes', String(route.expectedMinutes))}</td>
            </tr>
            {route.anchoredTo ? (
              <tr>
                <th>{t('anchoredTo')}</th>
                <td>{route.anchoredTo}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : (
        <p class="muted" data-testid="route-reason">{route.reason}</p>
      )}
      {route.available ? (
        <button type="button" class="primary" data-testid="route-choose" disabled={busy} onClick={onChoose}>
          {t('moveConfirm')}
        </button>
      ) : null}
    </li>
  );
}
