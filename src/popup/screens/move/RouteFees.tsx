import type { RouteQuoteView } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';

/** A route's (or a leg's) service fee and network fees, as rows of a review table. */
export function RouteFees({ route }: { route: Pick<RouteQuoteView, 'serviceFee' | 'networkFees'> }) {
  return (
    <>
      {route.serviceFee ? (
        <tr>
          <th>{t('serviceFee')}</th>
          <td><Amount value={route.serviceFee.amount} decimals={route.serviceFee.decimals} symbol={route.serviceFee.symbol} /></td>
        </tr>
      ) : null}
      {route.networkFees.map((f, i) => (
        <tr key={i}>
          <th>{renderText(f.label, t)}</th>
          <td><Amount value={f.amount} decimals={f.decimals} symbol={f.symbol} /></td>
        </tr>
      ))}
    </>
  );
}
