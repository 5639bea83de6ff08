/**
 * BIP21/BIP321 `bitcoin:` URIs: address, amount (BTC, decimal), label, message, and a
 * `lightning=` parameter (BOLT11 or LNURL) kept for the Lightning layer. Unknown
 * `req-` parameters make the URI unusable, as BIP21 requires. Values are
 * percent-decoded per RFC 3986 (`+` stays a plus), and a key that may appear once
 * but appears twice makes the request ambiguous, so it is refused (BIP321).
 */
import { WalletError } from '../../shared/errors';
import { formatAmount, parseAmount } from '../../shared/units';
import { localText, type LocalText } from '../../shared/local-text';

export interface Bip21 {
  address: string;
  amount?: bigint;
  label?: string;
  message?: string;
  lightning?: string;
}

export function isBip21(input: string): boolean {
  return /^bitcoin:/i.test(input.trim());
}

/** Keys BIP321 allows once (label, message, pop), plus the amount and the one payment instruction this wallet reads. */
const ONCE = new Set(['amount', 'label', 'message', 'pop', 'lightning']);

function percentDecode(text: string, what: LocalText): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new WalletError('bad_address', localText('err_bip21_encoding', what));
  }
}

export function parseBip21(input: string): Bip21 {
  const text = input.trim();
  if (!isBip21(text)) throw new WalletError('bad_address', localText('err_bip21_not_uri'));
  const rest = text.slice('bitcoin:'.length);
  const q = rest.indexOf('?');
  const address = percentDecode(q < 0 ? rest : rest.slice(0, q), localText('bip21Part_address'));
  const out: Bip21 = { address };
  const seen = new Set<string>();
  for (const pair of q < 0 ? [] : rest.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = percentDecode(eq < 0 ? pair : pair.slice(0, eq), localText('bip21Part_name'));
    const value = percentDecode(eq < 0 ? '' : pair.slice(eq + 1), localText('bip21Part_value', rawKey));
    const key = rawKey.toLowerCase();
    const once = key === 'req-pop' ? 'pop' : key;
    if (ONCE.has(once)) {
      if (seen.has(once)) {
        throw new WalletError('bad_address', localText('err_bip21_repeated', once));
      }
      seen.add(once);
    }
    if (key === 'amount') {
      try {
        out.amount = parseAmount(value, 8, 'BTC');
      } catch (err) {
        throw new WalletError('bad_amount', localText('err_bip21_amount', err instanceof WalletError ? (err.text ?? err.message) : String(err)));
      }
    } else if (key === 'label') out.label = value;
    else if (key === 'message') out.message = value;
    else if (key === 'lightning') out.lightning = value;
    else if (key.startsWith('req-')) {
      throw new WalletError('unsupported', localText('err_bip21_required', rawKey));
    }
  }
  if (!out.address && !out.lightning) throw new WalletError('bad_address', localText('err_bip21_no_address'));
  return out;
}

export function buildBip21(address: string, opts: { amount?: bigint; label?: string } = {}): string {
  const params: string[] = [];
  if (opts.amount !== undefined) params.push(`amount=${formatAmount(opts.amount, 8)}`);
  // RFC 3986 percent-encoding (a space is %20, never +), which parseBip21 reads back.
  if (opts.label) params.push(`label=${encodeURIComponent(opts.label)}`);
  const qs = params.join('&');
  // BIP21 allows upper case for compact QR codes; keep the address as given.
  return `bitcoin:${address}${qs ? `?${qs}` : ''}`;
}
