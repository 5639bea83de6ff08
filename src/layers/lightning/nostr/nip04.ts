/**
 * NIP-04 (deprecated, kept because older NWC services speak only it): AES-256-CBC
 * keyed with the unhashed x coordinate of the ECDH point, `<base64>?iv=<base64>`.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';

async function aesKey(secretKey: Uint8Array, publicKey: string, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const shared = secp256k1.getSharedSecret(secretKey, hexToBytes(`02${publicKey}`)).slice(1, 33);
  return crypto.subtle.importKey('raw', shared, { name: 'AES-CBC' }, false, [usage]);
}

export async function nip04Encrypt(secretKey: Uint8Array, publicKey: string, text: string): Promise<string> {
  const iv = Uint8Array.from(randomBytes(16));
  const ct = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, await aesKey(secretKey, publicKey, 'encrypt'), Uint8Array.from(utf8ToBytes(text)));
  return `${base64.encode(new Uint8Array(ct))}?iv=${base64.encode(iv)}`;
}

export async function nip04Decrypt(secretKey: Uint8Array, publicKey: string, payload: string): Promise<string> {
  const [ct, iv] = payload.split('?iv=');
  if (!ct || !iv) throw new Error('not a NIP-04 payload');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-CBC', iv: Uint8Array.from(base64.decode(iv)) },
    await aesKey(secretKey, publicKey, 'decrypt'),
    Uint8Array.from(base64.decode(ct)),
  );
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}
