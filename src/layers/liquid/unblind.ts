/**
 * Opening a confidential output with the receiver's blinding key: the sender's
 * ephemeral key (the output's nonce field) and our key give, by ECDH, the nonce
 * that rewinds the range proof; the proof's message holds the asset and its
 * blinder. The asset commitment is recomputed from them, so a sender cannot make
 * us believe in an asset the output does not carry.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, equalBytes } from '@noble/curves/utils.js';
import { assetIdFromBytes, isExplicit, readExplicitAsset, readExplicitValue } from './encoding';
import { assetGenerator, blindedAssetGenerator, compressedPoint, openedCommitment, parseGenerator, serializeGenerator } from './commitments';
import { multiplyConstantTime } from '../curve/constant-time-multiply';
import { sqrt } from '../curve/field';
import { rewindRangeProof } from './rangeproof-rewind';
import { sha256 } from './sha256-compress';

export const ZERO32 = new Uint8Array(32);

/** The four consensus fields of an output plus its range proof, as raw bytes. */
export interface RawOutput {
  script: Uint8Array;
  asset: Uint8Array;
  value: Uint8Array;
  nonce: Uint8Array;
  rangeProof?: Uint8Array;
}

/** What an output carries, once known: enough for balances, history and coin selection. */
export interface OpenedAmount {
  /** Asset id, display hex. */
  asset: string;
  value: bigint;
  confidential: boolean;
}

/** An opened output with the blinders that spending it requires. */
export interface UnblindedOutput extends OpenedAmount {
  assetBlinder: Uint8Array;
  valueBlinder: Uint8Array;
}

/**
 * The range proof's rewind nonce: SHA256 of secp256k1_ecdh's default output,
 * itself SHA256 of the compressed shared point (what Elements' blinding does).
 */
export function rewindNonce(ephemeralPublicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  // secp256k1.getSharedSecret, with a constant-time multiplication several times faster than noble's (constant-time-multiply.ts).
  const shared = multiplyConstantTime(parsePublicKey(ephemeralPublicKey), secp256k1.Point.Fn.fromBytes(privateKey));
  return sha256(sha256(compressedPoint(shared)));
}

/** Point.fromBytes for a compressed key (0x02/0x03 || x), with field.ts's faster square root; other forms go to noble. */
function parsePublicKey(bytes: Uint8Array): InstanceType<typeof secp256k1.Point> {
  if (bytes.length !== 33 || (bytes[0] !== 2 && bytes[0] !== 3)) return secp256k1.Point.fromBytes(bytes);
  const { Fp } = secp256k1.Point;
  const x = bytesToNumberBE(bytes.subarray(1));
  if (x >= Fp.ORDER) throw new Error('public key x out of range');
  const y = sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 7n));
  if (y === null) throw new Error('public key not on the curve');
  // On the curve by sqrt's own check (see pointWithSquareY): noble's assertValidity would only repeat it.
  return secp256k1.Point.fromAffine({ x, y: (y & 1n) === BigInt(bytes[0]! & 1) ? y : Fp.neg(y) });
}

/** Explicit outputs need no key; confidential ones return null when the key does not open them. No WebAssembly. */
export function unblindOutput(out: RawOutput, blindingPrivateKey: Uint8Array | null): UnblindedOutput | null {
  if (isExplicit(out.value) && isExplicit(out.asset)) {
    return {
      asset: readExplicitAsset(out.asset),
      value: readExplicitValue(out.value),
      assetBlinder: ZERO32,
      valueBlinder: ZERO32,
      confidential: false,
    };
  }
  if (!blindingPrivateKey || !out.rangeProof?.length || out.nonce.length !== 33 || out.value.length !== 33) return null;
  try {
    const nonce = rewindNonce(out.nonce, blindingPrivateKey);
    const assetTag = isExplicit(out.asset) ? out.asset.subarray(1) : null;
    const generator = assetTag ? assetGenerator(assetTag) : parseGenerator(out.asset);
    const generatorForm = assetTag ? serializeGenerator(generator) : out.asset;
    // An explicit asset's generator is H(tag) unblinded: the message's blinder is whatever the sender wrote
    // there (consensus never reads it), and spending with it would build proofs no node accepts.
    const assetIn = (message: Uint8Array) => ({
      internal: message.subarray(0, 32),
      blinder: assetTag ? new Uint8Array(32) : Uint8Array.from(message.subarray(32, 64)),
    });
    // The rewind accepts an opening only when the recovered value, blinder and asset open both the value
    // commitment and (recomputed here) the asset commitment.
    const opened = rewindRangeProof(out.rangeProof, out.value, { point: generator, bytes: generatorForm }, nonce, out.script, (value, blinder, message) => {
      if (message.length < 64) return null;
      const asset = assetIn(message);
      const assetMatches = assetTag
        ? equalBytes(asset.internal, assetTag)
        : blindedAssetGenerator(asset.internal, asset.blinder).equals(generator);
      return assetMatches ? openedCommitment(asset.internal, asset.blinder, blinder, value) : null;
    });
    if (!opened) return null;
    const { internal: assetInternal, blinder: assetBlinder } = assetIn(opened.message);
    return {
      asset: assetIdFromBytes(assetInternal),
      value: opened.value,
      assetBlinder,
      valueBlinder: opened.blinder,
      confidential: true,
    };
  } catch (err) {
    // A broken runtime must not pass for "not our output" (a zero balance): only refusals
    // (Error, TypeError for malformed fields) mean the key does not open it.
    if (err instanceof ReferenceError) throw err;
    return null;
  }
}
