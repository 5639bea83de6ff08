/**
 * The layer registry, shared half: one line per layer, in the order the wallet
 * shows them. Everything that lists layers (ids, presets, protocol methods, hop
 * assets) derives from this tuple; the background and popup registries are typed
 * against the ids it yields, so a layer missing there fails the typecheck.
 */
import { BITCOIN_LAYER } from './bitcoin';
import { LIGHTNING_LAYER } from './lightning';
import { LIQUID_LAYER } from './liquid';
import { ROOTSTOCK_LAYER } from './rootstock';
import { STACKS_LAYER } from './stacks';

export const LAYER_DESCRIPTORS = [BITCOIN_LAYER, LIGHTNING_LAYER, STACKS_LAYER, LIQUID_LAYER, ROOTSTOCK_LAYER] as const;

type Descriptors = (typeof LAYER_DESCRIPTORS)[number];
export type LayerId = Descriptors['id'];
export const LAYER_IDS: readonly LayerId[] = LAYER_DESCRIPTORS.map((d) => d.id);

/** The descriptor of layer `L`, precisely typed. */
export type DescriptorOf<L extends LayerId> = Extract<Descriptors, { id: L }>;
/** Each layer's preset params type (a map, so `NetworkPreset<L>` stays covariant in L). */
export type LayerParamsMap = { [L in LayerId]: DescriptorOf<L>['presets'][number]['params'] };

type AllMethodNames = Descriptors extends infer D ? (D extends { methods: infer M } ? keyof M & string : never) : never;
type MethodOf<K extends string> = Descriptors extends infer D ? (D extends { methods: infer M } ? (K extends keyof M ? M[K] : never) : never) : never;
/** Every layer's methods in one table type (a flat map over the tuple, not an intersection). */
export type LayerMethods = { [K in AllMethodNames]: MethodOf<K> };

export function descriptor<L extends LayerId>(layer: L): DescriptorOf<L> {
  return LAYER_DESCRIPTORS.find((d) => d.id === layer) as DescriptorOf<L>;
}

export type { LayerAsset, LayerDescriptor, LayerPreset } from './types';
export type { BitcoinParams } from './bitcoin';
export type { LightningParams } from './lightning';
export type { LiquidParams } from './liquid';
export type { PowpegParams, RootstockParams } from './rootstock';
export type { SbtcParams, StacksParams, StacksTokenParams } from './stacks';
