/**
 * LNURL-pay (LUD-06) with comments (LUD-12), Lightning Addresses (LUD-16), payer
 * identity (LUD-18) and success actions (LUD-09/10). The invoice a service hands
 * back is trusted for nothing: before it reaches a funding source its signature,
 * network, expiry, amount and description hash are all checked here.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { LightningParams } from '../../shared/networks';
import { assertNotExpired, decodeBolt11, type Bolt11Invoice } from './bolt11';
import { isObject, lnurlGet, msatField, withQuery, type HttpFactory } from './lnurl-http';
import { checkServiceUrl, serviceDomain } from './lnurl-url';
import { parseSuccessAction, type SuccessAction } from './success-action';
import { theirWords } from '../../shared/their-words';
import { localText, type LocalText } from '../../shared/local-text';

export type PayerDataKind = 'name' | 'pubkey' | 'identifier' | 'email' | 'auth';

export interface PayerDataRequest {
  /** Kinds the service accepts, and whether each is mandatory. */
  fields: Partial<Record<PayerDataKind, { mandatory: boolean }>>;
  /** The LUD-04 challenge for the `auth` kind. */
  authK1?: string;
}

export interface PayRequest {
  /** Where the pay request was fetched. */
  url: string;
  domain: string;
  callback: string;
  minSendableMsat: bigint;
  maxSendableMsat: bigint;
  /** Raw metadata string: hashed byte for byte for the description hash check. */
  metadata: string;
  description: string;
  longDescription?: string;
  /** `data:` URL of the service's thumbnail, if any. */
  image?: string;
  /** text/identifier or text/email entry (LUD-16). */
  identifier?: string;
  commentAllowed: number;
  payerData?: PayerDataRequest;
  /** Things the review screen should say without refusing. */
  warnings: LocalText[];
}

/** What the user (or wallet) supplies for LUD-18 payer data. */
export interface PayerDataInput {
  name?: string;
  email?: string;
  identifier?: string;
  pubkey?: string;
}

/** Signs a LUD-04 challenge with the linking key for a domain (for LUD-18 `auth`). */
export type AuthSigner = (domain: string, k1: string) => { key: string; sig: string };

function refuse(host: string, why: LocalText): WalletError {
  return new WalletError('lnurl_error', localText('err_lnurl_bad_pay_request', host, why));
}

function parseMetadata(raw: unknown, host: string): Pick<PayRequest, 'description' | 'longDescription' | 'image' | 'identifier'> {
  if (typeof raw !== 'string') throw refuse(host, localText('err_lnurl_why_no_metadata'));
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    throw refuse(host, localText('err_lnurl_why_metadata_json'));
  }
  if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && typeof e[0] === 'string')) {
    throw refuse(host, localText('err_lnurl_why_metadata_list'));
  }
  const list = entries as [string, ...unknown[]][];
  const texts = list.filter((e) => e[0] === 'text/plain');
  if (texts.length !== 1 || typeof texts[0]![1] !== 'string') throw refuse(host, localText('err_lnurl_why_metadata_text'));
  const str = (type: string) => {
    const v = list.find((e) => e[0] === type)?.[1];
    return typeof v === 'string' ? v : undefined;
  };
  const png = str('image/png;base64');
  const jpeg = str('image/jpeg;base64');
  const identifier = str('text/identifier') ?? str('text/email');
  const longDescription = str('text/long-desc');
  return {
    description: texts[0]![1] as string,
    ...(longDescription !== undefined ? { longDescription } : {}),
    ...(png ? { image: `data:image/png;base64,${png}` } : jpeg ? { image: `data:image/jpeg;base64,${jpeg}` } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
  };
}

function parsePayerData(raw: unknown, host: string): PayerDataRequest | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw refuse(host, localText('err_lnurl_why_payer_data'));
  const fields: PayerDataRequest['fields'] = {};
  let authK1: string | undefined;
  for (const kind of ['name', 'pubkey', 'identifier', 'email', 'auth'] as const) {
    const entry = raw[kind];
    if (entry === undefined) continue;
    fields[kind] = { mandatory: isObject(entry) && entry.mandatory === true };
    if (kind === 'auth') {
      const k1 = isObject(entry) ? entry.k1 : undefined;
      if (typeof k1 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(k1)) throw refuse(host, localText('err_lnurl_why_payer_auth_k1'));
      authK1 = k1.toLowerCase();
    }
  }
  return { fields, ...(authK1 ? { authK1 } : {}) };
}

/** Validates a payRequest JSON body fetched from `sourceUrl`. */
export function parsePayRequest(body: Record<string, unknown>, sourceUrl: URL, lightningAddress?: string): PayRequest {
  const host = sourceUrl.host;
  if (body.tag !== 'payRequest') throw new WalletError('lnurl_error', localText('err_lnurl_not_pay', host), host);
  if (typeof body.callback !== 'string') throw refuse(host, localText('err_lnurl_why_no_callback'));
  const callback = checkServiceUrl(body.callback);
  const minSendableMsat = msatField(body.minSendable, localText('err_lnurl_value_min'), host);
  const maxSendableMsat = msatField(body.maxSendable, localText('err_lnurl_value_max'), host);
  if (minSendableMsat < 1n) throw refuse(host, localText('err_lnurl_why_min_zero'));
  if (maxSendableMsat < minSendableMsat) throw refuse(host, localText('err_lnurl_why_max_below_min'));
  const commentAllowed = body.commentAllowed === undefined || body.commentAllowed === null ? 0 : Number(body.commentAllowed);
  if (!Number.isSafeInteger(commentAllowed) || commentAllowed < 0) throw refuse(host, localText('err_lnurl_why_comment_length'));
  const meta = parseMetadata(body.metadata, host);
  const warnings: LocalText[] = [];
  if (lightningAddress) {
    if (meta.identifier === undefined) warnings.push(localText('lnWarn_address_unconfirmed', host, lightningAddress));
    else if (meta.identifier.toLowerCase() !== lightningAddress.toLowerCase()) {
      throw new WalletError('lnurl_error', localText('err_lnurl_other_identifier', host, theirWords(meta.identifier, 100) ?? '', lightningAddress), host);
    }
  }
  const payerData = parsePayerData(body.payerData, host);
  return {
    url: sourceUrl.toString(),
    domain: serviceDomain(sourceUrl),
    callback: callback.toString(),
    minSendableMsat,
    maxSendableMsat,
    metadata: body.metadata as string,
    ...meta,
    commentAllowed,
    ...(payerData ? { payerData } : {}),
    warnings,
  };
}

export function checkPayAmount(pr: PayRequest, amountMsat: bigint): void {
  if (amountMsat < pr.minSendableMsat || amountMsat > pr.maxSendableMsat) {
    throw pr.minSendableMsat === pr.maxSendableMsat
      ? new WalletError('bad_amount', localText('err_lnurl_pay_exactly', pr.domain, formatMsat(pr.minSendableMsat)))
      : new WalletError('bad_amount', localText('err_lnurl_pay_between', pr.domain, formatMsat(pr.minSendableMsat), formatMsat(pr.maxSendableMsat)));
  }
}

export function checkComment(pr: PayRequest, comment: string | undefined): void {
  if (!comment) return;
  if (pr.commentAllowed === 0) throw new WalletError('bad_memo', localText('err_lnurl_no_comment', pr.domain));
  const length = [...comment].length;
  if (length > pr.commentAllowed) {
    throw new WalletError('bad_memo', localText('err_lnurl_comment_long', pr.domain, String(pr.commentAllowed), String(length)));
  }
}

/**
 * LUD-18: the JSON the wallet sends as `payerdata`, built once so the same string
 * is sent and hashed. Only kinds the service asked for are sent; a mandatory kind
 * the user did not give stops the payment. `signAuth` is passed only when the user
 * confirmed the login (PayerAuthConsents): without it nothing is signed.
 */
export function buildPayerData(pr: PayRequest, input: PayerDataInput = {}, signAuth?: AuthSigner): string | undefined {
  const req = pr.payerData;
  if (!req) return undefined;
  const out: Record<string, unknown> = {};
  const labels: Record<Exclude<PayerDataKind, 'auth'>, LocalText> = {
    name: localText('err_lnurl_payer_name'),
    pubkey: localText('err_lnurl_payer_pubkey'),
    identifier: localText('err_lnurl_payer_identifier'),
    email: localText('err_lnurl_payer_email'),
  };
  for (const kind of ['name', 'pubkey', 'identifier', 'email'] as const) {
    const want = req.fields[kind];
    if (!want) continue;
    const value = input[kind]?.trim();
    if (value) out[kind] = value;
    else if (want.mandatory) throw new WalletError('bad_params', localText('err_lnurl_needs_payer_data', pr.domain, labels[kind]));
  }
  if (req.fields.auth && req.authK1 && signAuth) {
    const { key, sig } = signAuth(pr.domain, req.authK1);
    out.auth = { key, k1: req.authK1, sig };
  } else if (req.fields.auth?.mandatory) {
    throw new WalletError('bad_params', localText('err_lnurl_needs_login', pr.domain));
  }
  return Object.keys(out).length ? JSON.stringify(out) : undefined;
}

export interface InvoiceRequest {
  amountMsat: bigint;
  comment?: string;
  /** From buildPayerData: sent verbatim and appended to the metadata for the hash (LUD-18). */
  payerData?: string;
}

export interface CheckedInvoice {
  invoice: Bolt11Invoice;
  successAction?: SuccessAction;
  /** LUD-11: whether the LNURL may be reused (null/absent means disposable). */
  disposable: boolean;
}

/** sha256 of what the invoice's description hash must commit to (LUD-06, or LUD-18 with payer data). */
export function expectedDescriptionHash(metadata: string, payerData?: string): string {
  return bytesToHex(sha256(utf8ToBytes(payerData ? metadata + payerData : metadata)));
}

/**
 * Asks the service for an invoice and checks it. Any failed check throws before
 * the invoice can be paid.
 */
export async function requestPayInvoice(
  http: HttpFactory,
  pr: PayRequest,
  req: InvoiceRequest,
  params: LightningParams,
  nowMs: number,
): Promise<CheckedInvoice> {
  checkPayAmount(pr, req.amountMsat);
  checkComment(pr, req.comment);
  const callback = withQuery(pr.callback, {
    amount: req.amountMsat.toString(),
    comment: req.comment || undefined,
    payerdata: req.payerData,
  });
  const body = await lnurlGet(http, callback);
  const host = callback.host;
  if (typeof body.pr !== 'string') throw new WalletError('lnurl_error', localText('err_lnurl_no_invoice', host), host);
  const successAction = parseSuccessAction(body.successAction, callback);
  return {
    invoice: checkPayInvoice(body.pr, pr, req, params, nowMs, host),
    ...(successAction ? { successAction } : {}),
    disposable: body.disposable !== false,
  };
}

/** LUD-06 steps 6 and 7, plus what bolt11 requires of any invoice before paying. */
export function checkPayInvoice(pr: string, payReq: PayRequest, req: InvoiceRequest, params: LightningParams, nowMs: number, host: string): Bolt11Invoice {
  let invoice: Bolt11Invoice;
  try {
    invoice = decodeBolt11(pr, params.bolt11);
  } catch (err) {
    if (err instanceof WalletError && err.code === 'bad_invoice') throw new WalletError('bad_invoice', localText('err_lnurl_unusable_invoice', host, err.text ?? err.message), host);
    throw err;
  }
  assertNotExpired(invoice, nowMs);
  if (invoice.amountMsat !== req.amountMsat) {
    throw invoice.amountMsat === null
      ? new WalletError('invoice_mismatch', localText('err_lnurl_invoice_no_amount', host, formatMsat(req.amountMsat)))
      : new WalletError('invoice_mismatch', localText('err_lnurl_invoice_amount', host, formatMsat(invoice.amountMsat), formatMsat(req.amountMsat)));
  }
  const expected = expectedDescriptionHash(payReq.metadata, req.payerData);
  if (invoice.descriptionHash !== expected) {
    throw new WalletError('invoice_mismatch', localText('err_lnurl_invoice_description', host));
  }
  return invoice;
}

/** Fetches and validates the pay request an LNURL or Lightning Address points to. */
export async function fetchPayRequest(http: HttpFactory, url: string, lightningAddress?: string): Promise<PayRequest> {
  const u = new URL(url);
  return parsePayRequest(await lnurlGet(http, u), u, lightningAddress);
}

/** "1,234.5 sats" for messages (amounts stay bigint; this is display only). */
export function formatMsat(msat: bigint): string {
  const sats = msat / 1000n;
  const rest = msat % 1000n;
  const whole = sats.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = rest === 0n ? '' : `.${rest.toString().padStart(3, '0').replace(/0+$/, '')}`;
  return `${whole}${frac} sat${sats === 1n && rest === 0n ? '' : 's'}`;
}
