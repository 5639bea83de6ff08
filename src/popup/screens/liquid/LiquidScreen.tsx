import { useEffect, useState } from 'preact/hooks';
import type { LayerOverview } from '../../../shared/layer-views';
import { UNITS } from '../../../shared/units';
import { ActivityList } from '../../components/ActivityList';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { LiquidBalances } from './LiquidBalances';
import { LiquidReceive } from './LiquidReceive';
import { LiquidSend } from './LiquidSend';

type Panel = 'overview' | 'send' | 'receive';

/** Per-asset balances (unblinded in the background), activity, confidential send and receive. */
export function LiquidScreen({ cached }: { cached?: LayerOverview }) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [panel, setPanel] = useState<Panel>('overview');
  const { busy, error, run } = useAction();

  const refresh = () => run(async () => setOverview(await call('layers.overview', { layer: 'liquid' })));
  useEffect(() => {
    void refresh();
  }, []);

  const back = () => {
    setPanel('overview');
    void refresh();
  };
  if (panel === 'send') return <LiquidSend balances={overview?.balances ?? []} onDone={back} />;
  if (panel === 'receive') return <LiquidReceive devnet={overview?.network === 'devnet'} onBack={back} />;

  return (
    <section class="screen" data-testid="liquid-screen">
      <h2>{t('layer_liquid')}</h2>
      <LiquidBalances balances={overview?.balances ?? []} />
      <p class="muted" data-testid="refresh-state">
        {busy ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="lq-send" onClick={() => setPanel('send')}>
          {t('send')}
        </button>
        <button type="button" data-testid="lq-receive" onClick={() => setPanel('receive')}>
          {t('receive')}
        </button>
        <button type="button" data-testid="lq-refresh" onClick={refresh} disabled={busy}>
          {t('refresh')}
        </button>
      </div>
      <h3>{t('activity')}</h3>
      <ActivityList items={overview?.activity ?? []} feeUnit={UNITS.LBTC} />
    </section>
  );
}
