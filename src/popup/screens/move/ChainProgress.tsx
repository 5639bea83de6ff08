import type { ChainView, HopRecordView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { AmountRow } from './AmountRow';
import { AssetPath } from './AssetPath';
import { ChainFunds } from './ChainFunds';
import { ChainLegProgress } from './ChainLegProgress';
import { ChainStoppedActions } from './ChainStoppedActions';
import { chainAtLeg, legHop, legsPath } from './chain-route';
import { chainStatusName } from './labels';

/** A chained move: its path, status, each leg with its hop's steps, and when stopped the user's two ways on. */
export function ChainProgress(p: {
  chain: ChainView;
  hops: readonly HopRecordView[];
  onBack: () => void;
  onChange: (chain: ChainView) => void;
  onOpenHop: (id: string) => void;
}) {
  const { chain } = p;
  const from = hopAsset(chain.from);
  const to = hopAsset(chain.to);
  return (
    <section class="screen" data-testid="chain-progress" data-chain-id={chain.id} data-status={chain.status} data-current={String(chain.current)}>
      <h2>{t('chainTitle')}</h2>
      <AssetPath path={legsPath(chain.legs)} />
      <p class="muted" data-testid="chain-status">{chainStatusName(chain.status)}</p>
      {from && to ? (
        <table class="review">
          <tbody>
            <AmountRow label={t('youSend')} value={chain.send} asset={from} testId="chain-send" />
            <AmountRow label={t('youReceive')} value={chain.expectedReceive} asset={to} testId="chain-receive" />
            <AmountRow label={t('chainMinReceive')} value={chain.minReceive} asset={to} testId="chain-min-receive" />
          </tbody>
        </table>
      ) : null}
      <ChainFunds chain={chain} />
      {chain.status === 'stopped' ? <ChainStoppedActions chain={chain} onChange={p.onChange} /> : null}
      <ol class="cards chain-legs" data-testid="chain-progress-legs">
        {chain.legs.map((leg, i) => (
          <ChainLegProgress key={i} leg={leg} index={i} current={i === chainAtLeg(chain)} hop={legHop(chain, i, p.hops)} onOpenHop={p.onOpenHop} />
        ))}
      </ol>
      <button type="button" class="link" data-testid="chain-back" onClick={p.onBack}>
        {t('back')}
      </button>
    </section>
  );
}
