/**
 * Signatures over messages rather than transactions: EIP-191 `personal_sign`
 * (version 0x45) and EIP-712 typed data, both as the 65 bytes r ‖ s ‖ v with
 * v = 27 or 28 that ecrecover and every EVM library read.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { typedDataHash, type TypedData } from './typed-data';

/** keccak256("\x19Ethereum Signed Message:\n" ‖ len(message) ‖ message). */
export function personalMessageHash(message: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${message.length}`);
  const bytes = new Uint8Array(prefix.length + message.length);
  bytes.set(prefix);
  bytes.set(message, prefix.length);
  return keccak_256(bytes);
}

/** 0x-hex r ‖ s ‖ v over a 32-byte digest (low s, RFC 6979). */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): string {
  const sig = secp256k1.sign(digest, privateKey, { prehash: false, format: 'recovered' });
  return `0x${bytesToHex(sig.subarray(1, 65))}${(27 + sig[0]!).toString(16)}`;
}

export function signPersonalMessage(message: Uint8Array, privateKey: Uint8Array): string {
  return signDigest(personalMessageHash(message), privateKey);
}

export function signTypedData(data: TypedData, privateKey: Uint8Array): string {
  return signDigest(typedDataHash(data), privateKey);
}
