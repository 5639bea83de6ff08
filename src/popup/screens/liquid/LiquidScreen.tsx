import { useState } from 'preact/hooks';
import type { LayerOverview } from '../../../shared/layer-views';
import { UNITS } from '../../../shared/units';
import { LayerShell } from '../../components/LayerShell';
import { t } from '../../i18n';
import { useLayerOverview } from '../../use-layer-overview';
import { LiquidBalances } from './LiquidBalances';
import { LiquidReceive } from './LiquidReceive';
import { LiquidSend } from './LiquidSend';

type Panel = 'overview' | 'send' | 'receive';

/** Per-asset balances (unblinded in the background), activity, confidential send and receive. */
export function LiquidScreen({ cached }: { cached?: LayerOverview }) {
  const { overview, loading, error, refresh } = useLayerOverview('liquid', cached);
  const [panel, setPanel] = useState<Panel>('overview');
  const back = () => {
    setPanel('overview');
    void refresh();
  };
  if (panel === 'send') return <LiquidSend balances={overview?.balances ?? []} onDone={back} />;
  if (panel === 'receive') return <LiquidReceive devnet={overview?.network === 'devnet'} onBack={back} />;

  return (
    <LayerShell
      testId="liquid-screen"
      title={t('layer_liquid')}
      prefix="lq"
      loading={loading}
      error={error}
      activity={overview?.activity ?? []}
      feeUnit={UNITS.LBTC}
      onSend={() => setPanel('send')}
      onReceive={() => setPanel('receive')}
      onRefresh={refresh}
    >
      <LiquidBalances balances={overview?.balances ?? []} />
    </LayerShell>
  );
}
