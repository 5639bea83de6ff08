// Follows bitcoin/bips bip-0340.mediawiki (Verify), bip-0341.mediawiki (taproot_tweak_pubkey) and bip-0066.mediawiki / bip-0146.mediawiki (strict DER, low S).
/**
 * Signature checks for the devnet's verifiers on elliptic's secp256k1 (indutny's,
 * bcoin's own curve code): BIP340 verification, the BIP341 key tweak, and low-S
 * DER ECDSA. The wallet signs and derives keys with @noble/curves (directly, and
 * through @bitcoinerlab/secp256k1 for bitcoinjs-lib), so a fault there would not
 * also sit in the check. Written from the BIP340/BIP341/BIP66/BIP146 texts;
 * tests/unit/devnet/taproot-verifier.test.ts runs BIP340's and BIP341's vectors through it.
 */
import elliptic from 'elliptic';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';

const ec = new elliptic.ec('secp256k1');
const HALF_N_HEX = ec.nh.toString(16);
const P = BigInt(`0x${ec.curve.p.toString(16)}`);
const N = BigInt(`0x${ec.n.toString(16)}`);

type Point = ReturnType<typeof ec.curve.pointFromX>;

export function taggedHash(tag: string, ...msgs: Uint8Array[]): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag));
  return sha256(concatBytes(t, t, ...msgs));
}

const int = (b: Uint8Array) => BigInt(`0x${bytesToHex(b) || '0'}`);
const bytes32 = (n: bigint) => hexToBytes(n.toString(16).padStart(64, '0'));
/** elliptic takes scalars and coordinates as hex strings (it builds its own BN from them). */
const hex = (n: bigint) => n.toString(16);

/** BIP340 lift_x: the point with x and an even y; null when x is not on the curve. */
function liftX(x: Uint8Array): Point | null {
  if (x.length !== 32 || int(x) >= P) return null;
  try {
    const point = ec.curve.pointFromX(hex(int(x)), false);
    return point.validate() ? point : null;
  } catch {
    return null;
  }
}

const xOf = (p: Point) => bytes32(BigInt(`0x${p.getX().toString(16)}`));
const yIsOdd = (p: Point) => p.getY().isOdd();

/** BIP340 Verify(pk, m, sig). */
export function bip340Verify(sig: Uint8Array, msg: Uint8Array, publicKey: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  const pk = liftX(publicKey);
  if (!pk) return false;
  const r = int(sig.subarray(0, 32));
  const s = int(sig.subarray(32));
  if (r >= P || s >= N) return false;
  const e = int(taggedHash('BIP0340/challenge', sig.subarray(0, 32), publicKey, msg)) % N;
  // R = s·G − e·P
  const R = ec.g.mul(hex(s)).add(pk.mul(hex((N - e) % N)));
  if (R.isInfinity() || yIsOdd(R)) return false;
  return int(xOf(R)) === r;
}

/** BIP341 taproot_tweak_pubkey: Q = lift_x(P) + H_TapTweak(P || root)·G, as x-only key and parity. */
export function tweakedKey(internal: Uint8Array, merkleRoot: Uint8Array, tag = 'TapTweak'): { x: Uint8Array; parity: number } {
  const t = int(taggedHash(tag, internal, merkleRoot));
  if (t >= N) throw new Error('tweak out of range');
  const pk = liftX(internal);
  if (!pk) throw new Error('internal key is not on the curve');
  const Q = t === 0n ? pk : pk.add(ec.g.mul(hex(t)));
  if (Q.isInfinity()) throw new Error('tweaked key is infinity');
  return { x: xOf(Q), parity: yIsOdd(Q) ? 1 : 0 };
}

/** Strict DER (BIP66) with a low S (BIP146), over a 32-byte hash, by a 33-byte compressed key. */
export function ecdsaVerifyLowS(der: Uint8Array, hash: Uint8Array, publicKey: Uint8Array): boolean {
  // BIP66: 0x30 <len> 0x02 <rlen> <r> 0x02 <slen> <s>, minimal positive integers, nothing after.
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) return false;
  const rLen = der[3]!;
  if (der[2] !== 0x02 || rLen === 0 || 5 + rLen >= der.length || der[4 + rLen] !== 0x02) return false;
  const sLen = der[5 + rLen]!;
  if (sLen === 0 || 6 + rLen + sLen !== der.length) return false;
  const r = der.subarray(4, 4 + rLen);
  const s = der.subarray(6 + rLen);
  for (const n of [r, s]) {
    if (n[0]! & 0x80) return false;
    if (n.length > 1 && n[0] === 0 && !(n[1]! & 0x80)) return false;
  }
  const sInt = int(s);
  if (sInt === 0n || sInt > BigInt(`0x${HALF_N_HEX}`)) return false;
  if (publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) return false;
  try {
    const key = ec.keyFromPublic(bytesToHex(publicKey), 'hex');
    return ec.verify(bytesToHex(hash), { r: bytesToHex(r), s: bytesToHex(s) }, key);
  } catch {
    return false;
  }
}
