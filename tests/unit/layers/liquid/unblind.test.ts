/**
 * Opening confidential outputs without WebAssembly: the generator helpers
 * agree with secp256k1-zkp byte for byte, our unblinding agrees with
 * liquidjs-lib's `confidential.unblindOutputWithKey` on outputs we blind, and a
 * forged asset commitment is still refused.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as confidential from 'liquidjs-lib/src/confidential';
import { describe, expect, it } from 'vitest';
import { blindOutputs, type OutputSpec } from '../../../../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { assetIdToBytes, explicitAsset } from '../../../../src/layers/liquid/encoding';
import { blindedAssetGenerator, generatorBytes, parseGenerator, serializeGenerator } from '../../../../src/layers/liquid/commitments';
import { rewindNonce, unblindOutput, ZERO32, type RawOutput } from '../../../../src/layers/liquid/unblind';
import { loadZkp } from '../../../../src/layers/liquid/zkp';
import { countingZkp } from '../../../helpers/zkp-calls';

const LBTC = ELEMENTS_REGTEST.policyAsset;
const TEST = 'aa'.repeat(32);
const SCRIPT = new Uint8Array([0, 20, ...new Uint8Array(20).fill(7)]);

function receiver() {
  const key = secp256k1.utils.randomSecretKey();
  return { key, pub: secp256k1.getPublicKey(key, true) };
}

describe('asset generators in JavaScript', () => {
  it('parse, serialize and the 64-byte form agree with secp256k1-zkp on blinded generators of both parities', async () => {
    const zkp = await loadZkp();
    const prefixes = new Set<number>();
    // Each parity is a coin toss: past 24 until both were seen (24 alone miss one 1 in 8 million runs).
    for (let i = 0; i < 24 || (i < 240 && prefixes.size < 2); i++) {
      const tag = Buffer.from(secp256k1.utils.randomSecretKey());
      const abf = Buffer.from(secp256k1.utils.randomSecretKey());
      const theirs = zkp.generator.generateBlinded(tag, abf);
      const serialized = Uint8Array.from(zkp.generator.serialize(theirs));
      prefixes.add(serialized[0]!);
      const ours = blindedAssetGenerator(tag, abf);
      expect(bytesToHex(generatorBytes(ours))).toBe(bytesToHex(theirs));
      expect(bytesToHex(serializeGenerator(ours))).toBe(bytesToHex(serialized));
      expect(bytesToHex(generatorBytes(parseGenerator(serialized)))).toBe(bytesToHex(zkp.generator.parse(Buffer.from(serialized))));
    }
    expect([...prefixes].sort()).toEqual([0x0a, 0x0b]);
  });

  it('refuses what is not a generator', () => {
    expect(() => parseGenerator(new Uint8Array(33).fill(0x0a))).toThrow(); // x = 0x0a0a…: not on the curve
    expect(() => parseGenerator(Uint8Array.from([0x02, ...secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true).slice(1)]))).toThrow();
  });

  it('derives the rewind nonce as Elements does (SHA256 of secp256k1_ecdh, itself SHA256 of the compressed point)', async () => {
    const zkp = await loadZkp();
    const a = receiver();
    const b = receiver();
    const viaLibrary = sha256(zkp.ecdh(Buffer.from(b.pub), Buffer.from(a.key)));
    expect(bytesToHex(rewindNonce(b.pub, a.key))).toBe(bytesToHex(viaLibrary));
    expect(bytesToHex(rewindNonce(a.pub, b.key))).toBe(bytesToHex(viaLibrary));
  });
});

describe('unblinding', () => {
  it('agrees with liquidjs-lib unblindOutputWithKey on outputs we blind, for two assets and explicit-asset outputs', async () => {
    const zkp = await loadZkp();
    const inputs = [
      { asset: LBTC, value: 5_000_000n, assetBlinder: ZERO32, valueBlinder: ZERO32 },
      { asset: TEST, value: 700n, assetBlinder: Uint8Array.from(secp256k1.utils.randomSecretKey()), valueBlinder: Uint8Array.from(secp256k1.utils.randomSecretKey()) },
    ];
    const rx = [receiver(), receiver(), receiver()];
    const specs: OutputSpec[] = [
      { script: SCRIPT, asset: LBTC, value: 1_234_567n, blindingKey: rx[0]!.pub },
      { script: SCRIPT, asset: TEST, value: 700n, blindingKey: rx[1]!.pub },
      { script: SCRIPT, asset: LBTC, value: 5_000_000n - 1_234_567n, blindingKey: rx[2]!.pub },
    ];
    const outs = blindOutputs(zkp, inputs, specs);
    for (const [i, out] of outs.entries()) {
      const ours = unblindOutput(out, rx[i]!.key)!;
      const theirs = await confidential.unblindOutputWithKey(
        { script: Buffer.from(out.script), asset: Buffer.from(out.asset), value: Buffer.from(out.value), nonce: Buffer.from(out.nonce), rangeProof: Buffer.from(out.rangeProof) },
        Buffer.from(rx[i]!.key),
      );
      expect(ours.value).toBe(BigInt(theirs.value));
      expect(ours.value).toBe(specs[i]!.value);
      expect(bytesToHex(assetIdToBytes(ours.asset))).toBe(bytesToHex(theirs.asset));
      expect(bytesToHex(ours.assetBlinder)).toBe(bytesToHex(theirs.assetBlindingFactor));
      expect(bytesToHex(ours.valueBlinder)).toBe(bytesToHex(theirs.valueBlindingFactor));
    }

    // An output with an explicit asset and a confidential value (the asset tag is its generator).
    const tag = Buffer.from(assetIdToBytes(TEST));
    const gen = zkp.generator.generate(tag);
    const vbf = Buffer.from(secp256k1.utils.randomSecretKey());
    const eph = secp256k1.utils.randomSecretKey();
    const nonce = rewindNonce(rx[0]!.pub, eph);
    const commit = zkp.pedersen.commit(vbf, '4321', gen);
    const proof = zkp.rangeproof.sign(commit, vbf, Buffer.from(nonce), '4321', gen, '1', 0, 52, Buffer.concat([tag, Buffer.from(ZERO32)]), Buffer.from(SCRIPT));
    const mixed: RawOutput = { script: SCRIPT, asset: explicitAsset(TEST), value: Uint8Array.from(zkp.pedersen.commitSerialize(commit)), nonce: secp256k1.getPublicKey(eph, true), rangeProof: Uint8Array.from(proof) };
    expect(unblindOutput(mixed, rx[0]!.key)).toMatchObject({ asset: TEST, value: 4321n, confidential: true });
    expect(bytesToHex(unblindOutput(mixed, rx[0]!.key)!.valueBlinder)).toBe(bytesToHex(vbf));
  });

  it('refuses a proof whose message names another asset than the commitment carries', async () => {
    const zkp = await loadZkp();
    const rx = receiver();
    const tag = Buffer.from(assetIdToBytes(TEST));
    const abf = Buffer.from(secp256k1.utils.randomSecretKey());
    const vbf = Buffer.from(secp256k1.utils.randomSecretKey());
    const gen = zkp.generator.generateBlinded(tag, abf);
    const eph = secp256k1.utils.randomSecretKey();
    const nonce = Buffer.from(rewindNonce(rx.pub, eph));
    const commit = zkp.pedersen.commit(vbf, '900', gen);
    const lie = Buffer.concat([Buffer.from(assetIdToBytes(LBTC)), abf]); // a TEST output claiming to be L-BTC
    const proof = zkp.rangeproof.sign(commit, vbf, nonce, '900', gen, '1', 0, 52, lie, Buffer.from(SCRIPT));
    const out: RawOutput = { script: SCRIPT, asset: Uint8Array.from(zkp.generator.serialize(gen)), value: Uint8Array.from(zkp.pedersen.commitSerialize(commit)), nonce: secp256k1.getPublicKey(eph, true), rangeProof: Uint8Array.from(proof) };
    expect(unblindOutput(out, rx.key)).toBeNull();
    // The same output with a truthful message opens.
    const honest = zkp.rangeproof.sign(commit, vbf, nonce, '900', gen, '1', 0, 52, Buffer.concat([tag, abf]), Buffer.from(SCRIPT));
    expect(unblindOutput({ ...out, rangeProof: Uint8Array.from(honest) }, rx.key)).toMatchObject({ asset: TEST, value: 900n });
  });

  it('gives an explicit-asset output the zero asset blinder its generator has, whatever blinder the message claims, so spending it verifies', async () => {
    // Anyone paying us can put any 32 bytes after the asset id in the range proof's message; consensus never reads them.
    const zkp = await loadZkp();
    const rx = receiver();
    const tag = Buffer.from(assetIdToBytes(TEST));
    const gen = zkp.generator.generate(tag);
    for (const claimed of [Buffer.from(secp256k1.utils.randomSecretKey()), Buffer.alloc(32, 0xff)]) {
      const vbf = Buffer.from(secp256k1.utils.randomSecretKey());
      const eph = secp256k1.utils.randomSecretKey();
      const commit = zkp.pedersen.commit(vbf, '6000', gen);
      const proof = zkp.rangeproof.sign(commit, vbf, Buffer.from(rewindNonce(rx.pub, eph)), '6000', gen, '1', 0, 52, Buffer.concat([tag, claimed]), Buffer.from(SCRIPT));
      const out: RawOutput = { script: SCRIPT, asset: explicitAsset(TEST), value: Uint8Array.from(zkp.pedersen.commitSerialize(commit)), nonce: secp256k1.getPublicKey(eph, true), rangeProof: Uint8Array.from(proof) };
      const opened = unblindOutput(out, rx.key)!;
      expect(opened).toMatchObject({ asset: TEST, value: 6000n, confidential: true });
      expect(bytesToHex(opened.assetBlinder)).toBe(bytesToHex(ZERO32));
      // Spent: the surjection proof must hold against the generator the output really has, H(tag), and the sums balance.
      const to = receiver();
      const [built] = blindOutputs(zkp, [opened], [{ script: SCRIPT, asset: TEST, value: 6000n, blindingKey: to.pub }]);
      const outGen = zkp.generator.parse(Buffer.from(built!.asset));
      expect(zkp.surjectionproof.verify(zkp.surjectionproof.parse(Buffer.from(built!.surjectionProof)), [gen], outGen)).toBe(true);
      expect(zkp.pedersen.verifySum([zkp.pedersen.commitSerialize(commit)], [Buffer.from(built!.value)])).toBe(true);
      // The message must still name the explicit asset.
      const lie = zkp.rangeproof.sign(commit, vbf, Buffer.from(rewindNonce(rx.pub, eph)), '6000', gen, '1', 0, 52, Buffer.concat([Buffer.from(assetIdToBytes(LBTC)), claimed]), Buffer.from(SCRIPT));
      expect(unblindOutput({ ...out, rangeProof: Uint8Array.from(lie) }, rx.key)).toBeNull();
    }
  });

  it('opens confidential outputs without a library call: the range proof is rewound in JavaScript', async () => {
    const real = await loadZkp();
    const rx = receiver();
    const outs = blindOutputs(real, [{ asset: TEST, value: 2_000n, assetBlinder: ZERO32, valueBlinder: ZERO32 }], [
      { script: SCRIPT, asset: TEST, value: 1_000n, blindingKey: rx.pub },
      { script: SCRIPT, asset: TEST, value: 1_000n, blindingKey: rx.pub },
    ]);
    const { zkp, calls } = countingZkp(real);
    expect(unblindOutput(outs[0]!, rx.key)).toMatchObject({ value: 1_000n });
    expect(unblindOutput(outs[1]!, rx.key)).toMatchObject({ value: 1_000n });
    expect(calls).toEqual([]);
  });
});

describe('the rewind nonce (ECDH) in JavaScript', () => {
  it("equals SHA256(SHA256(noble's getSharedSecret)) for keys of both parities, and refuses what noble refuses", () => {
    const parities = new Set<number>();
    for (let i = 0; i < 24 || (i < 240 && parities.size < 2); i++) {
      const a = receiver();
      const b = receiver();
      parities.add(b.pub[0]!);
      expect(bytesToHex(rewindNonce(b.pub, a.key))).toBe(bytesToHex(sha256(sha256(secp256k1.getSharedSecret(a.key, b.pub, true)))));
    }
    expect([...parities].sort()).toEqual([2, 3]);
    const key = receiver().key;
    const offCurve = Uint8Array.from([0x02, ...new Uint8Array(31), 5]); // x = 5: 5^3 + 7 = 132 is not a square mod p
    const xAtP = Uint8Array.from([0x03, ...secp256k1.Point.Fp.toBytes(secp256k1.Point.Fp.ORDER - 1n)]);
    xAtP.fill(0xff, 1);
    const badPrefix = Uint8Array.from([0x04, ...receiver().pub.subarray(1)]);
    for (const bad of [offCurve, xAtP, badPrefix, new Uint8Array(33)]) {
      expect(() => secp256k1.getSharedSecret(key, bad, true)).toThrow();
      expect(() => rewindNonce(bad, key)).toThrow();
    }
    expect(() => rewindNonce(receiver().pub, new Uint8Array(32))).toThrow(); // the zero key
  });
});
