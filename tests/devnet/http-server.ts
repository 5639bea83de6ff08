/**
 * A tiny HTTP router for the devnet stand-ins: binds 127.0.0.1 on a free port (or a
 * given one), answers CORS so the extension can call it, and turns thrown
 * HttpReply errors into status codes. Each stand-in registers its public API's
 * exact routes on it. Infrastructure, not a service of its own: each stand-in
 * built on it follows (and cites) the real service's source.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HttpReply extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
  json<T = unknown>(): T;
  raw: IncomingMessage;
}

type Handler = (req: RouteRequest) => Promise<unknown> | unknown;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Marks a handler result to be sent as text/plain instead of JSON. */
export class Text {
  constructor(readonly text: string) {}
}

/** A handler result sent as an HTTP redirect to `location`. */
export class Redirect {
  constructor(
    readonly location: string,
    readonly status = 302,
  ) {}
}

const RECENT_KEPT = 200;

export class DevServer {
  private readonly routes: Route[] = [];
  private server: Server | null = null;
  url = '';
  /** Requests served, by "METHOD path-pattern" (benchmarks count them). */
  readonly hits = new Map<string, number>();
  /** The last requests ended, oldest first ("time method path status ms", or "aborted"), for a failed test to print. */
  readonly recent: string[] = [];
  private readonly inFlight = new Set<() => string>();

  /** The last `n` requests ended, then those still without an answer. */
  requestLog(n: number): string[] {
    return [...this.recent.slice(-n), ...[...this.inFlight].map((line) => `${line()} (no answer yet)`)];
  }

  on(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => {
        keys.push(k);
        return '([^/]+)';
      })}/?$`,
    );
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  get(path: string, h: Handler) {
    return this.on('GET', path, h);
  }
  post(path: string, h: Handler) {
    return this.on('POST', path, h);
  }

  /** The Node server once listening (for a WebSocket upgrade handler beside the routes). */
  get httpServer(): Server | null {
    return this.server;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host}:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const started = Date.now();
    const line = () => `${new Date(started).toISOString().slice(11, 23)} ${req.method} ${url.pathname}`;
    // On 'close', not 'finish': an answer the client gave up on, or a socket a test switch destroyed, is listed too.
    this.inFlight.add(line);
    res.once('close', () => {
      this.inFlight.delete(line);
      this.recent.push(`${line()} ${res.writableFinished ? res.statusCode : 'aborted'} ${Date.now() - started}ms`);
      if (this.recent.length > RECENT_KEPT) this.recent.shift();
    });
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
      const key = `${route.method} ${route.pattern.source}`;
      this.hits.set(key, (this.hits.get(key) ?? 0) + 1);
      try {
        const out = await route.handler({
          method: req.method,
          path: url.pathname,
          params,
          query: url.searchParams,
          body,
          json: <T>() => JSON.parse(body || 'null') as T,
          raw: req,
        });
        send(res, 200, out);
      } catch (err) {
        if (err instanceof HttpReply) send(res, err.status, err.body);
        else send(res, 500, err instanceof Error ? err.message : String(err));
      }
      return;
    }
    send(res, 404, 'Not found');
  }

  /** Total requests served. */
  get requestCount(): number {
    let n = 0;
    for (const v of this.hits.values()) n += v;
    return n;
  }
}

function send(res: ServerResponse, status: number, out: unknown): void {
  if (out instanceof Redirect) {
    res.writeHead(out.status, { location: out.location }).end();
    return;
  }
  if (out instanceof Text || typeof out === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(out instanceof Text ? out.text : out);
    return;
  }
  const text = JSON.stringify(out ?? null, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}
