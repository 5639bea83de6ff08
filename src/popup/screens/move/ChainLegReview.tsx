import type { RouteQuoteView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { AmountRow } from './AmountRow';
import { mechanismName } from './labels';
import { RouteFees } from './RouteFees';
import { renderText } from '../../../shared/local-text';

/** One leg of a chained route under review: its mechanism and counterparty, what it sends, its fees, what it delivers. */
export function ChainLegReview({ leg, index }: { leg: RouteQuoteView; index: number }) {
  const from = hopAsset(leg.from);
  const to = hopAsset(leg.to);
  return (
    <li class="chain-leg" data-testid={`chain-leg-${index}`} data-mechanism={leg.mechanism}>
      <div class="row">
        <strong data-testid="leg-mechanism">{t('chainLegN', String(index + 1))} · {mechanismName(leg.mechanism)}</strong>
        <span class="spacer" />
        <span class="muted" data-testid="leg-counterparty">{renderText(leg.counterparty, t)}</span>
      </div>
      {from && to ? (
        <table class="review">
          <tbody>
            <AmountRow label={t('legSends')} value={leg.send} asset={from} testId="leg-send" />
            <RouteFees route={leg} />
            <AmountRow label={t('legDelivers')} value={leg.receive} asset={to} testId="leg-receive" />
            {leg.anchoredTo ? (
              <tr>
                <th>{t('anchoredTo')}</th>
                <td>{renderText(leg.anchoredTo, t)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}
