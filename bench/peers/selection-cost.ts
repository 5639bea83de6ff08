/**
 * One yardstick for a chosen input set, whichever library chose it: the fee it
 * pays now and its waste. Waste is Bitcoin Core's (src/wallet/coinselection.cpp,
 * RecalculateWaste, formerly GetSelectionWaste): for each input (fee rate −
 * long-term fee rate) × its weight, plus, with change, the cost of change
 * (creating the output now, spending it later at the long-term rate), or, without
 * change, the excess given to the miner. One addition: a set with change that
 * still pays more than the rate asks (a size model that overestimates) counts that
 * overpayment as waste too, and one that pays less is reported as underpaid
 * rather than rewarded silently.
 */
import type { Candidate, SelectionParams } from '../../src/layers/bitcoin/coin-selection';
import { waste } from '../../src/layers/bitcoin/coin-selection/waste';
import { feeForWeight } from '../../src/layers/bitcoin/fee-rate';

export interface SelectionCost {
  fee: bigint;
  waste: bigint;
  weight: number;
  /** How far the fee falls short of the rate for the real weight (0 when it does not). */
  underpaidBy: bigint;
  /** A change output below the dust limit: nodes would not relay the transaction. */
  dustChange: boolean;
}

export function selectionCost(inputs: Candidate[], change: bigint, p: SelectionParams): SelectionCost {
  let total = 0n;
  let weight = p.baseWeight + (change > 0n ? p.changeOutputWeight : 0);
  for (const c of inputs) {
    total += c.value;
    weight += c.inputWeight;
  }
  const fee = total - p.target - change;
  if (change < 0n || fee < 0n) throw new Error(`not a transaction: inputs ${total}, target ${p.target}, change ${change}`);
  const excess = fee - feeForWeight(weight, p.feeRate);
  const overpaid = excess > 0n ? excess : 0n;
  return {
    fee,
    waste: waste(inputs, p, change, overpaid) + (change > 0n ? overpaid : 0n),
    weight,
    underpaidBy: excess < 0n ? -excess : 0n,
    dustChange: change > 0n && change < p.changeDust,
  };
}
