/**
 * LUD-05: LNURL-auth keys from the BIP32 seed. A per-service linking key is derived
 * from the domain, so services cannot correlate the user across domains.
 */
import type { HDKey } from '@scure/bip32';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export const LNURL_AUTH_HASHING_PATH = "m/138'/0";

export function hashingKey(root: HDKey): HDKey {
  return root.derive(LNURL_AUTH_HASHING_PATH);
}

/** The four 32-bit path elements LUD-05 takes from HMAC-SHA256(hashingKey, domain). */
export function linkingPathSuffix(hashingPrivateKey: Uint8Array, domain: string): number[] {
  const mac = hmac(sha256, hashingPrivateKey, new TextEncoder().encode(domain));
  const view = new DataView(mac.buffer, mac.byteOffset, 16);
  return [0, 4, 8, 12].map((offset) => view.getUint32(offset, false));
}

export function linkingKeyPath(root: HDKey, domain: string): string {
  const priv = hashingKey(root).privateKey;
  if (!priv) throw new Error('hashing key has no private key');
  return `m/138'/${linkingPathSuffix(priv, domain).join('/')}`;
}

export function linkingKey(root: HDKey, domain: string): HDKey {
  return root.derive(linkingKeyPath(root, domain));
}
