import { describe, expect, it } from 'vitest';
import { checkFeeCap, checkGasCap, feeLimit, FEE_CAPS, MAX_GAS_LIMIT, MAX_GAS_PRICE } from '../../../src/shared/fee-caps';

describe('fee caps', () => {
  it('allow a share of what moves, never less than the floor nor more than the ceiling', () => {
    const { floor, absolute } = FEE_CAPS.bitcoin;
    expect(feeLimit('bitcoin', 10_000n)).toBe(floor); // 20% of 10,000 is below the floor
    expect(feeLimit('bitcoin', 500_000n)).toBe(100_000n); // 20%
    expect(feeLimit('bitcoin', 10n ** 12n)).toBe(absolute);
    expect(feeLimit('bitcoin')).toBe(floor);
    expect(feeLimit('stacks', 0n)).toBe(FEE_CAPS.stacks.floor);
  });

  it('a spend of known size may not hide a large fee under the floor: at most 50 sat/vB of it, when that is less', () => {
    // A 30,000-sat claim of 111 vB: 20% is 6,000; the floor would allow 20,000, the size allows 5,550.
    expect(feeLimit('bitcoin', 30_000n, 111)).toBe(6_000n);
    expect(feeLimit('bitcoin', 10_000n, 111)).toBe(5_550n);
    expect(() => checkFeeCap('bitcoin', 19_000n, 30_000n, 'claim', 111)).toThrow(/limit of 0\.00006 BTC/);
    // A large transaction keeps the fixed floor.
    expect(feeLimit('bitcoin', 10_000n, 1_000)).toBe(FEE_CAPS.bitcoin.floor);
  });

  it('refuse one unit above the limit with a fee_too_high that says nothing was sent', () => {
    expect(() => checkFeeCap('liquid', feeLimit('liquid', 50_000n), 50_000n, 'claim')).not.toThrow();
    expect(() => checkFeeCap('liquid', feeLimit('liquid', 50_000n) + 1n, 50_000n, 'claim')).toThrow(
      expect.objectContaining({ code: 'fee_too_high', message: expect.stringMatching(/^The claim would pay 0\.00010001 L-BTC in fees.*Nothing was sent\.$/) }),
    );
  });

  it('hold Rootstock gas price and gas limit to fixed ceilings, then the fee they make to the cap', () => {
    expect(() => checkGasCap(MAX_GAS_PRICE, 21_000n, 10n ** 18n, 'send')).not.toThrow();
    expect(() => checkGasCap(MAX_GAS_PRICE + 1n, 21_000n, 10n ** 18n, 'send')).toThrow(/per gas/);
    expect(() => checkGasCap(1n, MAX_GAS_LIMIT + 1n, 10n ** 18n, 'send')).toThrow(/gas, above/);
    // 1,000,000 gas at 10 gwei is 0.01 RBTC: above 20% of a 0.001 RBTC send.
    expect(() => checkGasCap(MAX_GAS_PRICE, MAX_GAS_LIMIT, 10n ** 15n, 'send')).toThrow(/in fees/);
  });
});
