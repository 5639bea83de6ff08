/**
 * Secrets other than the recovery phrase that must survive a browser restart (a
 * Nostr Wallet Connect client key) are kept in storage.local under AES-256-GCM
 * with a key derived from the unlocked seed: they open only while the wallet is
 * unlocked, only with this seed, and need no second password.
 *
 * Key = HKDF-SHA256(IKM = BIP32 master key || master chain code, salt =
 * "layerhop/seed-sealed/v1", info = purpose). The master key and chain code are
 * HMAC-SHA512("Bitcoin seed", seed): as secret as the seed, and what the unlocked
 * key tree holds. Each purpose gets its own key; the caller's public context is
 * authenticated with the ciphertext (AAD), so moving a sealed value to another
 * record or network fails like a wrong key.
 */
import type { HDKey } from '@scure/bip32';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { WalletError } from '../shared/errors';

export interface Sealed {
  /** base64, 12 bytes, fresh per seal */
  iv: string;
  /** base64, ciphertext with the 16-byte GCM tag */
  ciphertext: string;
}

const SALT = utf8ToBytes('layerhop/seed-sealed/v1');

async function sealingKey(root: HDKey, purpose: string): Promise<CryptoKey> {
  if (!root.privateKey) throw new WalletError('internal', 'The wallet key is not available.');
  const raw = hkdf(sha256, concatBytes(root.privateKey, root.chainCode!), SALT, utf8ToBytes(purpose), 32);
  try {
    return await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}

export async function sealWithSeed(root: HDKey, purpose: string, secret: Uint8Array, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await sealingKey(root, purpose);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8ToBytes(context) as BufferSource }, key, secret as BufferSource);
  return { iv: base64.encode(iv), ciphertext: base64.encode(new Uint8Array(ct)) };
}

/** Throws `vault_corrupt` when the value was sealed by another seed, for another context, or altered. */
export async function openWithSeed(root: HDKey, purpose: string, sealed: Sealed, context: string): Promise<Uint8Array> {
  const key = await sealingKey(root, purpose);
  try {
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64.decode(sealed.iv) as BufferSource, additionalData: utf8ToBytes(context) as BufferSource },
      key,
      base64.decode(sealed.ciphertext) as BufferSource,
    );
    return new Uint8Array(pt);
  } catch {
    throw new WalletError('vault_corrupt', 'A saved secret could not be opened with this wallet (saved by another recovery phrase, or altered).');
  }
}
