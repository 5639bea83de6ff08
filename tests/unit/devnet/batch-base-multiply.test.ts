/**
 * The restore scan's batch multiplication (tests/devnet/boltz/batch-base-multiply.ts) against
 * @noble/curves' own k·G + P, on random scalars, on scalars whose windows are zero, all ones
 * or at the ends of the range, and where a step meets its own point (a doubling, left to noble)
 * or the sum reaches infinity.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { batchBaseMultiplyAdd } from '../../devnet/boltz/batch-base-multiply';

const { Point } = secp256k1;
const n = Point.CURVE().n;
const random = () => bytesToNumberBE(secp256k1.utils.randomSecretKey());
const expected = (k: bigint, p: typeof Point.BASE) => {
  const sum = Point.BASE.multiply(k).add(p);
  return sum.equals(Point.ZERO) ? null : sum.toHex(true);
};

describe('batchBaseMultiplyAdd', () => {
  it('is k·G + P for random and edge scalars, in one batch', () => {
    const p = Point.BASE.multiply(random());
    const edges = [1n, 2n, 255n, 256n, 257n, n - 1n, n - 2n, (1n << 255n) + 1n, (1n << 248n) - 1n, 0xff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00n];
    const scalars = [...edges, ...Array.from({ length: 40 }, random)];
    expect(batchBaseMultiplyAdd(scalars, p)).toEqual(scalars.map((k) => expected(k, p)));
  });

  it('hands a doubling to noble, and answers null where the sum is the point at infinity', () => {
    const a = random();
    const p = Point.BASE.multiply(a);
    // 5·G + 5·G at the first step; k = n - a ends at infinity; the rest go the fast way beside them.
    const five = Point.BASE.multiply(5n);
    const scalars = [5n, 5n + (7n << 8n), n - a, random(), random()];
    expect(batchBaseMultiplyAdd(scalars, five)).toEqual(scalars.map((k) => expected(k, five)));
    expect(batchBaseMultiplyAdd([n - a, random()], p)[0]).toBeNull();
    expect(batchBaseMultiplyAdd([n - a, 3n], p)[1]).toBe(expected(3n, p));
  });
});
