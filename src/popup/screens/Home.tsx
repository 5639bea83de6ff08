import { useEffect, useRef, useState } from 'preact/hooks';
import type { LayerAccountView } from '../../shared/accounts';
import { WalletError } from '../../shared/errors';
import type { LayerOverview } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';
import { paintableAccounts } from '../../shared/portfolio-cache';
import { portfolioTotal } from '../../shared/portfolio-total';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { takeCachedPortfolio } from '../cached-portfolio';
import { call, errorText } from '../rpc-client';
import { readShownLayers } from '../use-shown-layers';
import { LayerRow, type RowFailure } from './home/LayerRow';
import { MovesInProgress } from './home/MovesInProgress';
import { PortfolioSummary } from './home/PortfolioSummary';

/** Lightning receives by invoice on its own screen; the other layers' Receive shows the address. */
const HAS_ADDRESS_RECEIVE: Record<LayerId, boolean> = { bitcoin: true, lightning: false, liquid: true, rootstock: true, stacks: true };

export type OpenLayer = (layer: LayerId, cached?: LayerOverview, panel?: 'receive') => void;

export function Home({ onLocked, onOpen, onActivity }: { onLocked: () => void; onOpen: OpenLayer; onActivity?: () => void }) {
  // The cached portfolio, painted in the first render when its read has already settled.
  const [cache] = useState(takeCachedPortfolio);
  const [accounts, setAccounts] = useState<Partial<Record<LayerId, LayerAccountView>> | null>(() => paintableAccounts(cache.now));
  const [overviews, setOverviews] = useState<Partial<Record<LayerId, LayerOverview>>>(() => cache.now?.overviews ?? {});
  const [failures, setFailures] = useState<Partial<Record<LayerId, RowFailure>>>({});
  const [refreshing, setRefreshing] = useState<Partial<Record<LayerId, boolean>>>({});
  const [error, setError] = useState('');
  const [shown, setShown] = useState<LayerId[] | null>(() => cache.now?.shown ?? null);

  // Only a layer's latest refresh is shown: an older answer arriving late changes nothing.
  const latest = useRef<Partial<Record<LayerId, number>>>({});

  /** One layer's refresh: its row alone shows the outcome; a failure keeps the last balance shown but out of the total. */
  const refresh = (layer: LayerId) => {
    const n = (latest.current[layer] ?? 0) + 1;
    latest.current[layer] = n;
    const current = () => latest.current[layer] === n;
    setRefreshing((r) => ({ ...r, [layer]: true }));
    call('layers.overview', { layer })
      .then((fresh) => {
        if (!current()) return;
        setOverviews((o) => ({ ...o, [layer]: fresh }));
        setFailures(({ [layer]: _, ...rest }) => rest as Partial<Record<LayerId, RowFailure>>);
      })
      .catch((err: unknown) => {
        if (err instanceof WalletError && err.code === 'locked') return onLocked();
        if (!current()) return;
        setFailures((f) => ({ ...f, [layer]: { message: errorText(err), host: err instanceof WalletError ? err.host : undefined } }));
      })
      .finally(() => {
        if (current()) setRefreshing((r) => ({ ...r, [layer]: false }));
      });
  };

  useEffect(() => {
    // Paint the cached portfolio (one storage read) first; only then ask the worker for
    // fresh data, whose network and key work would otherwise delay the first paint.
    void cache.later.then(async (cached) => {
      // Hidden layers ("Layers shown" in Settings) are neither painted nor refreshed.
      const layers = cached?.shown ?? (await readShownLayers());
      if (cache.now === undefined && cached) {
        const painted = paintableAccounts(cached);
        if (painted) setAccounts(painted);
        setOverviews((o) => ({ ...cached.overviews, ...o }));
      }
      setShown(layers);
      call('accounts.list', {})
        .then((list) => setAccounts(Object.fromEntries(list.map((a) => [a.layer, a]))))
        .catch((err) => {
          if ((err as { code?: string }).code === 'locked') onLocked();
          else setError(errorText(err));
        });
      for (const layer of layers) refresh(layer);
    });
  }, []);

  const total = shown ? portfolioTotal(shown.map((layer) => ({ layer, overview: overviews[layer], failed: !!failures[layer] }))) : null;

  return (
    <section class="screen" data-testid="home">
      <ErrorText text={error} />
      {total ? <PortfolioSummary total={total} /> : null}
      {onActivity ? (
        <button type="button" class="small" data-testid="open-activity" onClick={onActivity}>
          {t('activityOpen')}
        </button>
      ) : null}
      <MovesInProgress />
      {accounts && shown ? (
        <ul class="cards" data-testid="layers">
          {shown.map((layer) => {
            const account = accounts[layer];
            if (!account) return null;
            return (
              <LayerRow
                key={layer}
                layer={layer}
                account={account}
                overview={overviews[layer]}
                failure={failures[layer]}
                refreshing={!!refreshing[layer]}
                onRetry={() => refresh(layer)}
                onOpen={() => onOpen(layer, overviews[layer])}
                onReceive={HAS_ADDRESS_RECEIVE[layer] ? () => onOpen(layer, overviews[layer], 'receive') : undefined}
              />
            );
          })}
        </ul>
      ) : (
        <p class="muted">{t('loading')}</p>
      )}
    </section>
  );
}
