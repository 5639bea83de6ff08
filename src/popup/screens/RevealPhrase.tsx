import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';

/** Shows the phrase only after the password is entered again. */
export function RevealPhrase({ onBack }: { onBack: () => void }) {
  const [password, setPassword] = useState('');
  const [words, setWords] = useState<string[] | null>(null);
  const { error, run } = useAction();
  const submit = onSubmit(async () => {
    const revealed = await run(() => call('vault.reveal', { password }));
    if (revealed) setWords(revealed.words);
    setPassword('');
  });

  return (
    <section class="screen" data-testid="reveal">
      <h2>{t('revealTitle')}</h2>
      {words ? (
        <ol class="words" data-testid="revealed-words">
          {words.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ol>
      ) : (
        <form onSubmit={submit}>
          <p class="warning">{t('revealWarning')}</p>
          <label>
            {t('password')}
            <input type="password" data-testid="reveal-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <ErrorText text={error} />
          <button type="submit" class="primary" data-testid="reveal-submit" disabled={!password}>
            {t('reveal')}
          </button>
        </form>
      )}
      <button type="button" class="link" onClick={onBack}>
        {t('back')}
      </button>
    </section>
  );
}
