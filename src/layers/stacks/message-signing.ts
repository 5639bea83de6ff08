/**
 * Off-chain signatures with the Stacks account key, as Stacks wallets make them:
 * a text message under the "\x17Stacks Signed Message:\n" prefix (@stacks/encryption
 * `hashMessage`: prefix, the message's byte length as a Bitcoin CompactSize, the
 * UTF-8 bytes, then SHA-256), and SIP-018 structured data (domain and message as
 * Clarity values, @stacks/transactions `encodeStructuredDataBytes`). Both answer an
 * RSV signature (r, s, recovery id) in hex, as Leather and Xverse do.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { encodeStructuredDataBytes, signMessageHashRsv, type ClarityValue } from '@stacks/transactions';

export const STACKS_MESSAGE_PREFIX = '\x17Stacks Signed Message:\n';

/** Bitcoin's CompactSize, as the message prefix carries the length. */
function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return new Uint8Array([n]);
  if (n <= 0xffff) return new Uint8Array([0xfd, n & 0xff, n >> 8]);
  return new Uint8Array([0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]);
}

export function stacksMessageHash(message: string): Uint8Array {
  const bytes = utf8ToBytes(message);
  return sha256(concatBytes(utf8ToBytes(STACKS_MESSAGE_PREFIX), compactSize(bytes.length), bytes));
}

/** SIP-018: sha256("SIP018" ‖ sha256(domain) ‖ sha256(message)), each value in its consensus serialization. */
export function structuredMessageHash(domain: ClarityValue, message: ClarityValue): Uint8Array {
  return sha256(encodeStructuredDataBytes({ domain, message }));
}

/** An RSV signature (hex) of a 32-byte hash with a 32-byte private key. */
export function signHashRsv(hash: Uint8Array, privateKey: Uint8Array): string {
  return signMessageHashRsv({ messageHash: bytesToHex(hash), privateKey: `${bytesToHex(privateKey)}01` });
}
