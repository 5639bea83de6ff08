import { checkPassword } from '../../shared/password';
import { t } from '../i18n';

/** New password + repeat, with live strength feedback using the same rule the background enforces. */
export function PasswordFields(props: {
  password: string;
  repeat: string;
  onPassword: (v: string) => void;
  onRepeat: (v: string) => void;
}) {
  const verdict = checkPassword(props.password);
  const mismatch = props.repeat.length > 0 && props.repeat !== props.password;
  return (
    <>
      <NewPassword label={t('newPassword')} testId="new-password" value={props.password} onInput={props.onPassword} />
      {props.password && !verdict.ok ? (
        <p class="hint" data-testid="password-hint">
          {t(`password_${verdict.problem}`)}
        </p>
      ) : null}
      <NewPassword label={t('repeatPassword')} testId="repeat-password" value={props.repeat} onInput={props.onRepeat} />
      {mismatch ? <p class="hint">{t('passwordsDiffer')}</p> : null}
    </>
  );
}

function NewPassword(p: { label: string; testId: string; value: string; onInput: (v: string) => void }) {
  return (
    <label>
      {p.label}
      <input type="password" data-testid={p.testId} autocomplete="new-password" value={p.value} onInput={(e) => p.onInput(e.currentTarget.value)} />
    </label>
  );
}

export function passwordsReady(password: string, repeat: string): boolean {
  return checkPassword(password).ok && password === repeat;
}
