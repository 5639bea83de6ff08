import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { PasswordFields, passwordsReady } from '../components/PasswordFields';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';

export function ChangePassword({ onBack }: { onBack: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const submit = onSubmit(() =>
    run(async () => {
      await call('vault.changePassword', { current, next });
      setDone(true);
    }),
  );

  return (
    <form class="screen" data-testid="change-password" onSubmit={submit}>
      <h2>{t('changePassword')}</h2>
      {done ? (
        <p class="ok" data-testid="password-changed">
          {t('passwordChanged')}
        </p>
      ) : (
        <>
          <label>
            {t('currentPassword')}
            <input type="password" data-testid="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          </label>
          <PasswordFields password={next} repeat={repeat} onPassword={setNext} onRepeat={setRepeat} />
          <ErrorText text={error} />
          <button type="submit" class="primary" data-testid="change-submit" disabled={busy || !current || !passwordsReady(next, repeat)}>
            {t('changePassword')}
          </button>
        </>
      )}
      <button type="button" class="link" onClick={onBack}>
        {t('back')}
      </button>
    </form>
  );
}
