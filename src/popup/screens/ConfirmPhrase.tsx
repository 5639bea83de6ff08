import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';

/** Asks for some words of the phrase by position; the background checks them. */
export function ConfirmPhrase({ positions, onConfirmed, onBack }: { positions: number[]; onConfirmed: () => void; onBack: () => void }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { busy, error, run } = useAction();
  const submit = onSubmit(() =>
    run(async () => {
      await call('onboarding.confirm', { answers });
      onConfirmed();
    }),
  );

  return (
    <form class="screen" data-testid="confirm-phrase" onSubmit={submit}>
      <h2>{t('confirmTitle')}</h2>
      <p>{t('confirmBody')}</p>
      {positions.map((p) => (
        <label key={p}>
          {t('wordNumber', String(p))}
          <input
            data-testid={`confirm-word-${p}`}
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            value={answers[String(p)] ?? ''}
            onInput={(e) => setAnswers({ ...answers, [String(p)]: e.currentTarget.value })}
          />
        </label>
      ))}
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="confirm-submit" disabled={busy}>
        {t('confirm')}
      </button>
      <button type="button" class="link" onClick={onBack}>
        {t('showPhraseAgain')}
      </button>
    </form>
  );
}
