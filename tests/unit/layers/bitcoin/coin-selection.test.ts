import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOfChange, selectCoins, type SelectionParams } from '../../../../src/layers/bitcoin/coin-selection';
import { branchAndBound } from '../../../../src/layers/bitcoin/coin-selection/bnb';
import { finalizeSelection } from '../../../../src/layers/bitcoin/coin-selection/finalize';
import { feeForWeight } from '../../../../src/layers/bitcoin/fee-rate';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../../../src/layers/bitcoin/script-types';

function params(values: bigint[], target: bigint, feeRate = 2000n, longTerm = 1000n): SelectionParams<number> {
  return {
    candidates: values.map((value, i) => ({ value, inputWeight: i % 3 === 0 ? INPUT_WEIGHT.p2tr : INPUT_WEIGHT.p2wpkh, ref: i })),
    target,
    feeRate,
    longTermFeeRate: longTerm,
    baseWeight: TX_OVERHEAD_WEIGHT + outputWeight(22),
    changeOutputWeight: outputWeight(22),
    changeSpendWeight: INPUT_WEIGHT.p2wpkh,
    changeDust: 294n,
  };
}

const candidatesArb = fc.array(fc.bigInt({ min: 300n, max: 5_000_000n }), { minLength: 1, maxLength: 40 });
const feeRateArb = fc.bigInt({ min: 1000n, max: 50_000n });

describe('coin selection properties', () => {
  it('sums always balance: inputs = recipients + fee + change, and the fee meets the rate', () => {
    fc.assert(
      fc.property(candidatesArb, fc.bigInt({ min: 1000n, max: 20_000_000n }), feeRateArb, (values, target, rate) => {
        const p = params(values, target, rate);
        let s;
        try {
          s = selectCoins(p);
        } catch {
          return true; // insufficient funds is a valid answer; checked separately
        }
        const inputs = s.inputs.reduce((a, c) => a + c.value, 0n);
        expect(inputs).toBe(s.inputTotal);
        expect(inputs).toBe(target + s.fee + s.change);
        expect(s.fee).toBeGreaterThanOrEqual(feeForWeight(s.weight, rate));
        return true;
      }),
      { numRuns: 400 },
    );
  });

  it('never produces dust change', () => {
    fc.assert(
      fc.property(candidatesArb, fc.bigInt({ min: 1000n, max: 20_000_000n }), feeRateArb, (values, target, rate) => {
        try {
          const s = selectCoins(params(values, target, rate));
          expect(s.change === 0n || s.change >= 294n).toBe(true);
        } catch {
          /* insufficient */
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never overpays by more than the change threshold: leftover beyond the fee only when change would not pay', () => {
    fc.assert(
      fc.property(candidatesArb, fc.bigInt({ min: 1000n, max: 20_000_000n }), feeRateArb, (values, target, rate) => {
        const p = params(values, target, rate);
        try {
          const s = selectCoins(p);
          const exactFee = feeForWeight(s.weight, rate);
          const excess = s.fee - exactFee;
          if (s.change > 0n) expect(excess).toBe(0n);
          // Changeless: the excess is less than what a change output would cost to create plus the smallest change worth keeping.
          else expect(excess).toBeLessThan(costOfChange(p) + p.changeDust);
        } catch {
          /* insufficient */
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reports insufficient funds only when even every coin cannot pay', () => {
    fc.assert(
      fc.property(candidatesArb, fc.bigInt({ min: 1000n, max: 20_000_000n }), feeRateArb, (values, target, rate) => {
        const p = params(values, target, rate);
        let total = 0n;
        let weight = p.baseWeight;
        for (const c of p.candidates) {
          if (c.value > feeForWeight(c.inputWeight, rate)) {
            total += c.value;
            weight += c.inputWeight;
          }
        }
        const affordable = total >= target + feeForWeight(weight, rate);
        let ok = true;
        try {
          selectCoins(p);
        } catch {
          ok = false;
        }
        expect(ok).toBe(affordable);
      }),
      { numRuns: 400 },
    );
  });
});

describe('Branch and Bound', () => {
  it('finds an exact changeless match when one exists', () => {
    const p = params([10_000n, 20_000n, 50_000n, 123_456n, 7_000n], 0n, 1000n, 1000n);
    // Target chosen so that 20,000 + 7,000 (effective values) match exactly.
    const ev = (v: bigint, w: number) => v - feeForWeight(w, 1000n);
    const t = ev(20_000n, INPUT_WEIGHT.p2wpkh) + ev(7_000n, INPUT_WEIGHT.p2wpkh) - feeForWeight(p.baseWeight, 1000n);
    const picked = branchAndBound({ ...p, target: t })!;
    expect(picked.map((c) => c.value).sort()).toEqual([20_000n, 7_000n].sort());
    const s = selectCoins({ ...p, target: t });
    expect(s.algorithm).toBe('bnb');
    expect(s.change).toBe(0n);
  });

  it('weighs inputs against change by waste: at a high rate one input with change beats two without', () => {
    // Index 0 is P2TR, 1 and 2 are P2WPKH (see params()).
    const p = params([200_000n, 60_000n, 40_000n], 0n, 5000n, 1000n);
    const ev = (v: bigint) => v - feeForWeight(INPUT_WEIGHT.p2wpkh, 5000n);
    const target = ev(60_000n) + ev(40_000n) - feeForWeight(p.baseWeight, 5000n); // an exact changeless pair exists
    const changeless = finalizeSelection('bnb', p.candidates.slice(1), { ...p, target })!;
    expect(changeless.change).toBe(0n);
    const s = selectCoins({ ...p, target });
    expect(s.inputs.map((c) => c.value)).toEqual([200_000n]);
    expect(s.change).toBeGreaterThan(0n);
    expect(s.waste).toBeLessThan(changeless.waste);
    // At equal rates the changeless pair wastes nothing and wins.
    const calm = params([100_000n, 60_000n, 40_000n], 0n, 1000n, 1000n);
    const ev1 = (v: bigint) => v - feeForWeight(INPUT_WEIGHT.p2wpkh, 1000n);
    const s2 = selectCoins({ ...calm, target: ev1(60_000n) + ev1(40_000n) - feeForWeight(calm.baseWeight, 1000n) });
    expect(s2.algorithm).toBe('bnb');
    expect(s2.waste).toBe(0n);
  });

  it('returns null when nothing fits', () => {
    expect(branchAndBound(params([1000n], 1_000_000n))).toBeNull();
  });

  it('handles a 10,000-coin wallet', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => BigInt(1000 + ((i * 7919) % 100_000)));
    const s = selectCoins(params(values, 1_234_567n, 3000n));
    expect(s.inputTotal).toBe(1_234_567n + s.fee + s.change);
  });
});

