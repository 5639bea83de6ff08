import type { ComponentType } from 'preact';
import type { LayerOverview } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';

/** What the popup knows of a layer: the screen Home opens (with the cached overview painted first, on its Receive when asked). */
export interface LayerUi<L extends LayerId> {
  id: L;
  Screen: ComponentType<{ cached?: LayerOverview; panel?: 'receive' }>;
}
