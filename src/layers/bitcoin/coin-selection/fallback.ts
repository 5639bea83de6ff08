/**
 * Selections that produce a change output, for when no changeless match exists:
 * largest-first (deterministic, few inputs) and single random draw (Bitcoin
 * Core's SRD: random order until the target plus a change output is covered).
 */
import { feeForWeight } from '../fee-rate';
import type { Candidate, SelectionParams } from './types';
import { effectiveValue } from './waste';

function accumulate<T>(ordered: Candidate<T>[], p: SelectionParams<T>): Candidate<T>[] | null {
  // Enough for target, fee with a change output, and change of at least the dust limit.
  const need = p.target + feeForWeight(p.baseWeight + p.changeOutputWeight, p.feeRate) + p.changeDust;
  const picked: Candidate<T>[] = [];
  let sum = 0n;
  for (const c of ordered) {
    const ev = effectiveValue(c, p);
    if (ev <= 0n) continue;
    picked.push(c);
    sum += ev;
    if (sum >= need) return picked;
  }
  // Not enough for a change output: everything may still cover a changeless send.
  return sum >= p.target + feeForWeight(p.baseWeight, p.feeRate) ? picked : null;
}

export function largestFirst<T>(p: SelectionParams<T>): Candidate<T>[] | null {
  return accumulate(
    [...p.candidates].sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : 0)),
    p,
  );
}

export function singleRandomDraw<T>(p: SelectionParams<T>, random: () => number = Math.random): Candidate<T>[] | null {
  const shuffled = [...p.candidates];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return accumulate(shuffled, p);
}
