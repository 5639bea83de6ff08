import { t } from '../i18n';
import { ErrorText } from './ErrorText';

/**
 * The foot of a form or review: its error, the primary action (`busyLabel` while
 * busy; it submits the form unless given `onClick`) and Back.
 */
export function FormActions(p: {
  error: string;
  busy: boolean;
  label: string;
  busyLabel: string;
  testId?: string;
  /** Held for a reason besides being busy (the form is not filled in yet). */
  disabled?: boolean;
  onClick?: () => void;
  onBack: () => void;
  backTestId?: string;
}) {
  return (
    <>
      <ErrorText text={p.error} />
      <button type={p.onClick ? 'button' : 'submit'} class="primary" data-testid={p.testId} disabled={p.busy || !!p.disabled} onClick={p.onClick}>
        {p.busy ? p.busyLabel : p.label}
      </button>
      <button type="button" class="link" data-testid={p.backTestId} onClick={p.onBack}>
        {t('back')}
      </button>
    </>
  );
}
