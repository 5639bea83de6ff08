import { useEffect, useState } from 'preact/hooks';
import type { LayerAccountView } from '../../shared/accounts';
import { CopyButton } from '../components/CopyButton';
import { ErrorText } from '../components/ErrorText';
import { Qr } from '../components/Qr';
import { t } from '../i18n';
import { call, errorText } from '../rpc-client';

function LayerCard({ account }: { account: LayerAccountView }) {
  const [showQr, setShowQr] = useState(false);
  return (
    <li class="card" data-testid={`layer-${account.layer}`}>
      <div class="card-head">
        <strong>{t(`layer_${account.layer}`)}</strong>
        <span class="badge">{account.networkLabel}</span>
      </div>
      <div class="muted">{account.kind === 'address' ? t('receiveAddress') : t('lightningIdentity')}</div>
      <code class="address" data-testid={`address-${account.layer}`}>
        {account.value}
      </code>
      <div class="row">
        <CopyButton text={account.value} testId={`copy-${account.layer}`} />
        <button type="button" class="small" data-testid={`qr-${account.layer}`} onClick={() => setShowQr(!showQr)}>
          {showQr ? t('hideQr') : t('showQr')}
        </button>
      </div>
      {showQr ? <Qr text={account.value} label={t('qrOf', t(`layer_${account.layer}`))} /> : null}
      {account.alternates.map((alt) => (
        <div class="alternate" key={alt.label}>
          <span class="muted">{alt.label}</span> <code class="address">{alt.value}</code>
        </div>
      ))}
    </li>
  );
}

export function Home({ onLocked }: { onLocked: () => void }) {
  const [accounts, setAccounts] = useState<LayerAccountView[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    call('accounts.list', {})
      .then(setAccounts)
      .catch((err) => {
        if ((err as { code?: string }).code === 'locked') onLocked();
        else setError(errorText(err));
      });
  }, []);

  return (
    <section class="screen" data-testid="home">
      <ErrorText text={error} />
      {accounts ? (
        <ul class="cards" data-testid="layers">
          {accounts.map((a) => (
            <LayerCard key={a.layer} account={a} />
          ))}
        </ul>
      ) : (
        <p class="muted">{t('loading')}</p>
      )}
    </section>
  );
}
