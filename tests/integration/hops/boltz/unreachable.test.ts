/**
 * A Boltz endpoint that is set but does not serve: a closed port, a web page (a
 * proxy's or a captive portal's) instead of Boltz's JSON, or JSON that is no pair
 * list. Everything else runs on the devnet. Each route Boltz would serve is left
 * out with a reason that names the host, in words (a locale key), and nothing is
 * created: no hop, no POST to anyone, no swap at the real devnet Boltz.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../../src/hops/boltz/assets';
import { submarineQuoteForInvoice } from '../../../../src/hops/boltz/invoice-quote';
import type { AssetRef } from '../../../../src/hops/types';
import { englishText } from '../../../../src/shared/english';
import { WalletError } from '../../../../src/shared/errors';
import { isLocalText } from '../../../../src/shared/local-text';
import { endpointKey } from '../../../../src/shared/networks';
import { type Devnets, makeWallet, startBoltzDevnetsForFile } from './helpers';
import { CLOSED_PORT } from '../../../helpers/closed-port';

let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
});

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const PORTAL = '<!doctype html><html><head><title>Sign in to the network</title></head><body><form>…</form></body></html>';

/** A host answering every request with `status` and `body`; counts what it was asked. */
function hostile(status: number, body: string, type: string): { server: Server; asked: string[] } {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  return { server, asked };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const hosts: { server: Server; asked: string[] }[] = [];
afterAll(async () => {
  await Promise.all(hosts.map((h) => new Promise<void>((r) => h.server.close(() => r()))));
});

async function hostileUrl(status: number, body: string, type = 'text/html'): Promise<{ url: string; asked: string[] }> {
  const h = hostile(status, body, type);
  hosts.push(h);
  return { url: `http://127.0.0.1:${await listen(h.server)}/v2`, asked: h.asked };
}

const MOVES: [string, AssetRef, AssetRef, bigint][] = [
  ['submarine BTC → Lightning', BTC_ONCHAIN, BTC_LIGHTNING, 60_000n],
  ['reverse Lightning → BTC', BTC_LIGHTNING, BTC_ONCHAIN, 60_000n],
  ['chain BTC → L-BTC', BTC_ONCHAIN, LBTC, 60_000n],
];

/** Plans each move with Boltz at `url`: every route is unavailable, keyed, naming the host; nothing was created or posted. */
async function expectLeftOut(url: string, says: RegExp, moves = MOVES): Promise<void> {
  const swapsBefore = d.boltz.swaps.size;
  const w = makeWallet(d, { endpoints: { [endpointKey('bitcoin', 'devnet', 'boltz')]: url } });
  const host = new URL(url).host;
  for (const [what, from, to, amount] of moves) {
    const { routes } = await w.engine.plan(w.ctx, from, to, amount);
    expect(routes, what).toHaveLength(1);
    const [r] = routes;
    expect(r!.available, what).toBe(false);
    expect(isLocalText(r!.reason), `${what}: the reason is a locale key, not English only`).toBe(true);
    const text = englishText(r!.reason!);
    expect(text, what).toContain(host);
    expect(text, what).toMatch(says);
    expect(text, what).toMatch(/nothing was sent/i);
    expect(text, `${what}: no markup in the reason`).not.toMatch(/<[a-z!/]/i);
  }
  expect(await w.store.all()).toEqual([]);
  expect(w.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
  expect(d.boltz.swaps.size).toBe(swapsBefore);
}

describe('an unreachable or garbled Boltz is named in the route’s reason, and nothing is created', () => {
  beforeAll(() => {
    expect(d.boltz.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
  });

  it('a closed port', async () => {
    await expectLeftOut(`http://127.0.0.1:${CLOSED_PORT}/v2`, /cannot be reached|no connection/i);
  });

  it('a web page with 200 OK (a captive portal) instead of JSON', async () => {
    const { url, asked } = await hostileUrl(200, PORTAL);
    await expectLeftOut(url, /not JSON|web page/i);
    expect(asked.every((a) => a.startsWith('GET /v2/swap/'))).toBe(true);
  });

  it("a proxy's HTML error page (502)", async () => {
    const { url } = await hostileUrl(502, NGINX_502);
    await expectLeftOut(url, /502/);
  });

  it('JSON that is not a pair list (null, an array, pairs without numbers)', async () => {
    for (const body of ['null', '[1,2]', '{"BTC":{"BTC":"yes","L-BTC":{"hash":"h","limits":{"minimal":-1,"maximal":1},"fees":{"percentage":0.1,"minerFees":{}}}}}']) {
      const { url } = await hostileUrl(200, body, 'application/json');
      await expectLeftOut(url, /not a Boltz pair list|pair list/i);
    }
  });

  it('a host that takes the connection and never answers: named before the planner gives up on the route', async () => {
    const silent = createServer(() => undefined);
    hosts.push({ server: silent, asked: [] });
    const url = `http://127.0.0.1:${await listen(silent)}/v2`;
    await expectLeftOut(url, /did not answer within 8 s/, MOVES.slice(0, 1));
    silent.closeAllConnections();
  }, 30_000);

  it('paying a given invoice: the same words, as an error naming the host', async () => {
    const { url } = await hostileUrl(200, 'null', 'application/json');
    const w = makeWallet(d, { endpoints: { [endpointKey('bitcoin', 'devnet', 'boltz')]: url } });
    const err = await submarineQuoteForInvoice(w.ctx, 'lnbcrt1', 50_000n).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).text?.key).toBeTruthy();
    expect((err as WalletError).message).toContain(new URL(url).host);
    expect(await w.store.all()).toEqual([]);
  });
});
