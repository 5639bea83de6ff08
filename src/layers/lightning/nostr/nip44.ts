/**
 * NIP-44 version 2 payload encryption: secp256k1 ECDH (unhashed x), HKDF-SHA256,
 * power-of-two padding, ChaCha20, HMAC-SHA256 over nonce || ciphertext.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';

const SALT = utf8ToBytes('nip44-v2');
const MIN_PLAINTEXT = 1;
const MAX_PLAINTEXT = 0xffffffff;
const EXTENDED_PREFIX = 65536;

export class Nip44Error extends Error {}

/** conv(a, B) == conv(b, A); `publicKeyB` is the 32-byte x-only key in hex. */
export function conversationKey(secretKeyA: Uint8Array, publicKeyB: string): Uint8Array {
  const shared = secp256k1.getSharedSecret(secretKeyA, hexToBytes(`02${publicKeyB}`));
  return extract(sha256, shared.subarray(1, 33), SALT);
}

export function messageKeys(convKey: Uint8Array, nonce: Uint8Array): { chachaKey: Uint8Array; chachaNonce: Uint8Array; hmacKey: Uint8Array } {
  if (convKey.length !== 32) throw new Nip44Error('invalid conversation key length');
  if (nonce.length !== 32) throw new Nip44Error('invalid nonce length');
  const keys = expand(sha256, convKey, nonce, 76);
  return { chachaKey: keys.subarray(0, 32), chachaNonce: keys.subarray(32, 44), hmacKey: keys.subarray(44, 76) };
}

export function paddedLength(len: number): number {
  if (len <= 32) return 32;
  const nextPower = 2 ** (Math.floor(Math.log2(len - 1)) + 1);
  const chunk = nextPower <= 256 ? 32 : nextPower / 8;
  return chunk * (Math.floor((len - 1) / chunk) + 1);
}

function pad(plaintext: string): Uint8Array {
  const bytes = utf8ToBytes(plaintext);
  const len = bytes.length;
  if (len < MIN_PLAINTEXT || len > MAX_PLAINTEXT) throw new Nip44Error('invalid plaintext length');
  const prefix = len < EXTENDED_PREFIX ? new Uint8Array(2) : new Uint8Array(6);
  const view = new DataView(prefix.buffer);
  if (len < EXTENDED_PREFIX) view.setUint16(0, len);
  else view.setUint32(2, len);
  return concatBytes(prefix, bytes, new Uint8Array(paddedLength(len) - len));
}

function unpad(padded: Uint8Array): string {
  const view = new DataView(padded.buffer, padded.byteOffset, padded.byteLength);
  if (padded.length < 2) throw new Nip44Error('invalid padding');
  const first = view.getUint16(0);
  let len = first;
  let prefix = 2;
  if (first === 0) {
    if (padded.length < 6) throw new Nip44Error('invalid padding');
    len = view.getUint32(2);
    prefix = 6;
    if (len < EXTENDED_PREFIX) throw new Nip44Error('invalid padding');
  }
  const text = padded.subarray(prefix, prefix + len);
  if (len === 0 || text.length !== len || padded.length !== prefix + paddedLength(len)) throw new Nip44Error('invalid padding');
  return new TextDecoder('utf-8', { fatal: true }).decode(text);
}

function equalCT(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function nip44Encrypt(plaintext: string, convKey: Uint8Array, nonce: Uint8Array = randomBytes(32)): string {
  const { chachaKey, chachaNonce, hmacKey } = messageKeys(convKey, nonce);
  const ciphertext = chacha20(chachaKey, chachaNonce, pad(plaintext));
  const mac = hmac(sha256, hmacKey, concatBytes(nonce, ciphertext));
  return base64.encode(concatBytes(new Uint8Array([2]), nonce, ciphertext, mac));
}

export function nip44Decrypt(payload: string, convKey: Uint8Array): string {
  if (payload.length === 0 || payload[0] === '#') throw new Nip44Error('unknown encryption version');
  // NWC messages are small; a megabyte bounds the work a hostile payload can cause.
  if (payload.length < 132 || payload.length > 1_400_000) throw new Nip44Error('invalid payload size');
  let data: Uint8Array;
  try {
    data = base64.decode(payload);
  } catch {
    throw new Nip44Error('invalid base64');
  }
  if (data.length < 99) throw new Nip44Error('invalid data size');
  if (data[0] !== 2) throw new Nip44Error(`unknown encryption version ${data[0]}`);
  const nonce = data.subarray(1, 33);
  const ciphertext = data.subarray(33, data.length - 32);
  const mac = data.subarray(data.length - 32);
  const { chachaKey, chachaNonce, hmacKey } = messageKeys(convKey, nonce);
  if (!equalCT(hmac(sha256, hmacKey, concatBytes(nonce, ciphertext)), mac)) throw new Nip44Error('invalid MAC');
  return unpad(chacha20(chachaKey, chachaNonce, ciphertext));
}
