/**
 * GETs to LNURL services through the shared HttpClient. LUD-01 says status codes
 * and headers mean nothing: the JSON body decides, and `{"status":"ERROR"}` is a
 * refusal whose `reason` the user should read, whatever the HTTP status.
 */
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { HttpError, type HttpClient } from '../../shared/http';
import { theirWords } from '../../shared/their-words';

export type HttpFactory = (baseUrl: string) => HttpClient;

/** A service-provided reason, or the wallet's words that none was given. */
function cleanReason(reason: unknown): string | LocalText {
  return theirWords(reason) ?? localText('err_lnurl_no_reason');
}

function parseBody(text: string, host: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WalletError('lnurl_error', localText('err_lnurl_no_data', host));
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** GET an LNURL endpoint and return its JSON object, or throw the service's refusal. */
export async function lnurlGet(http: HttpFactory, url: URL): Promise<Record<string, unknown>> {
  const host = url.host;
  let text: string;
  try {
    text = await http(url.origin).getText(url.toString());
  } catch (err) {
    // A refusal often comes with a 4xx status; its body still carries the reason.
    if (!(err instanceof HttpError)) throw err;
    const body = (() => {
      try {
        return JSON.parse(err.body) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (isObject(body) && body.status === 'ERROR') throw new WalletError('lnurl_error', localText('err_lnurl_refused', host, cleanReason(body.reason)));
    throw err;
  }
  const body = parseBody(text, host);
  if (!isObject(body)) throw new WalletError('lnurl_error', localText('err_lnurl_no_data', host));
  if (typeof body.status === 'string' && body.status.toUpperCase() === 'ERROR') {
    throw new WalletError('lnurl_error', localText('err_lnurl_refused', host, cleanReason(body.reason)));
  }
  return body;
}

/** `<callback><?|&>key=value…`, keeping whatever query the callback already has. */
export function withQuery(callback: string, params: Record<string, string | undefined>): URL {
  const url = new URL(callback);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** Millisatoshi amounts in LNURL JSON are numbers; accept only non-negative integers. */
export function msatField(value: unknown, name: LocalText, host: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d{1,18}$/.test(value)) return BigInt(value);
  throw new WalletError('lnurl_error', localText('err_lnurl_bad_value', host, name));
}
