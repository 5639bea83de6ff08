/**
 * The scan kept between refreshes: reused only while the server's tip hash and
 * mempool are what they were before the kept scan began; anything else scans.
 * Against a loopback server whose answers each test sets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MEMPOOL_PROBE_MAX, PROBE_PAUSE_MS, ScanMemo } from '../../../src/layers/scan-memo';
import { HttpClient } from '../../../src/shared/http';

const txid = (n: number) => n.toString(16).padStart(64, '0');
const TIP_A = 'a'.repeat(64);
const TIP_B = 'b'.repeat(64);

let server: Server;
let url: string;
/** What the server answers now; a route left undefined answers 404. */
let answers: { tip?: string; mempool?: unknown };
let hits: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = req.url === '/blocks/tip/hash' ? answers.tip : req.url === '/mempool/txids' && answers.mempool !== undefined ? JSON.stringify(answers.mempool) : undefined;
    if (body === undefined) res.writeHead(404).end('Not Found');
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  answers = { tip: TIP_A, mempool: [txid(1), txid(2)] };
  hits = [];
});

function memo(clock = { now: 1_000 }) {
  const m = new ScanMemo<number>(new HttpClient(url, { retries: 0 }), () => clock.now);
  let scans = 0;
  return { read: () => m.read(async () => ++scans), scans: () => scans, clock };
}

describe('ScanMemo', () => {
  it('gives the kept scan while tip and mempool are unchanged, asking only for those two', async () => {
    const m = memo();
    expect(await m.read()).toBe(1);
    hits = [];
    answers.mempool = [txid(2), txid(1)]; // the same set, listed in another order
    expect(await m.read()).toBe(1);
    expect(hits.sort()).toEqual(['/blocks/tip/hash', '/mempool/txids']);
  });

  it('scans again on a new tip, a new mempool transaction, or one gone from the mempool', async () => {
    const m = memo();
    await m.read();
    answers.tip = TIP_B;
    expect(await m.read()).toBe(2);
    answers.mempool = [txid(1), txid(2), txid(3)];
    expect(await m.read()).toBe(3);
    answers.mempool = [txid(1), txid(3)];
    expect(await m.read()).toBe(4);
    expect(await m.read()).toBe(4);
  });

  it('keeps the state seen before the scan: a transaction arriving during the scan makes the next refresh scan', async () => {
    const clock = { now: 1_000 };
    const m = new ScanMemo<number>(new HttpClient(url, { retries: 0 }), () => clock.now);
    let scans = 0;
    const scanWhileATxArrives = async () => {
      answers.mempool = [txid(1), txid(2), txid(9)];
      return ++scans;
    };
    expect(await m.read(scanWhileATxArrives)).toBe(1);
    expect(await m.read(async () => ++scans)).toBe(2);
    expect(await m.read(async () => ++scans)).toBe(2);
  });

  it('never reuses a scan on a tip or mempool answer it cannot read', async () => {
    for (const bad of [{ tip: 'not a hash' }, { mempool: { txids: [] } }, { mempool: ['nope'] }, { mempool: [txid(1), 7] }]) {
      answers = { tip: TIP_A, mempool: [txid(1)], ...bad };
      const m = memo();
      await m.read();
      expect(await m.read()).toBe(2);
    }
  });

  it('does not probe a server that lacks the mempool route, or whose mempool is too large to list, for a while', async () => {
    for (const mempool of [undefined, Array.from({ length: MEMPOOL_PROBE_MAX + 1 }, (_, i) => txid(i))]) {
      answers = { tip: TIP_A, mempool };
      const m = memo();
      expect(await m.read()).toBe(1);
      hits = [];
      expect(await m.read()).toBe(2);
      expect(hits).toEqual([]);
      // Once the pause is over it is asked again, and a listable mempool lets the scan be kept.
      m.clock.now += PROBE_PAUSE_MS;
      answers.mempool = [txid(1)];
      expect(await m.read()).toBe(3);
      expect(await m.read()).toBe(3);
    }
  });

  it('scans in full when the mempool probe times out on a server that serves the scan', async () => {
    const slow = createServer((req, res) => {
      if (req.url === '/mempool/txids') return void setTimeout(() => res.writeHead(200).end('[]'), 1_000);
      res.writeHead(200).end(TIP_A);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const m = new ScanMemo<number>(new HttpClient(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`, { retries: 0, timeoutMs: 100 }), () => 0);
      expect(await m.read(async () => 7)).toBe(7);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it('fails as the scan would when the server cannot be reached, and scans nothing', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const m = new ScanMemo<number>(new HttpClient(`http://127.0.0.1:${port}`, { retries: 0 }), () => 0);
    let scanned = false;
    await expect(m.read(async () => ((scanned = true), 1))).rejects.toMatchObject({ code: 'network_error' });
    expect(scanned).toBe(false);
  });
});
