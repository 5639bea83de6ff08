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

/** LUD-05's notation `m/138'/<u32>/<u32>/<u32>/<u32>`; elements of 2^31 and above are hardened children. */
export function linkingKeyPath(root: HDKey, domain: string): string {
  const priv = hashingKey(root).privateKey;
  if (!priv) throw new Error('hashing key has no private key');
  return `m/138'/${linkingPathSuffix(priv, domain).join('/')}`;
}

/**
 * Each path element is used as the raw 32-bit child index, as LUD-05's reference
 * (and rust-bitcoin's ChildNumber::from(u32)) do: an element of 2^31 or more is a
 * hardened child. A BIP32 path string cannot say that, so derive child by child.
 */
export function linkingKey(root: HDKey, domain: string): HDKey {
  const hashing = hashingKey(root);
  if (!hashing.privateKey) throw new Error('hashing key has no private key');
  let node = root.derive("m/138'");
  for (const index of linkingPathSuffix(hashing.privateKey, domain)) node = node.deriveChild(index);
  return node;
}
