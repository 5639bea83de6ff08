/**
 * Which chains of mechanisms connect two assets, from the mechanisms' own
 * `pairs()`: two legs through each asset the wallet holds, three only for a pair
 * that has neither a direct mechanism nor a two-leg chain. No I/O.
 */
import { sameAsset, type Mechanism } from '../mechanism';
import type { AssetRef } from '../types';

export interface LegPath {
  mechanism: Mechanism;
  from: AssetRef;
  to: AssetRef;
}

/** One chain: its legs in order; `via` the assets between them. */
export interface ChainPath {
  legs: LegPath[];
  via: AssetRef[];
}

function connecting(mechanisms: readonly Mechanism[], from: AssetRef, to: AssetRef): LegPath[] {
  return mechanisms.filter((m) => m.pairs().some((p) => sameAsset(p.from, from) && sameAsset(p.to, to))).map((mechanism) => ({ mechanism, from, to }));
}

/** Every leg sequence through `via` (in order), one per choice of mechanism on each leg. */
function through(mechanisms: readonly Mechanism[], stops: AssetRef[]): ChainPath[] {
  let partial: LegPath[][] = [[]];
  for (let i = 0; i + 1 < stops.length; i++) {
    const options = connecting(mechanisms, stops[i]!, stops[i + 1]!);
    partial = partial.flatMap((legs) => options.map((leg) => [...legs, leg]));
  }
  return partial.filter((legs) => legs.length).map((legs) => ({ legs, via: stops.slice(1, -1) }));
}

export function directMechanisms(mechanisms: readonly Mechanism[], from: AssetRef, to: AssetRef): Mechanism[] {
  return connecting(mechanisms, from, to).map((l) => l.mechanism);
}

/**
 * The chains from `from` to `to` through `held` (the assets a chain may rest on:
 * those of the shown layers). Two legs through each; three only when there is no
 * direct mechanism and no two-leg chain.
 */
export function chainPaths(mechanisms: readonly Mechanism[], from: AssetRef, to: AssetRef, held: readonly AssetRef[]): ChainPath[] {
  if (sameAsset(from, to)) return [];
  // Plain refs: `held` may be HopAssets, whose symbol and decimals are no part of a quote.
  const middles = held.filter((a) => !sameAsset(a, from) && !sameAsset(a, to)).map(({ layer, asset }) => ({ layer, asset }));
  const two = middles.flatMap((x) => through(mechanisms, [from, x, to]));
  if (two.length || directMechanisms(mechanisms, from, to).length) return two;
  return middles.flatMap((x) => middles.filter((y) => !sameAsset(x, y)).flatMap((y) => through(mechanisms, [from, x, y, to])));
}
