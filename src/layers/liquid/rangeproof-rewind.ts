/**
 * Rewinding an Elements range proof without WebAssembly: the receiver recovers
 * the value, value blinder and message (asset and asset blinder) that the sender
 * hid in a Borromean range proof, following secp256k1-zkp's
 * secp256k1_rangeproof_rewind (modules/rangeproof/rangeproof_impl.h).
 *
 * Why not the library: its rewind first verifies the whole ring signature (104
 * point multiplications for Elements' 52-bit proofs) and, in 2.x, builds a
 * context; together ~20 ms per output in WebAssembly. The hidden data needs far
 * less: the sender drew every forged s value from an RFC 6979 stream seeded by
 * the shared nonce, so XOR-ing the proof's s values against that stream gives the
 * value and the message, and the two real s values they rest on need only their
 * ring's first challenge (a hash) or, for ring 0's second member, one point
 * multiplication.
 *
 * What is not done: the ring signature is not verified. It proves the value lies
 * in range; the wallet relies instead on what it checks here, that the recovered
 * value and blinder open the output's value commitment (and, in unblind.ts, that
 * the recovered asset and blinder open the asset commitment). A proof with a
 * broken signature is refused by every Elements node, so it can be neither
 * confirmed nor in a mempool.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes, equalBytes } from '@noble/curves/utils.js';
import { compressedPoint, parseCommitment, pointWithSquareY } from './commitments';
import { baseMultiplyConstantTime, multiplyConstantTime } from '../curve/constant-time-multiply';
import { below, bytes32, uint256, uint256At } from '../curve/field';
import { Rfc6979Stream } from './rfc6979-stream';
import { sha256 } from './sha256-compress';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const Fn = Point.Fn;
const Fp = Point.Fp;
const N = Fn.ORDER;
const U64 = (1n << 64n) - 1n;
/** The library asks for at most this much message (the asset id and its blinder). */
const MESSAGE_LEN = 64;

export interface RewoundProof {
  value: bigint;
  /** The value blinder, 32 bytes. */
  blinder: Uint8Array;
  /** Up to 64 bytes of the message the sender hid (Elements: asset id || asset blinder). */
  message: Uint8Array;
}

interface Header {
  exp: number;
  mantissa: number;
  scale: bigint;
  minValue: bigint;
  /** Bytes the header takes; they seed the stream and start the proof's hash. */
  length: number;
}

/** secp256k1_rangeproof_getheader_impl. */
function readHeader(proof: Uint8Array): Header | null {
  if (proof.length < 65 || proof[0]! & 128) return null;
  const hasRange = (proof[0]! & 64) !== 0;
  const hasMin = (proof[0]! & 32) !== 0;
  let exp = -1;
  let mantissa = 0;
  let max = 0n;
  let offset = 0;
  if (hasRange) {
    exp = proof[0]! & 31;
    offset++;
    if (exp > 18) return null;
    mantissa = proof[1]! + 1;
    if (mantissa > 64) return null;
    max = U64 >> BigInt(64 - mantissa);
  }
  offset++;
  let scale = 1n;
  for (let i = 0; i < exp; i++) {
    if (max > U64 / 10n) return null;
    max *= 10n;
    scale *= 10n;
  }
  let minValue = 0n;
  if (hasMin) {
    if (proof.length - offset < 8) return null;
    minValue = bytesToNumberBE(proof.subarray(offset, offset + 8));
    offset += 8;
  }
  if (max > U64 - minValue) return null;
  return { exp, mantissa, scale, minValue, length: offset };
}

/**
 * secp256k1_rangeproof_serialize_point ([y is not a square] || x) of a point
 * given in secp256k1-zkp's 33-byte form, whose low prefix bit says the same.
 */
function rangeproofForm(serialized: Uint8Array): Uint8Array {
  const out = Uint8Array.from(serialized);
  out[0] = serialized[0]! & 1;
  return out;
}

/** A scalar from 32 bytes; null where secp256k1_scalar_set_b32 reports an overflow. */
function scalarOrNull(bytes: Uint8Array): bigint | null {
  const n = uint256(bytes);
  return n >= N ? null : n;
}

/** A ring or member index as the library hashes it: 4 bytes, big-endian. */
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);

/** The first 32 bytes of a XOR b. */
function xor32(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * The point a recovered value, value blinder and message commit to, or null when
 * they cannot be an opening (a message that names another asset).
 */
export type Opening = (value: bigint, blinder: bigint, message: Uint8Array) => Point | null;

/** blinder·G + value·generator: what secp256k1_pedersen_commit computes. Both scalars are secret. */
const pedersen =
  (generator: Point): Opening =>
  (value, blinder) =>
    baseMultiplyConstantTime(blinder).add(value === 0n ? Point.ZERO : multiplyConstantTime(generator, value));

/**
 * The value, value blinder and message hidden in `proof` for the holder of
 * `nonce`, checked to open `commitment` (by default under `generator`; `opens`
 * may compute it another way, and check more); null when they do not (another
 * receiver's output, a malformed proof, or a lie).
 */
export function rewindRangeProof(
  proof: Uint8Array,
  /** The output's value commitment, 33 bytes (0x08/0x09). */
  commitmentBytes: Uint8Array,
  /** The asset generator, as a point and in its 33-byte form (0x0a/0x0b). */
  generator: { point: Point; bytes: Uint8Array },
  nonce: Uint8Array,
  extraCommit: Uint8Array,
  opens: Opening = pedersen(generator.point),
): RewoundProof | null {
  try {
    return rewind(proof, commitmentBytes, generator, nonce, extraCommit, opens);
  } catch (err) {
    // Points off the curve, challenges out of range: a proof that does not open. Bugs still surface.
    if (err instanceof ReferenceError || err instanceof TypeError) throw err;
    return null;
  }
}

function rewind(
  proof: Uint8Array,
  commitmentBytes: Uint8Array,
  generator: { point: Point; bytes: Uint8Array },
  nonce: Uint8Array,
  extraCommit: Uint8Array,
  opens: Opening,
): RewoundProof | null {
  const header = readHeader(proof);
  if (!header) return null;
  const rsizes: number[] = [];
  if (header.mantissa === 0) rsizes.push(1);
  else {
    for (let i = 0; i < header.mantissa >> 1; i++) rsizes.push(4);
    if (header.mantissa & 1) rsizes.push(2);
  }
  const rings = rsizes.length;
  const npub = rsizes.reduce((a, b) => a + b, 0);
  const signBytes = (rings + 6) >> 3;
  let offset = header.length;
  if (proof.length - offset < 32 * (npub + rings - 1) + 32 + signBytes) return null;

  // m = H(commitment, generator, header, ring commitments, extra commitment): the challenges' message.
  const commitment = parseCommitment(commitmentBytes);
  const commitBytes = rangeproofForm(commitmentBytes);
  const generatorSer = rangeproofForm(generator.bytes);
  const view = new DataView(proof.buffer, proof.byteOffset, proof.length);
  const hashed = new Uint8Array(33 + 33 + header.length + 33 * (rings - 1) + extraCommit.length);
  hashed.set(commitBytes);
  hashed.set(generatorSer, 33);
  hashed.set(proof.subarray(0, header.length), 66);
  let at = 66 + header.length;
  const signs: boolean[] = [];
  for (let i = 0; i < rings - 1; i++) signs.push((proof[offset + (i >> 3)]! & (1 << (i & 7))) !== 0);
  offset += signBytes;
  // Unused sign bits must be zero (the library refuses the mutation).
  if ((rings - 1) & 7 && proof[offset - 1]! >> ((rings - 1) & 7) !== 0) return null;
  const ringX: Uint8Array[] = [];
  for (let i = 0; i < rings - 1; i++) {
    if (!below(view, offset, Fp.ORDER)) return null;
    const x = proof.subarray(offset, offset + 32);
    hashed[at] = signs[i] ? 1 : 0;
    hashed.set(x, at + 1);
    at += 33;
    ringX.push(x);
    offset += 32;
  }
  hashed.set(extraCommit, at);
  const e0 = proof.subarray(offset, offset + 32);
  offset += 32;
  // The s values, read where they lie; each must be a scalar (the library refuses an overflow), though few are needed.
  const sStart = offset;
  for (let i = 0; i < npub; i++, offset += 32) if (!below(view, offset, N)) return null;
  if (offset !== proof.length) return null;
  const sAt = (n: number) => uint256At(view, sStart + 32 * n);
  const m = sha256(hashed);

  // The sender's random values, drawn again (secp256k1_rangeproof_genrand): the ring secrets, and one per member into `prep`.
  const stream = new Rfc6979Stream(concatBytes(nonce, commitBytes, generatorSer, proof.subarray(0, header.length)));
  const draw = new Uint8Array(32);
  const drawView = new DataView(draw.buffer);
  const prep = new Uint8Array(32 * npub);
  const prepView = new DataView(prep.buffer);
  const sec: bigint[] = [];
  let acc = 0n;
  let n = 0;
  for (let i = 0; i < rings; i++) {
    if (i < rings - 1) {
      stream.nextInto(draw, 0);
      let k: bigint;
      do {
        stream.nextInto(draw, 0);
        k = below(drawView, 0, N) ? uint256At(drawView, 0) : 0n;
      } while (k === 0n);
      sec.push(k);
      acc = Fn.add(acc, k);
    } else {
      sec.push(Fn.neg(acc));
    }
    for (let j = 0; j < rsizes[i]!; j++, n++) stream.nextInto(prep, 32 * n);
  }

  const ringStart = (ring: number) => ring * 4;
  const pubCache = new Map<number, Point>();
  /** The ring's member-0 key: its commitment from the proof, or for the last ring what remains of the value commitment. */
  const ringKey = (ring: number): Point => {
    let p = pubCache.get(ring);
    if (!p) {
      if (ring < rings - 1) p = pointWithSquareY(ringX[ring]!, signs[ring]!);
      else {
        let sum = header.minValue ? generator.point.multiplyUnsafe(header.minValue) : Point.ZERO;
        for (let i = 0; i < rings - 1; i++) sum = sum.add(ringKey(i));
        p = commitment.subtract(sum);
        if (p.equals(Point.ZERO)) throw new Error('last ring key at infinity');
      }
      pubCache.set(ring, p);
    }
    return p;
  };
  /** Challenge of member j of a ring (secp256k1_borromean_verify), walking the ring from its start. */
  const challenge = (ring: number, member: number): bigint => {
    let e = scalarOrNull(sha256(concatBytes(e0, m, u32(ring), u32(0))));
    let key: Point | null = null;
    for (let j = 0; j < member; j++) {
      const sj = sAt(ringStart(ring) + j);
      if (e === null || e === 0n || sj === 0n) throw new Error('challenge out of range');
      // Member j's key is the ring's key minus j * (scale * 4^ring) * generator (pub_expand).
      key = key ? key.subtract(generator.point.multiplyUnsafe(header.scale * 4n ** BigInt(ring))) : ringKey(ring);
      // Public scalars, but the constant-time multiplications are the faster ones here (no table for the key).
      const r = multiplyConstantTime(key, e).add(baseMultiplyConstantTime(sj));
      if (r.equals(Point.ZERO)) throw new Error('ring point at infinity');
      e = scalarOrNull(sha256(concatBytes(compressedPoint(r), m, u32(ring), u32(j + 1))));
    }
    if (e === null || e === 0n) throw new Error('challenge out of range');
    return e;
  };
  /** The sender's nonce for member n: its stream value, reduced (only the real members' are needed). */
  const sOrig = (n: number) => uint256At(prepView, 32 * n) % N;
  const recoverX = (k: bigint, e: bigint, sv: bigint) => Fn.mul(Fn.sub(k, sv), Fn.inv(e));

  let value: bigint;
  let blind: bigint;
  const message: number[] = [];
  if (rings === 1 && rsizes[0] === 1) {
    // An exact-value proof: only the blinder is hidden.
    value = 0n;
    blind = recoverX(sOrig(0), challenge(0, 0), sAt(0));
  } else {
    const last = rings - 1;
    const lastStart = ringStart(last);
    let found = -1;
    value = 0n;
    for (let j = 0; j < 2 && found < 0; j++) {
      const idx = lastStart + rsizes[last]! - 1 - j;
      const t = xor32(proof.subarray(sStart + 32 * idx), prep.subarray(32 * idx));
      if (t[0]! & 128 && equalBytes(t.subarray(16, 24), t.subarray(24, 32)) && equalBytes(t.subarray(8, 16), t.subarray(16, 24))) {
        value = bytesToNumberBE(t.subarray(24, 32));
        found = j;
      }
    }
    if (found < 0) return null;
    const skip1 = lastStart + rsizes[last]! - 1 - found;
    const real = Number((value >> BigInt(last * 2)) & 3n);
    const skip2 = lastStart + real;
    // A two-member last ring has no member 2 or 3: a sender who knows the nonce can still hide such a value.
    if (real >= rsizes[last]! || skip1 === skip2) return null;
    blind = Fn.add(recoverX(sOrig(skip2), challenge(last, real), sAt(skip2)), Fn.neg(sec[last]!));
    // The message fills the s values in order, the real ones hiding it in their nonce.
    n = 0;
    for (let i = 0; i < rings && message.length < MESSAGE_LEN; i++) {
      const digit = Number((value >> BigInt(i * 2)) & 3n);
      for (let j = 0; j < rsizes[i]! && message.length < MESSAGE_LEN; j++, n++) {
        if (n === skip1 || n === skip2) continue;
        const sn = sAt(n);
        const k = digit === j ? Fn.add(sn, Fn.mul(challenge(i, j), i === last ? Fn.neg(sec[i]!) : sec[i]!)) : sn;
        const t = xor32(bytes32(k), prep.subarray(32 * n));
        for (let b = 0; b < 32 && message.length < MESSAGE_LEN; b++) message.push(t[b]!);
      }
    }
  }

  // The recovered opening must reproduce the commitment: blind*G + value*generator.
  const v = (value * header.scale + header.minValue) & U64;
  const message8 = Uint8Array.from(message);
  const opened = opens(v, blind, message8);
  if (!opened || opened.equals(Point.ZERO) || !opened.equals(commitment)) return null;
  return { value: v, blinder: bytes32(blind), message: message8 };
}
