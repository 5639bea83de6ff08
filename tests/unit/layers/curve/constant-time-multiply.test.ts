/**
 * The constant-time multiplications of the Liquid read path against
 * @noble/curves' own `multiply`: random scalars and the edges (1, n-1, a zero
 * high or low half, the powers of two around the endomorphism split), on random
 * points and on G; 0 and n refused where noble refuses them.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import {
  amountMultiplyConstantTime,
  baseMultiplyConstantTime,
  BETA,
  LAMBDA,
  multiplyConstantTime,
  publicKeyConstantTime,
  splitScalar,
} from '../../../../src/layers/curve/constant-time-multiply';

const Point = secp256k1.Point;
const Fn = Point.Fn;
const N = Fn.ORDER;
const G = Point.BASE;

const randomScalar = () => Fn.fromBytes(secp256k1.utils.randomSecretKey());
const randomPoint = () => G.multiply(randomScalar());

const EDGES = [
  1n,
  2n,
  3n,
  N - 1n,
  N - 2n,
  (1n << 128n) - 1n, // high half zero
  1n << 128n,
  (1n << 129n) + 1n,
  (N >> 128n) << 128n, // low half zero
  ((1n << 127n) - 1n) << 128n,
  LAMBDA,
  N - LAMBDA,
  Fn.create(LAMBDA * LAMBDA),
  Fn.create((1n << 128n) * (1n + LAMBDA)), // the split's offset: both halves exactly 2^128
  0xffffffffffffffffn,
];

describe('GLV split', () => {
  it('β and λ are the endomorphism: (β·x, y) = λ·P', () => {
    const p = randomPoint();
    expect(new Point(Point.Fp.mul(p.X, BETA), p.Y, p.Z).equals(p.multiply(LAMBDA))).toBe(true);
  });

  it('recombines to the scalar, both halves in [0, 2^129)', () => {
    for (const k of [0n, ...EDGES, ...Array.from({ length: 200 }, randomScalar)]) {
      const [a, b] = splitScalar(k);
      expect(a >= 0n && a < 1n << 129n && b >= 0n && b < 1n << 129n).toBe(true);
      expect(Fn.create(a + b * LAMBDA)).toBe(k);
    }
  });

  it('refuses a scalar outside [0, n)', () => {
    expect(() => splitScalar(N)).toThrow(RangeError);
    expect(() => splitScalar(-1n)).toThrow(RangeError);
  });
});

describe('k·P for a point without a table (ECDH)', () => {
  it("equals noble's multiply on random and edge scalars", () => {
    const points = [G, randomPoint(), randomPoint(), G.negate()];
    for (const p of points) {
      for (const k of [...EDGES, ...Array.from({ length: 12 }, randomScalar)]) {
        expect(multiplyConstantTime(p, k).toHex(), `k=${k.toString(16)}`).toBe(p.multiply(k).toHex());
      }
    }
  });

  it('refuses 0 and n or more, as noble does', () => {
    const p = randomPoint();
    for (const k of [0n, N, N + 1n, -1n]) {
      expect(() => multiplyConstantTime(p, k)).toThrow(RangeError);
      expect(() => p.multiply(k)).toThrow(RangeError);
    }
  });

  it('returns a point noble can serialize (normalized coordinates)', () => {
    const k = randomScalar();
    const r = multiplyConstantTime(G, k);
    expect(r.X >= 0n && r.X < Point.Fp.ORDER && r.Z >= 0n && r.Z < Point.Fp.ORDER).toBe(true);
    expect(r.toBytes(true)).toEqual(secp256k1.getPublicKey(Fn.toBytes(k), true));
  });
});

describe('k·G from a table', () => {
  it("equals noble's G.multiply on random and edge scalars; 0 gives the point at infinity", () => {
    for (const k of [...EDGES, ...Array.from({ length: 200 }, randomScalar)]) {
      expect(baseMultiplyConstantTime(k).toHex(), `k=${k.toString(16)}`).toBe(G.multiply(k).toHex());
    }
    expect(baseMultiplyConstantTime(0n).equals(Point.ZERO)).toBe(true);
  });

  it('refuses n or more', () => {
    expect(() => baseMultiplyConstantTime(N)).toThrow(RangeError);
  });
});

describe('v·H for an amount, from a table per generator', () => {
  it("equals noble's multiply on amounts from 0 to 2^64-1, on two generators", () => {
    const h1 = randomPoint();
    const h2 = randomPoint();
    const amounts = [0n, 1n, 2n, 15n, 16n, 1000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n];
    for (let i = 0; i < 40; i++) amounts.push(randomScalar() >> 192n);
    for (const h of [h1, h2]) {
      for (const v of amounts) {
        const want = v === 0n ? Point.ZERO : h.multiply(v);
        expect(amountMultiplyConstantTime(h, v).equals(want), `v=${v}`).toBe(true);
      }
    }
  });

  it('refuses an amount of 2^64 or more, or below 0', () => {
    const h = randomPoint();
    expect(() => amountMultiplyConstantTime(h, 2n ** 64n)).toThrow(RangeError);
    expect(() => amountMultiplyConstantTime(h, -1n)).toThrow(RangeError);
  });
});

describe('a public key from a secret, on the base table', () => {
  it("is noble's compressed public key, and refuses 0, n or more, and the wrong length", () => {
    for (let i = 0; i < 40; i++) {
      const sk = secp256k1.utils.randomSecretKey();
      expect(publicKeyConstantTime(sk)).toEqual(secp256k1.getPublicKey(sk, true));
    }
    const bytes = (k: bigint) => Uint8Array.from(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
    for (const bad of [bytes(0n), bytes(N), bytes(N + 1n), new Uint8Array(31).fill(1)]) expect(() => publicKeyConstantTime(bad)).toThrow(RangeError);
  });
});
