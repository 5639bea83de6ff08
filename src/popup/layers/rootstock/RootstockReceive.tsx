import { useState } from 'preact/hooks';
import { Amount } from '../../components/Amount';
import { ReceivePanel, useReceiveView } from '../../components/ReceivePanel';
import { t } from '../../i18n';
import { call } from '../../rpc-client';

/** The account's address with this chain's EIP-1191 checksum, as text and QR; on the devnet, a faucet. */
export function RootstockReceive({ onBack, devnet }: { onBack: () => void; devnet: boolean }) {
  const { view, busy, error, run } = useReceiveView(() => call('rootstock.receive', {}));
  const [faucet, setFaucet] = useState<{ hash: string; amount: string } | null>(null);
  const askFaucet = () => run(async () => setFaucet(await call('rootstock.devnetFaucet', {})));

  return (
    <ReceivePanel
      layer="rootstock"
      title={t('rskReceiveTitle')}
      prefix="rsk"
      shown={view}
      notes={
        view ? (
          <p class="muted" data-testid="rsk-checksum-note">
            {t('rskChecksumNote', String(view.chainId))}
          </p>
        ) : null
      }
      error={error}
      onBack={onBack}
    >
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
    </ReceivePanel>
  );
}
