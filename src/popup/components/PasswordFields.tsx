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
      <label>
        {t('newPassword')}
        <input
          type="password"
          data-testid="new-password"
          autocomplete="new-password"
          value={props.password}
          onInput={(e) => props.onPassword(e.currentTarget.value)}
        />
      </label>
      {props.password && !verdict.ok ? (
        <p class="hint" data-testid="password-hint">
          {t(`password_${verdict.problem}`)}
        </p>
      ) : null}
      <label>
        {t('repeatPassword')}
        <input
          type="password"
          data-testid="repeat-password"
          autocomplete="new-password"
          value={props.repeat}
          onInput={(e) => props.onRepeat(e.currentTarget.value)}
        />
      </label>
      {mismatch ? <p class="hint">{t('passwordsDiffer')}</p> : null}
    </>
  );
}

export function passwordsReady(password: string, repeat: string): boolean {
  return checkPassword(password).ok && password === repeat;
}
