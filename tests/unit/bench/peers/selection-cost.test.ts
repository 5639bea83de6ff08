/**
 * The yardstick the coin selection bench measures both libraries with: Bitcoin
 * Core's waste, on hand-computed sets, and in agreement with our selector's own
 * accounting; and that coinselect really counts the bench's inputs as P2WPKH.
 */
import coinSelect from 'coinselect';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectionCost } from '../../../../bench/peers/selection-cost';
import { COINSELECT_P2WPKH_INPUT, COINSELECT_P2WPKH_OUTPUT } from '../../../../bench/peers/coin-selection';
import { selectCoins, type SelectionParams } from '../../../../src/layers/bitcoin/coin-selection';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../../../src/layers/bitcoin/script-types';

function params(target: bigint, values: bigint[] = [], feeRate = 10_000n, longTerm = 1_000n): SelectionParams<number> {
  return {
    candidates: values.map((value, ref) => ({ value, inputWeight: INPUT_WEIGHT.p2wpkh, ref })),
    target,
    feeRate,
    longTermFeeRate: longTerm,
    baseWeight: TX_OVERHEAD_WEIGHT + outputWeight(22), // 166 WU
    changeOutputWeight: outputWeight(22), // 124 WU
    changeSpendWeight: INPUT_WEIGHT.p2wpkh, // 272 WU
    changeDust: 294n,
  };
}
const coin = (value: bigint) => ({ value, inputWeight: INPUT_WEIGHT.p2wpkh, ref: 0 });

// At 10 sat/vB with a long-term rate of 1: one P2WPKH input costs 680 now, 68 later (612 of waste);
// the changeless transaction weighs 438 WU (fee 1,095), with change 562 WU (fee 1,405);
// the cost of change is 310 (the output now) + 68 (spending it later) = 378.
describe('selection cost', () => {
  it('without change: the inputs\' waste plus the excess given to the miner', () => {
    expect(selectionCost([coin(100_000n)], 0n, params(98_800n))).toEqual({ fee: 1_200n, waste: 612n + 105n, weight: 438, underpaidBy: 0n, dustChange: false });
  });

  it('with change at the exact rate: the inputs\' waste plus the cost of change, as Bitcoin Core counts it', () => {
    expect(selectionCost([coin(100_000n)], 48_595n, params(50_000n))).toEqual({ fee: 1_405n, waste: 612n + 378n, weight: 562, underpaidBy: 0n, dustChange: false });
  });

  it('with change and a fee above the rate: the overpayment counts as waste too', () => {
    expect(selectionCost([coin(100_000n)], 48_000n, params(50_000n)).waste).toBe(612n + 378n + 595n);
  });

  it('a fee below the rate is reported as underpaid, not credited as negative waste', () => {
    expect(selectionCost([coin(100_000n)], 0n, params(99_000n))).toMatchObject({ fee: 1_000n, waste: 612n, underpaidBy: 95n });
  });

  it('flags change below the dust limit, and refuses sets that do not pay the target', () => {
    expect(selectionCost([coin(100_000n)], 200n, params(98_000n)).dustChange).toBe(true);
    expect(() => selectionCost([coin(10_000n)], 0n, params(10_001n))).toThrow(/not a transaction/);
  });

  it('agrees with our selector\'s own fee and waste on any selection it makes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1_000n, max: 5_000_000n }), { minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: 1_000n, max: 10_000_000n }),
        fc.bigInt({ min: 1_000n, max: 200_000n }),
        fc.bigInt({ min: 1_000n, max: 20_000n }),
        (values, target, rate, longTerm) => {
          const p = params(target, values, rate, longTerm);
          let s;
          try {
            s = selectCoins(p);
          } catch {
            return; // not enough funds
          }
          const cost = selectionCost(s.inputs, s.change, p);
          expect([cost.fee, cost.waste, cost.weight, cost.underpaidBy]).toEqual([s.fee, s.waste, s.weight, 0n]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('coinselect as the bench calls it', () => {
  it('sizes the bench\'s inputs as 68 vB and its recipient output as 31 vB (P2WPKH), with a 10 B overhead', () => {
    // 10 + 68 + 31 = 109 B at 1 sat/B: a 5,000-sat coin pays exactly 4,891 with no change.
    // Counted as P2PKH (148 B, its default) the coin would not cover the fee.
    const r = coinSelect([{ value: 5_000, script: COINSELECT_P2WPKH_INPUT }], [{ value: 4_891, script: COINSELECT_P2WPKH_OUTPUT }], 1);
    expect(r.fee).toBe(109);
    expect(r.outputs).toHaveLength(1);
    expect(coinSelect([{ value: 5_000 }], [{ value: 4_891, script: COINSELECT_P2WPKH_OUTPUT }], 1).inputs).toBeUndefined();
  });
});
