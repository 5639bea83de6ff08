/**
 * Branch and Bound (Murch's algorithm, as in Bitcoin Core): a depth-first search
 * over candidates sorted by effective value for a subset whose effective value
 * lands in [target, target + cost of change], which therefore needs no change
 * output. Among matches it keeps the least wasteful; it stops after a fixed
 * number of steps so a large wallet cannot stall a send.
 */
import { feeForWeight } from '../fee-rate';
import type { Candidate, SelectionParams } from './types';
import { costOfChange, effectiveValue } from './waste';

export const BNB_MAX_TRIES = 100_000;

interface Entry<T> {
  c: Candidate<T>;
  ev: bigint;
  fee: bigint;
  /** fee now minus fee at the long-term rate: this input's share of the waste */
  extra: bigint;
}

export function branchAndBound<T>(p: SelectionParams<T>): Candidate<T>[] | null {
  const pool: Entry<T>[] = p.candidates
    .map((c) => {
      const fee = feeForWeight(c.inputWeight, p.feeRate);
      return { c, ev: effectiveValue(c, p), fee, extra: fee - feeForWeight(c.inputWeight, p.longTermFeeRate) };
    })
    .filter((x) => x.ev > 0n)
    .sort((a, b) => (b.ev > a.ev ? 1 : b.ev < a.ev ? -1 : 0));

  const target = p.target + feeForWeight(p.baseWeight, p.feeRate);
  const upper = target + costOfChange(p);
  const feeIsHigh = p.feeRate > p.longTermFeeRate;

  let available = 0n;
  for (const x of pool) available += x.ev;
  if (available < target) return null;

  const selection: number[] = []; // indexes into pool, ascending
  let value = 0n;
  let currentWaste = 0n;
  let best: number[] | null = null;
  let bestWaste = 0n;

  for (let tries = 0, i = 0; tries < BNB_MAX_TRIES; tries++, i++) {
    let backtrack = false;
    if (value + available < target || value > upper || (feeIsHigh && best !== null && currentWaste > bestWaste)) {
      backtrack = true;
    } else if (value >= target) {
      const total = currentWaste + (value - target);
      if (best === null || total <= bestWaste) {
        best = [...selection];
        bestWaste = total;
      }
      backtrack = true;
    }

    if (backtrack) {
      const last = selection[selection.length - 1];
      if (last === undefined) break; // every branch explored
      // Give back the lookahead of the candidates skipped after the last inclusion,
      // then take the branch that omits that last inclusion.
      for (i--; i > last; i--) available += pool[i]!.ev;
      const x = pool[i]!;
      value -= x.ev;
      currentWaste -= x.extra;
      selection.pop();
    } else {
      const x = pool[i]!;
      available -= x.ev;
      const prevIndex = selection[selection.length - 1];
      const prev = pool[i - 1];
      // Skip a candidate identical to the one just omitted: that branch was already searched.
      const duplicateOfOmitted = prevIndex !== i - 1 && prev !== undefined && prev.ev === x.ev && prev.fee === x.fee;
      if (selection.length === 0 || !duplicateOfOmitted) {
        selection.push(i);
        value += x.ev;
        currentWaste += x.extra;
      }
    }
  }
  return best ? best.map((i) => pool[i]!.c) : null;
}
