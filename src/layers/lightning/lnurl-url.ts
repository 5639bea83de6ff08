/**
 * Where an LNURL may point (LUD-01): clearnet HTTPS, or plain HTTP to a Tor onion
 * service. Plain HTTP to this machine's loopback is also accepted, because the
 * devnet serves LNURL there; nothing else may downgrade to HTTP. The same rule
 * applies to every callback a service hands back.
 */
import { bech32 } from '@scure/base';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { isLoopbackHost } from '../../shared/links';

export { isLoopbackHost };

export function isOnionHost(hostname: string): boolean {
  return /\.onion\.?$/i.test(hostname);
}

/** The scheme LUD-16/17 say to use for a host: http for onion (and loopback), https otherwise. */
export function schemeForHost(hostname: string): 'http' | 'https' {
  return isOnionHost(hostname) || isLoopbackHost(hostname) ? 'http' : 'https';
}

/** Validates a service URL and returns it parsed; throws `bad_lnurl` with the reason. */
export function checkServiceUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WalletError('bad_lnurl', localText('err_lnurl_no_web_address'));
  }
  if (url.username || url.password) throw new WalletError('bad_lnurl', localText('err_lnurl_credentials'));
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (isOnionHost(url.hostname) || isLoopbackHost(url.hostname))) return url;
  if (url.protocol === 'http:') {
    throw new WalletError('bad_lnurl', localText('err_lnurl_plain_http', url.host));
  }
  throw new WalletError('bad_lnurl', localText('err_lnurl_scheme', url.protocol.replace(/:$/, '')));
}

/**
 * The domain LUD-04/05 name a service by: the full host name without a trailing dot
 * (the port is not part of it), lower case.
 */
export function serviceDomain(url: URL): string {
  return url.hostname.replace(/\.$/, '').toLowerCase();
}

/** LUD-01: bech32 `lnurl1…` without the 90-character limit, upper or lower case, never mixed. */
export function decodeLnurlBech32(text: string): string {
  const t = text.trim();
  if (t !== t.toLowerCase() && t !== t.toUpperCase()) {
    throw new WalletError('bad_lnurl', localText('err_lnurl_mixed_case'));
  }
  let prefix: string;
  let words: number[];
  try {
    ({ prefix, words } = bech32.decode(t.toLowerCase() as `${string}1${string}`, false));
  } catch {
    throw new WalletError('bad_lnurl', localText('err_lnurl_checksum'));
  }
  if (prefix !== 'lnurl') throw new WalletError('bad_lnurl', localText('err_lnurl_prefix', prefix.slice(0, 40)));
  const bytes = bech32.fromWordsUnsafe(words);
  if (!bytes) throw new WalletError('bad_lnurl', localText('err_lnurl_padding'));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WalletError('bad_lnurl', localText('err_lnurl_not_text'));
  }
}

export function encodeLnurlBech32(url: string): string {
  return bech32.encode('lnurl', bech32.toWords(new TextEncoder().encode(url)), false).toUpperCase();
}
