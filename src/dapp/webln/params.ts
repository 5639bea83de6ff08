/**
 * WebLN's params as the page script sends them, checked strictly with the project's
 * validators: strings of bounded length, amounts in whole sats as a safe integer or a
 * decimal string (never a float, never an exponent), turned into msat bigints here.
 */
import { obj, optional, str, type Validator } from '../../shared/schema';
import { DappError } from '../family';

/** BOLT-11 allows up to 7089 characters of data part; a little more covers the prefix. */
const MAX_INVOICE = 7200;
/** c-lightning's signmessage limit; LND has none worth relying on. */
export const MAX_MESSAGE = 65_535;
/** NIP-47 and BOLT-11: a description of at most 639 bytes fits an invoice's `d` field. */
const MAX_MEMO = 639;

/** Whole sats: a JSON number that is a safe integer, or a string of digits within the same range. */
const sats: Validator<bigint> = (v, path) => {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,16}$/.test(v) && BigInt(v) <= BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(v);
  throw new DappError('invalid_params', `Invalid parameter "${path}": expected a whole number of sats (no fractions, no exponent).`);
};

function parse<T>(check: Validator<T>, params: unknown): T {
  try {
    return check(params ?? {}, '');
  } catch (err) {
    throw new DappError('invalid_params', err instanceof Error ? err.message : 'Invalid parameters.');
  }
}

export function paymentRequestParams(params: unknown): string {
  return parse(obj({ paymentRequest: str({ min: 1, max: MAX_INVOICE }) }), params).paymentRequest.trim();
}

export function messageParams(params: unknown): string {
  return parse(obj({ message: str({ max: MAX_MESSAGE }) }), params).message;
}

export function verifyParams(params: unknown): { signature: string; message: string } {
  return parse(obj({ signature: str({ min: 1, max: 200 }), message: str({ max: MAX_MESSAGE }) }), params);
}

export function lnurlParams(params: unknown): string {
  return parse(obj({ lnurl: str({ min: 1, max: 2048 }) }), params).lnurl.trim();
}

export interface InvoiceRequest {
  amountMsat: bigint;
  memo: string;
}

/**
 * WebLN makeInvoice: `amount` is a fixed amount; without it the wallet would let the
 * user pick within minimumAmount…maximumAmount starting at defaultAmount. The approval
 * window has no amount field, so the invoice is for `amount`, else `defaultAmount`
 * (which must lie within the bounds), and the user approves exactly that.
 */
export function invoiceParams(params: unknown): InvoiceRequest {
  const p = parse(
    obj({
      amount: optional(sats),
      defaultAmount: optional(sats),
      minimumAmount: optional(sats),
      maximumAmount: optional(sats),
      defaultMemo: optional(str({ max: MAX_MEMO })),
    }),
    params,
  );
  const amount = p.amount ?? p.defaultAmount;
  if (amount === undefined) {
    throw new DappError('invalid_params', 'Layerhop makes invoices for a set amount: pass amount (or defaultAmount) in sats.');
  }
  if (amount <= 0n) throw new DappError('invalid_params', 'The invoice amount must be at least 1 sat.');
  if (p.minimumAmount !== undefined && p.maximumAmount !== undefined && p.minimumAmount > p.maximumAmount) {
    throw new DappError('invalid_params', 'minimumAmount is above maximumAmount.');
  }
  if ((p.minimumAmount !== undefined && amount < p.minimumAmount) || (p.maximumAmount !== undefined && amount > p.maximumAmount)) {
    throw new DappError('invalid_params', 'The amount lies outside minimumAmount…maximumAmount.');
  }
  if (new TextEncoder().encode(p.defaultMemo ?? '').length > MAX_MEMO) throw new DappError('invalid_params', 'defaultMemo is longer than 639 bytes.');
  return { amountMsat: amount * 1000n, memo: p.defaultMemo ?? '' };
}
