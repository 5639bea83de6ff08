/**
 * secp256k1 field arithmetic on bare bigints for the hot paths of opening an
 * output (point multiplications, square roots of x^3 + 7).
 *
 * Why: @noble/curves reduces every product with `%`, a bigint division. For
 * p = 2^256 - 0x1000003d1, folding the high half down twice (2^256 ≡ 0x1000003d1)
 * does the same job in about half the time, leaving a value that is congruent
 * but not fully reduced; callers reduce once at the end.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

export const P = secp256k1.Point.Fp.ORDER;
const MASK256 = (1n << 256n) - 1n;
/** 2^256 mod p. */
const FOLD = 0x1000003d1n;

/**
 * x modulo p, not fully reduced: for |x| < 2^b the result lies in
 * (-2^(b-446), 2^256 + 2^(b-446)): for any |x| < 2^540, (-2^94, 2^256 + 2^94);
 * for any |x| < 2^600 (a sum of two products of values under 2^299), within 2^154.
 */
export function fold(x: bigint): bigint {
  x = (x & MASK256) + (x >> 256n) * FOLD;
  return (x & MASK256) + (x >> 256n) * FOLD;
}

/**
 * fold's first step alone: congruent to x, under 2^(b-223) in absolute value for
 * |x| < 2^b, b ≥ 481 (under 2^293 for a product of two values under 2^258). For a
 * product that only feeds further products, which fold then brings back down: one
 * step of bigint work less.
 */
export function foldOnce(x: bigint): bigint {
  return (x & MASK256) + (x >> 256n) * FOLD;
}

/** x in [0, p). */
export function reduce(x: bigint): bigint {
  const r = x % P;
  return r < 0n ? r + P : r;
}

/** x^(2^times), folded fully every second squaring (a square of foldOnce's output is under 2^586). */
function squareTimes(x: bigint, times: number): bigint {
  let i = 0;
  for (; i + 1 < times; i += 2) {
    const y = foldOnce(x * x);
    x = fold(y * y);
  }
  return i < times ? fold(x * x) : x;
}

/**
 * a^((p+1)/4) in [0, p) when that is a square root of a, else null: the same
 * root as noble's Fp.sqrt (and the same addition chain: 253 squarings, 13
 * multiplications), which is itself a square since (p+1)/4 is even.
 */
export function sqrt(a: bigint): bigint | null {
  const x2 = fold(fold(a * a) * a);
  const x3 = fold(fold(x2 * x2) * a);
  const x6 = fold(squareTimes(x3, 3) * x3);
  const x9 = fold(squareTimes(x6, 3) * x3);
  const x11 = fold(squareTimes(x9, 2) * x2);
  const x22 = fold(squareTimes(x11, 11) * x11);
  const x44 = fold(squareTimes(x22, 22) * x22);
  const x88 = fold(squareTimes(x44, 44) * x44);
  const x176 = fold(squareTimes(x88, 88) * x88);
  const x220 = fold(squareTimes(x176, 44) * x44);
  const x223 = fold(squareTimes(x220, 3) * x3);
  const t1 = fold(squareTimes(x223, 23) * x22);
  const t2 = fold(squareTimes(t1, 6) * x2);
  const root = reduce(squareTimes(t2, 2));
  return reduce(root * root) === reduce(a) ? root : null;
}

/** A 32-byte big-endian number: noble's bytesToNumberBE, without its round trip through hex (~2x faster; a range proof has ~200). */
export function uint256(bytes: Uint8Array): bigint {
  if (bytes.length !== 32) throw new Error('expected 32 bytes');
  return uint256At(new DataView(bytes.buffer, bytes.byteOffset, 32), 0);
}

/** x in [0, 2^256) as 32 big-endian bytes: noble's numberToBytesBE(x, 32) without its hex round trip. */
export function bytes32(x: bigint): Uint8Array {
  if (x < 0n || x >> 256n !== 0n) throw new RangeError('expected a number below 2^256');
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, x >> 192n);
  v.setBigUint64(8, BigInt.asUintN(64, x >> 128n));
  v.setBigUint64(16, BigInt.asUintN(64, x >> 64n));
  v.setBigUint64(24, BigInt.asUintN(64, x));
  return out;
}

/** The 32-byte big-endian number at `offset` of `view` (one view for a whole proof, no copy per number). */
export function uint256At(v: DataView, offset: number): bigint {
  return (
    (((((v.getBigUint64(offset) << 64n) | v.getBigUint64(offset + 8)) << 64n) | v.getBigUint64(offset + 16)) << 64n) |
    v.getBigUint64(offset + 24)
  );
}

/**
 * Whether the 32-byte number at `offset` is below `bound`, a number of 256 bits:
 * its top word settles it but for one value in 2^32 (no bigint made then).
 */
export function below(v: DataView, offset: number, bound: bigint): boolean {
  const top = v.getUint32(offset);
  const boundTop = Number(bound >> 224n);
  return top !== boundTop ? top < boundTop : uint256At(v, offset) < bound;
}
