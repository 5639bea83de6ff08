import { useEffect, useState } from 'preact/hooks';
import type { LiquidReceiveResult } from '../../../shared/layers/liquid';
import { CopyButton } from '../../components/CopyButton';
import { ErrorText } from '../../components/ErrorText';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/**
 * The next unused address in its confidential form (what to share), with a toggle
 * to the unconfidential form for senders that cannot blind. On the local devnet,
 * buttons ask the devnet faucet for L-BTC or the test asset.
 */
export function LiquidReceive({ devnet, onBack }: { devnet: boolean; onBack: () => void }) {
  const [view, setView] = useState<LiquidReceiveResult | null>(null);
  const [unconfidential, setUnconfidential] = useState(false);
  const [faucetNote, setFaucetNote] = useState('');
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => setView(await call('liquid.receive', {})));
  }, []);

  const faucet = (asset: 'lbtc' | 'test') =>
    run(async () => {
      setFaucetNote('');
      const r = await call('liquid.devnetFaucet', { asset });
      setFaucetNote(t('faucetSent', r.txid.slice(0, 16)));
    });

  const shown = view ? (unconfidential ? view.unconfidential : view.address) : '';
  return (
    <section class="screen" data-testid="lq-receive-panel">
      <h2>{t('receiveLiquid')}</h2>
      {view ? (
        <>
          <p class="muted">{unconfidential ? t('unconfidentialAddress') : t('confidentialAddress')}</p>
          <Qr text={shown} label={t('qrOf', t('layer_liquid'))} />
          <code class="address" data-testid="lq-receive-address" data-confidential={String(!unconfidential)}>
            {shown}
          </code>
          {unconfidential ? <p class="warning">{t('unconfidentialWarning')}</p> : null}
          <div class="row">
            <CopyButton text={shown} testId="lq-copy-receive" />
            <button type="button" class="small" data-testid="lq-receive-toggle" onClick={() => setUnconfidential(!unconfidential)}>
              {unconfidential ? t('showConfidential') : t('showUnconfidential')}
            </button>
          </div>
        </>
      ) : null}
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
      <ErrorText text={error} />
      <button type="button" class="link" data-testid="lq-receive-back" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
