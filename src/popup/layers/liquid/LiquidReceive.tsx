import { useState } from 'preact/hooks';
import { ReceivePanel, useReceiveView } from '../../components/ReceivePanel';
import { t } from '../../i18n';
import { call } from '../../rpc-client';

/**
 * The next unused address in its confidential form (what to share), with a toggle
 * to the unconfidential form for senders that cannot blind. On the local devnet,
 * buttons ask the devnet faucet for L-BTC or the test asset.
 */
export function LiquidReceive({ devnet, onBack }: { devnet: boolean; onBack: () => void }) {
  const { view, busy, error, run } = useReceiveView(() => call('liquid.receive', {}));
  const [unconfidential, setUnconfidential] = useState(false);
  const [faucetNote, setFaucetNote] = useState('');

  const faucet = (asset: 'lbtc' | 'test') =>
    run(async () => {
      setFaucetNote('');
      const r = await call('liquid.devnetFaucet', { asset });
      setFaucetNote(t('faucetSent', r.txid.slice(0, 16)));
    });

  const shown = view ? (unconfidential ? view.unconfidential : view.address) : '';
  return (
    <ReceivePanel
      layer="liquid"
      title={t('receiveLiquid')}
      prefix="lq"
      shown={view && { address: shown, uri: shown }}
      caption={<p class="muted">{unconfidential ? t('unconfidentialAddress') : t('confidentialAddress')}</p>}
      addressData={{ 'data-confidential': String(!unconfidential) }}
      notes={unconfidential ? <p class="warning">{t('unconfidentialWarning')}</p> : null}
      actions={
        <button type="button" class="small" data-testid="lq-receive-toggle" onClick={() => setUnconfidential(!unconfidential)}>
          {unconfidential ? t('showConfidential') : t('showUnconfidential')}
        </button>
      }
      error={error}
      onBack={onBack}
    >
      {devnet ? (
        <div class="row">
          <button type="button" data-testid="lq-devnet-faucet" disabled={busy} onClick={() => faucet('lbtc')}>
            {t('liquidDevnetFaucet')}
          </button>
          <button type="button" data-testid="lq-devnet-faucet-test" disabled={busy} onClick={() => faucet('test')}>
            {t('liquidDevnetFaucetTest')}
          </button>
        </div>
      ) : null}
      {faucetNote ? (
        <p class="ok" data-testid="lq-faucet-sent">
          {faucetNote}
        </p>
      ) : null}
    </ReceivePanel>
  );
}
