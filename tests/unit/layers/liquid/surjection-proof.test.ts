/**
 * The surjection proof signed in JavaScript against secp256k1-zkp's
 * surjectionproof.generate: byte for byte the same proof (both are deterministic)
 * over one to three used inputs out of up to six, the real input anywhere in the
 * ring, and verified by the library; the library's refusals are refusals here.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { initializeSurjectionProof } from '../../../../src/layers/liquid/blind';
import { blindedAssetGenerator, generatorBytes } from '../../../../src/layers/liquid/commitments';
import { generateSurjectionProof } from '../../../../src/layers/liquid/surjection-proof';
import { loadZkp } from '../../../../src/layers/liquid/zkp';

const scalar = () => Buffer.from(secp256k1.utils.randomSecretKey());

describe('surjection proof in JavaScript, checked against secp256k1-zkp', { timeout: 120_000 }, () => {
  it('is the proof the library generates, and the library verifies it, over 1 to 6 inputs with the real one anywhere', async () => {
    const zkp = await loadZkp();
    const places = new Set<string>();
    // The real input's place in the ring is random: rounds go on past 24 until each place below
    // was seen (24 alone missed one about once in 200 runs), bounded so a place never taken fails.
    const wanted = ['1:0', '3:0', '3:1', '3:2'];
    for (let round = 0; round < 24 || (round < 240 && !wanted.every((p) => places.has(p))); round++) {
      const n = 1 + (round % 6);
      const tags = Array.from({ length: n }, () => scalar());
      const target = round % n;
      if (n > 3) tags[(target + 3) % n] = Buffer.from(tags[target]!); // a second input of the output's asset
      const abfs = tags.map(() => scalar());
      const gens = tags.map((t, i) => blindedAssetGenerator(t, abfs[i]!));
      const outAbf = scalar();
      const outGen = blindedAssetGenerator(tags[target]!, outAbf);
      const init = initializeSurjectionProof(tags, tags[target]!, scalar());
      const used = tags.flatMap((_, i) => (init.proof.usedInputs[i >> 3]! & (1 << (i & 7)) ? [i] : []));
      places.add(`${used.length}:${used.indexOf(init.inputIndex)}`);

      const ours = generateSurjectionProof(gens, outGen, init.proof, init.inputIndex, abfs[init.inputIndex]!, outAbf);
      const theirs = zkp.surjectionproof.generate(init.proof, gens.map(generatorBytes), generatorBytes(outGen), init.inputIndex, abfs[init.inputIndex]!, outAbf);
      expect(bytesToHex(ours.data)).toBe(bytesToHex(theirs.data.subarray(0, ours.data.length)));
      expect(ours.data.length).toBe(32 * (1 + used.length));
      const parsed = { nInputs: ours.nInputs, usedInputs: Buffer.from(ours.usedInputs), data: Buffer.concat([ours.data, Buffer.alloc(32 * 257 - ours.data.length)]) };
      expect(zkp.surjectionproof.verify(parsed, gens.map(generatorBytes), generatorBytes(outGen))).toBe(true);
    }
    // The real input first, middle and last of a three-member ring, and alone.
    for (const p of wanted) expect(places).toContain(p);
  });

  it('is the library\'s proof, and verifies, when the wallet spends more than eight coins (the used-inputs bitmap past its first byte)', async () => {
    const zkp = await loadZkp();
    for (const n of [9, 17, 40]) {
      const tags = Array.from({ length: n }, () => scalar());
      const target = n - 1;
      tags[n - 5] = Buffer.from(tags[target]!);
      const abfs = tags.map(() => scalar());
      const gens = tags.map((t, i) => blindedAssetGenerator(t, abfs[i]!));
      const outAbf = scalar();
      const outGen = blindedAssetGenerator(tags[target]!, outAbf);
      // Only the two inputs of the output's asset, both past index 7, make the ring here.
      const usedInputs = Buffer.alloc(32);
      for (const i of [n - 5, target]) usedInputs[i >> 3]! |= 1 << (i & 7);
      const init = { nInputs: n, usedInputs, data: Buffer.alloc(32 * 257) };
      for (const inputIndex of [n - 5, target]) {
        const ours = generateSurjectionProof(gens, outGen, init, inputIndex, abfs[inputIndex]!, outAbf);
        const theirs = zkp.surjectionproof.generate(init, gens.map(generatorBytes), generatorBytes(outGen), inputIndex, abfs[inputIndex]!, outAbf);
        expect(bytesToHex(ours.data)).toBe(bytesToHex(theirs.data.subarray(0, 96)));
        const parsed = { nInputs: n, usedInputs: Buffer.from(ours.usedInputs), data: Buffer.concat([ours.data, Buffer.alloc(32 * 257 - ours.data.length)]) };
        expect(zkp.surjectionproof.verify(parsed, gens.map(generatorBytes), generatorBytes(outGen))).toBe(true);
      }
    }
  });

  it('refuses what the library refuses: a blinder out of range, an input generator equal to the output one', async () => {
    const zkp = await loadZkp();
    const tags = [scalar(), scalar()];
    const abfs = [scalar(), scalar()];
    const gens = tags.map((t, i) => blindedAssetGenerator(t, abfs[i]!));
    const init = initializeSurjectionProof(tags, tags[0]!, scalar());
    const outAbf = scalar();
    const outGen = blindedAssetGenerator(tags[0]!, outAbf);
    const tooBig = Buffer.alloc(32, 0xff);
    expect(() => generateSurjectionProof(gens, outGen, init.proof, init.inputIndex, abfs[init.inputIndex]!, tooBig)).toThrow();
    expect(() => zkp.surjectionproof.generate(init.proof, gens.map(generatorBytes), generatorBytes(outGen), init.inputIndex, abfs[init.inputIndex]!, tooBig)).toThrow();
    // The output reusing input 0's blinder: its generator equals that input's.
    const same = blindedAssetGenerator(tags[0]!, abfs[0]!);
    const init0 = { ...init.proof, usedInputs: Buffer.from([1, ...new Uint8Array(31)]) };
    expect(() => generateSurjectionProof(gens, same, init0, 0, abfs[0]!, abfs[0]!)).toThrow(/equals/);
    expect(() => zkp.surjectionproof.generate(init0, gens.map(generatorBytes), generatorBytes(same), 0, abfs[0]!, abfs[0]!)).toThrow();
  });

  it('refuses to sign with an input blinder that does not make that input\'s generator (Elements verifies after generating): no proof a node would refuse leaves', async () => {
    const zkp = await loadZkp();
    const tags = [scalar(), scalar()];
    const abfs = [scalar(), scalar()];
    const gens = tags.map((t, i) => blindedAssetGenerator(t, abfs[i]!));
    const outAbf = scalar();
    const outGen = blindedAssetGenerator(tags[0]!, outAbf);
    const init = { nInputs: 2, usedInputs: Buffer.from([3, ...new Uint8Array(31)]), data: Buffer.alloc(32 * 257) };
    // The library signs whatever it is given, and what it signs then fails its own verification.
    const libraryProof = zkp.surjectionproof.generate(init, gens.map(generatorBytes), generatorBytes(outGen), 0, abfs[1]!, outAbf);
    expect(zkp.surjectionproof.verify(libraryProof, gens.map(generatorBytes), generatorBytes(outGen))).toBe(false);
    expect(() => generateSurjectionProof(gens, outGen, init, 0, abfs[1]!, outAbf)).toThrow(/do not open/);
    expect(() => generateSurjectionProof(gens, outGen, init, 0, new Uint8Array(32), outAbf)).toThrow(/do not open/);
    // An input of another asset at the index: the same refusal.
    expect(() => generateSurjectionProof(gens, outGen, init, 1, abfs[1]!, outAbf)).toThrow(/do not open/);
    expect(() => generateSurjectionProof(gens, outGen, init, 0, abfs[0]!, outAbf)).not.toThrow();
  });
});
