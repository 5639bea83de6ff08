/**
 * NIP-01 events: the id is sha256 of the canonical JSON array, the signature a
 * BIP-340 Schnorr signature over the id by the x-only public key.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SchnorrKey } from '../../curve/schnorr-sign';

export interface NostrEvent {
  id: string;
  pubkey: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
  sig: string;
}

export type EventTemplate = Pick<NostrEvent, 'kind' | 'tags' | 'content' | 'created_at'>;

export function publicKeyOf(secretKey: Uint8Array): string {
  return bytesToHex(schnorr.getPublicKey(secretKey));
}

export function eventId(e: Omit<NostrEvent, 'id' | 'sig'>): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content]))));
}

/** `key`: a SchnorrKey the caller keeps (its public key derived once), or the secret key itself. */
export function signEvent(template: EventTemplate, key: SchnorrKey | Uint8Array): NostrEvent {
  const signer = key instanceof SchnorrKey ? key : new SchnorrKey(key);
  const unsigned = { ...template, pubkey: bytesToHex(signer.publicKey) };
  const id = eventId(unsigned);
  return { ...unsigned, id, sig: bytesToHex(signer.sign(hexToBytes(id))) };
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** A NIP-01 event's shape (fields and their types), nothing more: not its id or signature. */
export function isEventShape(e: unknown): e is NostrEvent {
  if (!e || typeof e !== 'object') return false;
  const v = e as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    HEX64.test(v.id) &&
    typeof v.pubkey === 'string' &&
    HEX64.test(v.pubkey) &&
    typeof v.sig === 'string' &&
    HEX128.test(v.sig) &&
    Number.isSafeInteger(v.created_at) &&
    Number.isSafeInteger(v.kind) &&
    typeof v.content === 'string' &&
    Array.isArray(v.tags) &&
    v.tags.every((t) => Array.isArray(t) && t.every((x) => typeof x === 'string'))
  );
}

/** True when the id matches the content and the signature is the author's. */
export function verifyEventSignature(e: NostrEvent): boolean {
  try {
    if (eventId(e) !== e.id) return false;
    return schnorr.verify(hexToBytes(e.sig), hexToBytes(e.id), hexToBytes(e.pubkey));
  } catch {
    return false;
  }
}

export function tagValue(e: Pick<NostrEvent, 'tags'>, name: string): string | undefined {
  return e.tags.find((t) => t[0] === name)?.[1];
}
