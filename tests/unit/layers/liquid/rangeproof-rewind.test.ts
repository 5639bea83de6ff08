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
    for (const seedLength of [32 + 33 + 33 + 2, 32 + 33 + 33 + 10, 1]) {
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

  it("refuses an honest proof presented with another output's commitment or generator", async () => {
    const zkp = await loadZkp();
    const a = sign(zkp, 5_000n, '1', 0, 52);
    const b = sign(zkp, 5_000n, '1', 0, 52);
    expect(ours({ ...a, commitment: b.commitment, commitmentBytes: b.commitmentBytes })).toBeNull();
    expect(ours({ ...a, generator: b.generator, generatorBytes: b.generatorBytes })).toBeNull();
    expect(library(zkp, { ...a, commitment: b.commitment })).toBeNull();
  });
});
