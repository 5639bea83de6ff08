import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { onSubmit, sendReviewed, useAction } from '../use-action';
import { TxDone } from './TxDone';
import { FormActions } from './FormActions';

/** What every layer's send answers once broadcast. */
export interface SentView {
  txid: string;
  explorerUrl?: string;
}

/** The data-testid hooks of one layer's send screens (the E2E tests name them). */
export interface SendTestIds {
  form: string;
  reviewButton: string;
  review: string;
  reviewTo: string;
  reviewBack: string;
  confirm: string;
  sent: string;
  sentTxid: string;
  sentDone: string;
  explorer: string;
  noExplorer: string;
}

/** `${prefix}-send-form`, `${prefix}-review` …, as the layers name them unless they say otherwise. */
function testIds(prefix: string, overrides: Partial<SendTestIds> = {}): SendTestIds {
  return {
    form: `${prefix}-send-form`,
    reviewButton: `${prefix}-send-review`,
    review: `${prefix}-review`,
    reviewTo: `${prefix}-review-to`,
    reviewBack: `${prefix}-review-back`,
    confirm: `${prefix}-confirm-send`,
    sent: `${prefix}-sent`,
    sentTxid: `${prefix}-sent-txid`,
    sentDone: `${prefix}-sent-done`,
    explorer: `${prefix}-sent-explorer`,
    noExplorer: `${prefix}-no-explorer`,
    ...overrides,
  };
}

/** What a quote needs for the shared review frame; the layer renders the rest. */
interface QuoteShape {
  to: string;
  label?: string;
}

export interface SendFlowProps<Q extends QuoteShape> {
  /** Prefix of the test ids; `ids` names those that differ. */
  prefix: string;
  ids?: Partial<SendTestIds>;
  title: string;
  sentBody: string;
  /** Shown instead of a link when the network has no explorer; nothing when unset. */
  noExplorerNote?: string;
  /** The layer's form fields, rendered inside the form above the error and buttons. */
  children: ComponentChildren;
  canReview: boolean;
  /** Asks the background for a quote of what the form holds. */
  quote: () => Promise<Q>;
  /** Sends exactly what was reviewed; the background checks it all again. */
  send: (reviewed: Q) => Promise<SentView>;
  /** Table rows of the review (amount, fee, …). */
  reviewRows: (q: Q) => ComponentChildren;
  /** Notes and confirmations below the review table. */
  reviewNotes?: (q: Q) => ComponentChildren;
  /** Extra condition for the confirm button (e.g. a high fee ticked as intended). */
  canConfirm?: (q: Q) => boolean;
  onDone: () => void;
  /** The layer's own busy/error state, when its form loads data that can fail too. */
  action?: ReturnType<typeof useAction>;
}

type Step<Q> = { name: 'form' } | { name: 'review'; quote: Q } | { name: 'sent'; sent: SentView };

/** Send: the layer's form -> review (its rows) -> sent (txid, explorer). Owns the steps, busy/error and the reviewed-fee retry. */
export function SendFlow<Q extends QuoteShape>(p: SendFlowProps<Q>) {
  const [step, setStep] = useState<Step<Q>>({ name: 'form' });
  const own = useAction();
  const { busy, error, run } = p.action ?? own;
  const ids = testIds(p.prefix, p.ids);

  const review = async () => setStep({ name: 'review', quote: await p.quote() });
  const confirm = (q: Q) =>
    run(async () => {
      const sent = await sendReviewed(() => p.send(q), review);
      setStep({ name: 'sent', sent });
    });

  if (step.name === 'sent') {
    return (
      <TxDone
        testId={ids.sent}
        title={t('sentTitle')}
        txid={step.sent.txid}
        txidTestId={ids.sentTxid}
        explorerUrl={step.sent.explorerUrl}
        explorerTestId={ids.explorer}
        noExplorerNote={p.noExplorerNote}
        noExplorerTestId={ids.noExplorer}
        doneTestId={ids.sentDone}
        onDone={p.onDone}
      >
        <p>{p.sentBody}</p>
      </TxDone>
    );
  }

  if (step.name === 'review') {
    const q = step.quote;
    return (
      <section class="screen" data-testid={ids.review}>
        <h2>{t('reviewTitle')}</h2>
        <p class="muted">{t('sendingTo')}</p>
        <code class="address" data-testid={ids.reviewTo}>
          {q.to}
        </code>
        {q.label ? <p data-testid="review-label">{q.label}</p> : null}
        <table class="review">
          <tbody>{p.reviewRows(q)}</tbody>
        </table>
        {p.reviewNotes?.(q)}
        <FormActions
          error={error}
          busy={busy}
          label={t('confirmSend')}
          busyLabel={t('sending')}
          testId={ids.confirm}
          disabled={p.canConfirm ? !p.canConfirm(q) : false}
          onClick={() => confirm(q)}
          onBack={() => setStep({ name: 'form' })}
          backTestId={ids.reviewBack}
        />
      </section>
    );
  }

  return (
    <form class="screen" data-testid={ids.form} onSubmit={onSubmit(() => run(review))}>
      <h2>{p.title}</h2>
      {p.children}
      <FormActions error={error} busy={busy} label={t('review')} busyLabel={t('checking')} testId={ids.reviewButton} disabled={!p.canReview} onBack={p.onDone} />
    </form>
  );
}

/** A review row: label and value. */
export function ReviewRow(p: { label: string; children: ComponentChildren; testId?: string; value?: string }) {
  return (
    <tr>
      <th>{p.label}</th>
      <td data-testid={p.testId} data-value={p.value}>
        {p.children}
      </td>
    </tr>
  );
}
