import type { ComponentChildren } from 'preact';
import type { ActivityItem } from '../../shared/layer-views';
import { t } from '../i18n';
import { ActivityList } from './ActivityList';
import { ErrorText } from './ErrorText';

/**
 * The frame every on-chain layer screen shares: title, the layer's balances
 * (children), refresh state and error, send / receive / refresh buttons
 * (test ids `${prefix}-send` …), and the activity list.
 */
export function LayerShell(p: {
  testId: string;
  title: string;
  prefix: string;
  loading: boolean;
  error: string;
  activity: ActivityItem[];
  onSend: () => void;
  onReceive: () => void;
  onRefresh: () => void;
  onSpeedUp?: (item: ActivityItem) => void;
  feeUnit?: { symbol: string; decimals: number };
  children: ComponentChildren;
}) {
  return (
    <section class="screen" data-testid={p.testId}>
      <h2>{p.title}</h2>
      {p.children}
      <p class="muted" data-testid="refresh-state">
        {p.loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={p.error} />
      <div class="row">
        <button type="button" class="primary" data-testid={`${p.prefix}-send`} onClick={p.onSend}>
          {t('send')}
        </button>
        <button type="button" data-testid={`${p.prefix}-receive`} onClick={p.onReceive}>
          {t('receive')}
        </button>
        <button type="button" data-testid={`${p.prefix}-refresh`} onClick={p.onRefresh} disabled={p.loading}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={p.activity} onSpeedUp={p.onSpeedUp} feeUnit={p.feeUnit} />
    </section>
  );
}
