import { useEffect, useState } from 'preact/hooks';
import type { ActivityItem, LayerOverview } from '../../../shared/layer-views';
import { ActivityList } from '../../components/ActivityList';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { RootstockReceive } from './RootstockReceive';
import { RootstockSend } from './RootstockSend';
import { RootstockSpeedUp } from './RootstockSpeedUp';

type Panel = { name: 'overview' } | { name: 'send' } | { name: 'receive' } | { name: 'speedUp'; item: ActivityItem };

/** RBTC balance, activity (own sends and receives), send, receive and speed-ups. */
export function RootstockScreen({ cached }: { cached?: LayerOverview }) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [panel, setPanel] = useState<Panel>({ name: 'overview' });
  const { busy, error, run } = useAction();
  // Until the first refresh ends, what shows may be the cached overview.
  const [refreshed, setRefreshed] = useState(false);
  const loading = busy || !refreshed;

  const refresh = () => run(async () => setOverview(await call('layers.overview', { layer: 'rootstock' }))).finally(() => setRefreshed(true));
  useEffect(() => {
    void refresh();
  }, []);

  const back = () => {
    setPanel({ name: 'overview' });
    void refresh();
  };
  if (panel.name === 'send') return <RootstockSend onDone={back} />;
  if (panel.name === 'receive') return <RootstockReceive onBack={back} devnet={overview?.network === 'devnet'} />;
  if (panel.name === 'speedUp') return <RootstockSpeedUp item={panel.item} onDone={back} />;

  const balance = overview?.balances[0];
  return (
    <section class="screen" data-testid="rootstock-screen">
      <h2>{t('layer_rootstock')}</h2>
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
      <p class="muted" data-testid="refresh-state">
        {loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="rsk-send" onClick={() => setPanel({ name: 'send' })}>
          {t('send')}
        </button>
        <button type="button" data-testid="rsk-receive" onClick={() => setPanel({ name: 'receive' })}>
          {t('receive')}
        </button>
        <button type="button" data-testid="rsk-refresh" onClick={refresh} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={overview?.activity ?? []} onSpeedUp={(item) => setPanel({ name: 'speedUp', item })} />
    </section>
  );
}
