/**
 * An asset surjection proof (the output's asset is one of the chosen inputs'),
 * signed in JavaScript as secp256k1_surjectionproof_generate does it
 * (modules/surjection/main_impl.h, surjection_impl.h): one Borromean ring over the keys
 * output generator - input generator, whose secret for the input of the same
 * asset is the difference of the two asset blinders.
 *
 * Why not the library: in secp256k1-zkp 2.x each call builds a secp256k1 context
 * (~10 ms in WebAssembly) for what is, over up to three inputs, one constant-time
 * multiplication and two variable-base ones. The output is deterministic, so the
 * tests compare it byte for byte with the library's and verify it there.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { baseMultiplyConstantTime, multiplyConstantTime } from '../curve/constant-time-multiply';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const Fn = Point.Fn;
const N = Fn.ORDER;

export interface SurjectionProofData {
  nInputs: number;
  /** Bitmap of the inputs the ring uses, 32 bytes. */
  usedInputs: Uint8Array;
  /** e0 then one s value per used input, 32 bytes each. */
  data: Uint8Array;
}

function scalar(bytes: Uint8Array, what: string): bigint {
  const n = bytesToNumberBE(bytes);
  if (bytes.length !== 32 || n >= N) throw new Error(`${what} out of range`);
  return n;
}

/** A non-zero challenge from a hash, or the library's refusal. */
function challenge(hash: Uint8Array): bigint {
  const e = bytesToNumberBE(hash);
  if (e >= N || e === 0n) throw new Error('surjection challenge out of range');
  return e;
}

/** A ring or member index as the library hashes it: 4 bytes, big-endian. */
const u32 = (n: number) => numberToBytesBE(n, 4);

/** secp256k1_borromean_hash: SHA256(e || m || ring || position). */
function borromeanHash(e: Uint8Array, m: Uint8Array, position: number): bigint {
  return challenge(sha256.create().update(e).update(m).update(u32(0)).update(u32(position)).digest());
}

export function generateSurjectionProof(
  inputGenerators: readonly Point[],
  outputGenerator: Point,
  used: { nInputs: number; usedInputs: Uint8Array },
  inputIndex: number,
  inputAssetBlinder: Uint8Array,
  outputAssetBlinder: Uint8Array,
): SurjectionProofData {
  const secret = Fn.sub(scalar(outputAssetBlinder, 'output asset blinder'), scalar(inputAssetBlinder, 'input asset blinder'));
  if (used.nInputs !== inputGenerators.length) throw new Error('surjection proof input count mismatch');
  // An input generator equal to the output's would give a zero key: the library refuses it.
  if (inputGenerators.some((g) => g.equals(outputGenerator))) throw new Error('an input generator equals the output generator');
  const ring: Point[] = [];
  let real = -1;
  inputGenerators.forEach((g, i) => {
    if (!(used.usedInputs[i >> 3]! & (1 << (i & 7)))) return;
    if (i === inputIndex) real = ring.length;
    ring.push(outputGenerator.subtract(g));
  });
  if (real < 0 || ring.length === 0) throw new Error('the input of the output asset is not in the proof');
  // Elements verifies each proof it generates; here the real key must be secret·G, or the proof signs
  // for nothing and a node refuses the transaction (a Boltz claim has already revealed the preimage then).
  if (secret === 0n || !baseMultiplyConstantTime(secret).equals(ring[real]!)) {
    throw new Error('the asset blinders do not open the input of the output asset');
  }

  // The message: every input generator then the output's, compressed by y's parity.
  const hm = sha256.create();
  for (const g of inputGenerators) hm.update(g.toBytes(true));
  const m = hm.update(outputGenerator.toBytes(true)).digest();

  // secp256k1_surjection_genrand: one 36-byte buffer, first 4 bytes i (little-endian) then the secret,
  // hashed in place: each hash overwrites its first 32 bytes, so the next input chains on it.
  const buffer = new Uint8Array(36);
  buffer.set(numberToBytesBE(secret, 32), 4);
  const s = ring.map((_, i) => {
    buffer.set(Uint8Array.of(i & 255, (i >> 8) & 255, (i >> 16) & 255, i >>> 24));
    buffer.set(sha256(buffer));
    const v = bytesToNumberBE(buffer.subarray(0, 32));
    if (v >= N) throw new Error('surjection random value out of range');
    return v;
  });
  // The real member's random value serves as its nonce.
  const k = s[real]!;
  if (k === 0n) throw new Error('surjection nonce is zero');

  // secp256k1_borromean_sign over one ring: from the real member onwards, then round to it.
  let r = baseMultiplyConstantTime(k).toBytes(true);
  // e and the forged s are public: the constant-time multiplications serve because they are the faster ones.
  const ringPoint = (j: number, e: bigint) => multiplyConstantTime(ring[j]!, e).add(baseMultiplyConstantTime(s[j]!)).toBytes(true);
  for (let j = real + 1; j < ring.length; j++) r = ringPoint(j, borromeanHash(r, m, j));
  const e0 = sha256.create().update(r).update(m).digest();
  let e = borromeanHash(e0, m, 0);
  for (let j = 0; j < real; j++) {
    e = borromeanHash(ringPoint(j, e), m, j + 1);
  }
  s[real] = Fn.sub(k, Fn.mul(e, secret));
  if (s[real] === 0n) throw new Error('surjection signature value is zero');

  const data = new Uint8Array(32 * (1 + ring.length));
  data.set(e0);
  s.forEach((v, i) => data.set(numberToBytesBE(v, 32), 32 * (1 + i)));
  return { nInputs: used.nInputs, usedInputs: Uint8Array.from(used.usedInputs), data };
}
