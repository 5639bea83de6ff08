/** The route matrix as rows and columns: the assets its cells name, in the wallet's order, and the cell of each pair. */
import type { AssetRef, RouteMatrixCell } from '../../../shared/hop-views';
import { HOP_ASSETS } from '../../../shared/hop-views';
import { renderText } from '../../../shared/local-text';
import { assetKey, mechanismKey, pathLabel } from './chain-route';

export interface MatrixGrid {
  /** Row and column heads (the same list): every asset a cell names, in HOP_ASSETS order, unknown ones last. */
  assets: AssetRef[];
  cell(from: AssetRef, to: AssetRef): RouteMatrixCell | undefined;
}

export function matrixGrid(cells: readonly RouteMatrixCell[]): MatrixGrid {
  const byPair = new Map(cells.map((c) => [`${assetKey(c.from)}>${assetKey(c.to)}`, c]));
  const named = new Map<string, AssetRef>();
  for (const c of cells) for (const a of [c.from, c.to]) named.set(assetKey(a), { layer: a.layer, asset: a.asset });
  const order = HOP_ASSETS.map(assetKey);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const assets = [...named.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([, a]) => a);
  return { assets, cell: (from, to) => byPair.get(`${assetKey(from)}>${assetKey(to)}`) };
}

/** One sign per kind, so the grid reads without colour (the legend names them). */
export const MATRIX_MARKS: Record<RouteMatrixCell['kind'], string> = { direct: '✓', chained: '↝', none: '–' };

/** What a cell means, in words: how the pair is connected, or why it is not. */
export function cellText(c: RouteMatrixCell, translate: (key: string, ...substitutions: string[]) => string): string {
  const pair = pathLabel([c.from, c.to], translate);
  if (c.kind === 'direct') return translate('matrixDirectText', pair, c.mechanisms.map((m) => translate(mechanismKey(m))).join(', '));
  if (c.kind === 'chained') return translate('matrixChainedText', pair, pathLabel(c.via ?? [], translate));
  return c.reason ? `${pair}: ${renderText(c.reason, translate)}` : translate('matrixNoneText', pair);
}
