import { useState } from 'preact/hooks';
import type { ChainView, RouteView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { belowMinReceive } from './chain-route';
import { layerName } from './labels';
import { RouteChoice } from './RouteChoice';

/**
 * A stopped chain's two ways on: quote the next leg afresh from where the funds
 * are and confirm it, or end the chain with the funds left where they are (asked twice).
 */
export function ChainStoppedActions({ chain, onChange }: { chain: ChainView; onChange: (chain: ChainView) => void }) {
  const [route, setRoute] = useState<(RouteView & { quoteId: string }) | null>(null);
  const [leaving, setLeaving] = useState(false);
  const { busy, error, run } = useAction();
  const requote = () =>
    run(async () => {
      setLeaving(false);
      setRoute(null);
      setRoute(await call('chains.requote', { id: chain.id }));
    });
  const proceed = (quoteId: string) =>
    run(async () => {
      onChange(await call('chains.continue', { id: chain.id, quoteId }));
      setRoute(null);
    });
  const leave = () => run(async () => onChange(await call('chains.leave', { id: chain.id })));
  const to = hopAsset(chain.to);
  const held = chain.heldOn;
  return (
    <div class="chain-actions" data-testid="chain-stopped-actions">
      <ErrorText text={error} />
      <div class="row">
        <button type="button" class="primary" data-testid="chain-continue" disabled={busy} onClick={requote}>
          {busy && !leaving ? t('checking') : t('chainContinue')}
        </button>
        <button type="button" data-testid="chain-leave" disabled={busy} onClick={() => { setRoute(null); setLeaving(true); }}>
          {t('chainLeave')}
        </button>
      </div>
      {route ? (
        <div data-testid="chain-requote">
          {belowMinReceive(route, chain) && to ? (
            <p class="warning" data-testid="chain-below-min">
              {t('chainBelowMin')} <Amount value={chain.minReceive} decimals={to.decimals} symbol={to.symbol} />
            </p>
          ) : null}
          <ul class="cards">
            <RouteChoice route={route} busy={busy} onChoose={() => proceed(route.quoteId)} />
          </ul>
        </div>
      ) : null}
      {leaving ? (
        <div class="card" data-testid="chain-leave-ask">
          <p>{t('chainLeaveAsk', layerName(held?.layer ?? chain.legs[chain.current]?.from.layer ?? chain.from.layer))}</p>
          <div class="row">
            <button type="button" class="primary" data-testid="chain-leave-confirm" disabled={busy} onClick={leave}>
              {t('chainLeaveConfirm')}
            </button>
            <button type="button" class="link" data-testid="chain-leave-cancel" onClick={() => setLeaving(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
