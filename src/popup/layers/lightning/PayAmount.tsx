import { useState } from 'preact/hooks';
import type { LightningPreviewView, LightningTargetView } from '../../../shared/layers/lightning';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { useHostGrant } from '../../host-permission';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { LoginConfirm } from './LoginConfirm';
import { MSAT } from './msat';
import { FormActions } from '../../components/FormActions';

/** What pay and payPreview are called with; the background repeats every check on pay. */
export interface PayDraft {
  text: string;
  amount?: string;
  comment?: string;
}

type AmountTarget = Extract<LightningTargetView, { kind: 'lnurl-pay' | 'bolt11' }>;

/** LNURL-pay (or an invoice without an amount): the service's range and description, the amount in sats, a comment if allowed. */
export function PayAmount({ text, target, onReview, onBack }: { text: string; target: AmountTarget; onReview: (d: PayDraft, p: LightningPreviewView) => void; onBack: () => void }) {
  const [amount, setAmount] = useState('');
  const [comment, setComment] = useState('');
  // LUD-18 `auth`: the login confirmation comes between the amount and the review.
  const [askLogin, setAskLogin] = useState(false);
  const { busy, error, run } = useAction();
  // The callback may live on another host than the LNURL itself.
  const { grant } = useHostGrant(target.hosts);
  const payerAuth = target.kind === 'lnurl-pay' ? target.payerAuth : undefined;

  const toReview = (granted: Promise<void>, login: boolean) =>
    run(async () => {
      await granted;
      const draft: PayDraft = { text, amount: amount.trim(), ...(comment.trim() ? { comment: comment.trim() } : {}) };
      if (login) await call('lightning.payerAuthConfirm', { text });
      onReview(draft, await call('lightning.payPreview', draft));
    });
  const review = onSubmit(() => {
    if (payerAuth) return setAskLogin(true);
    return toReview(grant(), false);
  });

  if (payerAuth && askLogin) {
    return (
      <LoginConfirm
        testId="ln-payer-auth"
        title={t('lnPayerAuthTitle', payerAuth.domain)}
        explain={t('lnPayerAuthExplain', payerAuth.domain)}
        domain={payerAuth.domain}
        linkingKey={payerAuth.linkingKey}
        busy={busy}
        error={error}
        onConfirm={() => toReview(grant(), true)}
        onBack={() => setAskLogin(false)}
      >
        {payerAuth.mandatory ? null : (
          <button type="button" data-testid="ln-payer-auth-skip" disabled={busy} onClick={() => toReview(grant(), false)}>
            {t('lnPayerAuthSkip')}
          </button>
        )}
      </LoginConfirm>
    );
  }

  return (
    <form class="screen" data-testid="ln-pay-form" onSubmit={review}>
      <h2>{t('lnPayTitle')}</h2>
      {target.kind === 'lnurl-pay' ? (
        <>
          <p class="muted">{t('lnPayingTo')}</p>
          <strong data-testid="ln-pay-destination">{target.lightningAddress ?? target.domain}</strong>
          {target.image ? <img class="ln-thumb" src={target.image} alt="" width={48} height={48} /> : null}
          <p data-testid="ln-pay-description">{target.description}</p>
          {target.longDescription ? <p class="muted">{target.longDescription}</p> : null}
          <p class="muted" data-testid="ln-pay-range">
            {t('lnRange')} <Amount value={target.minMsat} {...MSAT} testId="ln-pay-min" /> – <Amount value={target.maxMsat} {...MSAT} testId="ln-pay-max" />
          </p>
          {target.warnings.map((w) => {
            const line = renderText(w, t);
            return (
              <p class="warning" key={line}>
                {line}
              </p>
            );
          })}
        </>
      ) : (
        <>
          <p class="muted">{t('lnInvoiceNoAmount')}</p>
          <code class="address">{target.payee}</code>
          {target.description ? <p>{target.description}</p> : null}
        </>
      )}
      <label>
        {t('amountSats')}
        <input inputMode="decimal" data-testid="ln-amount" placeholder="21" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      </label>
      {target.kind === 'lnurl-pay' && target.commentAllowed > 0 ? (
        <label>
          {t('lnComment', String(target.commentAllowed))}
          <input data-testid="ln-comment" maxLength={target.commentAllowed} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        </label>
      ) : null}
      <FormActions error={error} busy={busy} label={t('review')} busyLabel={t('checking')} testId="ln-review" disabled={!amount.trim()} onBack={onBack} />
    </form>
  );
}
