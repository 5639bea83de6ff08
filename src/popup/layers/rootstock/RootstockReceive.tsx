import { useEffect, useState } from 'preact/hooks';
import { Amount } from '../../components/Amount';
import { CopyButton } from '../../components/CopyButton';
import { ErrorText } from '../../components/ErrorText';
import { Qr } from '../../components/Qr';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/** The account's address with this chain's EIP-1191 checksum, as text and QR; on the devnet, a faucet. */
export function RootstockReceive({ onBack, devnet }: { onBack: () => void; devnet: boolean }) {
  const [view, setView] = useState<{ address: string; uri: string; chainId: number } | null>(null);
  const [faucet, setFaucet] = useState<{ hash: string; amount: string } | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => setView(await call('rootstock.receive', {})));
  }, []);
  const askFaucet = () => run(async () => setFaucet(await call('rootstock.devnetFaucet', {})));

  return (
    <section class="screen" data-testid="rsk-receive-panel">
      <h2>{t('rskReceiveTitle')}</h2>
      {view ? (
        <>
          <Qr text={view.uri} label={t('qrOf', t('layer_rootstock'))} />
          <code class="address" data-testid="rsk-receive-address">
            {view.address}
          </code>
          <p class="muted" data-testid="rsk-checksum-note">
            {t('rskChecksumNote', String(view.chainId))}
          </p>
          <CopyButton text={view.address} testId="rsk-copy-receive" />
        </>
      ) : null}
      {devnet ? (
        <button type="button" data-testid="rsk-devnet-faucet" disabled={busy} onClick={askFaucet}>
          {t('rskDevnetFaucet')}
        </button>
      ) : null}
      {faucet ? (
        <p class="ok" data-testid="rsk-faucet-sent" data-hash={faucet.hash}>
          <Amount value={faucet.amount} decimals={18} symbol="RBTC" /> · {t('rskFaucetSent', faucet.hash.slice(0, 18))}
        </p>
      ) : null}
      <ErrorText text={error} />
      <button type="button" class="link" data-testid="rsk-receive-back" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
