/**
 * BIP39's seed of a phrase (PBKDF2-HMAC-SHA512, 2,048 rounds, salt "mnemonic"), with Node's
 * native PBKDF2. @scure/bip39's mnemonicToSeedSync runs the rounds in JavaScript, about 25 ms a
 * phrase here, and the tests make fresh wallets by the hundred; the wallet itself derives its
 * seed with WebCrypto (src/background/mnemonic.ts). bip39-seed.test.ts holds this to @scure/bip39's.
 */
import { pbkdf2Sync } from 'node:crypto';

export function mnemonicToSeedSync(mnemonic: string, passphrase = ''): Uint8Array {
  return new Uint8Array(pbkdf2Sync(mnemonic.normalize('NFKD'), `mnemonic${passphrase}`.normalize('NFKD'), 2048, 64, 'sha512'));
}
