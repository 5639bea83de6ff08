import { useEffect, useState } from 'preact/hooks';
import type { AssetRef, ChainView, HopRecordView, RouteView } from '../../../shared/hop-views';
import { CHAINED } from '../../../shared/hop-views';
import type { PlannedRoutesView } from '../../../shared/rpc-hops';
import { WalletError } from '../../../shared/errors';
import { ErrorText } from '../../components/ErrorText';
import { missingHosts, requestHosts, useDestinationHosts } from '../../host-permission';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { readShownLayers } from '../../use-shown-layers';
import { LightningDestinationField } from './LightningDestinationField';
import { assetKey } from './chain-route';
import { RouteChoice } from './RouteChoice';
import { RouteMatrix } from './RouteMatrix';

interface AssetOption {
  layer: string;
  asset: string;
  symbol: string;
  decimals: number;
}

export function MoveForm({ onStarted, onChainStarted }: { onStarted: (hop: HopRecordView) => void; onChainStarted: (chain: ChainView) => void }) {
  const [assets, setAssets] = useState<AssetOption[]>([]);
  const [from, setFrom] = useState('bitcoin:BTC');
  const [to, setTo] = useState('lightning:BTC');
  const [amount, setAmount] = useState('');
  const [destination, setDestination] = useState('');
  const [planned, setPlanned] = useState<PlannedRoutesView | null>(null);
  // An LNURL's callback may live on another host, learnt only once the LNURL answered: asked for on the next click.
  const [callbackHosts, setCallbackHosts] = useState<string[]>([]);
  const { busy, error, run } = useAction();

  useEffect(() => {
    // Hidden layers ("Layers shown" in Settings) are offered neither as source nor as destination.
    Promise.all([call('hops.assets', {}), readShownLayers()]).then(([all, shown]) => {
      const offered = all.filter((a) => (shown as string[]).includes(a.layer));
      setAssets(offered);
      // The defaults (Bitcoin to Lightning) give way to the first shown assets when hidden; nothing is chosen yet at this point.
      const keys = offered.map(assetKey);
      const nextFrom = keys.includes(from) ? from : (keys[0] ?? '');
      setFrom(nextFrom);
      if (!keys.includes(to) || to === nextFrom) setTo(keys.find((k) => k !== nextFrom) ?? '');
    }, () => undefined);
  }, []);
  const find = (k: string) => assets.find((a) => assetKey(a) === k);
  const fromAsset = find(from);
  const toLightning = to.startsWith('lightning:');
  const dest = toLightning ? destination.trim() : '';
  // LNURL services are asked only on hosts the browser granted, as on the Lightning screen.
  const destHosts = useDestinationHosts(dest);
  // An invoice carries its own amount; an LNURL or a plain amount needs one typed.
  const canPlan = fromAsset !== undefined && find(to) !== undefined && from !== to && (toLightning ? dest !== '' || amount.trim() !== '' : amount.trim() !== '') && (!dest || destHosts !== null);

  const plan = onSubmit(() => {
    const granted = requestHosts([...(destHosts?.missing ?? []), ...callbackHosts]); // inside the click: the user's gesture
    return run(async () => {
      await granted;
      const f = find(from)!;
      const tt = find(to)!;
      try {
        setPlanned(
          await call('hops.plan', {
            from: { layer: f.layer as never, asset: f.asset },
            to: { layer: tt.layer as never, asset: tt.asset },
            amount: amount.trim(),
            ...(dest ? { destination: dest } : {}),
          }),
        );
      } catch (err) {
        if (dest && err instanceof WalletError && err.code === 'host_permission') {
          const target = await call('lightning.inspect', { text: dest }).catch(() => null);
          if (target) setCallbackHosts(await missingHosts(target.hosts));
        }
        throw err;
      }
    });
  });
  // A chained route is one move of its own (its legs start as hops by themselves); a direct one is a hop.
  const start = (route: RouteView & { quoteId: string }) =>
    run(async () => {
      const { quoteId } = route;
      if (route.mechanism === CHAINED) onChainStarted(await call('chains.start', { quoteId }));
      else onStarted(await call('hops.start', { quoteId }));
    });
  // A usable cell of the route matrix fills the pair in, when both assets are offered here.
  const pick = (f: AssetRef, tt: AssetRef) => {
    if (!find(assetKey(f)) || !find(assetKey(tt))) return;
    setFrom(assetKey(f));
    setTo(assetKey(tt));
    setPlanned(null);
  };

  const select = (value: string, set: (v: string) => void, testId: string) => (
    <select data-testid={testId} value={value} onChange={(e) => { set(e.currentTarget.value); setPlanned(null); }}>
      {assets.map((a) => (
        <option key={assetKey(a)} value={assetKey(a)}>
          {t(`layer_${a.layer}`)} · {a.symbol}
        </option>
      ))}
    </select>
  );

  return (
    <>
    <RouteMatrix onPick={pick} />
    <form class="move-form" onSubmit={plan} data-testid="move-form">
      <div class="row">
        <label>
          {t('moveFrom')}
          {select(from, setFrom, 'move-from')}
        </label>
        <label>
          {t('moveTo')}
          {select(to, setTo, 'move-to')}
        </label>
      </div>
      <label>
        {t('amountIn', fromAsset?.symbol ?? '')}
        <input inputMode="decimal" data-testid="move-amount" value={amount} onInput={(e) => { setAmount(e.currentTarget.value); setPlanned(null); }} />
      </label>
      {toLightning ? <LightningDestinationField value={destination} onInput={(v) => { setDestination(v); setPlanned(null); }} /> : null}
      <ErrorText text={error} />
      <button type="submit" class="primary" data-testid="move-plan" disabled={busy || !canPlan}>
        {busy ? t('checking') : t('findRoutes')}
      </button>
      {planned ? (
        <ul class="cards" data-testid="routes">
          {planned.routes.length === 0 ? <li class="muted">{t('noRoutes')}</li> : null}
          {planned.routes.map((r) => (
            <RouteChoice key={r.quoteId} route={r} busy={busy} onChoose={() => start(r)} />
          ))}
        </ul>
      ) : null}
    </form>
    </>
  );
}
