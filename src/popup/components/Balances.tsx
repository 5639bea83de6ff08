import type { AssetBalance } from '../../shared/layer-views';
import { t } from '../i18n';
import { Amount } from './Amount';

/** The one asset of a layer (BTC, RBTC): confirmed, and pending when not zero (test ids `${prefix}-confirmed`, `${prefix}-pending`). */
export function SingleBalance({ balances, prefix }: { balances: AssetBalance[]; prefix: string }) {
  const b = balances[0];
  if (!b) return null;
  return (
    <div class="balance">
      <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} testId={`${prefix}-confirmed`} />
      {b.pending !== '0' ? (
        <div class="muted" data-testid={`${prefix}-pending`}>
          {t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} />
        </div>
      ) : null}
    </div>
  );
}

/** One line per asset held (full asset id on hover); the layer names the test ids. */
export function BalanceList(p: {
  balances: AssetBalance[];
  testId: string;
  itemId?: (b: AssetBalance) => string;
  confirmedId: (b: AssetBalance) => string;
  pendingId: (b: AssetBalance) => string;
}) {
  return (
    <ul class="lq-balances" data-testid={p.testId}>
      {p.balances.map((b) => (
        <li key={b.asset} title={b.asset} data-asset={b.asset} data-testid={p.itemId?.(b)}>
          <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} testId={p.confirmedId(b)} />
          {b.pending !== '0' ? (
            <span class="muted">
              {' '}
              {t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} testId={p.pendingId(b)} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
