import { useState } from 'preact/hooks';
import { PasswordFields, passwordsReady } from '../components/PasswordFields';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { onSubmit, useAction } from '../use-action';
import { FormActions } from '../components/FormActions';
import { PasteField } from '../components/Field';

export function ImportPhrase({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const [phrase, setPhrase] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, run } = useAction();
  const submit = onSubmit(() =>
    run(async () => {
      await call('onboarding.import', { mnemonic: phrase, password });
      onDone();
    }),
  );

  return (
    <form class="screen" data-testid="import-phrase" onSubmit={submit}>
      <h2>{t('importTitle')}</h2>
      <PasteField label={t('recoveryPhrase')} testId="import-mnemonic" value={phrase} onInput={setPhrase} />
      <PasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} />
      <FormActions
        error={error}
        busy={busy}
        label={t('importWallet')}
        busyLabel={t('encrypting')}
        testId="import-submit"
        disabled={!phrase.trim() || !passwordsReady(password, repeat)}
        onBack={onBack}
      />
    </form>
  );
}
