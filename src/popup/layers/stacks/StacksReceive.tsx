import { useState } from 'preact/hooks';
import { ReceivePanel, useReceiveView } from '../../components/ReceivePanel';
import { t } from '../../i18n';
import { call } from '../../rpc-client';

/** The account's ST… address as text and QR, and the network's STX faucet. */
export function StacksReceive({ onBack }: { onBack: () => void }) {
  const { view, busy, error, run } = useReceiveView(() => call('stacks.receive', {}));
  const [faucetTx, setFaucetTx] = useState<string | null>(null);
  const askFaucet = () => run(async () => setFaucetTx((await call('stacks.faucet', {})).txid));

  return (
    <ReceivePanel
      layer="stacks"
      title={t('stxReceiveTitle')}
      prefix="stx"
      shown={view}
      error={error}
      onBack={onBack}
    >
      <button type="button" data-testid="stx-faucet" disabled={busy} onClick={askFaucet}>
        {t('stxFaucet')}
      </button>
      {faucetTx ? (
        <p class="ok" data-testid="stx-faucet-sent">
          {t('stxFaucetSent', faucetTx.slice(0, 16))}
        </p>
      ) : null}
    </ReceivePanel>
  );
}
