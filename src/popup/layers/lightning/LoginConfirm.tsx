import type { ComponentChildren } from 'preact';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';

/**
 * The login confirmation: LNURL-auth (LUD-04) and a payment's LUD-18 `auth`. It
 * names the domain, since the login key is derived from it (LUD-05): every site
 * sees a different, unlinkable key. Nothing is signed before the confirm button.
 */
export function LoginConfirm(props: {
  testId: string;
  title: string;
  explain: string;
  domain: string;
  linkingKey: string;
  busy: boolean;
  error: string;
  onConfirm: () => void;
  onBack: () => void;
  children?: ComponentChildren;
}) {
  return (
    <section class="screen" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <strong class="ln-domain" data-testid={`${props.testId}-domain`}>
        {props.domain}
      </strong>
      <p class="muted">{props.explain}</p>
      <p class="muted">{t('lnAuthKey')}</p>
      <code class="address" data-testid={`${props.testId}-key`}>
        {props.linkingKey}
      </code>
      <ErrorText text={props.error} />
      <button type="button" class="primary" data-testid={`${props.testId}-confirm`} disabled={props.busy} onClick={props.onConfirm}>
        {props.busy ? t('checking') : t('lnAuthConfirm', props.domain)}
      </button>
      {props.children}
      <button type="button" class="link" onClick={props.onBack}>
        {t('cancel')}
      </button>
    </section>
  );
}
