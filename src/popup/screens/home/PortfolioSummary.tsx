import type { LayerId } from '../../../shared/layers';
import type { PortfolioTotal } from '../../../shared/portfolio-total';
import { UNITS } from '../../../shared/units';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';

/** Percent with two places from basis points, in bigint (e.g. 1234n -> "12.34"). */
function percent(bps: bigint): string {
  return `${bps / 100n}.${(bps % 100n).toString().padStart(2, '0')}`;
}

const layerNames = (layers: readonly LayerId[]) => layers.map((l) => t(`layer_${l}`)).join(', ');

/**
 * The total in BTC terms (pegged assets counted 1:1), partial when a layer is missing,
 * the share of each layer as a bar, and the assets not counted (STX, tokens) apart.
 */
export function PortfolioSummary({ total }: { total: PortfolioTotal }) {
  const shown = total.layers.filter((l) => l.bps > 0n);
  const dropped = total.layers.filter((l) => l.dropped > 0n);
  return (
    <section class="card portfolio" data-testid="portfolio">
      <div class="muted">{t('portfolioTotal')}</div>
      <div class="portfolio-total">
        <Amount value={total.sats.toString()} decimals={UNITS.BTC.decimals} symbol={UNITS.BTC.symbol} testId="portfolio-total" />
      </div>
      <div class="muted small">{t('portfolioPegNote')}</div>
      {total.missing.length > 0 ? (
        <div class="warning small" data-testid="portfolio-partial" data-missing={total.missing.join(' ')}>
          {t('portfolioPartial', layerNames(total.missing))}
        </div>
      ) : null}
      {dropped.length > 0 ? (
        <div class="muted small" data-testid="portfolio-dropped">
          {dropped.map((l) => (
            <div key={l.layer}>{t('portfolioDropped', t(`layer_${l.layer}`), `${l.dropped} ${l.droppedUnit}`)}</div>
          ))}
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div class="share-bar" data-testid="share-bar" role="img" aria-label={shown.map((l) => `${t(`layer_${l.layer}`)} ${percent(l.bps)} %`).join(', ')}>
          {shown.map((l) => (
            <span key={l.layer} class={`share share-${l.layer}`} style={{ flexGrow: Number(l.bps) }} data-testid={`share-${l.layer}`} data-bps={l.bps.toString()} title={`${t(`layer_${l.layer}`)} ${percent(l.bps)} %`} />
          ))}
        </div>
      ) : null}
      {shown.length > 0 ? (
        <ul class="share-legend small">
          {shown.map((l) => (
            <li key={l.layer}>
              <span class={`dot share-${l.layer}`} /> {t(`layer_${l.layer}`)} {percent(l.bps)} %
            </li>
          ))}
        </ul>
      ) : null}
      {total.others.length > 0 ? (
        <div class="small" data-testid="portfolio-others">
          <div class="muted">{t('portfolioOthers')}</div>
          {total.others.map((o) => (
            <div key={`${o.layer}:${o.balance.asset}`} title={o.balance.asset}>
              <Amount value={o.balance.confirmed} decimals={o.balance.decimals} symbol={o.balance.symbol} /> <span class="muted">({t(`layer_${o.layer}`)})</span>
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
