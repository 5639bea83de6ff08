import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { probeDevnet } from '../../../src/background/devnet-probe';
import type { WebSocketLike } from '../../../src/layers/lightning/nostr/relay';
import { endpointKey } from '../../../src/shared/networks';
import { englishOf } from '../../helpers/english-of';
import { renderText } from '../../../src/shared/local-text';
import { translator } from '../../helpers/locale';
import { DevServer, Redirect, Text } from '../../devnet/http-server';
import { startNostrRelay, type DevRelay } from '../../devnet/nostr-relay';
import { CLOSED_PORT } from '../../helpers/closed-port';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

/** Every fetch the probe makes, so a test can say which hosts were asked; one that is not loopback is recorded and fails here, never sent. */
function recordingFetch() {
  const asked: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    asked.push(String(input));
    if (new URL(String(input)).hostname !== '127.0.0.1') return Promise.reject(new TypeError('the test sends nothing off this machine'));
    return fetch(input, init);
  };
  return { asked, fetchImpl };
}

/** Answers each probe's question as the real service's route does (shapes only; these are fixtures of the probe, not stand-ins). */
async function answering(): Promise<{ servers: DevServer[]; endpoints: Record<string, string> }> {
  const esplora = new DevServer().get('/api/blocks/tip/height', () => new Text('451'));
  const liquid = new DevServer().get('/api/blocks/tip/height', () => new Text('12'));
  const stacks = new DevServer().get('/v2/info', () => ({ network_id: 2147483648, stacks_tip_height: 3, burn_block_height: 3 }));
  const emily = new DevServer().get('/limits', () => ({ pegCap: null, perDepositMinimum: null, accountCaps: {} }));
  const boltz = new DevServer().get('/v2/version', () => ({ version: '3.12.0' }));
  const rsk = new DevServer().post('/', () => ({ jsonrpc: '2.0', id: 1, result: '0x21' }));
  const servers = [esplora, liquid, stacks, emily, boltz, rsk];
  await Promise.all(servers.map((s) => s.listen()));
  return {
    servers,
    endpoints: {
      [endpointKey('bitcoin', 'devnet', 'esplora')]: `${esplora.url}/api`,
      [endpointKey('bitcoin', 'devnet', 'boltz')]: `${boltz.url}/v2`,
      [endpointKey('liquid', 'devnet', 'esplora')]: `${liquid.url}/api`,
      [endpointKey('stacks', 'devnet', 'api')]: stacks.url,
      [endpointKey('stacks', 'devnet', 'emily')]: emily.url,
      [endpointKey('rootstock', 'devnet', 'rpc')]: rsk.url,
    },
  };
}

describe('probeDevnet', () => {
  let relay: DevRelay;
  let servers: DevServer[] = [];
  let endpoints: Record<string, string> = {};
  const extra: Server[] = [];

  beforeAll(async () => {
    relay = await startNostrRelay();
  });
  afterAll(async () => relay?.stop());
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    for (const s of extra.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  const withRelay = (e: Record<string, string>) => ({ ...e, [endpointKey('lightning', 'devnet', 'journalRelay')]: relay.url });

  it('finds the devnet when every service of every layer answers as that service does', async () => {
    ({ servers, endpoints } = await answering());
    const { asked, fetchImpl } = recordingFetch();
    const result = await probeDevnet({ endpoints: withRelay(endpoints), pins: {} }, { fetchImpl, webSocket });
    expect(result.services.filter((s) => !s.ok)).toEqual([]);
    expect(result.services.map((s) => `${s.layer}.${s.endpoint}`).sort()).toEqual(
      ['bitcoin.boltz', 'bitcoin.esplora', 'lightning.journalRelay', 'liquid.esplora', 'rootstock.rpc', 'stacks.api', 'stacks.emily'].sort(),
    );
    expect(result.found).toBe(true);
    // Explorers are web pages, not services: never asked.
    expect(asked).toHaveLength(6);
  });

  it('does not find it when one service is down, and says which and why', async () => {
    ({ servers, endpoints } = await answering());
    const port = CLOSED_PORT;
    const result = await probeDevnet(
      { endpoints: withRelay({ ...endpoints, [endpointKey('stacks', 'devnet', 'emily')]: `http://127.0.0.1:${port}` }), pins: {} },
      { webSocket },
    );
    expect(result.found).toBe(false);
    const emily = result.services.find((s) => s.endpoint === 'emily')!;
    expect(emily).toMatchObject({ layer: 'stacks', ok: false, host: `127.0.0.1:${port}` });
    expect(englishOf(emily.reason)).toMatch(/Cannot reach 127\.0\.0\.1/);
    expect(result.services.filter((s) => !s.ok)).toHaveLength(1);
  });

  it('gives up on a service that accepts and never answers, within its short timeout', async () => {
    ({ servers, endpoints } = await answering());
    const silent = createServer(() => undefined); // takes the request, never replies
    extra.push(silent);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const result = await probeDevnet(
      { endpoints: withRelay({ ...endpoints, [endpointKey('bitcoin', 'devnet', 'esplora')]: `http://127.0.0.1:${port}/api` }), pins: {} },
      { webSocket, timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.found).toBe(false);
    expect(englishOf(result.services.find((s) => s.layer === 'bitcoin' && s.endpoint === 'esplora')?.reason)).toMatch(/did not answer within/);
  });

  it('never asks a host that is not loopback, even when an endpoint override names one', async () => {
    ({ servers, endpoints } = await answering());
    const { asked, fetchImpl } = recordingFetch();
    const result = await probeDevnet(
      {
        endpoints: {
          ...endpoints,
          [endpointKey('liquid', 'devnet', 'esplora')]: 'https://blockstream.info/liquidtestnet/api',
          [endpointKey('lightning', 'devnet', 'journalRelay')]: 'wss://relay.example.org',
        },
        pins: {},
      },
      {
        fetchImpl,
        webSocket: (url) => {
          throw new Error(`opened ${url}`);
        },
      },
    );
    expect(result.found).toBe(false);
    for (const url of asked) expect(new URL(url).hostname).toBe('127.0.0.1');
    const liquid = result.services.find((s) => s.layer === 'liquid')!;
    expect(liquid).toMatchObject({ ok: false, host: 'https://blockstream.info/liquidtestnet/api' });
    expect(englishOf(liquid.reason)).toMatch(/Not on this machine/);
    expect(englishOf(result.services.find((s) => s.endpoint === 'journalRelay')?.reason)).toMatch(/Not on this machine/);
  });

  it('does not follow a loopback service that redirects elsewhere, and does not count it as answering', async () => {
    ({ servers, endpoints } = await answering());
    const hop = new DevServer().get('/api/blocks/tip/height', () => new Redirect('https://mempool.space/api/blocks/tip/height'));
    servers.push(hop);
    await hop.listen();
    const { asked, fetchImpl } = recordingFetch();
    const result = await probeDevnet({ endpoints: withRelay({ ...endpoints, [endpointKey('bitcoin', 'devnet', 'esplora')]: `${hop.url}/api` }), pins: {} }, {
      fetchImpl,
      webSocket,
    });
    expect(result.found).toBe(false);
    expect(englishOf(result.services.find((s) => s.layer === 'bitcoin' && s.endpoint === 'esplora')?.reason)).toMatch(/redirect/);
    for (const url of asked) expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('does not take a node of another chain, or an answer of the wrong shape, for the devnet', async () => {
    ({ servers, endpoints } = await answering());
    const otherChain = new DevServer().post('/', () => ({ jsonrpc: '2.0', id: 1, result: '0x1f' }));
    const html = new DevServer().get('/v2/info', () => new Text('<html>a web page</html>'));
    servers.push(otherChain, html);
    await Promise.all([otherChain.listen(), html.listen()]);
    const result = await probeDevnet(
      {
        endpoints: withRelay({ ...endpoints, [endpointKey('rootstock', 'devnet', 'rpc')]: otherChain.url, [endpointKey('stacks', 'devnet', 'api')]: html.url }),
        pins: {},
      },
      { webSocket },
    );
    expect(result.found).toBe(false);
    expect(englishOf(result.services.find((s) => s.layer === 'rootstock')?.reason)).toMatch(/not as a node of chain 33/);
    expect(englishOf(result.services.find((s) => s.endpoint === 'api')?.reason)).toMatch(/not JSON/);
    expect(renderText(result.services.find((s) => s.layer === 'rootstock')!.reason!, translator('zh_CN'))).toMatch(/有应答，但不像是链 33 的节点。$/);
    expect(result.services.filter((s) => !s.ok)).toHaveLength(2);
  });
});
