/**
 * BIP21 `bitcoin:` URIs: address, amount (BTC, decimal), label, message, and a
 * `lightning=` parameter (BOLT11 or LNURL) kept for the Lightning layer. Unknown
 * `req-` parameters make the URI unusable, as BIP21 requires.
 */
import { WalletError } from '../../shared/errors';
import { formatAmount, parseAmount } from '../../shared/units';

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

export function parseBip21(input: string): Bip21 {
  const text = input.trim();
  if (!isBip21(text)) throw new WalletError('bad_address', 'Not a bitcoin: URI.');
  const rest = text.slice('bitcoin:'.length);
  const q = rest.indexOf('?');
  const address = decodeURIComponent(q < 0 ? rest : rest.slice(0, q));
  const out: Bip21 = { address };
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  for (const [rawKey, value] of params) {
    const key = rawKey.toLowerCase();
    if (key === 'amount') {
      try {
        out.amount = parseAmount(value, 8, 'BTC');
      } catch (err) {
        throw new WalletError('bad_amount', `The URI's amount is invalid: ${(err as Error).message}`);
      }
    } else if (key === 'label') out.label = value;
    else if (key === 'message') out.message = value;
    else if (key === 'lightning') out.lightning = value;
    else if (key.startsWith('req-')) {
      throw new WalletError('unsupported', `This payment request needs "${rawKey}", which this wallet does not support.`);
    }
  }
  if (!out.address && !out.lightning) throw new WalletError('bad_address', 'The URI has no address.');
  return out;
}

export function buildBip21(address: string, opts: { amount?: bigint; label?: string } = {}): string {
  const params = new URLSearchParams();
  if (opts.amount !== undefined) params.set('amount', formatAmount(opts.amount, 8));
  if (opts.label) params.set('label', opts.label);
  const qs = params.toString();
  // BIP21 allows upper case for compact QR codes; keep the address as given.
  return `bitcoin:${address}${qs ? `?${qs}` : ''}`;
}
