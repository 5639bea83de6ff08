/** Message signatures with the wallet's Bitcoin keys: BIP-322's message-hash vectors, and signatures bip322-js accepts. */
import { describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { Verifier } from 'bip322-js';
import { BitcoinKeys } from '../../../../src/layers/bitcoin/keys';
import { bip322MessageHash, signBip322, signLegacy } from '../../../../src/layers/bitcoin/message-signing';
import { ABANDON } from '../../../helpers/layer-deps';

const keys = new BitcoinKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON)), { bech32: 'tb' });

describe('Bitcoin message signing', () => {
  it("hashes messages as BIP-322's vectors do", () => {
    expect(bytesToHex(bip322MessageHash(utf8ToBytes('')))).toBe('c90c269c4f8fcbe6880f72a721ddfbf1914268a794cbb21cfafee13770ae19f1');
    expect(bytesToHex(bip322MessageHash(utf8ToBytes('Hello World')))).toBe('f0eb03b1a75ac6d9847f55c624a99169b5dccba2a31f5b23bea77ba270de0a7a');
  });

  it('signs BIP-322 simple for P2WPKH and P2TR, and only that message verifies', () => {
    for (const owner of [keys.address('p2wpkh', 0, 0), keys.address('p2tr', 0, 4)]) {
      const { signature, messageHash } = signBip322(keys, owner, utf8ToBytes('Hello World'));
      expect(messageHash).toBe('f0eb03b1a75ac6d9847f55c624a99169b5dccba2a31f5b23bea77ba270de0a7a');
      expect(Verifier.verifySignature(owner.address, 'Hello World', signature)).toBe(true);
      expect(Verifier.verifySignature(owner.address, 'Hello World ', signature)).toBe(false);
      // The witness: [signature, public key] for P2WPKH, [64-byte Schnorr signature] for P2TR key path.
      const witness = base64.decode(signature);
      expect(witness[0]).toBe(owner.scheme === 'p2wpkh' ? 2 : 1);
      if (owner.scheme === 'p2tr') expect(witness[1]).toBe(64);
    }
    expect(Verifier.verifySignature(keys.address('p2wpkh', 0, 1).address, 'Hello World', signBip322(keys, keys.address('p2wpkh', 0, 0), utf8ToBytes('Hello World')).signature)).toBe(false);
  });

  it('signs the legacy message with a BIP-137 segwit header, for P2WPKH only', () => {
    const owner = keys.address('p2wpkh', 0, 0);
    const { signature } = signLegacy(keys, owner, utf8ToBytes('Hello World'));
    const bytes = base64.decode(signature);
    expect(bytes).toHaveLength(65);
    expect(bytes[0]).toBeGreaterThanOrEqual(39);
    expect(bytes[0]).toBeLessThanOrEqual(42);
    expect(Verifier.verifySignature(owner.address, 'Hello World', signature, true)).toBe(true);
    expect(() => signLegacy(keys, keys.address('p2tr', 0, 0), utf8ToBytes('x'))).toThrow(/P2WPKH/);
  });
});
