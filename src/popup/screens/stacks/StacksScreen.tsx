import { useEffect, useState } from 'preact/hooks';
import type { LayerOverview } from '../../../shared/layer-views';
import { ActivityList } from '../../components/ActivityList';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { StacksReceive } from './StacksReceive';
import { StacksSend } from './StacksSend';

type Panel = 'overview' | 'send' | 'receive';

/** STX and token balances (sBTC), activity with pending sends, send and receive. */
export function StacksScreen({ cached }: { cached?: LayerOverview }) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [panel, setPanel] = useState<Panel>('overview');
  const { busy, error, run } = useAction();
  const [refreshed, setRefreshed] = useState(false);
  const loading = busy || !refreshed;

  const refresh = () => run(async () => setOverview(await call('layers.overview', { layer: 'stacks' }))).finally(() => setRefreshed(true));
  useEffect(() => {
    void refresh();
  }, []);
  const back = () => {
    setPanel('overview');
    void refresh();
  };
  if (panel === 'send') return <StacksSend onDone={back} />;
  if (panel === 'receive') return <StacksReceive onBack={back} />;

  return (
    <section class="screen" data-testid="stacks-screen">
      <h2>{t('layer_stacks')}</h2>
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
      <p class="muted" data-testid="refresh-state">
        {loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="stx-send" onClick={() => setPanel('send')}>
          {t('send')}
        </button>
        <button type="button" data-testid="stx-receive" onClick={() => setPanel('receive')}>
          {t('receive')}
        </button>
        <button type="button" data-testid="stx-refresh" onClick={refresh} disabled={loading}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={overview?.activity ?? []} />
    </section>
  );
}
