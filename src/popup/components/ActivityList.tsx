import type { ActivityItem } from '../../shared/layer-views';
import { t } from '../i18n';
import { Amount } from './Amount';

/** `feeUnit`: where fees are paid in one asset whatever was moved (Liquid: L-BTC). */
export function ActivityList({
  items,
  onSpeedUp,
  feeUnit,
}: {
  items: ActivityItem[];
  onSpeedUp?: (item: ActivityItem) => void;
  feeUnit?: { symbol: string; decimals: number };
}) {
  if (items.length === 0) return <p class="muted">{t('noActivity')}</p>;
  return (
    <ul class="activity" data-testid="activity">
      {items.map((a) => (
        <li key={a.id} class={`activity-item ${a.direction}`} data-testid={`activity-${a.id}`} data-status={a.status}>
          <div class="row">
            <strong>{t(`direction_${a.direction}`)}</strong>
            <span class="spacer" />
            <Amount value={a.amount} decimals={a.decimals} symbol={a.symbol} />
          </div>
          <div class="row muted">
            <span data-testid="activity-status">
              {a.status === 'confirmed' && a.confirmations !== undefined ? t('confirmations', String(a.confirmations)) : t(`status_${a.status}`)}
            </span>
            {a.fee ? (
              <span>
                {' · '}
                {t('feeLabel')} <Amount value={a.fee} decimals={feeUnit?.decimals ?? a.decimals} symbol={feeUnit?.symbol ?? a.symbol} />
              </span>
            ) : null}
            <span class="spacer" />
            {a.explorerUrl ? (
              <a href={a.explorerUrl} target="_blank" rel="noreferrer">
                {t('explorer')}
              </a>
            ) : null}
          </div>
          {a.canSpeedUp && onSpeedUp ? (
            <button type="button" class="small" data-testid="speed-up" onClick={() => onSpeedUp(a)}>
              {t('speedUp')}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
