/**
 * What the user gets back, and when, if a leg of a chain fails: one sentence per
 * leg (locale keys `chainWorst_*`, the leg's own refund as `chainRefund_<mechanism>`).
 * A later leg that cannot start leaves what the previous one delivered in the
 * wallet on the intermediate layer; a leg that fails after funding ends as that
 * leg's mechanism ends a failed hop, on its source layer.
 */
import { localText, type LocalText } from '../../shared/local-text';
import type { RouteQuote } from '../types';
import { amountText, assetName, layerName } from './names';

/** Mechanisms whose failed-hop outcome has a sentence of its own; any other gets `chainRefund_other`. */
const REFUND_TEXTS = new Set(['boltz-submarine', 'boltz-reverse', 'boltz-chain', 'sbtc-deposit', 'sbtc-withdrawal', 'powpeg-pegin', 'powpeg-pegout']);

function refundText(leg: RouteQuote): LocalText {
  const key = REFUND_TEXTS.has(leg.mechanism) ? `chainRefund_${leg.mechanism.replace(/-/g, '_')}` : 'chainRefund_other';
  return localText(key, amountText(leg.from, BigInt(leg.send)), layerName(leg.from.layer));
}

export function worstCase(legs: readonly RouteQuote[]): LocalText[] {
  return legs.map((leg, k) => {
    const n = String(k + 1);
    if (k === 0) return localText('chainWorst_first', n, assetName(leg.from), assetName(leg.to), refundText(leg));
    const prev = legs[k - 1]!;
    return localText('chainWorst_later', n, assetName(leg.from), assetName(leg.to), amountText(prev.to, BigInt(prev.receive)), layerName(leg.from.layer), refundText(leg));
  });
}
