/**
 * Turns a chosen input set into a selection: fee, change (only if at least the
 * dust limit, otherwise it goes to the fee), weight and waste. Returns null if
 * the inputs do not cover target + fee.
 */
import { feeForWeight } from '../fee-rate';
import type { Algorithm, Candidate, Selection, SelectionParams } from './types';
import { waste } from './waste';

export function finalizeSelection<T>(algorithm: Algorithm, inputs: Candidate<T>[], p: SelectionParams<T>): Selection<T> | null {
  let inputTotal = 0n;
  let weight = p.baseWeight;
  for (const c of inputs) {
    inputTotal += c.value;
    weight += c.inputWeight;
  }
  const feeWithout = feeForWeight(weight, p.feeRate);
  if (inputTotal < p.target + feeWithout) return null;
  const weightWith = weight + p.changeOutputWeight;
  const feeWith = feeForWeight(weightWith, p.feeRate);
  const change = inputTotal - p.target - feeWith;
  if (change >= p.changeDust) {
    return { algorithm, inputs, inputTotal, fee: feeWith, change, weight: weightWith, waste: waste(inputs, p, change, 0n) };
  }
  // No change: whatever is left over is paid as fee (it would have been dust).
  const fee = inputTotal - p.target;
  return { algorithm, inputs, inputTotal, fee, change: 0n, weight, waste: waste(inputs, p, 0n, fee - feeWithout) };
}
