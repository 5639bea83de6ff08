import { useEffect, useState } from 'preact/hooks';
import { CopyButton } from '../../components/CopyButton';
import { ErrorText } from '../../components/ErrorText';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/** The account's ST… address as text and QR, and the network's STX faucet. */
export function StacksReceive({ onBack }: { onBack: () => void }) {
  const [view, setView] = useState<{ address: string; uri: string } | null>(null);
  const [faucetTx, setFaucetTx] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => setView(await call('stacks.receive', {})));
  }, []);
  const askFaucet = () => run(async () => setFaucetTx((await call('stacks.faucet', {})).txid));

  return (
    <section class="screen" data-testid="stx-receive-panel">
      <h2>{t('stxReceiveTitle')}</h2>
      {view ? (
        <>
          <Qr text={view.uri} label={t('qrOf', t('layer_stacks'))} />
          <code class="address" data-testid="stx-receive-address">
            {view.address}
          </code>
          <CopyButton text={view.address} testId="stx-copy-receive" />
        </>
      ) : null}
      <button type="button" data-testid="stx-faucet" disabled={busy} onClick={askFaucet}>
        {t('stxFaucet')}
      </button>
      {faucetTx ? (
        <p class="ok" data-testid="stx-faucet-sent">
          {t('stxFaucetSent', faucetTx.slice(0, 16))}
        </p>
      ) : null}
      <ErrorText text={error} />
      <button type="button" class="link" data-testid="stx-receive-back" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
