// Follows ElementsProject/elements doc/taproot-sighash.mediawiki and src/script/interpreter.cpp (SignatureHashSchnorr).
/**
 * Taproot on the Liquid stand-in, which Boltz's L-BTC swaps lock into: Elements'
 * own BIP341 variant, written from Elements' taproot-sighash document and
 * interpreter (not from the wallet's code):
 *   - tagged hashes "TapLeaf/elements", "TapBranch/elements", "TapTweak/elements",
 *     "TapSighash/elements"; Boltz's Liquid leaves use leaf version 0xc4;
 *   - the signature message starts with the chain's genesis block hash twice,
 *     commits to the spent outputs' asset and value fields as serialised, to the
 *     outpoint flags, issuances and issuance range proofs, and to the outputs'
 *     witnesses (surjection proof, then range proof — the order Elements
 *     serialises them; liquidjs-lib 6.0.1's hashForWitnessV1 writes the range
 *     proof first, so its signatures over blinded outputs do not verify here,
 *     as they would not on Elements).
 * Key-path spends are verified fully; script paths must commit to the output key
 * and be one of Boltz's leaf forms (see bitcoin/taproot-verifier.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import type { Output, Transaction } from 'liquidjs-lib/src/transaction';
import { verifyLeaf } from '../bitcoin/taproot-verifier';
import { bip340Verify, tweakedKey } from '../secp256k1-checks';

export const LIQUID_LEAF_VERSION = 0xc4;
export const SIGHASH_DEFAULT = 0x00;

export function taggedHash(tag: string, ...msgs: Uint8Array[]): Uint8Array {
  const t = sha256(new TextEncoder().encode(tag));
  return sha256(concatBytes(t, t, ...msgs));
}

class Writer {
  private parts: Uint8Array[] = [];
  bytes(b: Uint8Array) {
    this.parts.push(Uint8Array.from(b));
    return this;
  }
  u8(n: number) {
    return this.bytes(Uint8Array.of(n));
  }
  u32(n: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    return this.bytes(b);
  }
  varint(n: number) {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.bytes(Uint8Array.of(0xfd, n & 0xff, n >> 8));
    const b = new Uint8Array(5);
    b[0] = 0xfe;
    new DataView(b.buffer).setUint32(1, n, true);
    return this.bytes(b);
  }
  varslice(b: Uint8Array | undefined) {
    const v = b ?? new Uint8Array(0);
    return this.varint(v.length).bytes(v);
  }
  end(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

const sha = (w: Writer) => sha256(w.end());

export function compactSize(n: number): Uint8Array {
  return new Writer().varint(n).end();
}

export function tapLeafHash(script: Uint8Array, version = LIQUID_LEAF_VERSION): Uint8Array {
  return taggedHash('TapLeaf/elements', Uint8Array.of(version), compactSize(script.length), script);
}

export function tapBranchHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [x, y] = bytesToHex(a) < bytesToHex(b) ? [a, b] : [b, a];
  return taggedHash('TapBranch/elements', x, y);
}

/** Q = P + H_TapTweak/elements(P || root)·G; returns the x-only key and its parity (elliptic's curve: the wallet tweaks with @noble/curves). */
export function tweakKey(internal: Uint8Array, root: Uint8Array): { x: Uint8Array; parity: number; tweak: Uint8Array } {
  return { ...tweakedKey(internal, root, 'TapTweak/elements'), tweak: taggedHash('TapTweak/elements', internal, root) };
}

/**
 * Elements' taproot signature hash for input `index` (SIGHASH_DEFAULT or ALL,
 * no ANYONECANPAY/NONE/SINGLE, no annex: what swaps use).
 */
export function elementsTaprootSighash(
  tx: Transaction,
  index: number,
  spent: Pick<Output, 'script' | 'asset' | 'value'>[],
  genesisBlockHash: Uint8Array,
  hashType = SIGHASH_DEFAULT,
  leafHash?: Uint8Array,
): Uint8Array {
  if (hashType !== SIGHASH_DEFAULT && hashType !== 0x01) throw new Error(`sighash type ${hashType} not supported here`);
  if (spent.length !== tx.ins.length) throw new Error('need the spent output of every input');
  const outpointFlags = new Writer();
  const prevouts = new Writer();
  const assetsAmounts = new Writer();
  const scripts = new Writer();
  const sequences = new Writer();
  const issuances = new Writer();
  const issuanceProofs = new Writer();
  tx.ins.forEach((input, i) => {
    outpointFlags.u8((input.issuance ? 0x80 : 0) | (input.isPegin ? 0x40 : 0));
    prevouts.bytes(input.hash).u32(input.index);
    assetsAmounts.bytes(spent[i]!.asset).bytes(spent[i]!.value);
    scripts.varslice(spent[i]!.script);
    sequences.u32(input.sequence);
    if (input.issuance) {
      const iss = input.issuance;
      issuances.bytes(iss.assetBlindingNonce).bytes(iss.assetEntropy).bytes(iss.assetAmount).bytes(iss.tokenAmount);
    } else {
      issuances.u8(0);
    }
    issuanceProofs.varslice(input.issuanceRangeProof).varslice(input.inflationRangeProof);
  });
  const outputs = new Writer();
  const outputWitnesses = new Writer();
  for (const o of tx.outs) {
    outputs.bytes(o.asset).bytes(o.value).bytes(o.nonce).varslice(o.script);
    outputWitnesses.varslice(o.surjectionProof).varslice(o.rangeProof);
  }
  const msg = new Writer()
    .bytes(genesisBlockHash)
    .bytes(genesisBlockHash)
    .u8(hashType)
    .u32(tx.version)
    .u32(tx.locktime)
    .bytes(sha(outpointFlags))
    .bytes(sha(prevouts))
    .bytes(sha(assetsAmounts))
    .bytes(sha(scripts))
    .bytes(sha(sequences))
    .bytes(sha(issuances))
    .bytes(sha(issuanceProofs))
    .bytes(sha(outputs))
    .bytes(sha(outputWitnesses))
    .u8(leafHash ? 2 : 0)
    .u32(index);
  if (leafHash) msg.bytes(leafHash).u8(0).u32(0xffffffff);
  return taggedHash('TapSighash/elements', msg.end());
}

function splitSig(sig: Uint8Array): { sig: Uint8Array; hashType: number } {
  if (sig.length === 64) return { sig, hashType: SIGHASH_DEFAULT };
  if (sig.length === 65 && sig[64] !== 0) return { sig: sig.slice(0, 64), hashType: sig[64]! };
  throw new Error('bad schnorr signature size');
}

export function isTaprootOutput(script: Uint8Array): boolean {
  return script.length === 34 && script[0] === 0x51 && script[1] === 0x20;
}

/**
 * Checks a Taproot input of `tx`; `height` is the chain tip a refund's lock time
 * must have reached. Returns the reason it fails, or null.
 */
export function verifyLiquidTaprootInput(
  tx: Transaction,
  index: number,
  spent: Output[],
  genesisBlockHash: Uint8Array,
  height: number,
): string | null {
  const outputKey = spent[index]!.script.subarray(2);
  const witness = tx.ins[index]!.witness;
  try {
    if (witness.length === 1) {
      const { sig, hashType } = splitSig(witness[0]!);
      const msg = elementsTaprootSighash(tx, index, spent, genesisBlockHash, hashType);
      return bip340Verify(sig, msg, outputKey) ? null : 'invalid Taproot key-path signature';
    }
    if (witness.length < 2) return 'empty Taproot witness';
    if (witness[witness.length - 1]![0] === 0x50) return 'annex not supported';
    const control = witness[witness.length - 1]!;
    const leaf = witness[witness.length - 2]!;
    if (control.length < 33 || (control.length - 33) % 32 !== 0) return 'bad control block';
    const leafVersion = control[0]! & 0xfe;
    let node = tapLeafHash(leaf, leafVersion);
    const leafHash = node;
    for (let off = 33; off < control.length; off += 32) node = tapBranchHash(node, control.subarray(off, off + 32));
    const q = tweakKey(control.subarray(1, 33), node);
    if (bytesToHex(q.x) !== bytesToHex(outputKey) || q.parity !== (control[0]! & 1)) return 'control block does not commit to the output key';
    if (tx.locktime > height && tx.locktime < 500_000_000) return `non-final: lock time ${tx.locktime} is above the tip ${height}`;
    return verifyLeaf(
      leaf,
      witness.slice(0, -2),
      (sigBytes, pubkey) => {
        const { sig, hashType } = splitSig(sigBytes);
        return bip340Verify(sig, elementsTaprootSighash(tx, index, spent, genesisBlockHash, hashType, leafHash), pubkey);
      },
      tx.locktime,
      tx.ins[index]!.sequence,
    );
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
