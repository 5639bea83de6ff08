/**
 * Bitcoin Core's waste metric for a selection: what spending these inputs now
 * costs beyond spending them later at the long-term rate, plus either the cost of
 * the change output (create now, spend later) or the excess given away as fee.
 */
import { feeForWeight } from '../fee-rate';
import type { Candidate, SelectionParams } from './types';

export function costOfChange(p: SelectionParams): bigint {
  return feeForWeight(p.changeOutputWeight, p.feeRate) + feeForWeight(p.changeSpendWeight, p.longTermFeeRate);
}

export function effectiveValue(c: Candidate, p: SelectionParams): bigint {
  return c.value - feeForWeight(c.inputWeight, p.feeRate);
}

export function waste(inputs: Candidate[], p: SelectionParams, change: bigint, excess: bigint): bigint {
  let w = 0n;
  for (const c of inputs) w += feeForWeight(c.inputWeight, p.feeRate) - feeForWeight(c.inputWeight, p.longTermFeeRate);
  return w + (change > 0n ? costOfChange(p) : excess);
}
