/**
 * Blinding the outputs of a send, as Elements does: each confidential output gets
 * a random asset blinder and value blinder, an asset commitment with a surjection
 * proof (it is one of the inputs' assets), a value commitment with a range proof
 * that the receiver can rewind (nonce = SHA256 of ECDH between an ephemeral key
 * and the receiver's blinding key), and the last value blinder is solved so that
 * input and output commitments balance. Outputs without a blinding key stay
 * explicit.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, equalBytes, numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { blindedAssetGenerator, commitmentBytes, generatorBytes, openedCommitment, serializeCommitment, serializeGenerator } from './commitments';
import { publicKeyConstantTime } from '../curve/constant-time-multiply';
import { assetIdToBytes, explicitAsset, explicitValue } from './encoding';
import { generateSurjectionProof } from './surjection-proof';
import { rewindNonce, ZERO32 } from './unblind';
import { buf, type ZKP } from './zkp';

/** An input as the blinder needs it: its opened asset, value and blinders. */
export interface BlindingInput {
  asset: string;
  value: bigint;
  assetBlinder: Uint8Array;
  valueBlinder: Uint8Array;
}

export interface OutputSpec {
  script: Uint8Array;
  asset: string;
  value: bigint;
  /** Receiver's blinding public key; absent: an explicit output. */
  blindingKey?: Uint8Array;
}

export interface BuiltOutput {
  script: Uint8Array;
  asset: Uint8Array;
  value: Uint8Array;
  nonce: Uint8Array;
  rangeProof: Uint8Array;
  surjectionProof: Uint8Array;
}

/** Elements' default number of private bits in a range proof (`-ct_bits`). */
export const CT_BITS = 52;
const SURJECTION_MAX_INPUTS = 3;
const SURJECTION_MAX_ITERATIONS = 100;
/** SECP256K1_SURJECTIONPROOF_MAX_N_INPUTS (the size of the used-inputs bitmap and data). */
const SURJECTION_MAX_N_INPUTS = 256;

export interface BlindingRandomness {
  /** A fresh valid secp256k1 scalar (blinders, ephemeral keys, seeds). */
  scalar(): Uint8Array;
}

const Fn = secp256k1.Point.Fn;

export const secureRandomness: BlindingRandomness = { scalar: () => secp256k1.utils.randomSecretKey() };

export function blindOutputs(
  zkp: ZKP,
  inputs: readonly BlindingInput[],
  outputs: readonly OutputSpec[],
  random: BlindingRandomness = secureRandomness,
): BuiltOutput[] {
  const blindedIdx = outputs.flatMap((o, i) => (o.blindingKey ? [i] : []));
  const assetBlinders = outputs.map((o) => (o.blindingKey ? random.scalar() : ZERO32));
  const valueBlinders = outputs.map((o) => (o.blindingKey ? random.scalar() : ZERO32));

  const last = blindedIdx[blindedIdx.length - 1];
  if (last !== undefined) {
    valueBlinders[last] = balancingValueBlinder(
      inputs,
      blindedIdx.map((i) => ({ value: outputs[i]!.value, assetBlinder: assetBlinders[i]!, valueBlinder: valueBlinders[i]! })),
    );
  }

  const inputTags = inputs.map((i) => buf(assetIdToBytes(i.asset)));
  const inputGenerators = inputs.map((i, n) => blindedAssetGenerator(inputTags[n]!, i.assetBlinder));

  return outputs.map((o, i) => {
    if (!o.blindingKey) {
      return {
        script: o.script,
        asset: explicitAsset(o.asset),
        value: explicitValue(o.value),
        nonce: new Uint8Array([0]),
        rangeProof: new Uint8Array(0),
        surjectionProof: new Uint8Array(0),
      };
    }
    const tag = buf(assetIdToBytes(o.asset));
    const abf = buf(assetBlinders[i]!);
    const vbf = buf(valueBlinders[i]!);
    const generatorPoint = blindedAssetGenerator(tag, abf);
    const generator = generatorBytes(generatorPoint);
    // vbf·G + value·generator (valueCommitment), from the tables: the generator is H(tag) + abf·G.
    const commitment = openedCommitment(tag, abf, blinderScalar(vbf), o.value);

    const ephemeral = random.scalar();
    const nonce = rewindNonce(o.blindingKey, ephemeral);
    const rangeProof = zkp.rangeproof.sign(
      commitmentBytes(commitment),
      vbf,
      buf(nonce),
      o.value.toString(),
      generator,
      o.value === 0n ? '0' : '1',
      0,
      CT_BITS,
      Buffer.concat([tag, abf]),
      buf(o.script),
    );

    const init = initializeSurjectionProof(inputTags, tag, random.scalar());
    const proof = generateSurjectionProof(inputGenerators, generatorPoint, init.proof, init.inputIndex, inputs[init.inputIndex]!.assetBlinder, abf);

    return {
      script: o.script,
      asset: serializeGenerator(generatorPoint),
      value: serializeCommitment(commitment),
      nonce: publicKeyConstantTime(ephemeral),
      rangeProof: Uint8Array.from(rangeProof),
      surjectionProof: serializeSurjectionProof(proof),
    };
  });
}

/**
 * The last blinded output's value blinder, so that sum(value * asset blinder +
 * value blinder) over the outputs equals that over the inputs: what
 * secp256k1_pedersen_blind_generator_blind_sum computes, without a library call
 * (a context build in 2.x for a few scalar products). The last output's own value
 * blinder is ignored.
 */
export function balancingValueBlinder(
  inputs: readonly { value: bigint; assetBlinder: Uint8Array; valueBlinder: Uint8Array }[],
  outputs: readonly { value: bigint; assetBlinder: Uint8Array; valueBlinder: Uint8Array }[],
): Uint8Array {
  const term = (o: { value: bigint; assetBlinder: Uint8Array }, vbf: Uint8Array) =>
    Fn.add(Fn.mul(Fn.create(o.value), blinderScalar(o.assetBlinder)), blinderScalar(vbf));
  let sum = 0n;
  for (const i of inputs) sum = Fn.add(sum, term(i, i.valueBlinder));
  outputs.forEach((o, n) => {
    sum = Fn.sub(sum, n === outputs.length - 1 ? Fn.mul(Fn.create(o.value), blinderScalar(o.assetBlinder)) : term(o, o.valueBlinder));
  });
  return numberToBytesBE(sum, 32);
}

/** A blinder as a scalar; the library refuses one of n or more. */
function blinderScalar(bytes: Uint8Array): bigint {
  const k = bytesToNumberBE(bytes);
  if (bytes.length !== 32 || k >= Fn.ORDER) throw new Error('blinder out of range');
  return k;
}

/**
 * secp256k1_surjectionproof_initialize without a library call (whose context
 * build costs far more than the choice itself): a uniformly random set of up to
 * three inputs, drawn again until it holds one of the output's asset, and that
 * input's index. The proof's scalars are left zero for generate() to fill.
 */
export function initializeSurjectionProof(
  inputTags: readonly Uint8Array[],
  outputTag: Uint8Array,
  seed: Uint8Array,
): { proof: { nInputs: number; usedInputs: Buffer; data: Buffer }; inputIndex: number } {
  const n = inputTags.length;
  if (n === 0 || n > SURJECTION_MAX_N_INPUTS) throw new Error('surjection proof over 1 to 256 inputs only');
  const take = Math.min(SURJECTION_MAX_INPUTS, n);
  const next = randomIndexes(seed);
  for (let round = 0; round < SURJECTION_MAX_ITERATIONS; round++) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + next(n - i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const used = order.slice(0, take);
    const matching = used.filter((i) => equalBytes(inputTags[i]!, outputTag));
    if (matching.length === 0) continue;
    const usedInputs = Buffer.alloc(SURJECTION_MAX_N_INPUTS / 8);
    for (const i of used) usedInputs[i >> 3]! |= 1 << (i & 7);
    return { proof: { nInputs: n, usedInputs, data: Buffer.alloc(32 * (1 + SURJECTION_MAX_N_INPUTS)) }, inputIndex: matching[next(matching.length)]! };
  }
  throw new Error('no input carries the output asset');
}

/** Uniform integers below a bound, from SHA256(seed || counter). */
function randomIndexes(seed: Uint8Array): (bound: number) => number {
  let counter = 0;
  let pool: number[] = [];
  const word = (): number => {
    if (pool.length === 0) {
      const block = sha256(Uint8Array.from([...seed, counter >>> 24, (counter >>> 16) & 255, (counter >>> 8) & 255, counter & 255]));
      counter++;
      const view = new DataView(block.buffer, block.byteOffset, 32);
      pool = Array.from({ length: 8 }, (_, i) => view.getUint32(i * 4));
    }
    return pool.pop()!;
  };
  return (bound) => {
    const limit = 2 ** 32 - (2 ** 32 % bound); // rejection keeps it uniform
    for (;;) {
      const w = word();
      if (w < limit) return w % bound;
    }
  };
}

/**
 * secp256k1_surjectionproof_serialize without a library call: the input count
 * (16-bit little-endian), the bitmap of inputs used, then 32 bytes per used
 * input plus the 32-byte challenge.
 */
export function serializeSurjectionProof(proof: { nInputs: number; usedInputs: Uint8Array; data: Uint8Array }): Uint8Array {
  const bitmap = proof.usedInputs.subarray(0, Math.ceil(proof.nInputs / 8));
  let used = 0;
  for (const byte of bitmap) for (let b = byte; b; b >>= 1) used += b & 1;
  const out = new Uint8Array(2 + bitmap.length + 32 * (1 + used));
  out[0] = proof.nInputs & 0xff;
  out[1] = proof.nInputs >> 8;
  out.set(bitmap, 2);
  out.set(proof.data.subarray(0, 32 * (1 + used)), 2 + bitmap.length);
  return out;
}
