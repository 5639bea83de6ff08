import { useState } from 'preact/hooks';
import type { ActivityItem, LayerOverview } from '../../../shared/layer-views';
import { Amount } from '../../components/Amount';
import { LayerShell } from '../../components/LayerShell';
import { t } from '../../i18n';
import { useLayerOverview } from '../../use-layer-overview';
import { BitcoinReceive } from './BitcoinReceive';
import { BitcoinSend } from './BitcoinSend';
import { SpeedUp } from './SpeedUp';

type Panel = { name: 'overview' } | { name: 'send' } | { name: 'receive' } | { name: 'speedUp'; item: ActivityItem };

/** Balance, activity, send, receive and fee bumps for Bitcoin L1. */
export function BitcoinScreen({ cached }: { cached?: LayerOverview }) {
  const { overview, loading, error, refresh } = useLayerOverview('bitcoin', cached);
  const [panel, setPanel] = useState<Panel>({ name: 'overview' });
  const back = () => {
    setPanel({ name: 'overview' });
    void refresh();
  };
  if (panel.name === 'send') return <BitcoinSend onDone={back} />;
  if (panel.name === 'receive') return <BitcoinReceive onBack={back} devnet={overview?.network === 'devnet'} />;
  if (panel.name === 'speedUp') return <SpeedUp item={panel.item} onDone={back} />;

  const balance = overview?.balances[0];
  return (
    <LayerShell
      testId="bitcoin-screen"
      title={t('layer_bitcoin')}
      prefix="btc"
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
          <Amount value={balance.confirmed} decimals={8} symbol="BTC" testId="btc-confirmed" />
          {balance.pending !== '0' ? (
            <div class="muted" data-testid="btc-pending">
              {t('pendingLabel')} <Amount value={balance.pending} decimals={8} symbol="BTC" />
            </div>
          ) : null}
        </div>
      ) : null}
    </LayerShell>
  );
}
