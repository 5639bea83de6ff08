import type { AssetRef } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { assetKey, pathLabel } from './chain-route';

/** The assets a move passes through, e.g. "Stacks · sBTC → Bitcoin · BTC → Lightning · sats"; each node names its asset for tests. */
export function AssetPath({ path, testId = 'chain-path' }: { path: readonly AssetRef[]; testId?: string }) {
  return (
    <span class="chain-path" data-testid={testId} data-path={path.map(assetKey).join(' ')}>
      {path.map((a, i) => (
        <span key={i} data-asset={assetKey(a)}>
          {i ? ' → ' : ''}
          {pathLabel([a], t)}
        </span>
      ))}
    </span>
  );
}
