/**
 * LUD-09 (message, url) and LUD-10 (aes) success actions. They are checked before
 * paying, because LUD-09 forbids paying when the wallet could not show the action
 * afterwards; the aes one is opened with the payment preimage after paying.
 */
import { base64 } from '@scure/base';
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { isOpenableLink } from '../../shared/links';
import { isObject } from './lnurl-http';
import { theirWords } from '../../shared/their-words';
import { serviceDomain } from './lnurl-url';
import { localText, type LocalText } from '../../shared/local-text';

export type SuccessAction =
  | { tag: 'message'; message: string }
  | { tag: 'url'; description: string; url: string }
  | { tag: 'aes'; description: string; ciphertext: string; iv: string };

/**
 * What the wallet shows after paying: aes already decrypted (its plaintext is kept
 * in storage.session only, so a stored record may lack it); a url only when it is
 * safe to open as a link.
 */
export type SuccessActionView =
  | { tag: 'message'; message: string }
  | { tag: 'url'; description: string; url: string }
  | { tag: 'aes'; description: string; plaintext?: string };

function refuse(host: string, why: LocalText): WalletError {
  return new WalletError('lnurl_error', localText('err_lnurl_bad_success_action', host, why));
}

function text(v: unknown, max: number, host: string, name: string): string {
  if (typeof v !== 'string') throw refuse(host, localText('err_lnurl_sa_missing', name));
  if ([...v].length > max) throw refuse(host, localText('err_lnurl_sa_too_long', name, String(max)));
  return v;
}

export function parseSuccessAction(value: unknown, callback: URL): SuccessAction | undefined {
  if (value === undefined || value === null) return undefined;
  const host = callback.host;
  if (!isObject(value)) throw refuse(host, localText('err_lnurl_sa_not_object'));
  switch (value.tag) {
    case 'message':
      return { tag: 'message', message: text(value.message, 144, host, 'message') };
    case 'url': {
      const description = text(value.description, 144, host, 'description');
      const raw = text(value.url, 2000, host, 'url');
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw refuse(host, localText('err_lnurl_sa_bad_link'));
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(host, localText('err_lnurl_sa_not_web'));
      // LUD-09: the link's domain must be the callback's.
      if (serviceDomain(url) !== serviceDomain(callback)) throw refuse(host, localText('err_lnurl_sa_other_domain', url.hostname));
      return { tag: 'url', description, url: url.toString() };
    }
    case 'aes': {
      const description = text(value.description, 144, host, 'description');
      const ciphertext = text(value.ciphertext, 4096, host, 'ciphertext');
      const iv = text(value.iv, 24, host, 'iv');
      let ivBytes: Uint8Array;
      try {
        ivBytes = base64.decode(iv);
        base64.decode(ciphertext);
      } catch {
        throw refuse(host, localText('err_lnurl_sa_not_base64'));
      }
      if (ivBytes.length !== 16) throw refuse(host, localText('err_lnurl_sa_iv'));
      return { tag: 'aes', description, ciphertext, iv };
    }
    default:
      throw refuse(host, localText('err_lnurl_sa_unknown_kind', theirWords(String(value.tag), 40) ?? ''));
  }
}

/** LUD-10: AES-256-CBC with PKCS#7 padding, the key being the 32-byte payment preimage. */
export async function decryptAesAction(action: Extract<SuccessAction, { tag: 'aes' }>, preimageHex: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', Uint8Array.from(hexToBytes(preimageHex)), { name: 'AES-CBC' }, false, ['decrypt']);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: Uint8Array.from(base64.decode(action.iv)) }, key, Uint8Array.from(base64.decode(action.ciphertext)));
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new WalletError('lnurl_error', localText('err_lnurl_secret_unopened'));
  }
}

export async function successActionView(action: SuccessAction | undefined, preimageHex: string): Promise<SuccessActionView | undefined> {
  if (!action) return undefined;
  // A plain-HTTP link (other than the devnet's loopback) is shown, not offered to open.
  if (action.tag === 'url') return isOpenableLink(action.url) ? action : { tag: 'message', message: `${action.description} ${action.url}` };
  if (action.tag !== 'aes') return action;
  return { tag: 'aes', description: action.description, plaintext: await decryptAesAction(action, preimageHex) };
}
