import { useEffect, useState } from 'preact/hooks';
import type { LayerOverview } from '../shared/layer-views';
import type { LayerId } from '../shared/layers';
import { call } from './rpc-client';
import { useAction } from './use-action';

/**
 * A layer's overview as its screen shows it: the cached one at once, then a
 * refresh on open and on `refresh()`. `loading` stays true until the first
 * refresh ends, so a cached balance is never labelled "up to date".
 */
export function useLayerOverview(layer: LayerId, cached?: LayerOverview) {
  const [overview, setOverview] = useState<LayerOverview | undefined>(cached);
  const [refreshed, setRefreshed] = useState(false);
  const { busy, error, run } = useAction();
  const refresh = () => run(async () => setOverview(await call('layers.overview', { layer }))).finally(() => setRefreshed(true));
  useEffect(() => {
    void refresh();
  }, []);
  return { overview, loading: busy || !refreshed, error, refresh };
}
