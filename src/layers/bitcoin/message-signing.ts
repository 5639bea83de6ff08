/**
 * Signs messages with the wallet's Bitcoin keys, in the background only:
 * BIP-322 "simple" (a witness spending a virtual output of the address, so P2WPKH
 * and P2TR both sign as they would spend) and, only when asked, the legacy
 * "Bitcoin Signed Message" recoverable ECDSA signature (BIP-137 header for P2WPKH).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { Psbt, Transaction } from 'bitcoinjs-lib';
import type { BitcoinKeys, OwnedAddress } from './keys';
import { signerFor } from './signing';

export interface SignedMessage {
  /** base64 */
  signature: string;
  /** The digest committed to, hex: BIP-322's tagged message hash, or the legacy message hash. */
  messageHash: string;
}

function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  const t = sha256(utf8ToBytes(tag));
  return sha256(concatBytes(t, t, data));
}

function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8);
  return Uint8Array.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
}

export function bip322MessageHash(message: Uint8Array): Uint8Array {
  return taggedHash('BIP0322-signed-message', message);
}

/** BIP-322's virtual `to_spend`: version 0, one input of the null outpoint carrying the message hash, one 0-value output to the address. */
function toSpend(script: Uint8Array, messageHash: Uint8Array): Transaction {
  const tx = new Transaction();
  tx.version = 0;
  tx.locktime = 0;
  tx.addInput(new Uint8Array(32), 0xffffffff, 0, concatBytes(Uint8Array.of(0x00, 0x20), messageHash));
  tx.addOutput(script, 0n);
  return tx;
}

/** BIP-322 simple signature of `message` by `owner` (P2WPKH or P2TR key path): the witness of `to_sign`, serialized, base64. */
export function signBip322(keys: BitcoinKeys, owner: OwnedAddress, message: Uint8Array): SignedMessage {
  const hash = bip322MessageHash(message);
  const script = hexToBytes(owner.script);
  const psbt = new Psbt({ network: keys.network });
  psbt.setVersion(0);
  psbt.setLocktime(0);
  psbt.addInput({
    hash: toSpend(script, hash).getId(),
    index: 0,
    sequence: 0,
    witnessUtxo: { script, value: 0n },
    ...(owner.scheme === 'p2tr' ? { tapInternalKey: owner.publicKey.slice(1, 33) } : {}),
  });
  psbt.addOutput({ script: Uint8Array.of(0x6a), value: 0n });
  psbt.signInput(0, signerFor(keys, owner));
  psbt.finalizeInput(0);
  const witness = psbt.extractTransaction().ins[0]!.witness;
  const encoded = concatBytes(compactSize(witness.length), ...witness.flatMap((w) => [compactSize(w.length), w]));
  return { signature: base64.encode(encoded), messageHash: bytesToHex(hash) };
}

/** The legacy digest: sha256d("\x18Bitcoin Signed Message:\n" || compactSize(len) || message). */
export function legacyMessageHash(message: Uint8Array): Uint8Array {
  const prefix = utf8ToBytes('\x18Bitcoin Signed Message:\n');
  return sha256(sha256(concatBytes(prefix, compactSize(message.length), message)));
}

/**
 * Legacy recoverable ECDSA signature (base64 of header || r || s). P2WPKH only: a
 * Taproot key has no ECDSA signature form. Header 39 + recovery id marks a native
 * segwit key (BIP-137).
 */
export function signLegacy(keys: BitcoinKeys, owner: OwnedAddress, message: Uint8Array): SignedMessage {
  if (owner.scheme !== 'p2wpkh') throw new Error('legacy message signatures are for P2WPKH addresses only');
  const hash = legacyMessageHash(message);
  const recovered = secp256k1.sign(hash, keys.privateKey(owner), { prehash: false, format: 'recovered' });
  const header = 39 + recovered[0]!;
  return { signature: base64.encode(concatBytes(Uint8Array.of(header), recovered.slice(1))), messageHash: bytesToHex(hash) };
}
