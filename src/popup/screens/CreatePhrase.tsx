import { useState } from 'preact/hooks';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call, errorText } from '../rpc-client';

export interface NewPhrase {
  words: string[];
  confirmPositions: number[];
}

/** Generates the phrase in the background and shows it once for the user to write down. */
export function CreatePhrase(props: { initial: NewPhrase | null; onWritten: (p: NewPhrase) => void; onBack: () => void }) {
  const { onWritten, onBack } = props;
  const [phrase, setPhrase] = useState<NewPhrase | null>(props.initial);
  const [error, setError] = useState('');

  const generate = async (wordCount: 12 | 24) => {
    setError('');
    try {
      setPhrase(await call('onboarding.generate', { wordCount }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  if (!phrase) {
    return (
      <section class="screen" data-testid="choose-length">
        <h2>{t('newPhraseTitle')}</h2>
        <p>{t('chooseLength')}</p>
        <button type="button" class="primary" data-testid="words-12" onClick={() => generate(12)}>
          {t('words12')}
        </button>
        <button type="button" data-testid="words-24" onClick={() => generate(24)}>
          {t('words24')}
        </button>
        <ErrorText text={error} />
        <button type="button" class="link" onClick={onBack}>
          {t('back')}
        </button>
      </section>
    );
  }
  return (
    <section class="screen" data-testid="show-phrase">
      <h2>{t('writeDownTitle')}</h2>
      <p class="warning">{t('writeDownBody')}</p>
      <ol class="words" data-testid="phrase-words">
        {phrase.words.map((w, i) => (
          <li key={i} data-testid={`word-${i + 1}`}>
            {w}
          </li>
        ))}
      </ol>
      <button type="button" class="primary" data-testid="phrase-written" onClick={() => onWritten(phrase)}>
        {t('wroteItDown')}
      </button>
    </section>
  );
}
