import type { ChainView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { layerName } from './labels';

/** Why a chain is not moving (stopped, failed, left) and where its funds are now. */
export function ChainFunds({ chain }: { chain: ChainView }) {
  if (chain.status === 'running' || chain.status === 'completed') return null;
  const held = chain.heldOn;
  const heldAsset = held ? hopAsset(held) : undefined;
  // A failed leg's funds come back on that leg's source layer (its refund or reclaim), or never left it.
  const failedOn = chain.legs[chain.current]?.from;
  return (
    <div class="warning" data-testid="chain-funds" data-status={chain.status}>
      {chain.reason ? <p data-testid="chain-reason">{renderText(chain.reason, t)}</p> : null}
      {held ? (
        <p data-testid="chain-held" data-asset={`${held.layer}:${held.asset}`} data-amount={held.amount}>
          {chain.status === 'left' ? t('chainLeftOn', layerName(held.layer)) : t('chainHeldOn', layerName(held.layer))}{' '}
          {heldAsset ? <Amount value={held.amount} decimals={heldAsset.decimals} symbol={heldAsset.symbol} /> : `${held.amount} ${held.asset}`}
        </p>
      ) : chain.status === 'failed' && failedOn ? (
        <p data-testid="chain-held" data-asset={`${failedOn.layer}:${failedOn.asset}`}>
          {t('chainFailedBackOn', String(chain.current + 1), layerName(failedOn.layer), hopAsset(failedOn)?.symbol ?? failedOn.asset)}
        </p>
      ) : null}
    </div>
  );
}
