/** How the planner's reasons name assets and amounts (the layers' own names and symbols). */
import { hopAsset } from '../../shared/hop-views';
import type { LayerId } from '../../shared/layers';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmount } from '../../shared/units';
import type { AssetRef } from '../types';

export { hopAsset };

/** A layer's name in the popup's language (`layer_*`). */
export function layerName(layer: LayerId): LocalText {
  return localText(`layer_${layer}`);
}

/** "sBTC", "BTC", "Lightning": the asset as the Move screen names it (Lightning by its layer's name). */
export function assetName(ref: AssetRef): string | LocalText {
  return ref.layer === 'lightning' ? layerName('lightning') : (hopAsset(ref)?.symbol ?? ref.asset);
}

/** "0.001 BTC", "25000 sats": an amount in the asset's smallest unit, as the user writes it. */
export function amountText(ref: AssetRef, value: bigint): string {
  const a = hopAsset(ref);
  return a ? `${formatAmount(value, a.decimals)} ${a.symbol}` : value.toString();
}

/** A reason about leg `k` (0-based): "Leg 2 (BTC → Lightning): <why>", in the popup's language. */
export function legReason(k: number, leg: { from: AssetRef; to: AssetRef }, why: string | LocalText | undefined): LocalText {
  return localText('chainReason_leg', String(k + 1), assetName(leg.from), assetName(leg.to), why ?? localText('chainReason_not_available'));
}
