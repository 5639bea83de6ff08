/**
 * The multiplications' bigint work does not depend on the scalar: bigint products
 * with 0 or a small number are far cheaper than with a 256-bit coordinate, so the
 * sizes of what is multiplied must be the same for a scalar with many zero digits
 * as for any other. fold (field.ts) sees every product; it is wrapped here to note
 * each one's size in 64-bit words. The count of small ones (a product with 0 or 1
 * is one word; with a coordinate, eight) must not depend on the scalar; where in
 * the sequence they fall may (a table sum's first real addition), and a few
 * words either way come with any values, in noble's arithmetic too. foldOnce
 * (the products that feed only other products) is wrapped the same way.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it, vi } from 'vitest';

const words: number[] = [];
/** The longest input each of fold and foldOnce saw, in bits. */
const longest = { fold: 0, foldOnce: 0 };
const note = (x: bigint, by: keyof typeof longest) => {
  const bits = (x < 0n ? -x : x).toString(2).length;
  longest[by] = Math.max(longest[by], bits);
  words.push(Math.ceil(bits / 64));
};
vi.mock('../../../../src/layers/curve/field', async (importOriginal) => {
  const field = await importOriginal<typeof import('../../../../src/layers/curve/field')>();
  return {
    ...field,
    fold: (x: bigint) => {
      note(x, 'fold');
      return field.fold(x);
    },
    foldOnce: (x: bigint) => {
      note(x, 'foldOnce');
      return field.foldOnce(x);
    },
  };
});

const { amountMultiplyConstantTime, baseMultiplyConstantTime, LAMBDA, multiplyConstantTime } = await import('../../../../src/layers/curve/constant-time-multiply');

const Fn = secp256k1.Point.Fn;
const G = secp256k1.Point.BASE;
/** Both halves of the split exactly 2^128: every digit but the top one is zero. */
const ZERO_DIGITS = Fn.create((1n << 128n) * (1n + LAMBDA));
const random = () => Fn.fromBytes(secp256k1.utils.randomSecretKey());

/** The sizes in 64-bit words of the products folded while running f, in order. */
function trace(f: () => unknown): number[] {
  words.length = 0;
  f();
  return [...words];
}
const smallOnes = (sizes: number[]) => sizes.filter((n) => n <= 5).length;

describe('the sizes of the products', () => {
  it('are the same for a scalar of zero digits as for a random one: k·P, k·G, v·H', () => {
    const p = G.multiply(random());
    const h = G.multiply(random());
    amountMultiplyConstantTime(h, 1n); // builds the table
    baseMultiplyConstantTime(1n);
    const cases: [string, (k: bigint) => unknown, bigint, bigint][] = [
      ['k·P', (k) => multiplyConstantTime(p, k), ZERO_DIGITS, random()],
      ['k·G', (k) => baseMultiplyConstantTime(k), ZERO_DIGITS, random()],
      ['k·G, low digits zero', (k) => baseMultiplyConstantTime(k), Fn.create(ZERO_DIGITS + (1n << 100n)), random()],
      ['v·H', (v) => amountMultiplyConstantTime(h, v), 1n << 60n, (random() >> 192n) | 0x0f0f0f0f0f0f0f0fn],
    ];
    for (const [name, f, zeros, other] of cases) {
      const a = trace(() => f(zeros));
      const b = trace(() => f(other));
      expect(a.length, name).toBeGreaterThan(0);
      expect(a.length, `${name}: products`).toBe(b.length);
      expect(smallOnes(a), `${name}: products under 2^320`).toBe(smallOnes(b));
    }
  });

  it("stay within fold's range (under 2^600) and foldOnce's (at most 2^518), tables built afresh included", () => {
    longest.fold = longest.foldOnce = 0;
    const n1 = Fn.ORDER - 1n;
    for (let i = 0; i < 40; i++) {
      const p = G.multiply(random());
      const scalars = [random(), 1n, n1, ZERO_DIGITS, Fn.create(ZERO_DIGITS - 1n)];
      for (const k of scalars) {
        multiplyConstantTime(p, k);
        baseMultiplyConstantTime(k);
      }
      amountMultiplyConstantTime(p, (1n << 64n) - 1n); // a new table each time
      amountMultiplyConstantTime(p, random() >> 192n);
    }
    expect(longest.fold).toBeGreaterThan(512);
    expect(longest.fold).toBeLessThan(600);
    expect(longest.foldOnce).toBeGreaterThan(480);
    expect(longest.foldOnce).toBeLessThanOrEqual(518);
  });
});
