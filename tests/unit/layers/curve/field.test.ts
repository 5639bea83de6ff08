/**
 * The folded field arithmetic against plain bigint reduction and noble's
 * square root: congruent and bounded on random and extreme inputs, the same
 * root (or the same refusal) on squares and non-squares.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { nobleSqrt } from '../../../helpers/noble-sqrt';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { below, bytes32, fold, P, reduce, sqrt, uint256, uint256At } from '../../../../src/layers/curve/field';
import { numberToBytesBE } from '@noble/curves/utils.js';

const Fp = secp256k1.Point.Fp;
const randomField = () => Fp.create(Fp.fromBytes(secp256k1.utils.randomSecretKey()) * 7n);

describe('fold', () => {
  it('is congruent to x mod p and within (-2^94, 2^256 + 2^94), for |x| up to 2^540', () => {
    const xs = [0n, 1n, -1n, P, P - 1n, (1n << 540n) - 1n, -((1n << 540n) - 1n), (P - 1n) * (P - 1n), -(P - 1n) * (P - 1n)];
    for (let i = 0; i < 300; i++) {
      const a = randomField() - (i % 3 === 0 ? 2n * P : 0n);
      const b = randomField() * BigInt(1 + (i % 24));
      xs.push(a * b, -a * b);
    }
    for (const x of xs) {
      const f = fold(x);
      expect(reduce(f - x)).toBe(0n);
      expect(f > -(1n << 94n) && f < (1n << 256n) + (1n << 94n)).toBe(true);
      expect(reduce(f)).toBe(Fp.create(x));
    }
  });
});

describe('sqrt', () => {
  it("gives noble's root on squares and null where noble throws", () => {
    let squares = 0;
    let nonSquares = 0;
    for (const a of [0n, 1n, 4n, 7n, P - 1n, ...Array.from({ length: 200 }, randomField)]) {
      const want = nobleSqrt(a);
      expect(sqrt(a)).toBe(want);
      if (want === null) nonSquares++;
      else squares++;
    }
    expect(squares).toBeGreaterThan(50);
    expect(nonSquares).toBeGreaterThan(50);
  });
});

describe('uint256', () => {
  it('reads 32 bytes as bytesToNumberBE does, also from inside a larger buffer, and refuses other lengths', () => {
    const big = crypto.getRandomValues(new Uint8Array(100));
    for (let off = 0; off <= 68; off += 5) expect(uint256(big.subarray(off, off + 32))).toBe(bytesToNumberBE(big.subarray(off, off + 32)));
    expect(uint256(new Uint8Array(32).fill(0xff))).toBe((1n << 256n) - 1n);
    expect(uint256(new Uint8Array(32))).toBe(0n);
    expect(() => uint256(new Uint8Array(31))).toThrow();
  });
});

describe('below, uint256At', () => {
  const N = secp256k1.Point.Fn.ORDER;
  const be = (x: bigint) => {
    const out = new Uint8Array(32);
    for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  };

  it('compare the number at an offset with n and p as bigints do, next to the bounds and to their top word too', () => {
    const xs: bigint[] = [0n, 1n, (1n << 256n) - 1n, 0xfffffffen << 224n, (0xffffffffn << 224n) - 1n, 0xffffffffn << 224n];
    for (const bound of [N, P]) for (let d = -3n; d <= 3n; d++) xs.push(bound + d);
    for (let i = 0; i < 100; i++) xs.push(uint256(crypto.getRandomValues(new Uint8Array(32))));
    for (const x of xs) {
      const buf = new Uint8Array(45);
      buf.set(be(x), 7);
      const view = new DataView(buf.buffer);
      expect(uint256At(view, 7)).toBe(x);
      expect(below(view, 7, N), `${x.toString(16)} < n`).toBe(x < N);
      expect(below(view, 7, P), `${x.toString(16)} < p`).toBe(x < P);
    }
  });
});

describe('bytes32', () => {
  it("writes x as noble's numberToBytesBE(x, 32) does, at the edges of each 64-bit word too, and refuses x outside [0, 2^256)", () => {
    const xs = [0n, 1n, (1n << 256n) - 1n, P - 1n, 1n << 64n, (1n << 64n) - 1n, 1n << 128n, 1n << 192n, (1n << 192n) - 1n];
    for (let i = 0; i < 100; i++) xs.push(uint256(crypto.getRandomValues(new Uint8Array(32))));
    for (const x of xs) expect(Buffer.from(bytes32(x)).toString('hex')).toBe(Buffer.from(numberToBytesBE(x, 32)).toString('hex'));
    expect(() => bytes32(1n << 256n)).toThrow(RangeError);
    expect(() => bytes32(-1n)).toThrow(RangeError);
  });
});
