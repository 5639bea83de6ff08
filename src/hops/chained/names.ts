/** How the planner's reasons name assets and amounts (the layers' own names and symbols). */
import { hopAsset } from '../../shared/hop-views';
import { LAYER_DESCRIPTORS, type LayerId } from '../../shared/layers';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmount } from '../../shared/units';
import type { AssetRef } from '../types';

export { hopAsset };

export const LAYER_NAMES = Object.fromEntries(LAYER_DESCRIPTORS.map((d) => [d.id, d.name])) as Record<LayerId, string>;

/** "sBTC", "BTC", "Lightning": the asset as the Move screen names it. */
export function assetName(ref: AssetRef): string {
  return ref.layer === 'lightning' ? LAYER_NAMES.lightning : (hopAsset(ref)?.symbol ?? ref.asset);
}

/** "0.001 BTC", "25000 sats": an amount in the asset's smallest unit, as the user writes it. */
export function amountText(ref: AssetRef, value: bigint): string {
  const a = hopAsset(ref);
  return a ? `${formatAmount(value, a.decimals)} ${a.symbol}` : value.toString();
}

/** "Leg 2 (BTC → Lightning)": how reasons name a leg (0-based `k`). */
export function legName(k: number, leg: { from: AssetRef; to: AssetRef }): string {
  return `Leg ${k + 1} (${assetName(leg.from)} → ${assetName(leg.to)})`;
}

/** A reason about leg `k` (0-based): "Leg 2 (BTC → Lightning): <why>", in the popup's language. */
export function legReason(k: number, leg: { from: AssetRef; to: AssetRef }, why: string | LocalText | undefined): LocalText {
  return localText('chainReason_leg', String(k + 1), assetName(leg.from), assetName(leg.to), why ?? localText('chainReason_not_available'));
}
