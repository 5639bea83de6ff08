import { useState } from 'preact/hooks';
import type { LightningTargetView } from '../../../shared/rpc-lightning';
import { ErrorText } from '../../components/ErrorText';
import { useHostGrant } from '../../host-permission';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/**
 * LNURL-auth (LUD-04): nothing is sent before the user agrees. The screen names
 * the domain, since the login key is derived from it (LUD-05): the same wallet
 * shows every site a different, unlinkable key.
 */
export function AuthConfirm(props: { text: string; target: Extract<LightningTargetView, { kind: 'lnurl-auth' }>; onBack: () => void; onDone: () => void }) {
  const { target } = props;
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const { grant } = useHostGrant(target.hosts);

  const confirm = () => {
    const granted = grant();
    return run(async () => {
      await granted;
      await call('lightning.auth', { text: props.text });
      setDone(true);
    });
  };

  if (done) {
    return (
      <section class="screen" data-testid="ln-auth-done">
        <h2>{t('lnAuthDone', target.domain)}</h2>
        <p class="muted">{t('lnAuthKey')}</p>
        <code class="address">{target.linkingKey}</code>
        <button type="button" class="primary" data-testid="ln-auth-finish" onClick={props.onDone}>
          {t('done')}
        </button>
      </section>
    );
  }

  return (
    <section class="screen" data-testid="ln-auth">
      <h2>{t(`lnAuthAction_${target.action ?? 'login'}`)}</h2>
      <strong class="ln-domain" data-testid="ln-auth-domain">
        {target.domain}
      </strong>
      <p class="muted">{t('lnAuthExplain', target.domain)}</p>
      <p class="muted">{t('lnAuthKey')}</p>
      <code class="address" data-testid="ln-auth-key">
        {target.linkingKey}
      </code>
      <ErrorText text={error} />
      <button type="button" class="primary" data-testid="ln-auth-confirm" disabled={busy} onClick={confirm}>
        {busy ? t('checking') : t('lnAuthConfirm', target.domain)}
      </button>
      <button type="button" class="link" onClick={props.onBack}>
        {t('cancel')}
      </button>
    </section>
  );
}
