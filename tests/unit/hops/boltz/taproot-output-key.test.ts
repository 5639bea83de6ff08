/**
 * The swap's output key as the wallet computes it (the aggregate once, the tweak as a point
 * addition, internal keys held by public keys) against boltz-core's own tweak of the MuSig
 * aggregate, on random keys of both aggregate parities, Bitcoin and Liquid trees.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keyAggregate } from '@scure/btc-signer/musig2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Musig, TaprootUtils } from 'boltz-core';
import { describe, expect, it } from 'vitest';
import { buildTree, internalKeyOf, musigOf, outputKey, tweakMusig, type TreeShape } from '../../../../src/hops/boltz/taproot';

function keyPair() {
  const privateKey = secp256k1.utils.randomSecretKey();
  return { privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) };
}

describe('the swap output key', () => {
  it("is boltz-core's tweaked MuSig key, for aggregates of both parities, on Bitcoin and Liquid trees", () => {
    const parities = new Set<bigint>();
    for (let i = 0; i < 24; i++) {
      const ours = keyPair();
      const boltz = keyPair();
      const liquid = i % 2 === 1;
      const shape: TreeShape = i % 4 < 2 ? 'reverse' : 'submarine';
      const tree = buildTree({
        shape,
        liquid,
        preimageHash: secp256k1.utils.randomSecretKey(),
        claimPublicKey: ours.publicKey,
        refundPublicKey: boltz.publicKey,
        timeoutBlockHeight: 100 + i,
      });
      parities.add(keyAggregate([boltz.publicKey, ours.publicKey]).aggPublicKey.toAffine().y & 1n);
      const theirs = liquid
        ? tweakMusig(true, musigOf(ours.privateKey, ours.publicKey, boltz.publicKey), tree.tree).aggPubkey
        : TaprootUtils.tweakMusig(Musig.create(ours.privateKey, [boltz.publicKey, ours.publicKey]), tree.tree).aggPubkey;
      expect(bytesToHex(outputKey(liquid, boltz.publicKey, ours.publicKey, tree))).toBe(bytesToHex(theirs.length === 33 ? theirs.subarray(1) : theirs));
    }
    expect(parities).toEqual(new Set([0n, 1n]));
  });

  it('hands out copies of the internal keys it holds, and tells the key order apart', () => {
    const a = keyPair().publicKey;
    const b = keyPair().publicKey;
    const first = internalKeyOf(a, b);
    const expected = bytesToHex(Musig.aggregateKeys([a, b]));
    expect(bytesToHex(first)).toBe(expected);
    first.fill(0);
    expect(bytesToHex(internalKeyOf(a, b))).toBe(expected);
    expect(bytesToHex(internalKeyOf(b, a))).toBe(bytesToHex(Musig.aggregateKeys([b, a])));
  });
});
