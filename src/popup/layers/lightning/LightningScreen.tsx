import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { LayerOverview } from '../../../shared/layer-views';
import type { LightningPaymentItem, NwcStatusView } from '../../../shared/layers/lightning';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call, errorText } from '../../rpc-client';
import { LightningActivity } from './LightningActivity';
import { LightningConnect } from './LightningConnect';
import { LightningPay } from './LightningPay';
import { LightningReceive } from './LightningReceive';
import { MSAT } from './msat';

type Panel = 'overview' | 'pay' | 'receive' | 'connect';

/** Funding balance, Pay (any destination), Receive (invoice), the NWC link and Lightning activity. */
export function LightningScreen({ cached }: { cached?: LayerOverview }) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [payments, setPayments] = useState<LightningPaymentItem[] | null>(null);
  const [nwc, setNwc] = useState<NwcStatusView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [panel, setPanel] = useState<Panel>('overview');

  const refresh = async () => {
    setLoading(true);
    setError('');
    try {
      setNwc(await call('lightning.nwcStatus', {}));
      // The overview asks the funding source about pending items, then the list is read.
      const fresh = await call('layers.overview', { layer: 'lightning' }).catch((err: unknown) => {
        setError(errorText(err));
        return undefined;
      });
      if (fresh) setOverview(fresh);
      setPayments(await call('lightning.payments', {}));
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
    setPanel('overview');
    void refresh();
  };
  const connected = nwc?.connected ?? false;
  if (panel === 'pay') return <LightningPay onDone={back} onConnect={() => setPanel('connect')} />;
  if (panel === 'receive') return <LightningReceive connected={connected} onBack={back} onConnect={() => setPanel('connect')} />;
  if (panel === 'connect') return <LightningConnect onBack={back} />;

  const balance = overview?.balances[0];
  return (
    <section class="screen" data-testid="lightning-screen">
      <h2>{t('layer_lightning')}</h2>
      {balance ? (
        <div class="balance">
          <Amount value={balance.confirmed} {...MSAT} testId="ln-balance" />
        </div>
      ) : null}
      <p class="muted" data-testid="ln-funding" data-connected={String(connected)}>
        {nwc === null ? t('loading') : connected ? t('lnFundingNwc', nwc.lud16 ?? `${nwc.walletPubkey?.slice(0, 12)}…`) : t('lnNoFunding')}
      </p>
      <p class="muted" data-testid="refresh-state">
        {loading ? t('refreshing') : t('upToDate')}
      </p>
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="ln-pay" onClick={() => setPanel('pay')}>
          {t('lnPay')}
        </button>
        <button type="button" data-testid="ln-receive" onClick={() => setPanel('receive')}>
          {t('receive')}
        </button>
        <button type="button" data-testid="ln-connect" onClick={() => setPanel('connect')}>
          {connected ? t('lnWalletLink') : t('lnConnectWallet')}
        </button>
      </div>
      <div class="row">
        <button type="button" class="small" data-testid="ln-refresh" onClick={refresh} disabled={loading}>
          {t('refresh')}
        </button>
        {document.body.classList.contains('tab') ? null : (
          // Firefox may show a permission prompt under the toolbar popup, which then closes: a tab is safer.
          <button type="button" class="small" data-testid="ln-open-tab" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('popup.html?view=tab') })}>
            {t('openInTab')}
          </button>
        )}
      </div>
      <h3>{t('activity')}</h3>
      <LightningActivity items={payments ?? []} />
    </section>
  );
}
