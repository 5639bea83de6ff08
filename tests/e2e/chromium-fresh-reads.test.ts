/**
 * A refresh reads the chain, not Chromium's HTTP cache. Blockstream's Esplora
 * (electrs src/rest.rs) marks address histories, address stats and the tip
 * `Cache-Control: public, max-age=10` (TTL_SHORT), which a browser obeys: a
 * refresh within ten seconds of the last one would be answered from the cache and
 * miss coins that arrived meanwhile. Here bcoin's Esplora facade is reached
 * through a proxy that adds electrs' header to every read.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RPC_TAG } from '../../src/shared/rpc';
import type { LayerOverview } from '../../src/shared/layer-views';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
type Runtime = { chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } } };

async function rpc<T>(page: Page, method: string, params: object): Promise<T> {
  const reply = await page.evaluate(
    ([tag, m, p]) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage({ tag, method: m, params: p }),
    [RPC_TAG, method, params] as const,
  );
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.result as T;
}

/** Forwards to `target`, adding electrs' TTL_SHORT header to every successful GET; counts reads per path. */
async function cachingProxy(target: string): Promise<{ url: string; reads: Map<string, number>; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const reads = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') reads.set(req.url ?? '', (reads.get(req.url ?? '') ?? 0) + 1);
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      const headers = { ...up.headers };
      if (req.method === 'GET' && up.statusCode === 200) headers['cache-control'] = 'public, max-age=10';
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reads,
    stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Returns once no read has reached the proxy for a second (at most 15 s). */
async function quiet(reads: Map<string, number>): Promise<void> {
  const total = () => [...reads.values()].reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 15_000;
  let last = total();
  let since = Date.now();
  while (Date.now() - since < 1_000 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (total() !== last) [last, since] = [total(), Date.now()];
  }
}

describe('Chromium: a refresh is never answered from the HTTP cache', () => {
  let devnet: BitcoinDevnet;
  let proxy: Awaited<ReturnType<typeof cachingProxy>>;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.bitcoin();
    proxy = await cachingProxy(devnet.url);
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-fresh-reads'));
    await useDevnet(drive(page), [{ layer: 'bitcoin', key: 'esplora', url: `${proxy.url}/api` }]);
    // The reads counted are the test's own: the onboarding tab's app (Home once the wallet exists) is closed,
    // and this page leaves Home once the refresh Home started on opening has ended.
    for (const other of ext.context.pages()) if (other.url().includes('view=tab')) await other.close();
    await page.click('[data-testid=nav-settings]');
    await quiet(proxy.reads);
  });
  afterAll(async () => {
    await ext?.close();
    await proxy?.stop();
  });

  it('sees coins that arrived a moment after the last refresh, whatever max-age the backend sent', async () => {
    const { address } = await rpc<{ address: string }>(page, 'bitcoin.receive', {});
    const confirmed = async () => (await rpc<LayerOverview>(page, 'layers.overview', { layer: 'bitcoin' })).balances[0]!.confirmed;
    expect(await confirmed()).toBe('0');
    const path = `/api/address/${address}/txs`;
    const readsBefore = proxy.reads.get(path) ?? 0;
    await devnet.faucet(address, 123_456n);
    expect(await confirmed()).toBe('123456');
    expect(proxy.reads.get(path)).toBe(readsBefore + 1);
  });
});
