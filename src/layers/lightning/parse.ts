/**
 * Every form in which a Lightning destination is handed over, reduced to one of
 * three things: a verified bolt11 invoice, an LNURL endpoint to query, or an
 * LNURL-auth challenge (which LUD-04 says must not be queried before the user
 * agrees). Parsing does no network I/O and reads no clock.
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { theirWords } from '../../shared/their-words';
import type { LightningParams } from '../../shared/networks';
import { decodeBolt11, type Bolt11Invoice } from './bolt11';
import { checkServiceUrl, decodeLnurlBech32, schemeForHost, serviceDomain } from './lnurl-url';

export type LnurlTag = 'payRequest' | 'withdrawRequest' | 'login' | 'channelRequest';
export type AuthAction = 'register' | 'login' | 'link' | 'auth';

/** How the destination was written, for the review screen. */
export type InputForm = 'bolt11' | 'lnurl-bech32' | 'lud17-scheme' | 'lightning-address' | 'url';

interface Wrapped {
  /** Set when the text came inside `lightning:` or a BIP21 `lightning=` parameter. */
  via?: 'lightning-uri' | 'bip21' | 'url-fallback';
}

export interface Bolt11Destination extends Wrapped {
  kind: 'bolt11';
  form: 'bolt11';
  invoice: Bolt11Invoice;
}

export interface LnurlDestination extends Wrapped {
  kind: 'lnurl';
  form: Exclude<InputForm, 'bolt11'>;
  /** The URL to GET (https, or http for onion and loopback). */
  url: string;
  domain: string;
  /** Known before fetching from a LUD-17 scheme or a `tag=` query; otherwise the service tells. */
  tag?: LnurlTag;
  /** For Lightning Addresses: `name@host` as typed (lower case). */
  lightningAddress?: string;
}

export interface AuthDestination extends Wrapped {
  kind: 'auth';
  form: Exclude<InputForm, 'bolt11' | 'lightning-address'>;
  url: string;
  /** What LUD-05 derives the linking key from and what the confirmation screen names. */
  domain: string;
  k1: string;
  action?: AuthAction;
}

export type LightningDestination = Bolt11Destination | LnurlDestination | AuthDestination;

const LUD17: Record<string, LnurlTag> = {
  lnurlp: 'payRequest',
  lnurlw: 'withdrawRequest',
  lnurlc: 'channelRequest',
  keyauth: 'login',
};
const ACTIONS: readonly string[] = ['register', 'login', 'link', 'auth'];

function notLightning(): WalletError {
  return new WalletError('bad_address', localText('err_ln_not_destination'));
}

/**
 * Query parameter lookup ignoring the key's case (BIP21 and QR codes upper-case
 * freely). A key given twice is refused: which one to pay would be a guess (BIP321).
 */
function queryParam(query: string, key: string): string | undefined {
  let found: string | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (k.toLowerCase() !== key) continue;
    if (found !== undefined) throw new WalletError('bad_address', localText('err_request_repeated_key', `${key}=`));
    try {
      found = decodeURIComponent((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '));
    } catch {
      throw new WalletError('bad_address', localText('err_request_bad_encoding', `${key}=`));
    }
  }
  return found;
}

function fromUrl(raw: string, form: LnurlDestination['form'] & AuthDestination['form'], schemeTag?: LnurlTag): LnurlDestination | AuthDestination {
  const url = checkServiceUrl(raw);
  const queryTag = url.searchParams.get('tag') ?? undefined;
  const tag = schemeTag ?? (queryTag && queryTag in TAGS ? (queryTag as LnurlTag) : undefined);
  const domain = serviceDomain(url);
  if (tag === 'login') {
    const k1 = url.searchParams.get('k1') ?? '';
    if (!/^[0-9a-fA-F]{64}$/.test(k1)) {
      throw new WalletError('bad_lnurl', localText('err_login_no_k1', domain));
    }
    const action = url.searchParams.get('action') ?? undefined;
    if (action !== undefined && !ACTIONS.includes(action)) {
      throw new WalletError('bad_lnurl', localText('err_login_unknown_action', domain, theirWords(action, 64) ?? ''));
    }
    return { kind: 'auth', form, url: url.toString(), domain, k1: k1.toLowerCase(), ...(action ? { action: action as AuthAction } : {}) };
  }
  return { kind: 'lnurl', form, url: url.toString(), domain, ...(tag ? { tag } : {}) };
}
const TAGS: Record<LnurlTag, true> = { payRequest: true, withdrawRequest: true, login: true, channelRequest: true };

/** LUD-16: `<username>@<domain>`, the name limited to a-z0-9-_. (typed upper case is read as lower). */
function lightningAddress(text: string): LnurlDestination | null {
  const m = /^([A-Za-z0-9\-_.]+)@([A-Za-z0-9.-]+\.?(?::\d{1,5})?)$/.exec(text);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  const hostname = host.replace(/:\d+$/, '');
  if (!hostname.includes('.') && hostname !== 'localhost') return null;
  // "." and ".." are path segments a URL resolves away: the request would leave /.well-known/lnurlp/.
  if (/^\.+$/.test(name)) throw new WalletError('bad_address', localText('err_ln_address_dots', `${name}@${host}`));
  const path = `/.well-known/lnurlp/${name}`;
  const url = checkServiceUrl(`${schemeForHost(hostname)}://${host}${path}`);
  if (url.pathname !== path) throw new WalletError('bad_address', localText('err_ln_address_path', `${name}@${host}`));
  return { kind: 'lnurl', form: 'lightning-address', url: url.toString(), domain: serviceDomain(url), tag: 'payRequest', lightningAddress: `${name}@${host}` };
}

/**
 * Parses pasted or scanned text into a destination. Invoices are decoded, their
 * signature verified and their network compared with the preset's; expiry is the
 * caller's to check, since parsing reads no clock.
 */
export function parseLightningInput(input: string, params: LightningParams): LightningDestination {
  return parse(input.trim(), params, 0);
}

function parse(text: string, params: LightningParams, depth: number): LightningDestination {
  if (depth > 2 || text === '') throw notLightning();
  const lower = text.toLowerCase();

  if (lower.startsWith('lightning:')) {
    const inner = text.slice('lightning:'.length).replace(/^\/\//, '');
    return { ...parse(inner, params, depth + 1), via: 'lightning-uri' };
  }

  if (lower.startsWith('bitcoin:')) {
    const q = text.indexOf('?');
    const ln = q < 0 ? undefined : queryParam(text.slice(q + 1), 'lightning');
    if (!ln) {
      throw new WalletError('bad_address', localText('err_bip21_no_lightning'));
    }
    return { ...parse(ln.trim(), params, depth + 1), via: 'bip21' };
  }

  const scheme = /^([a-z]+):\/\//.exec(lower)?.[1];
  if (scheme && scheme in LUD17) {
    const rest = text.slice(scheme.length + 3);
    const host = rest.split(/[/?#]/)[0] ?? '';
    const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return fromUrl(`${schemeForHost(hostname)}://${rest}`, 'lud17-scheme', LUD17[scheme]);
  }

  if (lower.startsWith('lnurl1')) return fromUrl(decodeLnurlBech32(text), 'lnurl-bech32');
  if (/^lnurl[pwc]?$/.test(lower) || (lower.startsWith('lnurl') && !lower.includes('://'))) {
    throw new WalletError('bad_lnurl', localText('err_lnurl_incomplete'));
  }

  if (/^ln(bc|tb|tbs|bcrt)[0-9a-z]*1/.test(lower)) {
    const invoice = decodeBolt11(text, params.bolt11);
    return { kind: 'bolt11', form: 'bolt11', invoice };
  }

  if (scheme === 'https' || scheme === 'http') {
    // LUD-01 fallback: a web link that carries the LNURL in `lightning=`.
    const q = text.indexOf('?');
    const ln = q < 0 ? undefined : queryParam(text.slice(q + 1).split('#')[0]!, 'lightning');
    if (ln) return { ...parse(ln.trim(), params, depth + 1), via: 'url-fallback' };
    return fromUrl(text, 'url');
  }

  const address = lightningAddress(text);
  if (address) return address;
  throw notLightning();
}

/** Origins the wallet will contact for this destination before any callback (for host permissions). */
export function destinationOrigins(dest: LightningDestination): string[] {
  return dest.kind === 'bolt11' ? [] : [new URL(dest.url).origin];
}
