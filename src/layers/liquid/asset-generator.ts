/**
 * An asset's unblinded generator H(tag), as secp256k1_generator_generate
 * computes it (modules/generator/main_impl.h): the sum of two points hashed to
 * the curve with Shallue-van de Woestijne, from SHA256("1st generation: " || tag)
 * and SHA256("2nd generation: " || tag). Consensus fixes the result (every
 * explicit asset's generator), so the tests compare it with the library's.
 *
 * Why not the library: with it in JavaScript no output needs the WebAssembly to
 * be opened, only a send's range proofs do.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const Fp = Point.Fp;

/** -sqrt(-3) and (sqrt(-3) - 1) / 2, the library's constants. */
const NEG_C = 0xf5d2d456caf80e20dcc88f3d586869d339e092ea25eb132b8272d850e32a03ddn;
const D = 0x851695d49a83f8ef919bb86153cbcb16630fb68aed0a766a3ec693d68e6afa40n;
const SQRT_EXP = (Fp.ORDER + 1n) / 4n;
const PREFIXES = [utf8ToBytes('1st generation: '), utf8ToBytes('2nd generation: ')];

/** y with y^2 = x^3 + 7, or null when x is not on the curve. */
function curveY(x: bigint): bigint | null {
  const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 7n);
  const y = Fp.pow(rhs, SQRT_EXP);
  return Fp.eql(Fp.sqr(y), rhs) ? y : null;
}

/** The library's shallue_van_de_woestijne: the first of three candidate x on the curve; y negated for an odd t. */
function shallueVanDeWoestijne(t: bigint): Point {
  const t2 = Fp.sqr(t);
  const x3d = Fp.neg(Fp.mul(t2, 3n));
  const wd = Fp.add(t2, 8n);
  const j = Fp.mul(wd, x3d);
  const jinv = j === 0n ? 0n : Fp.inv(j); // the library's inverse of 0 is 0
  const x1 = Fp.add(Fp.mul(Fp.mul(Fp.mul(NEG_C, t2), x3d), jinv), D);
  const x2 = Fp.neg(Fp.add(x1, 1n));
  const x3 = Fp.add(Fp.mul(Fp.mul(Fp.sqr(wd), wd), jinv), 1n);
  let x = x1;
  let y = curveY(x1);
  if (y === null) {
    x = x2;
    y = curveY(x2);
  }
  if (y === null) {
    x = x3;
    y = curveY(x3);
  }
  if (y === null) throw new Error('no candidate on the curve'); // cannot happen: one of the three always is
  return Point.fromAffine({ x, y: t & 1n ? Fp.neg(y) : y });
}

/** H(tag) for a 32-byte asset tag; throws where the library fails (a hash at or above p). */
export function hashAssetTag(tag: Uint8Array): Point {
  if (tag.length !== 32) throw new Error('asset tag must be 32 bytes');
  const [a, b] = PREFIXES.map((prefix) => {
    const t = bytesToNumberBE(sha256.create().update(prefix).update(tag).digest());
    if (t >= Fp.ORDER) throw new Error('asset tag hash out of range');
    return shallueVanDeWoestijne(t);
  });
  const p = a!.add(b!);
  p.assertValidity();
  return p;
}
