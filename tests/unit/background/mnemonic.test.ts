import { describe, expect, it } from 'vitest';
import { mnemonicToSeed, newMnemonic, validateMnemonicInput } from '../../../src/background/mnemonic';
import { bytesToHex } from '@noble/hashes/utils.js';

describe('mnemonic input', () => {
  it('accepts a valid phrase and normalises spacing and case', () => {
    const messy = '  Abandon abandon\tabandon abandon abandon abandon\nabandon abandon abandon abandon abandon ABOUT ';
    expect(validateMnemonicInput(messy)).toBe(
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
    );
  });

  it('names the first word that is not in the list', () => {
    const phrase = 'abandon abandon abandon abandonn abandon abandon abandon abandon abandon abandon abandon about';
    expect(() => validateMnemonicInput(phrase)).toThrow(/Word 4 \("abandonn"\)/);
  });

  it('reports a checksum failure separately from a bad word', () => {
    const phrase = Array(12).fill('abandon').join(' ');
    expect(() => validateMnemonicInput(phrase)).toThrowError(expect.objectContaining({ code: 'bad_mnemonic_checksum' }));
  });

  it('reports a wrong word count', () => {
    expect(() => validateMnemonicInput('abandon about')).toThrowError(expect.objectContaining({ code: 'bad_mnemonic_length' }));
    expect(() => validateMnemonicInput('')).toThrowError(expect.objectContaining({ code: 'bad_mnemonic_length' }));
  });

  it('generates valid 12- and 24-word phrases', () => {
    for (const n of [12, 24] as const) {
      const m = newMnemonic(n);
      expect(m.split(' ')).toHaveLength(n);
      expect(validateMnemonicInput(m)).toBe(m);
    }
  });

  it('derives the BIP39 seed of the abandon phrase (no passphrase)', async () => {
    const seed = await mnemonicToSeed('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
    expect(bytesToHex(seed)).toBe(
      '5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4',
    );
  });
});
