/** The assets a hop can move between, with how their amounts are written. */
import type { AssetRef } from './types';

export interface HopAsset extends AssetRef {
  symbol: string;
  decimals: number;
}

export const HOP_ASSETS: readonly HopAsset[] = [
  { layer: 'bitcoin', asset: 'BTC', symbol: 'BTC', decimals: 8 },
  // Lightning amounts are entered and shown in sats.
  { layer: 'lightning', asset: 'BTC', symbol: 'sats', decimals: 0 },
  { layer: 'liquid', asset: 'L-BTC', symbol: 'L-BTC', decimals: 8 },
  { layer: 'rootstock', asset: 'RBTC', symbol: 'RBTC', decimals: 18 },
  { layer: 'stacks', asset: 'sBTC', symbol: 'sBTC', decimals: 8 },
];

export function hopAsset(ref: AssetRef): HopAsset | undefined {
  return HOP_ASSETS.find((a) => a.layer === ref.layer && a.asset === ref.asset);
}
