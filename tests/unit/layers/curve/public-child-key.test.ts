/**
 * CKDpub on the constant-time base table gives the keys @scure/bip32 gives, BIP32's
 * own test vector included, and refuses an index it cannot derive publicly.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { PublicChainNode } from '../../../../src/layers/curve/public-child-key';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const publicNode = (k: HDKey) => new PublicChainNode(k.publicKey!, k.chainCode!);

describe('PublicChainNode.childKey', () => {
  it('matches BIP32 test vector 1: m/0H/1 from the public node m/0H', () => {
    const root = HDKey.fromMasterSeed(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));
    const m0h = HDKey.fromExtendedKey(root.derive("m/0'").publicExtendedKey);
    const expected = HDKey.fromExtendedKey(
      'xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ',
    );
    expect(hex(publicNode(m0h).childKey(1))).toBe(hex(expected.publicKey!));
  });

  it('gives @scure/bip32 deriveChild\'s key on chain nodes of random seeds, for the first indexes and the last', () => {
    for (let s = 0; s < 4; s++) {
      const seed = crypto.getRandomValues(new Uint8Array(32));
      for (const path of ["m/84'/1'/0'/0", "m/86'/1'/0'/1"]) {
        const node = HDKey.fromMasterSeed(seed).derive(path);
        const indexes = [...Array.from({ length: 24 }, (_, i) => i), 1000, 2 ** 31 - 2, 2 ** 31 - 1];
        for (const i of indexes) expect(hex(publicNode(node).childKey(i)), `${path}/${i}`).toBe(hex(node.deriveChild(i).publicKey!));
      }
    }
  });

  it('refuses a hardened index, a negative or fractional one, and a node of the wrong shape', () => {
    const full = HDKey.fromMasterSeed(new Uint8Array(32).fill(1)).derive("m/84'/1'/0'/0");
    const node = publicNode(full);
    for (const bad of [2 ** 31, -1, 1.5, Number.NaN]) expect(() => node.childKey(bad)).toThrow(/not a non-hardened index/);
    expect(() => new PublicChainNode(full.publicKey!.subarray(1), full.chainCode!)).toThrow(/33-byte key/);
  });
});

describe('PublicChainNode where BIP32 says an index has no key', () => {
  /** A node whose I_L at one index is forced, as the HMAC would give it once in about 2^127. */
  class Forced extends PublicChainNode {
    constructor(
      node: HDKey,
      private readonly at: number,
      private readonly tweak: bigint,
    ) {
      super(node.publicKey!, node.chainCode!);
    }
    protected override tweakAt(index: number): bigint {
      return index === this.at ? this.tweak : super.tweakAt(index);
    }
  }
  const n = secp256k1.Point.Fn.ORDER;
  const full = HDKey.fromMasterSeed(new Uint8Array(32).fill(3)).derive("m/84'/1'/0'/0");

  it('goes on with the next index when I_L is n or more, as @scure/bip32 does', () => {
    for (const tweak of [n, n + 1n, 2n ** 256n - 1n]) expect(hex(new Forced(full, 5, tweak).childKey(5))).toBe(hex(full.deriveChild(6).publicKey!));
  });

  it('goes on with the next index when the child would be the point at infinity', () => {
    const minusParent = n - BigInt(`0x${hex(full.privateKey!)}`);
    expect(hex(new Forced(full, 7, minusParent).childKey(7))).toBe(hex(full.deriveChild(8).publicKey!));
  });

  it('takes I_L of 0 as the parent key itself', () => {
    expect(hex(new Forced(full, 2, 0n).childKey(2))).toBe(hex(full.publicKey!));
  });
});
