/**
 * One side of a Taproot swap as Boltz sees it: the boltz-core swap tree, the
 * MuSig2 key of Boltz's key and the client's (Boltz's always first), tweaked with
 * the tree (BIP341 for Bitcoin, Elements' tagged hashes for Liquid), and the
 * signing steps Boltz takes: a partial signature for a client's transaction, or
 * a key-path spend of its own that needs the client's partial signature.
 */
import { Musig, reverseSwapTree, swapTree, SwapTreeSerializer, TaprootUtils } from 'boltz-core';
import type { Types } from 'boltz-core';
type SwapTree = Types.SwapTree;
import { schnorr } from '@noble/curves/secp256k1.js';
import { taggedHash, tapBranchHash, tapLeafHash, tweakKey } from '../liquid/taproot';

type KeyAgg = ReturnType<typeof Musig.create>;
type WithNonce = ReturnType<ReturnType<KeyAgg['message']>['generateNonce']>;

const xOnly = (k: Uint8Array) => (k.length === 33 ? k.slice(1) : k);

export interface SideParams {
  liquid: boolean;
  /** 'submarine' tree (Boltz claims) or 'reverse' tree (the client claims, preimage size checked). */
  kind: 'submarine' | 'reverse';
  preimageHash: Uint8Array;
  serverKey: Uint8Array;
  serverPublicKey: Uint8Array;
  clientPublicKey: Uint8Array;
  timeoutBlockHeight: number;
  /** The tree's shape when it differs from `kind`: chain swaps use the reverse tree on both sides (boltz-backend). */
  treeShape?: 'submarine' | 'reverse';
}

export class TaprootSide {
  readonly tree: SwapTree;
  readonly outputKey: Uint8Array;
  readonly internalKey: Uint8Array;
  private tweaked: KeyAgg | undefined;

  constructor(readonly p: SideParams) {
    const [claimKey, refundKey] = p.kind === 'submarine' ? [p.serverPublicKey, p.clientPublicKey] : [p.clientPublicKey, p.serverPublicKey];
    this.tree = ((p.treeShape ?? p.kind) === 'submarine' ? swapTree : reverseSwapTree)(p.liquid, p.preimageHash, claimKey, refundKey, p.timeoutBlockHeight);
    this.internalKey = xOnly(Musig.aggregateKeys([p.serverPublicKey, p.clientPublicKey]));
    this.outputKey = xOnly(this.keyAgg().aggPubkey);
    if (p.liquid) {
      // Cross-check the MuSig tweak against the facade's own Elements tweak.
      const q = tweakKey(this.internalKey, this.merkleRoot());
      if (Buffer.compare(Buffer.from(q.x), Buffer.from(this.outputKey)) !== 0) throw new Error('Liquid tweak mismatch');
    }
  }

  serializedTree() {
    return SwapTreeSerializer.serializeSwapTree(this.tree);
  }

  private merkleRoot(): Uint8Array {
    return tapBranchHash(tapLeafHash(this.tree.claimLeaf.output, this.tree.claimLeaf.version), tapLeafHash(this.tree.refundLeaf.output, this.tree.refundLeaf.version));
  }

  /** Boltz's key first, then the client's; tweaked with the tree. Made once: boltz-core's MuSig states are immutable, each step returns a new one. */
  keyAgg(): KeyAgg {
    return (this.tweaked ??= this.aggregate());
  }

  private aggregate(): KeyAgg {
    const musig = Musig.create(this.p.serverKey, [this.p.serverPublicKey, this.p.clientPublicKey]);
    if (!this.p.liquid) return TaprootUtils.tweakMusig(musig, this.tree.tree);
    return musig.xonlyTweakAdd(taggedHash('TapTweak/elements', xOnly(musig.aggPubkey), this.merkleRoot()));
  }

  /** Boltz's partial signature for a transaction the client builds (its claim or refund). */
  signForClient(hash: Uint8Array, clientNonce: Uint8Array): { pubNonce: string; partialSignature: string } {
    const withNonce = this.keyAgg().message(hash).generateNonce();
    const signed = withNonce.aggregateNonces([[this.p.clientPublicKey, clientNonce]]).initializeSession().signPartial();
    return { pubNonce: Buffer.from(withNonce.publicNonce).toString('hex'), partialSignature: Buffer.from(signed.ourPartialSignature).toString('hex') };
  }

  /** Starts a key-path spend of Boltz's own: the hash and nonce the client signs against. */
  startCooperative(hash: Uint8Array): CooperativeSpend {
    return new CooperativeSpend(this, hash, this.keyAgg().message(hash).generateNonce());
  }

  /** A script-path signature by Boltz's key over a leaf's signature hash. */
  signLeaf(hash: Uint8Array): Uint8Array {
    return schnorr.sign(hash, this.p.serverKey);
  }

  controlBlock(leaf: 'claim' | 'refund'): Uint8Array {
    const l = leaf === 'claim' ? this.tree.claimLeaf : this.tree.refundLeaf;
    const sibling = leaf === 'claim' ? this.tree.refundLeaf : this.tree.claimLeaf;
    if (!this.p.liquid) return TaprootUtils.createControlBlock(TaprootUtils.taprootHashTree(this.tree.tree), l, this.internalKey);
    const parity = tweakKey(this.internalKey, this.merkleRoot()).parity;
    return Uint8Array.from([l.version | parity, ...this.internalKey, ...tapLeafHash(sibling.output, sibling.version)]);
  }
}

export class CooperativeSpend {
  constructor(
    private readonly side: TaprootSide,
    readonly hash: Uint8Array,
    private readonly withNonce: WithNonce,
  ) {}

  get pubNonce(): string {
    return Buffer.from(this.withNonce.publicNonce).toString('hex');
  }

  /** Aggregates the client's partial signature with ours; throws if theirs does not verify. */
  complete(clientNonce: Uint8Array, clientPartial: Uint8Array): Uint8Array {
    const client = this.side.p.clientPublicKey;
    const session = this.withNonce.aggregateNonces([[client, clientNonce]]).initializeSession();
    if (!session.verifyPartial(client, clientPartial)) throw new Error('invalid partial signature');
    return session.addPartial(client, clientPartial).signPartial().aggregatePartials();
  }
}
