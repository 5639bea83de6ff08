/**
 * Constant-time scalar multiplications on secp256k1 for the Liquid read path,
 * where @noble/curves' own `multiply` was most of the cost of opening an output,
 * and for deriving addresses (public-child-key.ts, Bitcoin's Taproot tweak).
 *
 * Why: noble multiplies a point it has no table for (an ECDH peer key) with a
 * 5-bit fixed window over the scalar blinded to 384 bits: ~380 doublings and ~110
 * additions, 2.4 ms here. Splitting the scalar with secp256k1's endomorphism
 * (GLV: k = a + b·λ, with ψ(x, y) = (β·x, y) = λ·P) leaves two 129-bit halves that
 * share one doubling chain: ~125 doublings and ~68 additions (signed digits halve
 * the table). Fixed points (G, an asset's generator) get window tables built once,
 * so multiplying them is additions only.
 *
 * Constant time, in the same sense as noble's `multiply`: the sequence of point
 * operations does not depend on the scalar (a fixed number of windows, one
 * complete addition per window and table even for a zero digit, never skipped,
 * on full-size points: a zero digit adds to a throwaway sum), every table entry
 * is touched when one is selected, and its negation is computed whatever the
 * digit's sign. The additions and doublings are the complete Renes-Costello-Batina
 * formulas (as noble's), in their a = 0 form (eprint 2015/1060, algorithms 7 and 9:
 * no exceptional inputs, the point at infinity included) on bare bigints folded
 * after each product, or after a sum of two (field.ts). The
 * halves are offset by 2^128 so that neither is negative: no branch on their signs.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { fold, foldOnce, reduce } from './field';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const Fn = Point.Fn;
const N = Fn.ORDER;

/** ψ(x, y) = (β·x, y) is λ·P on secp256k1 (SEC 2 / libsecp256k1's constants; the tests check both). */
export const BETA = 0x7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501een;
export const LAMBDA = 0x5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72n;
/** A reduced basis of {(a, b) : a + b·λ ≡ 0 mod n}, the one @noble/curves uses. */
const A1 = 0x3086d221a7d46bcde86c90e49284eb15n;
const B1 = -0xe4437ed6010e88286f547fa90abfe4c3n;
const A2 = 0x114ca50f7a8e2f3f657c1108d9d44cfd8n;
const B2 = A1;

const HALF = 1n << 128n;
/** Both halves are shifted up by 2^128, so the scalar is split as k - 2^128·(1 + λ). */
const OFFSET = Fn.create(HALF * (1n + LAMBDA));
/** Bits of an offset half: it lies in [0, 2^129). */
const HALF_BITS = 129;

/**
 * a, b in [0, 2^129) with a + b·λ ≡ k (mod n), for any k in [0, n). The
 * rounded divisions have non-negative numerators (b2 > 0 and -b1 > 0), so no
 * step branches on the scalar's value.
 */
export function splitScalar(k: bigint): [bigint, bigint] {
  if (k < 0n || k >= N) throw new RangeError('invalid scalar: out of range');
  const s = Fn.sub(k, OFFSET);
  const c1 = (B2 * s + (N >> 1n)) / N;
  const c2 = (-B1 * s + (N >> 1n)) / N;
  const a = s - c1 * A1 - c2 * A2 + HALF;
  const b = -c1 * B1 - c2 * B2 + HALF;
  // The basis bounds each half below 2^128 in absolute value; a wrong constant must not pass silently.
  if (a < 0n || b < 0n || a >> BigInt(HALF_BITS) !== 0n || b >> BigInt(HALF_BITS) !== 0n) throw new Error('scalar split out of range');
  return [a, b];
}

/**
 * Projective coordinates (x = X/Z, y = Y/Z) as bare bigints, each under 2^258 in
 * absolute value (fold's output, or twice it: nothing grows from one operation to
 * the next); normalized once, in toPoint.
 */
interface Proj {
  X: bigint;
  Y: bigint;
  Z: bigint;
}
const INFINITY: Proj = { X: 0n, Y: 1n, Z: 0n };
const B3 = 21n; // 3·b

/**
 * Complete addition for a = 0 (algorithm 7 of eprint 2015/1060). Coordinates in and
 * out are under 2^258 in absolute value; products that only feed other products are
 * folded one step (under 2^293), the three results fully, each from a sum of two
 * products (under 2^600: fold's range).
 */
function add(a: Proj, b: Proj): Proj {
  const { X: X1, Y: Y1, Z: Z1 } = a;
  const { X: X2, Y: Y2, Z: Z2 } = b;
  let t0 = foldOnce(X1 * X2);
  let t1 = foldOnce(Y1 * Y2);
  let t2 = foldOnce(Z1 * Z2);
  let t3 = foldOnce((X1 + Y1) * (X2 + Y2));
  t3 -= t0 + t1;
  let t4 = foldOnce((Y1 + Z1) * (Y2 + Z2));
  t4 -= t1 + t2;
  let Y3 = foldOnce((X1 + Z1) * (X2 + Z2));
  Y3 -= t0 + t2;
  t0 *= 3n;
  t2 *= B3;
  let Z3 = t1 + t2;
  t1 -= t2;
  Y3 *= B3; // under 2^301
  const X3 = fold(t3 * t1 - t4 * Y3);
  Y3 = fold(t1 * Z3 + Y3 * t0);
  Z3 = fold(Z3 * t4 + t0 * t3);
  return { X: X3, Y: Y3, Z: Z3 };
}

/** Complete doubling for a = 0 (algorithm 9 of eprint 2015/1060), folded as add is. */
function double(a: Proj): Proj {
  const { X, Y, Z } = a;
  let t0 = foldOnce(Y * Y);
  let Z3 = 8n * t0;
  let t1 = foldOnce(Y * Z);
  let t2 = B3 * foldOnce(Z * Z);
  // The algorithm's X3 = t2·Z3 is only ever added to Y3: kept as a product and folded with it.
  const X3 = t2 * Z3;
  let Y3 = t0 + t2;
  Z3 = fold(t1 * Z3);
  t2 *= 3n;
  t0 -= t2;
  Y3 = fold(t0 * Y3 + X3);
  t1 = foldOnce(X * Y);
  return { X: 2n * fold(t0 * t1), Y: Y3, Z: Z3 };
}

function toPoint(a: Proj): Point {
  return new Point(reduce(a.X), reduce(a.Y), reduce(a.Z));
}

/** ψ(P) = λ·P, one field multiplication. */
function endo(p: Proj): Proj {
  return { X: fold(p.X * BETA), Y: p.Y, Z: p.Z };
}

/** The entry `digit` of `row`, reading every entry (as noble's table scans do). */
function select(row: readonly Proj[], digit: number): Proj {
  let sel = row[0]!;
  for (let i = 1; i < row.length; i++) sel = i === digit ? row[i]! : sel;
  return sel;
}

/** The accumulator and a throwaway one that zero digits add to. */
interface Sums {
  real: Proj;
  fake: Proj;
}

/**
 * One addition on full-size points whatever the digit: a zero digit adds the row's
 * entry 1 to the throwaway sum (as noble's multiply does). Adding the point at
 * infinity instead would turn into products with 0 and 1, which bigints do far
 * faster, and the time would count the scalar's zero digits. A negative digit adds
 * the entry for its size with Y negated; the negation is computed for every digit.
 */
function addDigit(sums: Sums, row: readonly Proj[], digit: number, map?: (p: Proj) => Proj): void {
  const zero = digit === 0;
  const negative = digit < 0;
  const selected = select(row, zero ? 1 : negative ? -digit : digit);
  const negatedY = -selected.Y;
  const entry = { X: selected.X, Y: negative ? negatedY : selected.Y, Z: selected.Z };
  const sum = add(zero ? sums.fake : sums.real, map ? map(entry) : entry);
  sums.real = zero ? sums.real : sum;
  sums.fake = zero ? sum : sums.fake;
}

/**
 * n's digits in windows of `width` bits, low first, signed in [1 - 2^(width-1), 2^(width-1)]
 * (a window above half the range borrows from the next): Σ d_i·2^(width·i) = n. Tables then
 * hold half as many multiples. Each window's carry is arithmetic, not a branch on the scalar.
 */
export function signedDigits(n: bigint, windows: number, width: number): Int8Array {
  if (width < 2 || width > 7) throw new RangeError('window width out of range'); // a digit of 2^7 would not fit an Int8Array
  const full = 1 << width;
  const half = full >> 1;
  const mask = BigInt(full - 1);
  const digits = new Int8Array(windows);
  let carry = 0;
  for (let w = 0; w < windows; w++) {
    const v = Number((n >> BigInt(w * width)) & mask) + carry;
    carry = (half - v) >>> 31; // 1 when v > half
    digits[w] = v - carry * full;
  }
  // Callers leave the top window room for a carry; a scalar too long for its windows must not pass silently.
  if (carry !== 0 || n >> BigInt(windows * width) !== 0n) throw new RangeError('invalid scalar: out of range');
  return digits;
}

/**
 * [∞, P, 2P, …, count·P]: the even multiples by a doubling (cheaper than an addition), the odd ones by adding P.
 * Entry 1 is ∞ + P, not P itself: a point with Z = 1 would make some products with it small, and the
 * time of a multiplication would count the digits that select it.
 */
function multiples(p: Proj, count: number): Proj[] {
  const row: Proj[] = [INFINITY, add(INFINITY, p)];
  for (let d = 2; d <= count; d++) row.push(d % 2 === 0 ? double(row[d / 2]!) : add(row[d - 1]!, p));
  return row;
}

const VAR_W = 5;
/** Entries 0..16: the largest digit's size. */
const VAR_SIZE = (1 << (VAR_W - 1)) + 1;
/** An offset half has 129 bits: 26 windows, the top one of 4 bits with room for a carry. */
const VAR_WINDOWS = Math.ceil(HALF_BITS / VAR_W);

/**
 * k·P for a secret k in [1, n) and a point P without a table (an ECDH peer key):
 * what noble's `P.multiply(k)` returns, refusing 0 and n or more as it does.
 */
export function multiplyConstantTime(p: Point, k: bigint): Point {
  if (!Fn.isValidNot0(k)) throw new RangeError('invalid scalar: out of range');
  const [a, b] = splitScalar(k);
  const da = signedDigits(a, VAR_WINDOWS, VAR_W);
  const db = signedDigits(b, VAR_WINDOWS, VAR_W);
  const table = multiples(p, VAR_SIZE - 1);
  const endoTable = table.map(endo);
  // The throwaway sum starts at 2·P and gains P or ψ(P) per zero digit, a few dozen at most: (2 + i + j·λ)·P is not infinity.
  const sums: Sums = { real: INFINITY, fake: table[2]! };
  for (let w = VAR_WINDOWS - 1; w >= 0; w--) {
    if (w !== VAR_WINDOWS - 1) for (let d = 0; d < VAR_W; d++) sums.real = double(sums.real);
    addDigit(sums, table, da[w]!);
    addDigit(sums, endoTable, db[w]!);
  }
  return toPoint(sums.real);
}

/** Rows of d·2^(width·w)·P for d up to 2^(width-1) (signed digits): a multiple is one addition per row. */
class WindowTable {
  readonly rows: Proj[][] = [];
  private readonly windows: number;

  constructor(
    point: Point,
    /** The longest scalar, in bits; one more window is kept when its top one has no room for a carry. */
    readonly bits: number,
    readonly width: number,
  ) {
    this.windows = Math.floor(bits / width) + 1;
    let base: Proj = point;
    for (let w = 0; w < this.windows; w++) {
      const row = multiples(base, 1 << (width - 1));
      this.rows.push(row);
      base = double(row[row.length - 1]!); // 2^width·base, the next row's unit
    }
  }

  /** n·P for n below 2^bits; with `other`, adds ψ(m·P) from the same rows (the endomorphism's half). */
  sum(n: bigint, other?: bigint): Point {
    if (n < 0n || n >> BigInt(this.bits) !== 0n || (other !== undefined && (other < 0n || other >> BigInt(this.bits) !== 0n))) {
      throw new RangeError('invalid scalar: out of range');
    }
    const dn = signedDigits(n, this.windows, this.width);
    const dm = other === undefined ? null : signedDigits(other, this.windows, this.width);
    // The throwaway sum starts at 2·P; what zero digits add to it is discarded (correctness never rests on it).
    const sums: Sums = { real: INFINITY, fake: this.rows[0]![2]! };
    this.rows.forEach((row, w) => {
      addDigit(sums, row, dn[w]!);
      if (dm) addDigit(sums, row, dm[w]!, endo);
    });
    return toPoint(sums.real);
  }
}

let baseTable: WindowTable | null = null;

/** k·G for a secret k in [0, n) (0 gives the point at infinity): 38 additions on a table built once (~1,200 points). */
export function baseMultiplyConstantTime(k: bigint): Point {
  baseTable ??= new WindowTable(Point.BASE, HALF_BITS, 7);
  const [a, b] = splitScalar(k);
  return baseTable.sum(a, b);
}

/** getPublicKey(secret, true) on the base table: the compressed k·G of a 32-byte secret in [1, n), refusing any other. */
export function publicKeyConstantTime(secret: Uint8Array): Uint8Array {
  const k = secret.length === 32 ? bytesToNumberBE(secret) : 0n;
  if (k === 0n || k >= N) throw new RangeError('invalid secret key: out of range');
  return baseMultiplyConstantTime(k).toBytes(true);
}

const AMOUNT_BITS = 64;
const MAX_TABLES = 8;
const amountTables = new Map<Point, WindowTable>();

/**
 * v·H for a secret amount v below 2^64 and a generator H used again and again
 * (an asset's): 13 additions on a table built on first use (208 points, ~0.5 ms).
 * Callers keep the generator instance (commitments.ts caches one per asset).
 */
export function amountMultiplyConstantTime(generator: Point, v: bigint): Point {
  let table = amountTables.get(generator);
  if (!table) {
    // Generators come from outputs anyone can send us: keep the tables bounded.
    if (amountTables.size >= MAX_TABLES) amountTables.clear();
    table = new WindowTable(generator, AMOUNT_BITS, 5);
    amountTables.set(generator, table);
  }
  return table.sum(v);
}
