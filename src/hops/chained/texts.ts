/**
 * Why a chain stopped or failed, as locale keys (`chainStopped_*`, `chainFailed_*`)
 * with their parameters, so a stored chain is shown in the popup's language.
 * Each says what happened and where the funds are.
 */
import { hopAsset, type AssetRef } from '../../shared/hop-views';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmount } from '../../shared/units';
import { layerName } from './names';

/** "0.0001 BTC": an amount in its asset's unit and symbol. */
export function amountOf(asset: AssetRef, amount: bigint): string {
  const a = hopAsset(asset);
  return a ? `${formatAmount(amount, a.decimals)} ${a.symbol}` : `${amount} ${asset.asset}`;
}

const heldOn = (asset: AssetRef) => layerName(asset.layer);
const mechanismName = (id: string) => localText(`mechanism_${id.replace(/-/g, '_')}`);
/** A sentence from a service or the wallet ends with a full stop before the next one starts. */
const sentence = (s: string | LocalText) => (typeof s !== 'string' ? s : /[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

export const stopped = {
  /** The next leg's service could not quote or refused to set it up. */
  unavailable: (mechanism: string, why: string | LocalText, held: AssetRef, amount: bigint): LocalText =>
    localText('chainStopped_unavailable', mechanismName(mechanism), sentence(why), amountOf(held, amount), heldOn(held)),
  /** The next leg's hop could not be funded (the wallet could not pay it); it was closed with nothing sent. */
  unfunded: (mechanism: string, why: string | LocalText, held: AssetRef, amount: bigint): LocalText =>
    localText('chainStopped_unfunded', mechanismName(mechanism), sentence(why), amountOf(held, amount), heldOn(held)),
  /** The fresh quote would deliver less than the chain's minimum. */
  belowMin: (receive: string, min: string, held: AssetRef, amount: bigint): LocalText =>
    localText('chainStopped_belowMin', receive, min, amountOf(held, amount), heldOn(held)),
  /** The Lightning destination gave no usable invoice. */
  invoice: (why: string | LocalText, held: AssetRef, amount: bigint): LocalText => localText('chainStopped_invoice', sentence(why), amountOf(held, amount), heldOn(held)),
  /** Read back from the move journal: the user confirms the next leg. */
  restored: (held: AssetRef, amount: bigint): LocalText => localText('chainStopped_restored', amountOf(held, amount), heldOn(held)),
};

export const failed = {
  /** A leg's hop ended without delivering; `back` is where its funds are (its source layer). */
  leg: (leg: number, mechanism: string, outcome: 'refunded' | 'failed' | 'expired', back: AssetRef): LocalText =>
    localText(`chainFailed_${outcome}`, String(leg + 1), mechanismName(mechanism), heldOn(back)),
  /** The first leg could not be set up: nothing moved. */
  notStarted: (why: string | LocalText): LocalText => localText('chainFailed_notStarted', sentence(why)),
};
