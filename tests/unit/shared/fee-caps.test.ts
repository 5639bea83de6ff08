import { describe, expect, it } from 'vitest';
import { checkFeeCap, checkGasCap, feeLimit, FEE_CAPS, MAX_GAS_LIMIT, MAX_GAS_PRICE } from '../../../src/shared/fee-caps';
import { WalletError } from '../../../src/shared/errors';
import { shownError } from '../../helpers/locale';

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

describe('a fee above the cap in the user\'s language', () => {
  const refusal = (f: () => void): WalletError => {
    try {
      f();
    } catch (err) {
      if (err instanceof WalletError) return err;
    }
    throw new Error('no WalletError');
  };

  it('names the transaction and every amount with its unit, in Chinese', () => {
    const err = refusal(() => checkFeeCap('liquid', 10_001n, 50_000n, 'claim'));
    expect(shownError(err)).toBe('这笔领取将支付 0.00010001 L-BTC 的手续费，超过钱包的上限 0.0001 L-BTC（金额的 20%，至少 0.00002 L-BTC，至多 0.001 L-BTC）。未发送任何资金。');
    expect(shownError(refusal(() => checkGasCap(MAX_GAS_PRICE + 1n, 21_000n, 10n ** 18n, 'speed-up')))).toBe('这笔加速每单位 gas 将支付 10.000000001 gwei，超过钱包的上限 10 gwei。未发送任何资金。');
  });

  it('shows a word it has no key for as given, and never reads a key off the object prototype', () => {
    expect(shownError(refusal(() => checkFeeCap('stacks', 10n ** 9n, undefined, 'constructor')))).toMatch(/^这笔constructor将支付 1\u2009000 STX/);
    expect(refusal(() => checkFeeCap('stacks', 10n ** 9n, undefined, 'toString')).message).toMatch(/^The toString would pay 1\u2009000 STX in fees/);
  });
});
