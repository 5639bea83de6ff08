/**
 * The range-proof rewind in JavaScript against secp256k1-zkp's own
 * (rangeproof.rewind, in WebAssembly): the same value, value blinder and message
 * on hundreds of proofs the library signs, in Elements' shape and in every other
 * shape the library makes; the same refusals for another receiver's nonce; and,
 * on proofs mutated byte by byte, never an opening the commitment does not hold.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  blindedAssetGenerator,
  commitmentBytes,
  generatorBytes,
  parseGenerator,
  serializeCommitment,
  serializeGenerator,
  valueCommitment,
} from '../../../../src/layers/liquid/commitments';
import { rewindRangeProof } from '../../../../src/layers/liquid/rangeproof-rewind';
import { Rfc6979Stream } from '../../../../src/layers/liquid/rfc6979-stream';
import { loadZkp, type ZKP } from '../../../../src/layers/liquid/zkp';

const random32 = () => Buffer.from(secp256k1.utils.randomSecretKey());

interface Signed {
  proof: Buffer;
  /** The library's 64-byte forms, and the 33-byte ones (made in JavaScript: blind.test.ts checks them against it). */
  commitment: Buffer;
  commitmentBytes: Uint8Array;
  generator: Buffer;
  generatorBytes: Uint8Array;
  nonce: Buffer;
  script: Buffer;
  value: bigint;
  message: Buffer;
}

const TAGS = [Buffer.alloc(32, 1), Buffer.alloc(32, 2), Buffer.alloc(32, 3)];

/** A proof the library signs; the commitments around it are computed in JavaScript, to keep to two library calls per proof. */
function sign(zkp: ZKP, value: bigint, minValue: string, exp: number, bits: number, messageLength = 64): Signed {
  const generatorPoint = blindedAssetGenerator(TAGS[Number(value % 3n)]!, random32());
  const generator = generatorBytes(generatorPoint);
  const vbf = random32();
  const commitmentPoint = valueCommitment(vbf, value, generatorPoint);
  const commitment = commitmentBytes(commitmentPoint);
  const nonce = random32();
  const script = Buffer.from(secp256k1.utils.randomSecretKey().subarray(0, 22));
  const message = Buffer.concat([random32(), random32()]).subarray(0, messageLength);
  const proof = zkp.rangeproof.sign(commitment, vbf, nonce, value.toString(), generator, minValue, exp, bits, message, script);
  const generatorForm = serializeGenerator(generatorPoint);
  return { proof, commitment, commitmentBytes: serializeCommitment(commitmentPoint), generator, generatorBytes: generatorForm, nonce, script, value, message };
}

function library(zkp: ZKP, s: Signed, proof = s.proof, nonce = s.nonce) {
  try {
    const r = zkp.rangeproof.rewind(s.commitment, proof, nonce, s.generator, s.script);
    return { value: BigInt(r.value), blinder: r.blindFactor.toString('hex'), message: r.message.toString('hex') };
  } catch {
    return null;
  }
}

function ours(s: Signed, proof: Uint8Array = s.proof, nonce: Uint8Array = s.nonce) {
  const r = rewindRangeProof(proof, s.commitmentBytes, { point: parseGenerator(s.generatorBytes), bytes: s.generatorBytes }, nonce, s.script);
  return r && { value: r.value, blinder: bytesToHex(r.blinder), message: bytesToHex(r.message) };
}

describe('RFC 6979 stream', () => {
  it("draws what RFC 6979 3.2 over @noble/hashes' HMAC-SHA256 draws, call after call", () => {
    // The seeding hashes v || byte || seed after the key block: 22 and 23 put its padding on either side of a block's end.
    for (const seedLength of [32 + 33 + 33 + 2, 32 + 33 + 33 + 10, 1, 0, 22, 23, 31, 86, 87, 95]) {
      const seed = crypto.getRandomValues(new Uint8Array(seedLength));
      let v = new Uint8Array(32).fill(1);
      let k = hmac(sha256, new Uint8Array(32), new Uint8Array([...v, 0, ...seed]));
      v = hmac(sha256, k, v);
      k = hmac(sha256, k, new Uint8Array([...v, 1, ...seed]));
      v = hmac(sha256, k, v);
      const stream = new Rfc6979Stream(seed);
      for (let i = 0; i < 300; i++) {
        if (i > 0) {
          k = hmac(sha256, k, new Uint8Array([...v, 0]));
          v = hmac(sha256, k, v);
        }
        v = hmac(sha256, k, v);
        expect(bytesToHex(stream.next())).toBe(bytesToHex(v));
      }
    }
  });
});

// Each library call builds a context (~10 ms in 2.x): two per proof, a few hundred proofs.
describe('range-proof rewind in JavaScript, checked against secp256k1-zkp', { timeout: 180_000 }, () => {
  it("agrees with the library on 120 of Elements' 52-bit proofs, any value up to 2^52, and both refuse another nonce", async () => {
    const zkp = await loadZkp();
    const digits = new Set<string>();
    for (let i = 0; i < 120; i++) {
      // Mostly wallet-sized amounts; every tenth near the top of the range, where the last ring's digit is not zero.
      const value = i % 10 === 9 ? 2n ** 52n - BigInt(i) : (BigInt(`0x${bytesToHex(random32().subarray(0, 6))}`) % 2n ** 40n) + 1n;
      digits.add(`${value & 3n}:${value >> 50n}`);
      const s = sign(zkp, value, '1', 0, 52);
      const theirs = library(zkp, s);
      expect(theirs).not.toBeNull();
      expect(ours(s)).toEqual(theirs);
      expect(theirs!.value).toBe(value);
      expect(theirs!.message).toBe(s.message.toString('hex'));
      const otherNonce = random32();
      expect(ours(s, s.proof, otherNonce)).toBeNull();
      if (i % 20 === 0) expect(library(zkp, s, s.proof, otherNonce)).toBeNull();
    }
    // Ring 0's real member at each of its four places, and the last ring's at more than one.
    expect([0n, 1n, 2n, 3n].every((d) => [...digits].some((x) => x.startsWith(`${d}:`)))).toBe(true);
    expect([...digits].some((x) => !x.endsWith(':0'))).toBe(true);
  });

  it('agrees on every other shape the library signs: exact values, one- and two-member rings, decimal exponents, minimum values, 64 bits', async () => {
    const zkp = await loadZkp();
    const shapes: [bigint, string, number, number, number][] = [
      [77n, '77', -1, 0, 0], // exact value: one ring of one member, the blinder alone
      [0n, '0', -1, 0, 0],
      [77n, '77', 0, 0, 0], // mantissa 1: one ring of two members
      [3n, '1', 0, 2, 0], // one ring of four
      [500n, '100', 1, 10, 64],
      [10n ** 15n, '1', 3, 40, 64],
      [123_456_789n, '5', 2, 33, 64],
      [2n ** 63n + 12_345n, '0', 0, 64, 64],
      [1_000n, '1', 0, 51, 64], // an odd mantissa: the last ring has two members
    ];
    for (const [value, min, exp, bits, messageLength] of shapes) {
      for (let i = 0; i < 4; i++) {
        const s = sign(zkp, value, min, exp, bits, messageLength);
        const theirs = library(zkp, s);
        expect(theirs, `${value} ${min} ${exp} ${bits}`).not.toBeNull();
        expect(ours(s), `${value} ${min} ${exp} ${bits}`).toEqual(theirs);
        expect(ours(s, s.proof, random32())).toBeNull();
      }
    }
  });

  it('on proofs mutated byte by byte, opens what the library opens and anything else only where the opening holds the commitment', async () => {
    const zkp = await loadZkp();
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      const s = sign(zkp, BigInt(1_000 + i), '1', 0, 52);
      for (let j = 0; j < 8; j++) {
        const at = j === 0 ? i % 3 : Math.floor(Math.random() * s.proof.length); // the header, then anywhere
        const proof = Buffer.from(s.proof);
        proof[at] = proof[at]! ^ (1 << (j % 8));
        const theirs = library(zkp, s, proof);
        const mine = ours(s, proof);
        if (theirs) expect(mine).toEqual(theirs);
        if (mine) {
          // The ring signature is not checked here: what is returned must still open the commitment.
          const reopened = zkp.pedersen.commit(Buffer.from(mine.blinder, 'hex'), mine.value.toString(), s.generator);
          expect(zkp.pedersen.commitSerialize(reopened).toString('hex')).toBe(bytesToHex(s.commitmentBytes));
        } else refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses, as the library does, a proof with any s value of n or more or any ring commitment x of p or more (the ones it never reads too)', async () => {
    const zkp = await loadZkp();
    const { Fn, Fp } = secp256k1.Point;
    const be = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
    const s = sign(zkp, 1_234n, '1', 0, 52);
    expect(ours(s)).not.toBeNull();
    // 52 bits: 26 rings of 4, so 104 s values at the end, behind e0 and the 25 ring commitments' x.
    const sAt = (i: number) => s.proof.length - 32 * (104 - i);
    const xAt = (i: number) => s.proof.length - 32 * 104 - 32 - 32 * (25 - i);
    const cases: [number, bigint][] = [
      [sAt(0), Fn.ORDER],
      [sAt(51), Fn.ORDER + 1n],
      [sAt(103), (1n << 256n) - 1n],
      [sAt(77), Fn.ORDER + (1n << 100n)],
      [xAt(0), Fp.ORDER],
      [xAt(24), (1n << 256n) - 1n],
      [xAt(13), Fp.ORDER + 5n],
    ];
    for (const [at, x] of cases) {
      const proof = Buffer.from(s.proof);
      be(x).copy(proof, at);
      expect(ours(s, proof), `${at}: ${x.toString(16)}`).toBeNull();
      expect(library(zkp, s, proof), `${at}: ${x.toString(16)}`).toBeNull();
    }
  });

  it("refuses an honest proof presented with another output's commitment or generator", async () => {
    const zkp = await loadZkp();
    const a = sign(zkp, 5_000n, '1', 0, 52);
    const b = sign(zkp, 5_000n, '1', 0, 52);
    expect(ours({ ...a, commitment: b.commitment, commitmentBytes: b.commitmentBytes })).toBeNull();
    expect(ours({ ...a, generator: b.generator, generatorBytes: b.generatorBytes })).toBeNull();
    expect(library(zkp, { ...a, commitment: b.commitment })).toBeNull();
  });
});

/** RFC 6979 3.2 draws over @noble/hashes' HMAC, independent of Rfc6979Stream: what secp256k1_rangeproof_genrand sees. */
function rfc6979Draws(seed: Uint8Array, count: number): Uint8Array[] {
  let v = new Uint8Array(32).fill(1);
  let k = hmac(sha256, new Uint8Array(32), new Uint8Array([...v, 0, ...seed]));
  v = hmac(sha256, k, v);
  k = hmac(sha256, k, new Uint8Array([...v, 1, ...seed]));
  v = hmac(sha256, k, v);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      k = hmac(sha256, k, new Uint8Array([...v, 0]));
      v = hmac(sha256, k, v);
    }
    v = hmac(sha256, k, v);
    out.push(v);
  }
  return out;
}

/** secp256k1_rangeproof_serialize_point of a point in its 33-byte form: [y is not a square] || x. */
const rangeproofPoint = (b: Uint8Array) => Uint8Array.of(b[0]! & 1, ...b.subarray(1));

describe('range-proof rewind on hostile proofs', () => {
  it('refuses, without throwing, a value whose last digit points past a two-member last ring', () => {
    // A sender knows the nonce (it picked the ephemeral key), so it can hide any value pattern in the
    // last ring. One ring of two members (mantissa 1); the hidden value 2 or 3 names member 2 or 3.
    const generator = blindedAssetGenerator(TAGS[0]!, new Uint8Array(32));
    const commitment = serializeCommitment(valueCommitment(random32(), 1n, generator));
    const generatorForm = serializeGenerator(generator);
    const header = Uint8Array.of(0x40, 0x00); // a range, exponent 0, mantissa 1
    for (const hidden of [2n, 3n]) {
      const nonce = random32();
      const prep = rfc6979Draws(new Uint8Array([...nonce, ...rangeproofPoint(commitment), ...rangeproofPoint(generatorForm), ...header]), 2);
      const pattern = new Uint8Array(32);
      pattern[0] = 0x80;
      for (const at of [8, 16, 24]) new DataView(pattern.buffer).setBigUint64(at, hidden);
      const s1 = pattern.map((b, i) => b ^ prep[1]![i]!);
      const proof = new Uint8Array([...header, ...random32(), ...random32(), ...s1]); // e0, s0, s1
      expect(BigInt(`0x${bytesToHex(s1)}`) < secp256k1.Point.Fn.ORDER).toBe(true);
      const run = () => rewindRangeProof(proof, commitment, { point: generator, bytes: generatorForm }, nonce, new Uint8Array(22));
      expect(run).not.toThrow();
      expect(run()).toBeNull();
    }
  });

  it('opens a proof with no valid ring signature only to what the commitment holds: a hidden value that lies, or wraps past 2^64, gains nothing', () => {
    // The sender knows the nonce, so it can make the rewind recover any value and any blinder it likes
    // (here the commitment's true blinder): one ring of four (mantissa 2), the real member first.
    const N = secp256k1.Point.Fn.ORDER;
    const toNum = (b: Uint8Array) => BigInt(`0x${bytesToHex(b)}`);
    const to32 = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
    const generator = blindedAssetGenerator(TAGS[2]!, random32());
    const generatorForm = serializeGenerator(generator);
    const blinder = random32();
    const commitment = serializeCommitment(valueCommitment(blinder, 1_000n, generator));
    const script = new Uint8Array(22).fill(5);
    const craft = (exp: number, hidden: bigint) => {
      const header = Uint8Array.of(0x40 | exp, 1);
      const nonce = random32();
      const prep = rfc6979Draws(new Uint8Array([...nonce, ...rangeproofPoint(commitment), ...rangeproofPoint(generatorForm), ...header]), 4);
      const m = sha256(new Uint8Array([...rangeproofPoint(commitment), ...rangeproofPoint(generatorForm), ...header, ...script]));
      const e0 = random32();
      const e = toNum(sha256(new Uint8Array([...e0, ...m, 0, 0, 0, 0, 0, 0, 0, 0])));
      const pattern = new Uint8Array(32);
      pattern[0] = 0x80;
      for (const at of [8, 16, 24]) new DataView(pattern.buffer).setBigUint64(at, hidden);
      // Member 0 is real (hidden ≡ 0 mod 4): its s makes the rewind recover the chosen blinder.
      const s0 = (((toNum(prep[0]!) % N) - toNum(blinder) * e) % N + N) % N;
      const s3 = pattern.map((b, i) => b ^ prep[3]![i]!);
      const proof = new Uint8Array([...header, ...e0, ...to32(s0), ...random32(), ...random32(), ...s3]);
      return rewindRangeProof(proof, commitment, { point: generator, bytes: generatorForm }, nonce, script);
    };
    // The truth opens, though the ring signature is garbage: the commitment check is what holds.
    expect(craft(0, 1_000n)).toMatchObject({ value: 1_000n, blinder: Uint8Array.from(blinder) });
    // A lie about the value, with the same blinder: refused.
    expect(craft(0, 1_000_000n)).toBeNull();
    expect(craft(0, 2n ** 64n - 4n)).toBeNull();
    // 10 * (2^63 + 100) wraps to 1000 in 64 bits: the value reported is the committed one, nothing more.
    expect(craft(1, 2n ** 63n + 100n)).toMatchObject({ value: 1_000n });
  });

  it('never throws on proofs of every mantissa and exponent that hide an arbitrary 64-bit value pattern for our nonce', () => {
    const generator = blindedAssetGenerator(TAGS[1]!, random32());
    const commitment = serializeCommitment(valueCommitment(random32(), 7n, generator));
    const generatorForm = serializeGenerator(generator);
    for (let mantissa = 1; mantissa <= 64; mantissa++) {
      const exp = mantissa % 3; // where 10^exp * 2^mantissa passes 2^64 the header is refused early; the rest reach the rewind
      const header = Uint8Array.of(0x40 | exp, mantissa - 1);
      const rsizes = [...Array<number>(mantissa >> 1).fill(4), ...(mantissa & 1 ? [2] : [])];
      const rings = rsizes.length;
      const npub = rsizes.reduce((a, b) => a + b, 0);
      const nonce = random32();
      // genrand: two draws per ring before the last (a skipped one, then its secret), then one per member.
      const draws = rfc6979Draws(new Uint8Array([...nonce, ...rangeproofPoint(commitment), ...rangeproofPoint(generatorForm), ...header]), 2 * (rings - 1) + npub);
      const prep: Uint8Array[] = [];
      let d = 0;
      rsizes.forEach((size, i) => {
        if (i < rings - 1) d += 2;
        for (let j = 0; j < size; j++) prep.push(draws[d++]!);
      });
      const pattern = new Uint8Array(32);
      pattern[0] = 0x80;
      const hidden = BigInt(`0x${bytesToHex(random32().subarray(0, 8))}`);
      for (const at of [8, 16, 24]) new DataView(pattern.buffer).setBigUint64(at, hidden);
      const s = Array.from({ length: npub }, () => random32() as Uint8Array);
      s[npub - 1 - (mantissa % 2)] = pattern.map((b, i) => b ^ prep[npub - 1 - (mantissa % 2)]![i]!);
      const signBytes = new Uint8Array((rings + 6) >> 3);
      const ringX = Array.from({ length: rings - 1 }, () => secp256k1.getPublicKey(random32(), true).subarray(1));
      const proof = new Uint8Array([...header, ...signBytes, ...ringX.flatMap((x) => [...x]), ...random32(), ...s.flatMap((v) => [...v])]);
      const run = () => rewindRangeProof(proof, commitment, { point: generator, bytes: generatorForm }, nonce, new Uint8Array(22));
      expect(run, `mantissa ${mantissa}`).not.toThrow();
      expect(run(), `mantissa ${mantissa}`).toBeNull();
    }
  });
});
