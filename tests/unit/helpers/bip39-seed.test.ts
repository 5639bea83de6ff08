/** The tests' native BIP39 seed (tests/helpers/bip39-seed.ts) against @scure/bip39's, and BIP39's own vector. */
import { generateMnemonic, mnemonicToSeedSync as scureSeed } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';

describe('the tests’ BIP39 seed', () => {
  it("gives BIP39's test vector (the first of trezor's vectors.json, passphrase TREZOR)", () => {
    const phrase = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    expect(bytesToHex(mnemonicToSeedSync(phrase, 'TREZOR'))).toBe(
      'c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
    );
  });

  it("is @scure/bip39's seed for 12- and 24-word phrases, with and without a passphrase, NFKD-normalized", () => {
    for (const strength of [128, 256]) {
      for (const passphrase of ['', 'Layerhop', 'cafe\u0301 ñ']) {
        const phrase = generateMnemonic(wordlist, strength);
        expect(bytesToHex(mnemonicToSeedSync(phrase, passphrase))).toBe(bytesToHex(scureSeed(phrase, passphrase)));
      }
    }
  });
});
