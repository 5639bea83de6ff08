import type { LayerAccountView } from '../../../shared/accounts';
import type { LayerOverview } from '../../../shared/layer-views';
import type { LayerId } from '../../../shared/layers';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { renderText } from '../../../shared/local-text';
import { presetName } from '../../../shared/networks';

/** Why a layer's last refresh failed: the server's host (when one failed) and the background's words. */
export interface RowFailure {
  message: string;
  host?: string;
}

function Balances({ overview }: { overview: LayerOverview }) {
  return (
    <div class="balances" data-testid={`balance-${overview.layer}`}>
      {/* One line per asset: amounts side by side ran together ("0 STX0 sBTC"). */}
      {overview.balances.map((b) => (
        <div key={b.asset} title={b.asset}>
          <Amount value={b.confirmed} decimals={b.decimals} symbol={b.symbol} />
        </div>
      ))}
    </div>
  );
}

/** Pending amounts, apart from the balance lines (tests read those lines as they are). */
function Pending({ overview }: { overview: LayerOverview }) {
  const pending = overview.balances.filter((b) => b.pending !== '0');
  if (pending.length === 0) return null;
  return (
    <div class="muted small" data-testid={`pending-${overview.layer}`}>
      {pending.map((b) => (
        <div key={b.asset}>
          {t('pendingLabel')} <Amount value={b.pending} decimals={b.decimals} symbol={b.symbol} />
        </div>
      ))}
    </div>
  );
}

/**
 * One layer on Home: balance (an asset a line), pending, when it was last refreshed,
 * and, when the refresh failed, which server and why with Retry (this layer only).
 * The address shows on one line; its QR code and copy button are behind Receive.
 */
export function LayerRow(p: {
  layer: LayerId;
  account?: LayerAccountView;
  overview?: LayerOverview;
  failure?: RowFailure;
  refreshing: boolean;
  onRetry: () => void;
  onOpen: () => void;
  onReceive?: () => void;
}) {
  const { layer, account, overview, failure } = p;
  return (
    <li class="card" data-testid={`layer-${layer}`}>
      <div class="card-head">
        <strong>{t(`layer_${layer}`)}</strong>
        {account ? <span class="badge">{renderText(presetName({ layer, id: account.network }), t)}</span> : null}
      </div>
      {overview ? <Balances overview={overview} /> : null}
      {overview && layer === 'lightning' && overview.balances.length === 0 ? (
        <div class="muted small" data-testid="home-ln-no-wallet">
          {t('homeLnNoWallet')}
        </div>
      ) : null}
      {overview ? <Pending overview={overview} /> : null}
      <div class="muted small" data-testid={`refreshed-${layer}`}>
        {p.refreshing ? t('refreshing') : overview ? t('lastRefreshed', new Date(overview.updatedAt).toLocaleTimeString()) : t('notRefreshedYet')}
      </div>
      {failure ? (
        <div class="error small" data-testid={`layer-error-${layer}`} data-host={failure.host ?? ''}>
          {failure.host ? <div data-testid={`layer-error-host-${layer}`}>{t('serverFailed', failure.host)}</div> : null}
          <div>{failure.message}</div>
        </div>
      ) : null}
      {account ? (
        <code class="address one-line" data-testid={`address-${layer}`} title={account.value}>
          {account.value}
        </code>
      ) : null}
      <div class="row">
        {failure ? (
          <button type="button" class="small" data-testid={`retry-${layer}`} onClick={p.onRetry} disabled={p.refreshing}>
            {t('retry')}
          </button>
        ) : null}
        {p.onReceive ? (
          <button type="button" class="small" data-testid={`receive-${layer}`} onClick={p.onReceive}>
            {t('receive')}
          </button>
        ) : null}
        <button type="button" class="small primary" data-testid={`open-${layer}`} onClick={p.onOpen}>
          {t('open')}
        </button>
      </div>
    </li>
  );
}
