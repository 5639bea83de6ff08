/**
 * The move journal's key and d tags. The expected values are recomputed with other
 * libraries (node:crypto's HMAC, nostr-tools' key and NIP-06 code) than the ones the
 * wallet uses, and BIP85's own HEX vector checks the derivation.
 */
import { createHash, createHmac } from 'node:crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { privateKeyFromSeedWords } from 'nostr-tools/nip06';
import { getPublicKey } from 'nostr-tools/pure';
import { describe, expect, it } from 'vitest';
import { JOURNAL_KEY_PATH, journalDTag, journalKeys } from '../../../../src/hops/journal/keys';
import { bip85Entropy } from '../../../../src/hops/keys';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const rootOf = (mnemonic: string) => HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic));
// BIP85's test master key.
const BIP85_XPRV = 'xprv9s21ZrQH143K2LBWUUQRFXhucrQqBpKdRRxNVq2zBqsx8HVqFk2uYo8kmbaLLHRdqtQpUm98uKfu3vca1LqdGhUtyoFnCNkfmXRyPXLjbKb';

describe('journal key', () => {
  it('is BIP85 HEX: the spec vector for 32 bytes at index 0', () => {
    const entropy = bip85Entropy(HDKey.fromExtendedKey(BIP85_XPRV), "m/83696968'/128169'/32'/0'").slice(0, 32);
    expect(bytesToHex(entropy)).toBe('ea3ceb0b02ee8e587779c63f4b7b3a21e950a213f1ec53cab608d13e8796e6dc');
  });

  it('is the same for the same seed (fixed vector) and is HMAC-SHA512 of the node at its own hardened path', () => {
    const root = rootOf(MNEMONIC);
    const keys = journalKeys(root);
    expect(keys.publicKey).toBe('21857ec0d3dd06d3553233e3baabd887459b1411f1f6df187753b833e8c6d15f');
    const node = root.derive(JOURNAL_KEY_PATH);
    const expected = createHmac('sha512', 'bip-entropy-from-k').update(node.privateKey!).digest().subarray(0, 32);
    expect(bytesToHex(keys.secretKey)).toBe(expected.toString('hex'));
    expect(getPublicKey(expected)).toBe(keys.publicKey);
    expect(JOURNAL_KEY_PATH.split('/').slice(1).every((step) => step.endsWith("'"))).toBe(true);
    expect(journalKeys(rootOf(MNEMONIC)).publicKey).toBe(keys.publicKey);
  });

  it("is not the NIP-06 Nostr identity of the same phrase, nor another phrase's journal key", () => {
    const keys = journalKeys(rootOf(MNEMONIC));
    for (let account = 0; account < 3; account++) expect(getPublicKey(privateKeyFromSeedWords(MNEMONIC, undefined, account))).not.toBe(keys.publicKey);
    expect(journalKeys(rootOf('legal winner thank year wave sausage worth useful legal winner thank yellow')).publicKey).not.toBe(keys.publicKey);
  });

  it('cannot be derived from a wiped root (a locked wallet)', () => {
    const root = rootOf(MNEMONIC);
    root.wipePrivateData();
    expect(() => journalKeys(root)).toThrow();
  });
});

describe('journal d tag', () => {
  const { tagKey, secretKey } = journalKeys(rootOf(MNEMONIC));

  it('is HMAC-SHA256 of the preset and entry id under a key apart from the signing key', () => {
    const expectedKey = createHmac('sha256', secretKey).update('layerhop move journal d tag').digest();
    expect(bytesToHex(tagKey)).toBe(expectedKey.toString('hex'));
    expect(bytesToHex(tagKey)).not.toBe(bytesToHex(secretKey));
    expect(journalDTag(tagKey, 'testnet', 'chain-1')).toBe(createHmac('sha256', expectedKey).update('["testnet","chain-1"]').digest('hex'));
  });

  it('is stable per id, differs between ids, presets and seeds, and is not an unkeyed hash of the id', () => {
    const d = journalDTag(tagKey, 'testnet', 'chain-1');
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(journalDTag(tagKey, 'testnet', 'chain-1')).toBe(d);
    expect(journalDTag(tagKey, 'testnet', 'chain-2')).not.toBe(d);
    expect(journalDTag(journalKeys(rootOf('legal winner thank year wave sausage worth useful legal winner thank yellow')).tagKey, 'testnet', 'chain-1')).not.toBe(d);
    // The same entry id under another network preset, or with the boundary moved, is another tag.
    expect(journalDTag(tagKey, 'devnet', 'chain-1')).not.toBe(d);
    expect(journalDTag(tagKey, 'testnet"', 'chain-1')).not.toBe(journalDTag(tagKey, 'testnet', '"chain-1'));
    expect(d).not.toBe(createHash('sha256').update('chain-1').digest('hex'));
    expect(d).not.toContain(Buffer.from('chain-1').toString('hex'));
  });
});
