/**
 * WebLN signMessage / verifyMessage in LND's format, so any verifier of LND's
 * `signmessage` output checks ours: a compact recoverable ECDSA signature
 * (header 31 + recovery id, r, s) over double-SHA256("Lightning Signed Message:" ||
 * message), written in z-base-32.
 *
 * The key is not an LNURL-auth key (m/138'/…): it is LND's node-key family on
 * test networks, m/1017'/1'/6'/0/0 (purpose 1017', coin type 1, key family 6),
 * one key for every test network and every site. It is no Lightning node's key:
 * payments go through the connected NWC wallet, whose node key is its own.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { HDKey } from '@scure/bip32';
import { zbase32Decode, zbase32Encode } from './zbase32';

export const MESSAGE_SIGNING_PATH = "m/1017'/1'/6'/0/0";
const PREFIX = utf8ToBytes('Lightning Signed Message:');
/** bitcoind's compact-signature header for a compressed key: 27 + 4 + recovery id. */
const COMPRESSED_HEADER = 31;

function digest(message: string): Uint8Array {
  return sha256(sha256(concatBytes(PREFIX, utf8ToBytes(message))));
}

function signingKey(root: HDKey): HDKey {
  const node = root.derive(MESSAGE_SIGNING_PATH);
  if (!node.privateKey || !node.publicKey) throw new Error('no message signing key');
  return node;
}

/** The compressed public key a signature by this wallet recovers to, hex. */
export function messageSigningPubkey(root: HDKey): string {
  return bytesToHex(signingKey(root).publicKey!);
}

export function signLightningMessage(root: HDKey, message: string): string {
  const sig = secp256k1.sign(digest(message), signingKey(root).privateKey!, { prehash: false, format: 'recovered', lowS: true });
  // noble's recovered form is recovery id || r || s; LND's is header || r || s.
  const out = Uint8Array.from(sig);
  out[0] = COMPRESSED_HEADER + sig[0]!;
  return zbase32Encode(out);
}

/** The compressed key (hex) that made `signature` over `message`, or null when it is no valid signature. */
export function recoverMessageSigner(message: string, signature: string): string | null {
  const bytes = zbase32Decode(signature);
  if (!bytes || bytes.length !== 65) return null;
  const header = bytes[0]!;
  // 27…30 mark an uncompressed key, 31…34 a compressed one; LND accepts both, and so do we.
  if (header < 27 || header > 34) return null;
  const recovered = Uint8Array.from(bytes);
  recovered[0] = (header - 27) & 3;
  try {
    const point = secp256k1.Signature.fromBytes(recovered, 'recovered').recoverPublicKey(digest(message));
    return point.toHex(true);
  } catch {
    return null;
  }
}
