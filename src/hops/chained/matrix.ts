/**
 * The Move screen's grid: for every ordered pair of the given move assets, whether
 * a mechanism with its service on the selected presets connects it ('direct'),
 * else whether a chain of such mechanisms does ('chained', through `via`), else
 * why not ('none'). No quote is fetched: only the mechanisms' `pairs()`, their
 * `serviceMissing` and whether a Lightning wallet is connected (for chains through
 * Lightning).
 */
import { localText, type LocalText } from '../../shared/local-text';
import type { RouteMatrixCell } from '../../shared/hop-views';
import { sameAsset, type HopContext, type Mechanism } from '../mechanism';
import type { AssetRef } from '../types';
import { chainPaths, directMechanisms, type ChainPath } from './paths';
import { lightningWalletMissing } from './plan';

export async function routeMatrix(ctx: HopContext, mechanisms: readonly Mechanism[], assets: readonly AssetRef[]): Promise<RouteMatrixCell[]> {
  let lightning: Promise<string | LocalText | null> | undefined;
  const lightningMissing = () => (lightning ??= lightningWalletMissing(ctx));
  const cells: RouteMatrixCell[] = [];
  for (const from of assets) {
    for (const to of assets) {
      if (sameAsset(from, to)) continue;
      cells.push(await cell(ctx, mechanisms, assets, from, to, lightningMissing));
    }
  }
  return cells;
}

async function cell(
  ctx: HopContext,
  mechanisms: readonly Mechanism[],
  assets: readonly AssetRef[],
  from: AssetRef,
  to: AssetRef,
  lightningMissing: () => Promise<string | LocalText | null>,
): Promise<RouteMatrixCell> {
  const ref = (a: AssetRef): AssetRef => ({ layer: a.layer, asset: a.asset });
  const base = { from: ref(from), to: ref(to) };
  const direct = directMechanisms(mechanisms, from, to);
  const served = direct.filter((m) => !m.serviceMissing?.(ctx, from, to));
  if (served.length) return { ...base, kind: 'direct', mechanisms: served.map((m) => m.id) };
  let firstWhy: string | LocalText | null = direct.length ? direct[0]!.serviceMissing!(ctx, from, to) : null;
  // Fewer legs first: the grid names the shortest chain that can run here.
  const paths = [...chainPaths(mechanisms, from, to, assets)].sort((a, b) => a.legs.length - b.legs.length);
  for (const path of paths) {
    const why = await chainBlocked(ctx, path, lightningMissing);
    if (!why) return { ...base, kind: 'chained', mechanisms: path.legs.map((l) => l.mechanism.id), via: path.via.map(ref) };
    firstWhy ??= why;
  }
  return { ...base, kind: 'none', mechanisms: [], reason: firstWhy ? localText('matrixNone_reason', firstWhy) : localText('matrixNone_never') };
}

async function chainBlocked(ctx: HopContext, path: ChainPath, lightningMissing: () => Promise<string | LocalText | null>): Promise<string | LocalText | null> {
  for (const leg of path.legs) {
    const missing = leg.mechanism.serviceMissing?.(ctx, leg.from, leg.to);
    if (missing) return missing;
  }
  return path.via.some((v) => v.layer === 'lightning') ? await lightningMissing() : null;
}
