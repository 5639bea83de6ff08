import { useEffect, useState } from 'preact/hooks';
import type { ActivityItem, LayerOverview } from '../../../shared/layer-views';
import { ActivityList } from '../../components/ActivityList';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call, errorText } from '../../rpc-client';
import { BitcoinReceive } from './BitcoinReceive';
import { BitcoinSend } from './BitcoinSend';
import { SpeedUp } from './SpeedUp';

type Panel = { name: 'overview' } | { name: 'send' } | { name: 'receive' } | { name: 'speedUp'; item: ActivityItem };

/** Balance, activity, send, receive and fee bumps for Bitcoin L1. */
export function BitcoinScreen({ cached }: { cached?: LayerOverview }) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [panel, setPanel] = useState<Panel>({ name: 'overview' });

  const refresh = async () => {
    setLoading(true);
    setError('');
    try {
      setOverview(await call('layers.overview', { layer: 'bitcoin' }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void refresh();
  }, []);

  const back = () => {
    setPanel({ name: 'overview' });
    void refresh();
  };
  if (panel.name === 'send') return <BitcoinSend onDone={back} />;
  if (panel.name === 'receive') return <BitcoinReceive onBack={back} devnet={overview?.network === 'devnet'} />;
  if (panel.name === 'speedUp') return <SpeedUp item={panel.item} onDone={back} />;

  const balance = overview?.balances[0];
  return (
    <section class="screen" data-testid="bitcoin-screen">
      <h2>{t('layer_bitcoin')}</h2>
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
      <p class="muted" data-testid="refresh-state">
        {loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="btc-send" onClick={() => setPanel({ name: 'send' })}>
          {t('send')}
        </button>
        <button type="button" data-testid="btc-receive" onClick={() => setPanel({ name: 'receive' })}>
          {t('receive')}
        </button>
        <button type="button" data-testid="btc-refresh" onClick={refresh} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={overview?.activity ?? []} onSpeedUp={(item) => setPanel({ name: 'speedUp', item })} />
    </section>
  );
}
