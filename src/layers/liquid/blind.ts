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
import { blindedAssetGenerator, commitmentBytes, generatorBytes, serializeCommitment, serializeGenerator, valueCommitment } from './commitments';
import { assetIdToBytes, explicitAsset, explicitValue } from './encoding';
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

export interface BlindingRandomness {
  /** A fresh valid secp256k1 scalar (blinders, ephemeral keys, seeds). */
  scalar(): Uint8Array;
}

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
    // Solve the last value blinder so that sum(v*abf + vbf) over outputs equals that over inputs.
    const blinded = blindedIdx.map((i) => outputs[i]!);
    valueBlinders[last] = Uint8Array.from(
      zkp.pedersen.blindGeneratorBlindSum(
        [...inputs.map((i) => i.value.toString()), ...blinded.map((o) => o.value.toString())],
        inputs.length,
        [...inputs.map((i) => buf(i.assetBlinder)), ...blindedIdx.map((i) => buf(assetBlinders[i]!))],
        [...inputs.map((i) => buf(i.valueBlinder)), ...blindedIdx.slice(0, -1).map((i) => buf(valueBlinders[i]!))],
      ),
    );
  }

  const inputTags = inputs.map((i) => buf(assetIdToBytes(i.asset)));
  const inputGenerators = inputs.map((i, n) => generatorBytes(blindedAssetGenerator(zkp, inputTags[n]!, i.assetBlinder)));

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
    const generatorPoint = blindedAssetGenerator(zkp, tag, abf);
    const generator = generatorBytes(generatorPoint);
    const commitment = valueCommitment(vbf, o.value, generatorPoint);

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

    const init = zkp.surjectionproof.initialize(
      inputTags,
      Math.min(SURJECTION_MAX_INPUTS, inputTags.length),
      tag,
      SURJECTION_MAX_ITERATIONS,
      buf(random.scalar()),
    );
    const proof = zkp.surjectionproof.generate(
      init.proof,
      inputGenerators,
      generator,
      init.inputIndex,
      buf(inputs[init.inputIndex]!.assetBlinder),
      abf,
    );

    return {
      script: o.script,
      asset: serializeGenerator(generatorPoint),
      value: serializeCommitment(commitment),
      nonce: secp256k1.getPublicKey(ephemeral, true),
      rangeProof: Uint8Array.from(rangeProof),
      surjectionProof: serializeSurjectionProof(proof),
    };
  });
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
