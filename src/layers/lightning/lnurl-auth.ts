/**
 * LNURL-auth (LUD-04) with LUD-05 keys: the k1 challenge is signed with the
 * linking key derived for the service's domain, DER-encoded, and sent back with
 * the compressed public key. Different domains get unrelated keys.
 */
import type { HDKey } from '@scure/bip32';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { lnurlGet, withQuery, type HttpFactory } from './lnurl-http';
import { linkingKey } from './lnurl-auth-keys';
import type { AuthDestination } from './parse';
import { localText } from '../../shared/local-text';

export interface AuthSignature {
  /** Compressed linking public key, hex. */
  key: string;
  /** DER-encoded ECDSA signature over the 32 k1 bytes (not hashed again), hex. */
  sig: string;
}

export function signAuthChallenge(root: HDKey, domain: string, k1Hex: string): AuthSignature {
  const node = linkingKey(root, domain);
  if (!node.privateKey || !node.publicKey) throw new WalletError('internal', localText('err_ln_login_key'));
  const k1 = hexToBytes(k1Hex);
  if (k1.length !== 32) throw new WalletError('bad_lnurl', localText('err_lnurl_auth_k1'));
  const sig = secp256k1.sign(k1, node.privateKey, { prehash: false, format: 'der' });
  return { key: bytesToHex(node.publicKey), sig: bytesToHex(sig) };
}

/** The public linking key a domain will see, for the confirmation screen. */
export function linkingPublicKey(root: HDKey, domain: string): string {
  const pub = linkingKey(root, domain).publicKey;
  if (!pub) throw new WalletError('internal', localText('err_ln_login_key'));
  return bytesToHex(pub);
}

/** Step 3: `<url>&sig=…&key=…`; the service answers `{"status":"OK"}` once it verified the signature. */
export async function submitAuth(http: HttpFactory, dest: AuthDestination, root: HDKey): Promise<AuthSignature> {
  const signed = signAuthChallenge(root, dest.domain, dest.k1);
  const body = await lnurlGet(http, withQuery(dest.url, { sig: signed.sig, key: signed.key }));
  if (typeof body.status === 'string' && body.status.toUpperCase() !== 'OK') {
    throw new WalletError('lnurl_error', localText('err_lnurl_auth_unconfirmed', dest.domain));
  }
  return signed;
}
