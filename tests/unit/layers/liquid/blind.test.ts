/**
 * Blinding a send with one library call per output (its range proof): the commitments and
 * serializations done in JavaScript agree with secp256k1-zkp, and what we build
 * verifies with the library's own range-proof, surjection-proof and balance checks.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  balancingValueBlinder,
  blindOutputs,
  initializeSurjectionProof,
  serializeSurjectionProof,
  type BlindingInput,
  type OutputSpec,
} from '../../../../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { blindedAssetGenerator, commitmentBytes, generatorBytes, openedCommitment, serializeCommitment, valueCommitment } from '../../../../src/layers/liquid/commitments';
import { assetIdToBytes, explicitValue } from '../../../../src/layers/liquid/encoding';
import { unblindOutput } from '../../../../src/layers/liquid/unblind';
import { loadZkp } from '../../../../src/layers/liquid/zkp';
import { countingZkp } from '../../../helpers/zkp-calls';

const LBTC = ELEMENTS_REGTEST.policyAsset;
const TEST = 'bb'.repeat(32);
const SCRIPT = new Uint8Array([0, 20, ...new Uint8Array(20).fill(9)]);
const scalar = () => Buffer.from(secp256k1.utils.randomSecretKey());

describe('commitments in JavaScript', () => {
  it('value commitments and their serialization agree with the library, for both parities and a zero value', async () => {
    const zkp = await loadZkp();
    const prefixes = new Set<number>();
    // Each parity is a coin toss: past 24 until both were seen (24 alone miss one 1 in 8 million runs).
    for (let i = 0; i < 24 || (i < 240 && prefixes.size < 2); i++) {
      const gen = blindedAssetGenerator(scalar(), scalar());
      const vbf = scalar();
      const value = i === 0 ? 0n : BigInt(i) * 123_456_789n;
      const theirs = zkp.pedersen.commit(vbf, value.toString(), generatorBytes(gen));
      const ours = valueCommitment(vbf, value, gen);
      const serialized = serializeCommitment(ours);
      prefixes.add(serialized[0]!);
      expect(bytesToHex(serialized)).toBe(bytesToHex(zkp.pedersen.commitSerialize(theirs)));
      // Range proofs are deterministic given their inputs: ours and the library's commitment sign the same proof.
      if (i < 3) {
        const nonce = scalar();
        const sign = (c: Buffer) => zkp.rangeproof.sign(c, vbf, nonce, value.toString(), generatorBytes(gen), value === 0n ? '0' : '1', 0, 52, Buffer.alloc(64, 1), Buffer.from(SCRIPT));
        expect(bytesToHex(sign(commitmentBytes(ours)))).toBe(bytesToHex(sign(theirs)));
      }
    }
    expect([...prefixes].sort()).toEqual([0x08, 0x09]);
    expect(() => valueCommitment(new Uint8Array(32).fill(0xff), 1n, blindedAssetGenerator(scalar(), scalar()))).toThrow();
  });

  it('the commitment from the tables ((vbf + value·abf)·G + value·H(tag)) is the library\'s commit under H(tag) + abf·G', async () => {
    const zkp = await loadZkp();
    for (let i = 0; i < 16; i++) {
      const tag = scalar();
      const abf = i === 1 ? Buffer.alloc(32) : scalar(); // an explicit asset's generator: abf zero
      const vbf = scalar();
      const value = i === 0 ? 0n : i === 2 ? 2n ** 64n - 1n : BigInt(i) * 987_654_321n;
      const theirs = zkp.pedersen.commit(vbf, value.toString(), generatorBytes(blindedAssetGenerator(tag, abf)));
      const ours = openedCommitment(tag, abf, bytesToNumberBE(vbf), value);
      expect(bytesToHex(serializeCommitment(ours))).toBe(bytesToHex(zkp.pedersen.commitSerialize(theirs)));
    }
    expect(() => openedCommitment(scalar(), new Uint8Array(32).fill(0xff), 1n, 1n)).toThrow();
    expect(() => openedCommitment(scalar(), scalar(), 1n, 2n ** 64n)).toThrow();
  });

  it('serializes a surjection proof as the library does', async () => {
    const zkp = await loadZkp();
    const tags = [scalar(), scalar(), scalar()];
    const abfs = [scalar(), scalar(), scalar()];
    const gens = tags.map((t, i) => generatorBytes(blindedAssetGenerator(t, abfs[i]!)));
    for (const used of [1, 2, 3]) {
      const outAbf = scalar();
      const init = zkp.surjectionproof.initialize(tags, used, tags[1]!, 100, scalar());
      const proof = zkp.surjectionproof.generate(init.proof, gens, generatorBytes(blindedAssetGenerator(tags[1]!, outAbf)), init.inputIndex, abfs[init.inputIndex]!, outAbf);
      expect(bytesToHex(serializeSurjectionProof(proof))).toBe(bytesToHex(zkp.surjectionproof.serialize(proof)));
    }
  });
});

describe('choosing the surjection proof inputs', () => {
  it('uses three random inputs out of more, always one of the output asset, and the library proves and verifies over them', async () => {
    const zkp = await loadZkp();
    const tags = [scalar(), scalar(), scalar(), scalar(), scalar(), scalar()];
    tags[4] = Buffer.from(tags[1]!); // two inputs of the output's asset
    const abfs = tags.map(() => scalar());
    const gens = tags.map((t, i) => generatorBytes(blindedAssetGenerator(t, abfs[i]!)));
    const seen = new Set<number>();
    for (let round = 0; round < 40; round++) {
      const init = initializeSurjectionProof(tags, tags[1]!, scalar());
      const used = tags.flatMap((_, i) => (init.proof.usedInputs[i >> 3]! & (1 << (i & 7)) ? [i] : []));
      expect(used).toHaveLength(3);
      expect(used).toContain(init.inputIndex);
      expect([1, 4]).toContain(init.inputIndex);
      used.forEach((i) => seen.add(i));
      if (round < 4) {
        const outAbf = scalar();
        const outGen = generatorBytes(blindedAssetGenerator(tags[1]!, outAbf));
        const proof = zkp.surjectionproof.generate(init.proof, gens, outGen, init.inputIndex, abfs[init.inputIndex]!, outAbf);
        expect(zkp.surjectionproof.verify(zkp.surjectionproof.parse(Buffer.from(serializeSurjectionProof(proof))), gens, outGen)).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // The same seed chooses the same inputs; no input of the asset: refused.
    const seed = scalar();
    expect(initializeSurjectionProof(tags, tags[1]!, seed)).toEqual(initializeSurjectionProof(tags, tags[1]!, seed));
    expect(() => initializeSurjectionProof(tags, scalar(), seed)).toThrow(/no input/);
  });
});

describe('the balancing value blinder', () => {
  it('is what the library solves (pedersen.blindGeneratorBlindSum) for 1 to 4 inputs and outputs, zero blinders included', async () => {
    const zkp = await loadZkp();
    const blinders = (n: number, zero: boolean) => Array.from({ length: n }, (_, i) => (zero && i === 0 ? Buffer.alloc(32) : scalar()));
    for (let round = 0; round < 16; round++) {
      const nIn = 1 + (round % 4);
      const nOut = 1 + ((round >> 2) % 4);
      const values = Array.from({ length: nIn + nOut }, (_, i) => (i === 0 && round % 3 === 0 ? 2n ** 64n - 1n : BigInt(1 + round * 1_000 + i)));
      const abfs = blinders(nIn + nOut, round % 2 === 0);
      const vbfs = blinders(nIn + nOut, round % 2 === 1);
      const side = (from: number, to: number) => values.slice(from, to).map((value, i) => ({ value, assetBlinder: abfs[from + i]!, valueBlinder: vbfs[from + i]! }));
      const ours = balancingValueBlinder(side(0, nIn), side(nIn, nIn + nOut));
      const theirs = zkp.pedersen.blindGeneratorBlindSum(values.map(String), nIn, abfs, vbfs.slice(0, -1));
      expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
    }
    const tooBig = [{ value: 1n, assetBlinder: Buffer.alloc(32, 0xff), valueBlinder: scalar() }];
    expect(() => balancingValueBlinder(tooBig, [{ value: 1n, assetBlinder: scalar(), valueBlinder: scalar() }])).toThrow(/out of range/);
  });
});

describe('blinding a send', () => {
  it('builds outputs that verify with the library and balance, with one library call per blinded output (its range proof)', async () => {
    const real = await loadZkp();
    const inputs: BlindingInput[] = [
      { asset: LBTC, value: 80_000n, assetBlinder: scalar(), valueBlinder: scalar() },
      { asset: TEST, value: 500n, assetBlinder: scalar(), valueBlinder: scalar() },
    ];
    const keys = [secp256k1.utils.randomSecretKey(), secp256k1.utils.randomSecretKey(), secp256k1.utils.randomSecretKey()];
    const fee = 300n;
    const specs: OutputSpec[] = [
      { script: SCRIPT, asset: LBTC, value: 50_000n, blindingKey: secp256k1.getPublicKey(keys[0]!, true) },
      { script: SCRIPT, asset: TEST, value: 500n, blindingKey: secp256k1.getPublicKey(keys[1]!, true) },
      { script: SCRIPT, asset: LBTC, value: 80_000n - 50_000n - fee, blindingKey: secp256k1.getPublicKey(keys[2]!, true) },
    ];
    blindOutputs(real, inputs, specs); // the asset generators are hashed to the curve once per worker
    const { zkp, calls } = countingZkp(real);
    const outs = blindOutputs(zkp, inputs, specs);
    expect(calls).toEqual(['rangeproof.sign', 'rangeproof.sign', 'rangeproof.sign']);

    const inputGens = inputs.map((i) => real.generator.generateBlinded(Buffer.from(assetIdToBytes(i.asset)), Buffer.from(i.assetBlinder)));
    const inputCommits = inputs.map((i, n) => real.pedersen.commitSerialize(real.pedersen.commit(Buffer.from(i.valueBlinder), i.value.toString(), inputGens[n]!)));
    for (const [i, out] of outs.entries()) {
      const gen = real.generator.parse(Buffer.from(out.asset));
      expect(real.rangeproof.verify(real.pedersen.commitParse(Buffer.from(out.value)), Buffer.from(out.rangeProof), gen, Buffer.from(out.script))).toBe(true);
      expect(real.surjectionproof.verify(real.surjectionproof.parse(Buffer.from(out.surjectionProof)), inputGens, gen)).toBe(true);
      expect(unblindOutput(out, keys[i]!)).toMatchObject({ asset: specs[i]!.asset, value: specs[i]!.value });
    }
    // Inputs = outputs + the explicit fee, per asset, under the blinding.
    const feeCommit = real.pedersen.commitSerialize(real.pedersen.commit(Buffer.alloc(32), fee.toString(), real.generator.generate(Buffer.from(assetIdToBytes(LBTC)))));
    expect(real.pedersen.verifySum(inputCommits, [...outs.map((o) => Buffer.from(o.value)), feeCommit])).toBe(true);
    expect(explicitValue(fee)[0]).toBe(1);
  });
});
