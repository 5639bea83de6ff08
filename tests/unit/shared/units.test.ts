import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmountText, groupedDigits, parseAmount, THIN_SPACE } from '../../../src/shared/units';

/** The digits of a shown amount, as a user would copy them: the unit dropped. */
const digitsOf = (shown: string, symbol: string) => shown.slice(0, shown.length - symbol.length - 1);

describe('formatAmountText', () => {
  it('groups the integer part in threes with thin spaces and always names the unit', () => {
    expect(formatAmountText(123456789012345n, 8, 'BTC')).toBe(`1${THIN_SPACE}234${THIN_SPACE}567.89012345 BTC`);
    expect(formatAmountText(100000000n, 0, 'sats')).toBe(`100${THIN_SPACE}000${THIN_SPACE}000 sats`);
    expect(formatAmountText(1000n, 0, 'sats')).toBe(`1${THIN_SPACE}000 sats`);
    expect(formatAmountText(999n, 0, 'sats')).toBe('999 sats');
    expect(formatAmountText(0n, 6, 'STX')).toBe('0 STX');
    expect(formatAmountText(-1234500n, 3, 'sats')).toBe(`-1${THIN_SPACE}234.5 sats`);
  });

  it('writes the fraction as it is, trailing zeros trimmed, never grouped', () => {
    expect(formatAmountText(250000000000000000n, 18, 'RBTC')).toBe('0.25 RBTC');
    expect(formatAmountText(1n, 18, 'RBTC')).toBe('0.000000000000000001 RBTC');
    expect(formatAmountText(100000n, 8, 'BTC')).toBe('0.001 BTC');
  });

  it('gives back the same bigint when its digits are parsed, for any amount and 0 to 18 decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (value, decimals) => {
        const shown = formatAmountText(value, decimals, 'UNIT');
        expect(shown.endsWith(' UNIT')).toBe(true);
        expect(parseAmount(digitsOf(shown, 'UNIT'), decimals)).toBe(value);
      }),
    );
  });

  it('groups every integer part the same way: threes from the right, at most three digits first', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (value) => {
        const groups = groupedDigits(value, 0).split(THIN_SPACE);
        expect(groups.join('')).toBe(value.toString());
        expect(groups[0]!.length).toBeGreaterThanOrEqual(1);
        expect(groups[0]!.length).toBeLessThanOrEqual(3);
        for (const g of groups.slice(1)) expect(g).toMatch(/^\d{3}$/);
      }),
    );
  });
});

describe('parseAmount', () => {
  it('reads digits grouped with thin spaces, as the popup shows them', () => {
    expect(parseAmount(`1${THIN_SPACE}234.5`, 8)).toBe(123450000000n);
  });

  it('still refuses a thin space inside the fraction or at the edges of a group', () => {
    expect(() => parseAmount(`1.23${THIN_SPACE}4`, 8)).toThrow(/not a number/);
    expect(() => parseAmount(`12${THIN_SPACE}34`, 8)).toThrow(/not a number/);
  });
});
