/**
 * Coin selection: try Branch and Bound for a changeless match, largest-first and
 * single random draw for selections with change, and keep the one with the least
 * waste. Change below the dust limit is never created (it goes to the fee).
 */
import { WalletError } from '../../../shared/errors';
import { branchAndBound } from './bnb';
import { largestFirst, singleRandomDraw } from './fallback';
import { finalizeSelection } from './finalize';
import type { Selection, SelectionParams } from './types';
import { localText } from '../../../shared/local-text';

export type { Candidate, Selection, SelectionParams, Algorithm } from './types';
export { costOfChange } from './waste';

export function selectCoins<T>(p: SelectionParams<T>, random: () => number = Math.random): Selection<T> {
  const attempts = [
    ['bnb', branchAndBound(p)],
    ['largest-first', largestFirst(p)],
    ['single-random-draw', singleRandomDraw(p, random)],
  ] as const;
  let best: Selection<T> | null = null;
  for (const [algorithm, inputs] of attempts) {
    if (!inputs) continue;
    const s = finalizeSelection(algorithm, inputs, p);
    if (s && (!best || s.waste < best.waste || (s.waste === best.waste && s.inputs.length < best.inputs.length))) best = s;
  }
  if (!best) throw new WalletError('insufficient_funds', localText('err_coins_short'));
  return best;
}
