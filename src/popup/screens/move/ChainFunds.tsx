import type { ChainView } from '../../../shared/hop-views';
import { hopAsset } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { Amount } from '../../components/Amount';
import { t } from '../../i18n';
import { assetKey, chainFunds } from './chain-route';

/** Why a chain is not moving (stopped, failed, left) and where its funds are now. */
export function ChainFunds({ chain }: { chain: ChainView }) {
  if (chain.status === 'running' || chain.status === 'completed') return null;
  const funds = chainFunds(chain);
  const asset = funds ? hopAsset(funds.where) : undefined;
  return (
    <div class="warning" data-testid="chain-funds" data-status={chain.status}>
      {chain.reason ? <p data-testid="chain-reason">{renderText(chain.reason, t)}</p> : null}
      {funds ? (
        <p data-testid="chain-held" data-asset={assetKey(funds.where)} data-amount={funds.amount ?? ''}>
          {renderText(funds.text, t)}
          {funds.amount !== undefined && asset ? (
            <>
              {' '}
              <Amount value={funds.amount} decimals={asset.decimals} symbol={asset.symbol} />
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
