import { useEffect, useState } from 'preact/hooks';
import { ReceivePanel } from '../../components/ReceivePanel';
import { CopyButton } from '../../components/CopyButton';
import { t } from '../../i18n';
import { call, errorText } from '../../rpc-client';

/** The next unused address, with a BIP21 QR code (optionally with an amount). */
export function BitcoinReceive({ onBack, devnet }: { onBack: () => void; devnet: boolean }) {
  const [amount, setAmount] = useState('');
  const [view, setView] = useState<{ address: string; uri: string } | null>(null);
  const [error, setError] = useState('');
  const [faucetNote, setFaucetNote] = useState('');

  const faucet = async () => {
    setError('');
    try {
      const r = await call('bitcoin.devnetFaucet', {});
      setFaucetNote(t('faucetSent', r.txid.slice(0, 16)));
    } catch (err) {
      setError(errorText(err));
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => {
      call('bitcoin.receive', amount.trim() ? { amount } : {})
        .then((v) => {
          setView(v);
          setError('');
        })
        .catch((err) => setError(errorText(err)));
    }, 250);
    return () => clearTimeout(timer);
  }, [amount]);

  return (
    <ReceivePanel
      layer="bitcoin"
      title={t('receiveBitcoin')}
      prefix="btc"
      ids={{ address: 'receive-address', copy: 'copy-receive' }}
      shown={view}
      actions={view ? <CopyButton text={view.uri} testId="copy-uri" /> : null}
      error={error}
      onBack={onBack}
    >
      <label>
        {t('requestAmount')}
        <input inputMode="decimal" data-testid="receive-amount" placeholder="0.001" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      {devnet ? (
        <button type="button" data-testid="devnet-faucet" onClick={faucet}>
          {t('devnetFaucet')}
        </button>
      ) : null}
      {faucetNote ? <p class="ok">{faucetNote}</p> : null}
    </ReceivePanel>
  );
}
