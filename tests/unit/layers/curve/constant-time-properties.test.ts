/**
 * Properties of the constant-time multiplications and the folded field against
 * @noble/curves, on random inputs and on generators aimed at the edges: scalars
 * near 0 and n, at the GLV offset and on the rounding boundaries of the split,
 * points with x near p, and the same points in other projective coordinates.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleSqrt } from '../../../helpers/noble-sqrt';
import { compressedPoint, openedCommitment, pointWithSquareY, valueCommitment, assetGenerator } from '../../../../src/layers/liquid/commitments';
import {
  amountMultiplyConstantTime,
  baseMultiplyConstantTime,
  LAMBDA,
  multiplyConstantTime,
  signedDigits,
  splitScalar,
} from '../../../../src/layers/curve/constant-time-multiply';
import { fold, foldOnce, P, reduce, sqrt } from '../../../../src/layers/curve/field';
import { rewindNonce } from '../../../../src/layers/liquid/unblind';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const { Fn, Fp } = Point;
const N = Fn.ORDER;
const G = Point.BASE;
const be32 = (x: bigint) => Fp.toBytes(x % (1n << 256n));
const numberBytes = (x: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};

/** The reduced basis noble and the module use; the split rounds b2·s/n and -b1·s/n. */
const B1 = -0xe4437ed6010e88286f547fa90abfe4c3n;
const B2 = 0x3086d221a7d46bcde86c90e49284eb15n;
const OFFSET = Fn.create((1n << 128n) * (1n + LAMBDA));

/** Scalars in [1, n): uniform, near 0 and n, near the split's offset, on the split's rounding boundaries, a + b·λ with extreme halves. */
const scalar = fc.oneof(
  fc.bigInt({ min: 1n, max: N - 1n }),
  fc.bigInt({ min: 1n, max: 1n << 20n }),
  fc.bigInt({ min: 1n, max: 1n << 20n }).map((d) => N - d),
  fc.bigInt({ min: -(1n << 20n), max: 1n << 20n }).map((d) => Fn.create(OFFSET + d)),
  fc.tuple(fc.bigInt({ min: 0n, max: B2 - 1n }), fc.bigInt({ min: -4n, max: 4n }), fc.boolean()).map(([m, d, first]) => {
    // s with b·s/n at m + 1/2: the rounding of c1 (or c2) flips there.
    const b = first ? B2 : -B1;
    return Fn.create(((2n * m + 1n) * N) / (2n * b) + d + OFFSET);
  }),
  fc
    .tuple(fc.bigInt({ min: -(1n << 128n), max: 1n << 128n }), fc.bigInt({ min: -(1n << 128n), max: 1n << 128n }))
    .map(([a, b]) => Fn.create(a + b * LAMBDA)),
  fc.integer({ min: 0, max: 255 }).chain((i) => fc.constantFrom(1n << BigInt(i), (1n << BigInt(i)) - 1n, (1n << BigInt(i)) + 1n)).map((k) => Fn.create(k)),
).filter((k) => k !== 0n);

/** Points with x just below p (the largest coordinates a peer can send). */
const highX: Point[] = [];
for (let t = 1n; highX.length < 6; t++) {
  const x = P - t;
  try {
    highX.push(Point.fromAffine({ x, y: Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 7n)) }));
  } catch {
    /* not on the curve */
  }
}

/** The same point with (X, Y, Z) scaled by z: equal, but every coordinate different (noble accepts any z ≠ 0). */
const rescaled = (p: Point, z: bigint) => new Point(Fp.mul(p.X, z), Fp.mul(p.Y, z), Fp.mul(p.Z, z));

const point = fc
  .tuple(
    fc.oneof(
      fc.bigInt({ min: 1n, max: N - 1n }).map((k) => G.multiply(k)),
      fc.constantFrom(G, G.negate(), ...highX, ...highX.map((p) => p.negate())),
    ),
    fc.oneof(fc.constant(1n), fc.constantFrom(P - 1n, 2n, P - 2n, 1n << 255n), fc.bigInt({ min: 1n, max: P - 1n })),
  )
  .map(([p, z]) => rescaled(p, z));

describe('GLV split, as a property', () => {
  it('gives halves in [0, 2^129) that recombine to k, for every kind of scalar (the rounding boundaries included)', () => {
    fc.assert(
      fc.property(fc.oneof(scalar, fc.constant(0n)), (k) => {
        const [a, b] = splitScalar(k);
        expect(a >= 0n && a < 1n << 129n && b >= 0n && b < 1n << 129n).toBe(true);
        expect(Fn.create(a + b * LAMBDA)).toBe(k);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('signed digits, as a property', () => {
  /** The shapes the multiplications use: (bits, windows, width) for k·P's halves, k·G's halves and v·H. */
  const shapes: [number, number, number][] = [
    [129, 26, 5],
    [129, 19, 7],
    [64, 13, 5],
  ];
  const edges = (bits: number) =>
    fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }),
      fc.constantFrom(0n, 1n, (1n << BigInt(bits)) - 1n, 1n << BigInt(bits - 1)),
      // Every window at or just above half its range: a carry into each next window.
      fc.integer({ min: 0, max: 3 }).map((d) => {
        let n = 0n;
        for (let i = 0; i < bits; i += 5) n |= BigInt(16 + d) << BigInt(i);
        return n & ((1n << BigInt(bits)) - 1n);
      }),
    );

  it('recombine to n, each in [1 - 2^(w-1), 2^(w-1)], for every n of up to the shape\'s bits; longer n is refused', () => {
    for (const [bits, windows, width] of shapes) {
      fc.assert(
        fc.property(edges(bits), (n) => {
          const digits = signedDigits(n, windows, width);
          let sum = 0n;
          digits.forEach((d, i) => {
            expect(d >= 1 - (1 << (width - 1)) && d <= 1 << (width - 1)).toBe(true);
            sum += BigInt(d) << BigInt(i * width);
          });
          expect(sum).toBe(n);
        }),
        { numRuns: 2000 },
      );
      expect(() => signedDigits(1n << BigInt(windows * width), windows, width)).toThrow(RangeError);
    }
  });
});

describe('multiplications, as properties against noble', () => {
  it('k·P equals noble on random and edge points (x near p, rescaled coordinates) and scalars', () => {
    fc.assert(
      fc.property(point, scalar, (p, k) => {
        expect(multiplyConstantTime(p, k).toHex()).toBe(p.multiply(k).toHex());
      }),
      { numRuns: 250 },
    );
  });

  it('k·P where both halves pick the same digits: k = d·(1 ± λ) + the offset, so the table and ψ-table entries added are Q and ±ψ(Q)', () => {
    fc.assert(
      fc.property(point, fc.bigInt({ min: 1n, max: 1n << 40n }), fc.boolean(), (p, d, plus) => {
        const k = Fn.create(d * (plus ? 1n + LAMBDA : 1n - LAMBDA) + OFFSET);
        fc.pre(k !== 0n);
        expect(multiplyConstantTime(p, k).toHex()).toBe(p.multiply(k).toHex());
      }),
      { numRuns: 100 },
    );
  });

  it('k·G from the table equals noble for k in [0, n)', () => {
    fc.assert(
      fc.property(fc.oneof(scalar, fc.constant(0n)), (k) => {
        expect(baseMultiplyConstantTime(k).equals(k === 0n ? Point.ZERO : G.multiply(k))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('v·H per generator stays right when more than 8 generators (the cache size) come and go, as equal but distinct instances too', () => {
    const generators = Array.from({ length: 11 }, (_, i) => G.multiply(BigInt(i + 2) * 0x1234567n));
    const amount = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(0n, 1n, (1n << 64n) - 1n, 1n << 63n));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: generators.length - 1 }), fc.boolean(), amount, (i, copy, v) => {
        const h = copy ? rescaled(generators[i]!, 3n) : generators[i]!;
        expect(amountMultiplyConstantTime(h, v).equals(v === 0n ? Point.ZERO : h.multiply(v))).toBe(true);
      }),
      { numRuns: 400 },
    );
    for (const v of [1n << 64n, -1n]) expect(() => amountMultiplyConstantTime(generators[0]!, v)).toThrow(RangeError);
  });

  it("the opened commitment equals valueCommitment's blinder·G + value·(H(tag) + abf·G), and refuses a value of 2^64", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.oneof(fc.constant(0n), scalar),
        fc.oneof(fc.constant(0n), scalar),
        fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constantFrom(0n, (1n << 64n) - 1n)),
        (tag, abf, vbf, v) => {
          fc.pre(vbf !== 0n || v !== 0n);
          const generator = assetGenerator(tag).add(abf === 0n ? Point.ZERO : G.multiply(abf));
          const want = valueCommitment(numberBytes(vbf), v, generator);
          let got: Point | null;
          try {
            got = openedCommitment(tag, numberBytes(abf), vbf, v);
          } catch {
            got = null; // only when the sum is the point at infinity
          }
          if (got === null) expect(want.equals(Point.ZERO)).toBe(true);
          else expect(got.equals(want)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    expect(() => openedCommitment(new Uint8Array(32), new Uint8Array(32), 1n, 1n << 64n)).toThrow();
  });
});

describe('field, as properties', () => {
  const wide = fc.oneof(
    fc.bigInt({ min: -((1n << 540n) - 1n), max: (1n << 540n) - 1n }),
    fc.tuple(fc.bigInt({ min: -(1n << 284n), max: 1n << 284n }), fc.bigInt({ min: -3n, max: 3n })).map(([m, d]) => m * P + d),
    fc.tuple(fc.bigInt({ min: -(1n << 284n), max: 1n << 284n }), fc.bigInt({ min: -3n, max: 3n })).map(([m, d]) => (m << 256n) + d),
    fc.tuple(fc.bigInt({ min: P - 4n, max: P + 4n }), fc.bigInt({ min: P - 4n, max: P + 4n })).map(([a, b]) => a * b),
  );

  it('fold is congruent and within (-2^94, 2^256 + 2^94) for |x| < 2^540, near multiples of p and of 2^256 too', () => {
    fc.assert(
      fc.property(wide, (x) => {
        const f = fold(x);
        expect(reduce(f - x)).toBe(0n);
        expect(f > -(1n << 94n) && f < (1n << 256n) + (1n << 94n)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('fold is within (-2^154, 2^256 + 2^154) for |x| < 2^600, and foldOnce congruent and under 2^(b-223) for |x| < 2^b, b ≥ 481 (the additions\' sums and products)', () => {
    const wider = fc.oneof(
      fc.bigInt({ min: -((1n << 600n) - 1n), max: (1n << 600n) - 1n }),
      fc.integer({ min: 481, max: 600 }).chain((b) => fc.constantFrom((1n << BigInt(b)) - 1n, -((1n << BigInt(b)) - 1n), 1n << BigInt(b - 1))),
      fc.tuple(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.bigInt({ min: -(1n << 300n), max: 1n << 300n })).map(([a, b]) => a * b),
    );
    fc.assert(
      fc.property(wider, (x) => {
        const f = fold(x);
        expect(reduce(f - x)).toBe(0n);
        expect(f > -(1n << 154n) && f < (1n << 256n) + (1n << 154n)).toBe(true);
        const bits = BigInt(Math.max(481, (x < 0n ? -x : x).toString(2).length));
        const once = foldOnce(x);
        expect(reduce(once - x)).toBe(0n);
        expect((once < 0n ? -once : once) < 1n << (bits - 223n)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("sqrt gives noble's root or null, over the field and next to p", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: P - 1000n, max: P - 1n }), fc.bigInt({ min: 0n, max: 1000n })), (a) => {
        const want = nobleSqrt(a);
        expect(sqrt(a)).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });

  it("a generator or commitment x is refused exactly where noble refuses it as a key, and otherwise gives noble's point, y the square root", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: P - 2000n, max: P - 1n }), fc.bigInt({ min: 0n, max: 2000n })), fc.boolean(), (x, negate) => {
        let want: Point | null;
        try {
          const even = Point.fromBytes(Uint8Array.of(2, ...be32(x)));
          const isSquare = Fp.pow(even.y, (P - 1n) / 2n) === 1n; // Euler's criterion
          want = isSquare ? even : even.negate();
          if (negate) want = want.negate();
        } catch {
          want = null;
        }
        let got: Point | null;
        try {
          got = pointWithSquareY(be32(x), negate);
        } catch {
          got = null;
        }
        expect(got === null ? null : got.toHex()).toBe(want === null ? null : want.toHex());
      }),
      { numRuns: 500 },
    );
  });

  it('a generator or commitment x, and a peer key x, of p or more is refused, as noble refuses the key', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: P, max: (1n << 256n) - 1n }), fc.boolean(), (x, odd) => {
        expect(() => pointWithSquareY(be32(x), odd)).toThrow();
        const key = Uint8Array.of(odd ? 3 : 2, ...be32(x));
        expect(() => Point.fromBytes(key)).toThrow();
        expect(() => rewindNonce(key, secp256k1.utils.randomSecretKey())).toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it("compressedPoint gives noble's toBytes(true) for any point in any projective coordinates, and refuses infinity", () => {
    fc.assert(
      fc.property(point, (p) => {
        expect(Buffer.from(compressedPoint(p)).toString('hex')).toBe(p.toHex(true));
      }),
      { numRuns: 300 },
    );
    expect(() => compressedPoint(Point.ZERO)).toThrow();
  });

  it("the ECDH nonce equals SHA256(SHA256(noble's shared point)) for any compressed key x (on or off the curve, next to p), both parities", () => {
    const priv = secp256k1.utils.randomSecretKey();
    const outcome = (f: () => Uint8Array) => {
      try {
        return Buffer.from(f()).toString('hex');
      } catch {
        return null;
      }
    };
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: P - 2000n, max: P - 1n })), fc.boolean(), (x, odd) => {
        const key = Uint8Array.of(odd ? 3 : 2, ...numberBytes(x));
        expect(outcome(() => rewindNonce(key, priv))).toBe(outcome(() => sha256(sha256(secp256k1.getSharedSecret(priv, key, true)))));
      }),
      { numRuns: 300 },
    );
  });
});
