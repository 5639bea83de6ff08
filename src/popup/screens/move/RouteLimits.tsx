import type { HopAsset, RouteQuoteView } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';

/** A route's limits (in what it sends) and expected time, as rows of a review table. */
export function RouteLimits({ route, from }: { route: Pick<RouteQuoteView, 'min' | 'max' | 'expectedMinutes'>; from: HopAsset }) {
  return (
    <>
      <tr>
        <th>{t('limits')}</th>
        <td data-testid="route-limits">
          <Amount value={route.min} decimals={from.decimals} symbol={from.symbol} /> – <Amount value={route.max} decimals={from.decimals} symbol={from.symbol} />
        </td>
      </tr>
      <tr>
        <th>{t('expectedTime')}</th>
        <td>{t('aboutMinutes', String(route.expectedMinutes))}</td>
      </tr>
    </>
  );
}
