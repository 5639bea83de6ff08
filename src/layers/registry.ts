/**
 * The layer registry, background half: one line per layer. Typed against the
 * shared registry's ids, so a layer with a descriptor but no module (or the
 * reverse) fails the typecheck.
 */
import type { LayerId } from '../shared/layers';
import { BITCOIN_MODULE } from './bitcoin/module';
import { LIGHTNING_MODULE } from './lightning/module';
import { LIQUID_MODULE } from './liquid/module';
import { ROOTSTOCK_MODULE } from './rootstock/module';
import { STACKS_MODULE } from './stacks/module';
import type { LayerModule, LayerService } from './types';

export const LAYER_MODULES = {
  bitcoin: BITCOIN_MODULE,
  lightning: LIGHTNING_MODULE,
  stacks: STACKS_MODULE,
  liquid: LIQUID_MODULE,
  rootstock: ROOTSTOCK_MODULE,
} satisfies { [L in LayerId]: LayerModule<L, LayerService> };

/** The service type layer L's module builds (e.g. BitcoinService for 'bitcoin'). */
export type ServiceOf<L extends LayerId> = L extends LayerId ? ((typeof LAYER_MODULES)[L] extends LayerModule<L, infer S> ? S : never) : never;

/** The side layer L offers hops (what its module's hopSide gives). */
export type HopSide<L extends LayerId> = L extends LayerId ? ((typeof LAYER_MODULES)[L] extends LayerModule<L, LayerService, infer H> ? H : never) : never;

export function layerModule<L extends LayerId>(layer: L): LayerModule<L, ServiceOf<L>, HopSide<L>> {
  return LAYER_MODULES[layer] as unknown as LayerModule<L, ServiceOf<L>, HopSide<L>>;
}
