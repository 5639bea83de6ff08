import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call, errorText } from '../rpc-client';

export function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await call('vault.unlock', { password });
      onUnlocked();
    } catch (err) {
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="screen center" data-testid="unlock" onSubmit={submit}>
      <h1>{t('extName')}</h1>
      <p>{t('lockedBody')}</p>
      <label>
        {t('password')}
        <input
          type="password"
          data-testid="unlock-password"
          autocomplete="current-password"
          autofocus
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="unlock-submit" disabled={busy || !password}>
        {busy ? t('unlocking') : t('unlock')}
      </button>
    </form>
  );
}
