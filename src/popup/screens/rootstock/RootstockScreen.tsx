import { useState } from 'preact/hooks';
import type { ActivityItem, LayerOverview } from '../../../shared/layer-views';
import { Amount } from '../../components/Amount';
import { LayerShell } from '../../components/LayerShell';
import { t } from '../../i18n';
import { useLayerOverview } from '../../use-layer-overview';
import { RootstockReceive } from './RootstockReceive';
import { RootstockSend } from './RootstockSend';
import { RootstockSpeedUp } from './RootstockSpeedUp';

type Panel = { name: 'overview' } | { name: 'send' } | { name: 'receive' } | { name: 'speedUp'; item: ActivityItem };

/** RBTC balance, activity (own sends and receives), send, receive and speed-ups. */
export function RootstockScreen({ cached }: { cached?: LayerOverview }) {
  const { overview, loading, error, refresh } = useLayerOverview('rootstock', cached);
  const [panel, setPanel] = useState<Panel>({ name: 'overview' });
  const back = () => {
    setPanel({ name: 'overview' });
    void refresh();
  };
  if (panel.name === 'send') return <RootstockSend onDone={back} />;
  if (panel.name === 'receive') return <RootstockReceive onBack={back} devnet={overview?.network === 'devnet'} />;
  if (panel.name === 'speedUp') return <RootstockSpeedUp item={panel.item} onDone={back} />;

  const balance = overview?.balances[0];
  return (
    <LayerShell
      testId="rootstock-screen"
      title={t('layer_rootstock')}
      prefix="rsk"
      loading={loading}
      error={error}
      activity={overview?.activity ?? []}
      onSend={() => setPanel({ name: 'send' })}
      onReceive={() => setPanel({ name: 'receive' })}
      onRefresh={refresh}
      onSpeedUp={(item) => setPanel({ name: 'speedUp', item })}
    >
      {balance ? (
        <div class="balance">
          <Amount value={balance.confirmed} decimals={balance.decimals} symbol={balance.symbol} testId="rsk-confirmed" />
          {balance.pending !== '0' ? (
            <div class="muted" data-testid="rsk-pending">
              {t('pendingLabel')} <Amount value={balance.pending} decimals={balance.decimals} symbol={balance.symbol} />
            </div>
          ) : null}
        </div>
      ) : null}
    </LayerShell>
  );
}
