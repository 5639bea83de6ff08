/**
 * The test dApp's web server: pages built with esbuild from tests/e2e/dapp/pages/<name>.ts,
 * served at /<name>.html on a free loopback port, under three hosts of that port:
 *   http://127.0.0.1:<port>   the dApp (matches the content scripts)
 *   http://localhost:<port>   a second origin that also matches (one that never connected)
 *   http://127.0.0.2:<port>   loopback the manifest does not match: no page script there
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const PAGES = join(import.meta.dirname, 'pages');

export interface DappServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** http://localhost:<port>: another origin the wallet answers. */
  otherUrl: string;
  /** http://127.0.0.2:<port>: an origin the content scripts do not run on. */
  unmatchedUrl: string;
  close(): Promise<void>;
}

const html = (name: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body><main id="app"></main><script src="/${name}.js"></script></body></html>`;

async function bundle(name: string): Promise<string> {
  const entry = join(PAGES, `${name}.ts`);
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome116', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

export async function startDappServer(): Promise<DappServer> {
  const built = new Map<string, Promise<string>>();
  const handler = async (path: string): Promise<{ status: number; type: string; body: string }> => {
    const m = /^\/([a-z0-9-]+)\.(html|js)$/.exec(path);
    if (!m || !existsSync(join(PAGES, `${m[1]}.ts`))) return { status: 404, type: 'text/plain', body: 'not found' };
    if (m[2] === 'html') return { status: 200, type: 'text/html; charset=utf-8', body: html(m[1]!) };
    if (!built.has(m[1]!)) built.set(m[1]!, bundle(m[1]!));
    return { status: 200, type: 'text/javascript; charset=utf-8', body: await built.get(m[1]!)! };
  };
  const servers: Server[] = [];
  const listen = (host: string, port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer((req, res) => {
        handler(new URL(req.url ?? '/', 'http://x').pathname).then(
          ({ status, type, body }) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
          (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
        );
      });
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  const first = await listen('127.0.0.1', 0);
  servers.push(first);
  const port = (first.address() as AddressInfo).port;
  servers.push(await listen('127.0.0.2', port));
  // Chromium tries both of localhost's addresses; ::1 may be missing where IPv6 is off.
  servers.push(...(await listen('::1', port).then((s) => [s], () => [])));
  return {
    url: `http://127.0.0.1:${port}`,
    otherUrl: `http://localhost:${port}`,
    unmatchedUrl: `http://127.0.0.2:${port}`,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
