import { useEffect, useState } from 'preact/hooks';
import type { LayerAccountView } from '../../shared/accounts';
import type { LayerOverview } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';
import type { CachedPortfolio } from '../../shared/portfolio-cache';
import { Amount } from '../components/Amount';
import { CopyButton } from '../components/CopyButton';
import { ErrorText } from '../components/ErrorText';
import { Qr } from '../components/Qr';
import { t } from '../i18n';
import { takeCachedPortfolio } from '../cached-portfolio';
import { call, errorText } from '../rpc-client';
import { readShownLayers } from '../use-shown-layers';

function Balances({ overview }: { overview?: LayerOverview }) {
  if (!overview) return null;
  return (
    <div class="balances" data-testid={`balance-${overview.layer}`}>
      {/* One line per asset: amounts side by side ran together ("0 STX0 sBTC"). */}
      {overview.balances.map((b) => (
        <div key={b.asset}>
          <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} />
          {b.pending !== '0' ? (
            <span class="muted">
              {' '}
              ({t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} />)
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function LayerCard({ account, overview, onOpen }: { account: LayerAccountView; overview?: LayerOverview; onOpen?: () => void }) {
  const [showQr, setShowQr] = useState(false);
  return (
    <li class="card" data-testid={`layer-${account.layer}`}>
      <div class="card-head">
        <strong>{t(`layer_${account.layer}`)}</strong>
        <span class="badge">{account.networkLabel}</span>
      </div>
      <Balances overview={overview} />
      <div class="muted">{account.kind === 'address' ? t('receiveAddress') : t('lightningIdentity')}</div>
      <code class="address" data-testid={`address-${account.layer}`}>
        {account.value}
      </code>
      <div class="row">
        <CopyButton text={account.value} testId={`copy-${account.layer}`} />
        <button type="button" class="small" data-testid={`qr-${account.layer}`} onClick={() => setShowQr(!showQr)}>
          {showQr ? t('hideQr') : t('showQr')}
        </button>
        {onOpen ? (
          <button type="button" class="small primary" data-testid={`open-${account.layer}`} onClick={onOpen}>
            {t('open')}
          </button>
        ) : null}
      </div>
      {showQr ? <Qr text={account.value} label={t('qrOf', t(`layer_${account.layer}`))} /> : null}
      {account.alternates.map((alt) => (
        <div class="alternate" key={alt.label}>
          <span class="muted">{alt.label}</span> <code class="address">{alt.value}</code>
        </div>
      ))}
    </li>
  );
}

/** The cached account views, or null (Home waits for accounts.list) when none is cached. */
function cachedAccounts(cached: CachedPortfolio | null | undefined): Partial<Record<LayerId, LayerAccountView>> | null {
  return cached && Object.keys(cached.accounts).length > 0 ? cached.accounts : null;
}

export function Home({ onLocked, onOpen }: { onLocked: () => void; onOpen: (layer: LayerId, cached?: LayerOverview) => void }) {
  // The cached portfolio, painted in the first render when its read has already settled.
  const [cache] = useState(takeCachedPortfolio);
  const [accounts, setAccounts] = useState<Partial<Record<LayerId, LayerAccountView>> | null>(() => cachedAccounts(cache.now));
  const [overviews, setOverviews] = useState<Partial<Record<LayerId, LayerOverview>>>(() => cache.now?.overviews ?? {});
  const [error, setError] = useState('');
  const [shown, setShown] = useState<LayerId[] | null>(() => cache.now?.shown ?? null);

  useEffect(() => {
    // Paint the cached portfolio (one storage read) first; only then ask the worker for
    // fresh data, whose network and key work would otherwise delay the first paint.
    void cache.later.then(async (cached) => {
      // Hidden layers ("Layers shown" in Settings) are neither painted nor refreshed.
      const layers = cached?.shown ?? (await readShownLayers());
      if (cache.now === undefined && cached) {
        const painted = cachedAccounts(cached);
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
      for (const layer of layers) {
        call('layers.overview', { layer })
          .then((fresh) => setOverviews((o) => ({ ...o, [layer]: fresh })))
          .catch(() => undefined); // an unreachable backend keeps the cached view; the layer screen shows the error
      }
    });
  }, []);

  return (
    <section class="screen" data-testid="home">
      <ErrorText text={error} />
      {accounts && shown ? (
        <ul class="cards" data-testid="layers">
          {shown.map((layer) => {
            const account = accounts[layer];
            if (!account) return null;
            return (
              <LayerCard
                key={layer}
                account={account}
                overview={overviews[layer]}
                onOpen={() => onOpen(layer, overviews[layer])}
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
