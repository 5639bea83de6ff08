/** The assets a hop can move between, with how their amounts are written: each layer's, from its descriptor. */
import { LAYER_DESCRIPTORS } from '../shared/layers';
import type { AssetRef } from './types';

export interface HopAsset extends AssetRef {
  symbol: string;
  decimals: number;
}

export const HOP_ASSETS: readonly HopAsset[] = LAYER_DESCRIPTORS.flatMap((d) => d.assets.map((a) => ({ layer: d.id, ...a })));

export function hopAsset(ref: AssetRef): HopAsset | undefined {
  return HOP_ASSETS.find((a) => a.layer === ref.layer && a.asset === ref.asset);
}
