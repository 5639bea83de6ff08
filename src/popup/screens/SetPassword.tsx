import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { PasswordFields, passwordsReady } from '../components/PasswordFields';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';

export function SetPassword({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useAction();
  const submit = onSubmit(() =>
    run(async () => {
      await call('onboarding.create', { password });
      onDone();
    }),
  );

  return (
    <form class="screen" data-testid="set-password" onSubmit={submit}>
      <h2>{t('setPasswordTitle')}</h2>
      <p>{t('setPasswordBody')}</p>
      <PasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="password-submit" disabled={busy || !passwordsReady(password, repeat)}>
        {busy ? t('encrypting') : t('createWallet')}
      </button>
    </form>
  );
}
