/**
 * Opening a confidential output with the receiver's blinding key: the sender's
 * ephemeral key (the output's nonce field) and our key give, by ECDH, the nonce
 * that rewinds the range proof; the proof's message holds the asset and its
 * blinder. The asset commitment is recomputed from them, so a sender cannot make
 * us believe in an asset the output does not carry.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '@noble/curves/utils.js';
import { assetIdFromBytes, isExplicit, readExplicitAsset, readExplicitValue } from './encoding';
import { buf, type ZKP } from './zkp';

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

/** Explicit outputs need no key; confidential ones return null when the key does not open them. */
export function unblindOutput(zkp: ZKP, out: RawOutput, blindingPrivateKey: Uint8Array | null): UnblindedOutput | null {
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
    const nonce = sha256(zkp.ecdh(buf(out.nonce), buf(blindingPrivateKey)));
    const generator = isExplicit(out.asset)
      ? zkp.generator.generate(buf(out.asset.slice(1)))
      : zkp.generator.parse(buf(out.asset));
    const opened = zkp.rangeproof.rewind(buf(out.value), buf(out.rangeProof), buf(nonce), generator, buf(out.script));
    if (opened.message.length < 64) return null;
    const assetInternal = opened.message.subarray(0, 32);
    const assetBlinder = Uint8Array.from(opened.message.subarray(32, 64));
    const expected = isExplicit(out.asset)
      ? Uint8Array.from([0x01, ...assetInternal])
      : zkp.generator.serialize(zkp.generator.generateBlinded(Buffer.from(assetInternal), Buffer.from(assetBlinder)));
    if (!equalBytes(expected, out.asset)) return null;
    return {
      asset: assetIdFromBytes(assetInternal),
      value: BigInt(opened.value),
      assetBlinder,
      valueBlinder: Uint8Array.from(opened.blindFactor),
      confidential: true,
    };
  } catch (err) {
    // A broken runtime must not pass for "not our output" (a zero balance): only the
    // library's refusals (Error, TypeError for malformed fields) mean the key does not open it.
    if (err instanceof ReferenceError) throw err;
    return null;
  }
}
