// Follows bitcoin/bips bip-0032.mediawiki (CKDpub: K_i = point(IL) + K_par), the derivation boltzr's pubkey_iterator.rs runs for a restore.
/**
 * k·G + P for a batch of public scalars k (the restore scan's page: a thousand BIP32 children of
 * one key per fresh seed). Fixed windows of W bits over a table of d·2^(W·j)·G in affine
 * coordinates, every running sum taking one window per step as an affine addition, all the
 * batch's additions of a step sharing one field inversion (Montgomery's trick): about six
 * field multiplications per addition where @noble/curves' projective one takes twelve. Variable
 * time, so for public keys only. A step whose two points share x (a doubling, or a sum at
 * infinity, which random scalars reach with negligible odds) is left to @noble/curves.
 */
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';

type Point = typeof noble.Point.BASE;
interface Affine {
  x: bigint;
  y: bigint;
}

const Fp = noble.Point.Fp;
const W = 8;
const WINDOWS = Math.ceil(256 / W);
const MASK = (1n << BigInt(W)) - 1n;

/** table[j][d - 1] = d·2^(W·j)·G: 8,160 points, built once per worker (about a tenth of a second). */
let table: Affine[][] | undefined;

function affineRow(points: Point[]): Affine[] {
  const inverses = Fp.invertBatch(points.map((p) => p.Z));
  return points.map((p, i) => ({ x: Fp.mul(p.X, inverses[i]!), y: Fp.mul(p.Y, inverses[i]!) }));
}

function windowTable(): Affine[][] {
  if (table) return table;
  const rows: Affine[][] = [];
  let base = noble.Point.BASE;
  for (let j = 0; j < WINDOWS; j++) {
    const row: Point[] = [base];
    for (let d = 2; d <= Number(MASK) + 1; d++) row.push(row[row.length - 1]!.add(base));
    // The row's last is 2^W·base, the next window's base.
    base = row.pop()!;
    rows.push(affineRow(row));
  }
  return (table = rows);
}

/**
 * `k·G + p` for each k (0 < k < n), in compressed SEC1 hex; null where the sum is the point at infinity.
 */
export function batchBaseMultiplyAdd(scalars: readonly bigint[], p: Point): (string | null)[] {
  const rows = windowTable();
  const start = p.toAffine();
  // Every sum starts at P and takes k's windows from the lowest; a sum noble must finish is set aside.
  const sums: (Affine | null)[] = scalars.map(() => ({ x: start.x, y: start.y }));
  const slow = new Set<number>();
  for (let j = 0; j < WINDOWS; j++) {
    const shift = BigInt(W * j);
    const adds: { i: number; q: Affine }[] = [];
    scalars.forEach((k, i) => {
      if (slow.has(i)) return;
      const d = Number((k >> shift) & MASK);
      if (d === 0) return;
      const q = rows[j]![d - 1]!;
      if (sums[i]!.x === q.x) slow.add(i);
      else adds.push({ i, q });
    });
    const inverses = Fp.invertBatch(adds.map(({ i, q }) => Fp.sub(q.x, sums[i]!.x)));
    adds.forEach(({ i, q }, n) => {
      const s = sums[i]!;
      const lambda = Fp.mul(Fp.sub(q.y, s.y), inverses[n]!);
      const x = Fp.sub(Fp.sub(Fp.sqr(lambda), s.x), q.x);
      sums[i] = { x, y: Fp.sub(Fp.mul(lambda, Fp.sub(s.x, x)), s.y) };
    });
  }
  return scalars.map((k, i) => {
    if (slow.has(i)) {
      const sum = noble.Point.BASE.multiplyUnsafe(k).add(p);
      return sum.equals(noble.Point.ZERO) ? null : sum.toHex(true);
    }
    const { x, y } = sums[i]!;
    return `${y & 1n ? '03' : '02'}${x.toString(16).padStart(64, '0')}`;
  });
}
