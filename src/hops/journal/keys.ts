/**
 * The move journal's key: it signs the journal's Nostr events and, with NIP-44 to
 * itself, encrypts them. It is BIP85 HEX entropy (32 bytes) at
 * m/83696968'/128169'/32'/5687625' ("JOURNAL" on a phone keypad), not a NIP-06 key
 * (m/44'/1237'/<account>'/0/0): a Nostr client given the same phrase never shows or
 * signs as this key, and the journal is not published under the user's Nostr
 * identity. BIP85 passes a hardened node through HMAC-SHA512, so the key tells
 * nothing of the seed or of any account key, and any BIP85 tool can rebuild it.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { HDKey } from '@scure/bip32';
import { publicKeyOf } from '../../layers/lightning/nostr/event';
import { bip85Entropy } from '../keys';

export const JOURNAL_KEY_PATH = "m/83696968'/128169'/32'/5687625'";

export interface JournalKeys {
  secretKey: Uint8Array;
  /** x-only, hex: the author of every journal event. */
  publicKey: string;
  /** Keys the `d` tags, apart from the signing key. */
  tagKey: Uint8Array;
}

export function journalKeys(root: HDKey): JournalKeys {
  const entropy = bip85Entropy(root, JOURNAL_KEY_PATH);
  const secretKey = entropy.slice(0, 32);
  entropy.fill(0);
  // Out of range with odds of 2^-128; refuse rather than reduce, so the key stays BIP85's bytes.
  if (!secp256k1.utils.isValidSecretKey(secretKey)) throw new Error('the journal key is out of range');
  return { secretKey, publicKey: publicKeyOf(secretKey), tagKey: hmac(sha256, secretKey, utf8ToBytes('layerhop move journal d tag')) };
}

/** Zeroes what journalKeys() returned. */
export function wipeJournalKeys(keys: JournalKeys): void {
  keys.secretKey.fill(0);
  keys.tagKey.fill(0);
}

/**
 * The event's `d` tag for an entry: a keyed hash, so the relay can neither read entry ids nor link entries to moves.
 * It binds the network preset the entry was written under (one key serves every preset of a seed): a reader on
 * another preset finds a `d` that does not match and drops the entry, wherever the event was replayed.
 */
export function journalDTag(tagKey: Uint8Array, scope: string, entryId: string): string {
  return bytesToHex(hmac(sha256, tagKey, utf8ToBytes(JSON.stringify([scope, entryId]))));
}
