import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';

export function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = onSubmit(async () => {
    const unlocked = await run(() => call('vault.unlock', { password }));
    if (unlocked) onUnlocked();
    else setPassword('');
  });

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
