/**
 * The approval window (`popup.html?view=approve`, opened by the background): Unlock
 * first when locked, naming who asks; then each waiting request in turn, with
 * Approve / Reject. It closes itself when nothing is left to decide.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApprovalView } from '../../shared/dapp/approval-view';
import type { DappWaitingView } from '../../shared/rpc-dapp';
import type { WalletState } from '../../shared/rpc';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call, errorText, poll } from '../rpc-client';
import { Unlock } from '../screens/Unlock';
import { useAction } from '../use-action';
import { ApprovalSections, shownText } from './ApprovalRows';
import { renderText } from '../../shared/local-text';
import { presetName } from '../../shared/networks';

const QUEUE_POLL_MS = 1000;
/**
 * How long a request is on show before its buttons take clicks: longer than a double
 * click, so the click after Approve cannot land on the next request painted in its
 * place, nor a click the page timed to the window's opening.
 */
export const ARM_MS = 800;

export function ApproveWindow({ state, onUnlocked }: { state: WalletState; onUnlocked: () => void }) {
  if (state === 'empty') return <p class="screen" data-testid="approve-no-wallet">{t('approveNoWallet')}</p>;
  if (state === 'locked') return <LockedRequest onUnlocked={onUnlocked} />;
  return <PendingRequest />;
}

function LockedRequest({ onUnlocked }: { onUnlocked: () => void }) {
  const [waiting, setWaiting] = useState<DappWaitingView | null>(null);
  useEffect(() => {
    poll('dapp.waiting', {}).then(setWaiting, () => setWaiting(null));
  }, []);
  return (
    <div data-testid="approve-locked">
      {waiting ? (
        <p class="screen" data-testid="approve-origin">
          {t('approveUnlockFirst', waiting.origin)}
        </p>
      ) : null}
      <Unlock onUnlocked={onUnlocked} />
    </div>
  );
}

function PendingRequest() {
  const [view, setView] = useState<ApprovalView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState('');
  const { busy, error, run } = useAction();
  // Which request the buttons are for: a new one is shown disabled, in the same paint.
  const [armedFor, setArmedFor] = useState<string | null>(null);
  useEffect(() => {
    if (!view) return;
    const timer = setTimeout(() => setArmedFor(view.id), ARM_MS);
    return () => clearTimeout(timer);
  }, [view?.id]);

  const show = (next: ApprovalView | null) => {
    setView(next);
    if (next === null) window.close();
  };

  useEffect(() => {
    poll('dapp.pending', {}).then(show, (err) => setLoadError(errorText(err)));
  }, []);

  // Requests that queue behind the shown one change its count; not while a decision is on its way.
  // The shown one may end without us (its site disconnected): null means nothing is left, so close.
  useEffect(() => {
    if (!view || busy) return;
    const timer = setInterval(() => {
      poll('dapp.pending', {}).then(show, () => undefined);
    }, QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [view, busy]);

  const decide = (approve: boolean) =>
    run(async () => {
      if (!view || armedFor !== view.id) return;
      show(await call('dapp.decide', { id: view.id, approve }));
    });

  if (loadError) return <ErrorText text={loadError} />;
  if (view === undefined) return <p class="muted">{t('loading')}</p>;
  if (view === null) return <p class="muted" data-testid="approve-done">{t('approveDone')}</p>;
  return (
    <div class="screen approve" data-testid="approve" data-id={view.id} data-method={view.method} data-family={view.family}>
      <h2>{t('approveTitle')}</h2>
      <p class="mono" data-testid="approve-origin">
        {view.origin}
      </p>
      <p>
        <span data-testid="approve-family">{t(`dappFamily_${view.family}`)}</span> · {t(`layer_${view.layer}`)} · <span data-testid="approve-network" data-preset={view.network.preset}>{renderText(presetName({ layer: view.layer, id: view.network.preset }), t)}</span>
      </p>
      <p data-testid="approve-summary">{shownText(view.summary)}</p>
      {(view.warnings ?? []).map((w, i) => (
        <p key={i} class="warning" data-testid="approve-warning">
          {shownText(w)}
        </p>
      ))}
      <ApprovalSections sections={view.sections} />
      {view.queued > 0 ? (
        <p class="muted" data-testid="approve-queued" data-count={String(view.queued)}>
          {t('approveQueued', String(view.queued))}
        </p>
      ) : null}
      <ErrorText text={error} />
      <div class="actions">
        <button type="button" data-testid="reject-button" disabled={busy || armedFor !== view.id} onClick={() => decide(false)}>
          {t('approveReject')}
        </button>
        <button type="button" class="primary" data-testid="approve-button" disabled={busy || armedFor !== view.id} onClick={() => decide(true)}>
          {t('approveApprove')}
        </button>
      </div>
    </div>
  );
}
