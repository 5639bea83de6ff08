import type { AssetBalance } from '../../../shared/layer-views';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';

/** One line per asset held: ticker where the registry preset names it, else a short asset id (full id on hover). */
export function LiquidBalances({ balances }: { balances: AssetBalance[] }) {
  return (
    <ul class="lq-balances" data-testid="lq-balances">
      {balances.map((b) => (
        <li key={b.asset} title={b.asset} data-asset={b.asset}>
          <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} testId={`lq-balance-${b.asset}`} />
          {b.pending !== '0' ? (
            <span class="muted">
              {' '}
              {t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} testId={`lq-pending-${b.asset}`} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
