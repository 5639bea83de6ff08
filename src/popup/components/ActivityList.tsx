import { txidOfActivity } from '../../shared/labels';
import type { ActivityItem } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';
import { t } from '../i18n';
import { Amount } from './Amount';
import { LabelField } from './LabelField';

/** `feeUnit`: where fees are paid in one asset whatever was moved (Liquid: L-BTC). `layer`: where the transactions live (a Bitcoin label gets its origin). */
export function ActivityList({
  items,
  onSpeedUp,
  feeUnit,
  layer,
}: {
  items: ActivityItem[];
  onSpeedUp?: (item: ActivityItem) => void;
  feeUnit?: { symbol: string; decimals: number };
  layer?: LayerId;
}) {
  if (items.length === 0) return <p class="muted">{t('noActivity')}</p>;
  return (
    <ul class="activity" data-testid="activity">
      {items.map((a) => {
        const txid = txidOfActivity(a.id);
        return (
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
            {txid ? <LabelField type="tx" reference={txid} layer={layer} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
