/** BIP39 phrases: generation, normalisation and validation with errors a person can act on. */
import { generateMnemonic, mnemonicToEntropy, mnemonicToSeedWebcrypto } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';

const WORDS = new Set(wordlist);

export function newMnemonic(wordCount: 12 | 24): string {
  return generateMnemonic(wordlist, wordCount === 12 ? 128 : 256);
}

export function normalizeMnemonic(input: string): string {
  return input.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ');
}

/** Returns the normalised phrase or throws naming the first bad word, the length, or the checksum. */
export function validateMnemonicInput(input: string): string {
  const phrase = normalizeMnemonic(input);
  const words = phrase ? phrase.split(' ') : [];
  if (![12, 15, 18, 21, 24].includes(words.length)) {
    throw new WalletError('bad_mnemonic_length', localText('err_mnemonic_length', String(words.length)));
  }
  const badIndex = words.findIndex((w) => !WORDS.has(w));
  if (badIndex >= 0) {
    throw new WalletError('bad_mnemonic_word', localText('err_mnemonic_word', String(badIndex + 1), words[badIndex]!));
  }
  try {
    mnemonicToEntropy(phrase, wordlist);
  } catch {
    throw new WalletError('bad_mnemonic_checksum', localText('err_mnemonic_checksum'));
  }
  return phrase;
}

/** BIP39 seed (no passphrase), through WebCrypto's PBKDF2-SHA512. */
export function mnemonicToSeed(phrase: string): Promise<Uint8Array> {
  return mnemonicToSeedWebcrypto(phrase);
}
