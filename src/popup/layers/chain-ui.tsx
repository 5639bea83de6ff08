import type { LayerOverview } from '../../shared/layer-views';
import type { LayerId } from '../../shared/layers';
import { LayerScreen, type LayerTabs } from '../components/LayerScreen';
import type { LayerUi } from './types';

/** An on-chain layer's UI: the shared layer screen filled with its tabs. */
export function chainLayerUi<L extends LayerId>(id: L, tabs: LayerTabs): LayerUi<L> {
  return {
    id,
    Screen: ({ cached, panel }: { cached?: LayerOverview; panel?: 'receive' }) => <LayerScreen layer={id} tabs={tabs} cached={cached} panel={panel} />,
  };
}
