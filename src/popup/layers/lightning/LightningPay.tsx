import { useState } from 'preact/hooks';
import type { LightningPreviewView, LightningTargetView } from '../../../shared/layers/lightning';
import { requestHosts, useDestinationHosts } from '../../host-permission';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { AuthConfirm } from './AuthConfirm';
import { PayAmount, type PayDraft } from './PayAmount';
import { PayReview } from './PayReview';
import { WithdrawPrompt } from './WithdrawPrompt';
import { FormActions } from '../../components/FormActions';
import { PasteField } from '../../components/Field';

type Target<K extends LightningTargetView['kind']> = Extract<LightningTargetView, { kind: K }>;
type Step =
  | { name: 'paste' }
  | { name: 'amount'; text: string; target: Target<'lnurl-pay'> | Target<'bolt11'> }
  | { name: 'review'; draft: PayDraft; preview: LightningPreviewView }
  | { name: 'withdraw'; text: string; target: Target<'lnurl-withdraw'> }
  | { name: 'auth'; text: string; target: Target<'lnurl-auth'> };

/** What the pasted text turned out to be decides the next screen: pay, withdraw or log in. */
export function LightningPay({ onDone, onConnect }: { onDone: () => void; onConnect: () => void }) {
  const [step, setStep] = useState<Step>({ name: 'paste' });
  const paste = () => setStep({ name: 'paste' });

  switch (step.name) {
    case 'paste':
      return (
        <PasteStep
          onBack={onDone}
          onTarget={(text, target, preview) => {
            if (preview) setStep({ name: 'review', draft: { text }, preview });
            else if (target.kind === 'lnurl-withdraw') setStep({ name: 'withdraw', text, target });
            else if (target.kind === 'lnurl-auth') setStep({ name: 'auth', text, target });
            else setStep({ name: 'amount', text, target });
          }}
        />
      );
    case 'amount':
      return <PayAmount text={step.text} target={step.target} onReview={(draft, preview) => setStep({ name: 'review', draft, preview })} onBack={paste} />;
    case 'review':
      return <PayReview draft={step.draft} preview={step.preview} onBack={paste} onDone={onDone} onConnect={onConnect} />;
    case 'withdraw':
      return <WithdrawPrompt text={step.text} target={step.target} onBack={paste} onDone={onDone} />;
    case 'auth':
      return <AuthConfirm text={step.text} target={step.target} onBack={paste} onDone={onDone} />;
  }
}

/**
 * Paste anything: invoice, LNURL, Lightning Address, lightning: or bitcoin: URI.
 * While the user types, the background parses the text (no request) and names the
 * host it would contact; Continue asks the browser for that host first.
 */
function PasteStep({ onTarget, onBack }: { onTarget: (text: string, target: LightningTargetView, preview?: LightningPreviewView) => void; onBack: () => void }) {
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useAction();
  const trimmed = text.trim();
  const checked = useDestinationHosts(trimmed);

  const ready = checked !== null;
  const submit = onSubmit(() => {
    if (!checked) return;
    if (checked.error) return setError(checked.error);
    const granted = requestHosts(checked.missing); // before any await: the click is the user's gesture
    return run(async () => {
      await granted;
      const target = await call('lightning.inspect', { text: trimmed });
      // An invoice with its own amount needs no form: straight to the review.
      const preview = target.kind === 'bolt11' && target.amountMsat !== null ? await call('lightning.payPreview', { text: trimmed }) : undefined;
      onTarget(trimmed, target, preview);
    });
  });

  return (
    <form class="screen" data-testid="ln-paste" onSubmit={submit}>
      <h2>{t('lnPayTitle')}</h2>
      <PasteField label={t('lnPasteLabel')} testId="ln-input" placeholder={t('lnPastePlaceholder')} mono value={text} onInput={setText} />
      <FormActions error={error} busy={busy} label={t('continue')} busyLabel={t('checking')} testId="ln-continue" disabled={!ready} onBack={onBack} />
    </form>
  );
}
