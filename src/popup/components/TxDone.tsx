import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/** After a broadcast (send, speed-up): what happened, the transaction id, its explorer link and Done. */
export function TxDone(p: {
  testId: string;
  title: string;
  /** What happened, above the id. */
  children: ComponentChildren;
  txid: string;
  txidTestId: string;
  explorerUrl?: string;
  explorerTestId?: string;
  /** Shown instead of a link when the network has no explorer; nothing when unset. */
  noExplorerNote?: string;
  noExplorerTestId?: string;
  doneTestId: string;
  onDone: () => void;
}) {
  return (
    <section class="screen" data-testid={p.testId}>
      <h2>{p.title}</h2>
      {p.children}
      <code class="address" data-testid={p.txidTestId}>
        {p.txid}
      </code>
      {p.explorerUrl ? (
        <a href={p.explorerUrl} target="_blank" rel="noreferrer" data-testid={p.explorerTestId}>
          {t('explorer')}
        </a>
      ) : p.noExplorerNote ? (
        <p class="muted" data-testid={p.noExplorerTestId}>
          {p.noExplorerNote}
        </p>
      ) : null}
      <button type="button" class="primary" data-testid={p.doneTestId} onClick={p.onDone}>
        {t('done')}
      </button>
    </section>
  );
}
