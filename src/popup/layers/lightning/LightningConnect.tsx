import { useEffect, useState } from 'preact/hooks';
import type { NwcStatusView } from '../../../shared/layers/lightning';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { MSAT } from './msat';
import { PasteField } from '../../components/Field';

/**
 * The funding source: a wallet connected over Nostr Wallet Connect. The pasted
 * link holds this connection's secret key; the background keeps it encrypted and
 * the popup never sees it again.
 */
export function LightningConnect({ onBack }: { onBack: () => void }) {
  const [status, setStatus] = useState<NwcStatusView | null>(null);
  const [uri, setUri] = useState('');
  const [allowNip04, setAllowNip04] = useState(false);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => setStatus(await call('lightning.nwcStatus', {})));
  }, []);

  const connect = onSubmit(() =>
    run(async () => {
      const next = await call('lightning.nwcConnect', { uri: uri.trim(), ...(allowNip04 ? { allowNip04: true } : {}) });
      setUri('');
      setStatus(next);
    }),
  );
  const disconnect = () => run(async () => setStatus(await call('lightning.nwcDisconnect', {})));

  return (
    <form class="screen" data-testid="ln-connect-panel" onSubmit={connect}>
      <h2>{t('lnWalletLink')}</h2>
      {status?.connected ? (
        <>
          <p class="ok" data-testid="nwc-status" data-connected="true">
            {t('lnConnected', status.lud16 ?? t('lnNwcWallet'))}
          </p>
          {status.balanceMsat !== undefined ? (
            <p>
              {t('lnFundingBalance')} <Amount value={status.balanceMsat} {...MSAT} testId="nwc-balance" />
            </p>
          ) : null}
          <p class="muted">{t('lnWalletKey')}</p>
          <code class="address">{status.walletPubkey}</code>
          <p class="muted">
            {t('lnRelays')} {status.relays?.join(', ')}
          </p>
          {status.encryption ? (
            <p class={status.encryption === 'nip04' ? 'warning' : 'muted'} data-testid="nwc-encryption" data-encryption={status.encryption}>
              {t('lnEncryption')} {status.encryption === 'nip04' ? t('lnEncryptionNip04') : t('lnEncryptionNip44')}
            </p>
          ) : null}
          <button type="button" data-testid="nwc-disconnect" disabled={busy} onClick={disconnect}>
            {t('lnDisconnect')}
          </button>
        </>
      ) : (
        <>
          <p class="muted" data-testid="nwc-status" data-connected="false">
            {t('lnConnectExplain')}
          </p>
          <PasteField label={t('lnNwcUri')} testId="nwc-uri" placeholder="nostr+walletconnect://…" mono value={uri} onInput={setUri} />
          <p class="hint">{t('lnNwcSecretNote')}</p>
          <label>
            <input type="checkbox" data-testid="nwc-allow-nip04" checked={allowNip04} onChange={(e) => setAllowNip04(e.currentTarget.checked)} />{' '}
            {t('lnAllowNip04')}
          </label>
          <p class="hint">{t('lnAllowNip04Hint')}</p>
          <button type="submit" class="primary" data-testid="nwc-connect" disabled={busy || !uri.trim()}>
            {busy ? t('lnConnecting') : t('lnConnect')}
          </button>
        </>
      )}
      <ErrorText text={error} />
      <button type="button" class="link" data-testid="nwc-back" onClick={onBack}>
        {t('back')}
      </button>
    </form>
  );
}
