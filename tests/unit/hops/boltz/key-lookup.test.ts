/**
 * The key index lookups a restore makes: preimage hashes are derived without public
 * keys (HopKeys.preimageHashAt), and must be exactly what at() gives, the keys
 * @scure/bip32 derives; a lookup stops at its limit and knows nothing of others' hashes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { describe, expect, it } from 'vitest';
import { KeyLookup } from '../../../../src/hops/boltz/key-lookup';
import { HopKeys } from '../../../../src/hops/keys';

const root = HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));
const keys = new HopKeys(root);

describe('preimage hashes without public keys', () => {
  it("equals at(i).preimageHash (sha256 of sha256 of the BIP32 child's private key) at every index asked", () => {
    for (const i of [...Array(64).keys(), 999, 123_456, 2 ** 31 - 1]) {
      const k = keys.at(i);
      expect(bytesToHex(keys.preimageHashAt(i)), `index ${i}`).toBe(bytesToHex(sha256(sha256(k.privateKey))));
    }
  });

  it('refuses once the keys are wiped (the wallet locked)', () => {
    const wiped = new HopKeys(root);
    wiped.wipe();
    expect(() => wiped.preimageHashAt(0)).toThrow(expect.objectContaining({ code: 'locked' }));
  });
});

describe('KeyLookup', () => {
  it('finds an index by preimage hash or by x-only key, and nothing past its limit or outside our keys', () => {
    const lookup = new KeyLookup(keys, 50);
    expect(lookup.indexOfPreimageHash(bytesToHex(keys.at(37).preimageHash).toUpperCase())).toBe(37);
    expect(lookup.indexOfXOnly(bytesToHex(keys.at(12).publicKey).slice(2))).toBe(12);
    // A key found by x-only answers its hash too, and the other way round.
    expect(lookup.indexOfPreimageHash(bytesToHex(keys.at(12).preimageHash))).toBe(12);
    expect(lookup.indexOfXOnly(bytesToHex(keys.at(37).publicKey).slice(2))).toBe(37);
    expect(lookup.indexOfPreimageHash(bytesToHex(keys.at(60).preimageHash))).toBeUndefined();
    expect(lookup.indexOfXOnly(bytesToHex(keys.at(60).publicKey).slice(2))).toBeUndefined();
    expect(lookup.indexOfPreimageHash(bytesToHex(sha256(new Uint8Array([1]))))).toBeUndefined();
    expect(new KeyLookup(keys).indexOfPreimageHash(bytesToHex(keys.at(60).preimageHash))).toBe(60);
  });
});
