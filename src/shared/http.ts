/**
 * One HTTP client for every backend (Esplora, Hiro, JSON-RPC, Boltz, LNURL): a
 * timeout per attempt, retries with exponential backoff and jitter on 429, 5xx and
 * network failures, and errors a user can read. Non-idempotent requests retry only
 * where the server says it did not process them (429, 503).
 */
import { WalletError } from './errors';
import { localText, type LocalText } from './local-text';

export interface HttpOptions {
  timeoutMs?: number;
  retries?: number;
  baseDelayMs?: number;
  headers?: Record<string, string>;
  /** Called once per attempt (for request counting in benchmarks). */
  onRequest?: (method: string, url: string) => void;
  fetchImpl?: typeof fetch;
  /**
   * false: a redirect is refused, never followed. A followed redirect would send the
   * same request (query and all) to whatever host and scheme the server names,
   * past any check made on the URL we chose.
   */
  followRedirects?: boolean;
}

export class HttpError extends WalletError {
  constructor(
    readonly status: number,
    readonly body: string,
    text: string | LocalText,
    host?: string,
  ) {
    super('backend_error', text, host);
  }
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_UNPROCESSED = new Set([429, 503]);

/** Browsers hide a manual redirect as an opaque response; Node returns the 3xx itself. */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function redirectRefused(url: string, response: Response): WalletError {
  const host = new URL(url).host;
  const location = response.headers.get('location');
  let target = '';
  try {
    if (location) target = new URL(location, url).host;
  } catch {
    // an unreadable Location names nothing
  }
  return new WalletError('backend_error', localText(target ? 'err_http_redirect_to' : 'err_http_redirect', host, ...(target ? [target] : [])), host);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class HttpClient {
  readonly baseUrl: string;
  private readonly opts: Required<Omit<HttpOptions, 'onRequest' | 'fetchImpl' | 'headers' | 'followRedirects'>> & HttpOptions;

  constructor(baseUrl: string, opts: HttpOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.opts = { timeoutMs: 15_000, retries: 3, baseDelayMs: 300, ...opts };
  }

  get host(): string {
    try {
      return new URL(this.baseUrl).host;
    } catch {
      return this.baseUrl;
    }
  }

  async request(method: string, path: string, init: { body?: string; contentType?: string; accept?: string } = {}): Promise<string> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const idempotent = method === 'GET' || method === 'HEAD';
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.opts.retries;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
      this.opts.onRequest?.(method, url);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method,
          body: init.body,
          signal: controller.signal,
          // Backends mark volatile reads cacheable (electrs: address histories and the tip, max-age=10): a browser would answer the next refresh from its cache.
          cache: 'no-store',
          ...(this.opts.followRedirects === false ? { redirect: 'manual' as const } : {}),
          headers: {
            ...(init.contentType ? { 'content-type': init.contentType } : {}),
            ...(init.accept ? { accept: init.accept } : {}),
            ...this.opts.headers,
          },
        });
      } catch (err) {
        clearTimeout(timer);
        const timedOut = controller.signal.aborted;
        // A request that may have reached the server is not repeated unless it is idempotent.
        if (!last && idempotent) {
          await this.backoff(attempt);
          continue;
        }
        const failed = timedOut
          ? new WalletError('timeout', localText('err_http_timeout', this.host, String(Math.round(this.opts.timeoutMs / 1000))), this.host)
          : new WalletError('network_error', localText('err_http_unreachable', this.host), this.host);
        // What fetch said (a refused connection, a reset socket), for test reports and a debugger; the popup and pages
        // get toShape() only. Not enumerable, as a cause given to Error's constructor, so no JSON of the error carries it.
        // Never log it whole: fetch's words may quote the URL, and an LNURL's holds its k1.
        Object.defineProperty(failed, 'cause', { value: err, writable: true, configurable: true });
        throw failed;
      }
      if (this.opts.followRedirects === false && isRedirect(response)) {
        clearTimeout(timer);
        throw redirectRefused(url, response);
      }
      const text = await response.text().finally(() => clearTimeout(timer));
      if (response.ok) return text;
      const retryable = idempotent ? RETRYABLE.has(response.status) : RETRYABLE_UNPROCESSED.has(response.status);
      if (!last && retryable) {
        await this.backoff(attempt, response.headers.get('retry-after'));
        continue;
      }
      const detail = text.trim().slice(0, 300);
      // The server's own words, quoted as its.
      if (detail) throw new HttpError(response.status, text, localText('err_http_status_said', this.host, String(response.status), detail), this.host);
      throw new HttpError(response.status, text, localText('err_http_status', this.host, String(response.status)), this.host);
    }
  }

  async getJson<T>(path: string): Promise<T> {
    return this.parse<T>(await this.request('GET', path, { accept: 'application/json' }), path);
  }

  getText(path: string): Promise<string> {
    return this.request('GET', path);
  }

  async postJson<T>(path: string, body: unknown): Promise<T> {
    const text = await this.request('POST', path, { body: JSON.stringify(body), contentType: 'application/json', accept: 'application/json' });
    return this.parse<T>(text, path);
  }

  postText(path: string, body: string, contentType = 'text/plain'): Promise<string> {
    return this.request('POST', path, { body, contentType });
  }

  private parse<T>(text: string, path: string): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new WalletError('backend_error', localText('err_http_not_json', this.host, path.split('?')[0]!), this.host);
    }
  }

  private async backoff(attempt: number, retryAfter?: string | null): Promise<void> {
    const hinted = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    const exp = this.opts.baseDelayMs * 2 ** attempt;
    await sleep(Math.min(10_000, Math.max(hinted, exp / 2 + Math.random() * (exp / 2))));
  }
}
