import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import type { ActivityItem, AssetBalance, LayerOverview } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';
import { t } from '../i18n';
import { useLayerOverview } from '../use-layer-overview';
import { ActivityList } from './ActivityList';
import { SingleBalance } from './Balances';
import { ErrorText } from './ErrorText';

/** What an on-chain layer gives its screen: balances, send, receive and (where the chain allows) speed-ups. */
export interface LayerTabs {
  /** Prefix of the button test ids (`${prefix}-send` …). */
  prefix: string;
  /** The fee's unit in the activity list, when not the asset moved. */
  feeUnit?: { symbol: string; decimals: number };
  /** One line per asset; a layer of one asset (BTC, RBTC) shows it with `${prefix}-confirmed` when unset. */
  Balances?: ComponentType<{ balances: AssetBalance[] }>;
  Send: ComponentType<{ balances: AssetBalance[]; onDone: () => void }>;
  Receive: ComponentType<{ devnet: boolean; onBack: () => void }>;
  SpeedUp?: ComponentType<{ item: ActivityItem; onDone: () => void }>;
}

type Panel = { name: 'overview' } | { name: 'send' } | { name: 'receive' } | { name: 'speedUp'; item: ActivityItem };

/**
 * The screen of every on-chain layer: title, balances, refresh state and error,
 * send / receive / refresh buttons, and the activity list; the layer's tabs fill it.
 */
export function LayerScreen({ layer, tabs, cached, panel: first }: { layer: LayerId; tabs: LayerTabs; cached?: LayerOverview; panel?: 'receive' }) {
  const { overview, loading, error, refresh } = useLayerOverview(layer, cached);
  const [panel, setPanel] = useState<Panel>(first === 'receive' ? { name: 'receive' } : { name: 'overview' });
  const back = () => {
    setPanel({ name: 'overview' });
    void refresh();
  };
  const balances = overview?.balances ?? [];
  const { Send, Receive, SpeedUp, prefix } = tabs;
  if (panel.name === 'send') return <Send balances={balances} onDone={back} />;
  if (panel.name === 'receive') return <Receive devnet={overview?.network === 'devnet'} onBack={back} />;
  if (panel.name === 'speedUp' && SpeedUp) return <SpeedUp item={panel.item} onDone={back} />;

  return (
    <section class="screen" data-testid={`${layer}-screen`}>
      <h2>{t(`layer_${layer}`)}</h2>
      {tabs.Balances ? <tabs.Balances balances={balances} /> : <SingleBalance balances={balances} prefix={prefix} />}
      <p class="muted" data-testid="refresh-state">
        {loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid={`${prefix}-send`} onClick={() => setPanel({ name: 'send' })}>
          {t('send')}
        </button>
        <button type="button" data-testid={`${prefix}-receive`} onClick={() => setPanel({ name: 'receive' })}>
          {t('receive')}
        </button>
        <button type="button" data-testid={`${prefix}-refresh`} onClick={refresh} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={overview?.activity ?? []} onSpeedUp={SpeedUp ? (item) => setPanel({ name: 'speedUp', item }) : undefined} feeUnit={tabs.feeUnit} layer={layer} />
    </section>
  );
}
