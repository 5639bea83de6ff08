import { useState } from 'preact/hooks';
import type { LayerOverview } from '../../../shared/layer-views';
import { Amount } from '../../components/Amount';
import { LayerShell } from '../../components/LayerShell';
import { t } from '../../i18n';
import { useLayerOverview } from '../../use-layer-overview';
import { StacksReceive } from './StacksReceive';
import { StacksSend } from './StacksSend';

type Panel = 'overview' | 'send' | 'receive';

/** STX and token balances (sBTC), activity with pending sends, send and receive. */
export function StacksScreen({ cached }: { cached?: LayerOverview }) {
  const { overview, loading, error, refresh } = useLayerOverview('stacks', cached);
  const [panel, setPanel] = useState<Panel>('overview');
  const back = () => {
    setPanel('overview');
    void refresh();
  };
  if (panel === 'send') return <StacksSend onDone={back} />;
  if (panel === 'receive') return <StacksReceive onBack={back} />;

  return (
    <LayerShell
      testId="stacks-screen"
      title={t('layer_stacks')}
      prefix="stx"
      loading={loading}
      error={error}
      activity={overview?.activity ?? []}
      onSend={() => setPanel('send')}
      onReceive={() => setPanel('receive')}
      onRefresh={refresh}
    >
      <ul class="lq-balances" data-testid="stx-balances">
        {(overview?.balances ?? []).map((b) => (
          <li key={b.asset} data-testid={`stx-balance-${b.symbol}`}>
            <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} testId={`stx-confirmed-${b.symbol}`} />
            {b.pending !== '0' ? (
              <span class="muted">
                {' '}
                {t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} testId={`stx-pending-${b.symbol}`} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </LayerShell>
  );
}
