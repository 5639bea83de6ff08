/**
 * Boltz's Taproot swap outputs, rebuilt from our key and Boltz's with boltz-core:
 * the swap tree (claim leaf + refund leaf), the MuSig2 aggregate of both keys
 * (Boltz's key first, as Boltz's docs require), tweaked with the tree, gives the
 * P2TR output key. If that output is not the script of the lockup address Boltz
 * sent, the swap is not the one we agreed to.
 *
 * Liquid uses the same trees with leaf version 0xc4 and "/elements" tagged hashes;
 * boltz-core's Liquid helpers pull in a liquidjs-lib newer than ours, so the three
 * tagged hashes are computed here.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { compareTrees, Musig, reverseSwapTree, Scripts, swapTree, SwapTreeSerializer, TaprootUtils, type Types } from 'boltz-core';
import { WalletError } from '../../shared/errors';
import type { PartialSignature } from './api';
import type { SerializedTree } from './shapes';
import { localText } from '../../shared/local-text';

export type TreeShape =
  /** Submarine: Boltz claims with the preimage, we refund after the timeout. */
  | 'submarine'
  /** Reverse and both sides of a chain swap: claimer reveals a 32-byte preimage. */
  | 'reverse';

export interface TreeParams {
  shape: TreeShape;
  liquid: boolean;
  preimageHash: Uint8Array;
  claimPublicKey: Uint8Array;
  refundPublicKey: Uint8Array;
  timeoutBlockHeight: number;
}

export function buildTree(p: TreeParams): Types.SwapTree {
  const build = p.shape === 'submarine' ? swapTree : reverseSwapTree;
  return build(p.liquid, p.preimageHash, p.claimPublicKey, p.refundPublicKey, p.timeoutBlockHeight);
}

export function parseTree(tree: SerializedTree | undefined): Types.SwapTree {
  if (!tree || !tree.claimLeaf || !tree.refundLeaf) throw new WalletError('backend_error', localText('err_boltz_no_tree'));
  try {
    return SwapTreeSerializer.deserializeSwapTree({ claimLeaf: tree.claimLeaf, refundLeaf: tree.refundLeaf }) as Types.SwapTree;
  } catch {
    throw new WalletError('backend_error', localText('err_boltz_tree_unreadable'));
  }
}

export function serializeTree(tree: Types.SwapTree): SerializedTree {
  return SwapTreeSerializer.serializeSwapTree(tree) as SerializedTree;
}

/** Our key and Boltz's, aggregated with Boltz's first (33-byte compressed keys). */
export function musigOf(ourPrivateKey: Uint8Array, ourPublicKey: Uint8Array, boltzPublicKey: Uint8Array): Musig.MusigKeyAgg {
  return Musig.create(ourPrivateKey, [boltzPublicKey, ourPublicKey]);
}

/**
 * Internal keys by Boltz's key and ours (public data only). A swap's is asked for at its check,
 * at each claim or refund and at a restore, and aggregating is two generic point multiplications.
 */
const internalKeys = new Map<string, Uint8Array>();
const INTERNAL_KEYS_HELD = 64;

/** On lock: our swap keys link the wallet's swaps, so they are not kept past the session (as the scan memos are not). */
export function forgetInternalKeys(): void {
  internalKeys.clear();
}

/** The x-only internal key (the untweaked aggregate), without a private key. */
export function internalKeyOf(boltzPublicKey: Uint8Array, ourPublicKey: Uint8Array): Uint8Array {
  const id = bytesToHex(boltzPublicKey) + bytesToHex(ourPublicKey);
  let key = internalKeys.get(id);
  if (!key) {
    key = Musig.aggregateKeys([boltzPublicKey, ourPublicKey]);
    if (internalKeys.size >= INTERNAL_KEYS_HELD) internalKeys.delete(internalKeys.keys().next().value!);
    internalKeys.set(id, key);
  }
  return key.slice();
}

/** BIP341's output point: lift_x(internal) + t·G, which is what BIP327's x-only tweak of the aggregate gives. */
function tweakedPoint(internal: Uint8Array, tweak: Uint8Array): InstanceType<typeof secp256k1.Point> {
  const P = secp256k1.Point.fromHex(bytesToHex(new Uint8Array([0x02, ...internal])));
  return P.add(secp256k1.Point.BASE.multiply(secp256k1.Point.Fn.fromBytes(tweak)));
}

export function tweakMusig(liquid: boolean, musig: Musig.MusigKeyAgg, tree: Types.TapTree): Musig.MusigKeyAgg {
  if (!liquid) return TaprootUtils.tweakMusig(musig, tree);
  return musig.xonlyTweakAdd(schnorr.utils.taggedHash('TapTweak/elements', musig.aggPubkey, liquidTreeHash(tree)));
}

/**
 * The key-path signature of `sighash` made with Boltz: our nonce to Boltz (`ask`,
 * with the transaction), its partial signature verified before use, then both
 * aggregated. Throws when Boltz declines or its partial signature does not verify.
 */
export async function cosignedSignature(
  musig: Musig.MusigKeyAgg,
  sighash: Uint8Array,
  boltzPublicKey: Uint8Array,
  ask: (pubNonce: string) => Promise<PartialSignature | null>,
): Promise<Uint8Array> {
  const withNonce = musig.message(sighash).generateNonce();
  const theirs = await ask(bytesToHex(withNonce.publicNonce));
  if (!theirs) throw new WalletError('backend_error', localText('err_boltz_no_cosign'));
  const session = withNonce.aggregateNonces([[boltzPublicKey, hexToBytes(theirs.pubNonce)]]).initializeSession();
  if (!session.verifyPartial(boltzPublicKey, hexToBytes(theirs.partialSignature))) {
    throw new WalletError('backend_error', localText('err_boltz_partial_sig'));
  }
  return session.addPartial(boltzPublicKey, hexToBytes(theirs.partialSignature)).signPartial().aggregatePartials();
}

/** The x-only output key of the swap: internal MuSig key tweaked with the tree. */
export function outputKey(liquid: boolean, boltzPublicKey: Uint8Array, ourPublicKey: Uint8Array, tree: Types.SwapTree): Uint8Array {
  const internal = internalKeyOf(boltzPublicKey, ourPublicKey);
  const tweak = liquid
    ? schnorr.utils.taggedHash('TapTweak/elements', internal, liquidTreeHash(tree.tree))
    : schnorr.utils.taggedHash('TapTweak', internal, TaprootUtils.taprootHashTree(tree.tree).hash);
  // The aggregate once (internalKeyOf), then the tweak as a point addition, where aggregating
  // again with the tweak would repeat both multiplications.
  const Q = tweakedPoint(internal, tweak);
  if (Q.equals(secp256k1.Point.ZERO)) throw new Error('the tweaked key is the point at infinity');
  return Q.toBytes(true).subarray(1);
}

/**
 * The control block spending `leaf` of a two-leaf Liquid swap tree by the script
 * path: leaf version with the output key's parity bit, the internal (MuSig) key,
 * and the other leaf's hash as the only step of the Merkle proof.
 */
export function liquidControlBlock(boltzPublicKey: Uint8Array, ourPublicKey: Uint8Array, tree: Types.SwapTree, leaf: 'claim' | 'refund'): Uint8Array {
  const internal = internalKeyOf(boltzPublicKey, ourPublicKey);
  const tweak = schnorr.utils.taggedHash('TapTweak/elements', internal, liquidTreeHash(tree.tree));
  const Q = tweakedPoint(internal, tweak);
  const parity = Number(Q.toAffine().y & 1n);
  const [spent, sibling] = leaf === 'claim' ? [tree.claimLeaf, tree.refundLeaf] : [tree.refundLeaf, tree.claimLeaf];
  return new Uint8Array([spent.version | parity, ...internal, ...liquidLeafHash(sibling)]);
}

export function p2trScript(xOnly: Uint8Array): Uint8Array {
  return Scripts.p2trOutput(xOnly);
}

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return new Uint8Array([n]);
  return new Uint8Array([0xfd, n & 0xff, n >> 8]);
}

export function liquidLeafHash(leaf: Types.TapLeaf): Uint8Array {
  return schnorr.utils.taggedHash('TapLeaf/elements', new Uint8Array([leaf.version]), compactSize(leaf.output.length), leaf.output);
}

function liquidTreeHash(tree: Types.TapTree): Uint8Array {
  if (!Array.isArray(tree)) return liquidLeafHash(tree as Types.TapLeaf);
  const a = liquidTreeHash(tree[0]);
  const b = liquidTreeHash(tree[1]);
  const [l, r] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  return schnorr.utils.taggedHash('TapBranch/elements', l, r);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Checks that the tree Boltz sent is exactly the one our parameters build (same
 * keys where they should be, same preimage hash, same timeout), and returns the
 * lockup script it commits to.
 */
export function verifyTree(received: SerializedTree | undefined, expected: TreeParams, ourPublicKey: Uint8Array, boltzPublicKey: Uint8Array): { tree: Types.SwapTree; script: Uint8Array } {
  const tree = parseTree(received);
  const mine = buildTree(expected);
  if (!compareTrees(tree, mine)) {
    throw new WalletError('backend_error', localText('err_boltz_tree_mismatch'));
  }
  return { tree: mine, script: p2trScript(outputKey(expected.liquid, boltzPublicKey, ourPublicKey, mine)) };
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
