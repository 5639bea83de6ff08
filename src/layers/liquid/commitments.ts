/**
 * Asset generators and value commitments as plain secp256k1 points, so opening
 * an output needs no WebAssembly call (the range proof is rewound in
 * rangeproof-rewind.ts) and blinding one costs one (its range proof).
 *
 * Why: secp256k1-zkp 2.x's C glue creates and destroys a full secp256k1 context
 * (SIGN|VERIFY, whose tables it computes at run time) inside every exported
 * function, about 7-10 ms each in WebAssembly whatever the call does. Parsing,
 * serializing and blinding a generator are a square root and one scalar
 * multiplication, done here with @noble/curves; the hash-to-curve of an asset tag
 * (secp256k1_generator_generate) is in asset-generator.ts, once per asset per
 * worker.
 *
 * Formats (secp256k1-zkp 2.x): a generator serializes as (11 ^ [y is a square])
 * || x and is held as x || y, both 32 bytes big-endian; a Pedersen commitment
 * serializes as (9 ^ [y is a square]) || x and is held as those 33 bytes at the
 * start of its 64-byte struct (the rest unused).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { hashAssetTag } from './asset-generator';
import { bytes32, sqrt } from '../curve/field';
import { amountMultiplyConstantTime, baseMultiplyConstantTime, multiplyConstantTime } from '../curve/constant-time-multiply';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const Fp = Point.Fp;
const N = Point.Fn.ORDER;

function isSquare(y: bigint): boolean {
  return Fp.eql(Fp.pow(y, (Fp.ORDER - 1n) / 2n), Fp.ONE);
}

/**
 * The point with this x whose y is a square (secp256k1_ge_set_xquad), negated
 * when `negate`: how secp256k1-zkp stores generators, commitments and range-proof
 * ring keys. Throws when x is not on the curve.
 */
export function pointWithSquareY(xBytes: Uint8Array, negate: boolean): Point {
  const x = bytesToNumberBE(xBytes);
  if (xBytes.length !== 32 || x >= Fp.ORDER) throw new Error('x out of range');
  // The root rhs^((p+1)/4) is itself a square ((p+1)/4 is even), the y secp256k1-zkp means.
  const y = sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 7n));
  if (y === null) throw new Error('x is not on the curve');
  // No assertValidity: sqrt checked y^2 = x^3 + 7 with x, y < p, and every such point has order n (cofactor 1).
  return Point.fromAffine({ x, y: negate ? Fp.neg(y) : y });
}

/**
 * The 33-byte compressed form (0x02/0x03 || x) of a point our own arithmetic made,
 * as noble's toBytes(true) but without its validity check (a field multiplication
 * chain and a WeakSet entry per call); throws at infinity, as it does.
 */
export function compressedPoint(p: Point): Uint8Array {
  if (p.is0()) throw new Error('point at infinity');
  const { x, y } = p.toAffine();
  const out = new Uint8Array(33);
  out[0] = 2 | Number(y & 1n);
  out.set(bytes32(x), 1);
  return out;
}

/** Parses a 33-byte serialized generator (asset commitment); throws when it is not one. */
export function parseGenerator(bytes: Uint8Array): Point {
  if (bytes.length !== 33 || (bytes[0]! & 0xfe) !== 0x0a) throw new Error('not a serialized generator');
  return pointWithSquareY(bytes.subarray(1), (bytes[0]! & 1) === 1);
}

/** Parses a 33-byte serialized Pedersen commitment (a confidential value); throws when it is not one. */
export function parseCommitment(bytes: Uint8Array): Point {
  if (bytes.length !== 33 || (bytes[0]! & 0xfe) !== 0x08) throw new Error('not a serialized commitment');
  return pointWithSquareY(bytes.subarray(1), (bytes[0]! & 1) === 1);
}

/** x, behind a prefix byte that says whether y is a square: secp256k1-zkp's 33-byte form of generators (0x0a/0x0b) and commitments (0x08/0x09). */
function serializeTagged(p: Point, nonSquare: number): Uint8Array {
  const { x, y } = p.toAffine();
  const out = new Uint8Array(33);
  out[0] = nonSquare ^ (isSquare(y) ? 1 : 0);
  out.set(numberToBytesBE(x, 32), 1);
  return out;
}

export function serializeGenerator(p: Point): Uint8Array {
  return serializeTagged(p, 0x0b);
}

/** The 64-byte form the library's functions take. */
export function generatorBytes(p: Point): Buffer {
  const { x, y } = p.toAffine();
  return Buffer.concat([numberToBytesBE(x, 32), numberToBytesBE(y, 32)]);
}

const MAX_CACHED = 256;
const unblindedCache = new Map<string, Point>();

/** The asset's unblinded generator H(tag) (an explicit asset's), hashed to the curve once per tag. */
export function assetGenerator(tag: Uint8Array): Point {
  const key = bytesToHex(tag);
  let p = unblindedCache.get(key);
  if (!p) {
    p = hashAssetTag(tag);
    // Tags come from outputs anyone can send us: keep the cache bounded.
    if (unblindedCache.size >= MAX_CACHED) unblindedCache.clear();
    unblindedCache.set(key, p);
  }
  return p;
}

/** H(tag) + blinder·G, as secp256k1_generator_generate_blinded; throws on a blinder ≥ n, as it does. */
export function blindedAssetGenerator(tag: Uint8Array, blinder: Uint8Array): Point {
  const k = bytesToNumberBE(blinder);
  if (blinder.length !== 32 || k >= N) throw new Error('asset blinder out of range');
  return assetGenerator(tag).add(baseMultiplyConstantTime(k));
}

/** blinder·G + value·generator, as secp256k1_pedersen_commit; throws where it does (blinder ≥ n). */
export function valueCommitment(blinder: Uint8Array, value: bigint, generator: Point): Point {
  const k = bytesToNumberBE(blinder);
  if (blinder.length !== 32 || k >= N) throw new Error('value blinder out of range');
  if (value < 0n || value >= 2n ** 64n) throw new Error('value out of range');
  if (k === 0n && value === 0n) throw new Error('commitment to zero with a zero blinder');
  return baseMultiplyConstantTime(k).add(value === 0n ? Point.ZERO : multiplyConstantTime(generator, value));
}

/**
 * What a value and value blinder commit to under the generator H(tag) + assetBlinder·G:
 * (valueBlinder + value·assetBlinder)·G + value·H(tag), the same point as valueCommitment
 * with that generator, from two tables (G's, and one per asset for the amount) instead of
 * a multiplication of a new point.
 */
export function openedCommitment(tag: Uint8Array, assetBlinder: Uint8Array, valueBlinder: bigint, value: bigint): Point {
  const abf = bytesToNumberBE(assetBlinder);
  if (assetBlinder.length !== 32 || abf >= N) throw new Error('asset blinder out of range');
  if (value < 0n || value >= 2n ** 64n) throw new Error('value out of range');
  const Fn = Point.Fn;
  const c = baseMultiplyConstantTime(Fn.add(Fn.create(valueBlinder), Fn.mul(value, abf))).add(amountMultiplyConstantTime(assetGenerator(tag), value));
  if (c.is0()) throw new Error('commitment at infinity');
  return c;
}

export function serializeCommitment(p: Point): Uint8Array {
  return serializeTagged(p, 0x09);
}

/** The 64-byte struct the library's range-proof functions take. */
export function commitmentBytes(p: Point): Buffer {
  return Buffer.concat([serializeCommitment(p), new Uint8Array(31)]);
}
