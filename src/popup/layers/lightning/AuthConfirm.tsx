import { useState } from 'preact/hooks';
import type { LightningTargetView } from '../../../shared/layers/lightning';
import { useGrantedAction } from '../../host-permission';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { LoginConfirm } from './LoginConfirm';

/** LNURL-auth (LUD-04): nothing is signed or sent before the user agrees on the login confirmation. */
export function AuthConfirm(props: { text: string; target: Extract<LightningTargetView, { kind: 'lnurl-auth' }>; onBack: () => void; onDone: () => void }) {
  const { target } = props;
  const [done, setDone] = useState(false);
  const { busy, error, runGranted } = useGrantedAction(target.hosts);

  const confirm = () =>
    runGranted(async () => {
      await call('lightning.auth', { text: props.text });
      setDone(true);
    });

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
    <LoginConfirm
      testId="ln-auth"
      title={t(`lnAuthAction_${target.action ?? 'login'}`)}
      explain={t('lnAuthExplain', target.domain)}
      domain={target.domain}
      linkingKey={target.linkingKey}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onBack={props.onBack}
    />
  );
}
