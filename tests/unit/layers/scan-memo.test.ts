/**
 * The scan kept between refreshes: reused only while the server's tip hash and
 * mempool are what they were before the kept scan began; anything else scans.
 * Against a loopback server whose answers each test sets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmedIn, MEMPOOL_PROBE_MAX, merkleRoot, PROBE_PAUSE_MS, ScanMemo, STORED_MEMO_MAX_CHARS, type MemoStore, type NextBlock } from '../../../src/layers/scan-memo';
import { HttpClient } from '../../../src/shared/http';
import { MemoryArea } from '../../helpers/memory-ports';

const txid = (n: number) => n.toString(16).padStart(64, '0');
const TIP_A = 'a'.repeat(64);
const TIP_B = 'b'.repeat(64);

let server: Server;
let url: string;
/** What the server answers now; a route left undefined answers 404. `blocks`: JSON and txids by block hash. */
let answers: { tip?: string; mempool?: unknown; blocks?: Record<string, { json?: unknown; txids?: unknown }> };
let hits: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const [, route, hash, sub] = (req.url ?? '').split('/');
    const block = route === 'block' ? answers.blocks?.[hash!] : undefined;
    const blockBody = sub === 'txids' ? block?.txids : sub === undefined ? block?.json : undefined;
    const body =
      req.url === '/blocks/tip/hash' ? answers.tip : req.url === '/mempool/txids' && answers.mempool !== undefined ? JSON.stringify(answers.mempool) : blockBody !== undefined ? JSON.stringify(blockBody) : undefined;
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

/** A stored memo of number scans (encoded as { n }), for `owner`, in `area`. */
function storeFor(area: MemoryArea, owner = 'account-1|server-1'): MemoStore<number> {
  return {
    area,
    key: 'test.devnet.scanMemo',
    owner,
    encode: (n) => ({ n }),
    decode: (raw) => (typeof (raw as { n?: unknown })?.n === 'number' ? (raw as { n: number }).n : undefined),
  };
}

/** A memo as a new worker builds it, with `area` as its storage.session; `scanned`: what its scan gives. */
function workerMemo(area: MemoryArea, owner?: string, scanned = 100) {
  const m = new ScanMemo<number>(new HttpClient(url, { retries: 0 }), () => 1_000, storeFor(area, owner));
  let scans = 0;
  return { m, read: () => m.read(async () => (++scans, scanned)), scans: () => scans };
}

describe('ScanMemo kept for the next worker', () => {
  it('a new worker gives the scan the last one kept while tip and mempool are unchanged, asking only for those two', async () => {
    const area = new MemoryArea();
    const first = workerMemo(area, undefined, 7);
    expect(await first.read()).toBe(7);
    hits = [];
    const next = workerMemo(area);
    expect(await next.read()).toBe(7);
    expect(next.scans()).toBe(0);
    expect(hits.sort()).toEqual(['/blocks/tip/hash', '/mempool/txids']);
  });

  it("a new worker scans when the chain moved, and over another account's or server's memo, or one that does not read back", async () => {
    const area = new MemoryArea();
    await workerMemo(area, undefined, 7).read();
    answers.tip = TIP_B;
    const moved = workerMemo(area);
    expect(await moved.read()).toBe(100);
    expect(moved.scans()).toBe(1);
    // What it scanned is now the kept one.
    expect(await workerMemo(area).read()).toBe(100);

    const otherAccount = workerMemo(area, 'account-2|server-1', 4);
    expect(await otherAccount.read()).toBe(4);
    expect(otherAccount.scans()).toBe(1);
    const other = workerMemo(area, 'account-1|server-2', 5);
    expect(await other.read()).toBe(5);
    expect(other.scans()).toBe(1);

    const key = 'test.devnet.scanMemo';
    const good = JSON.parse(area.data.get(key)!);
    for (const bad of [{ ...good, value: { n: 'x' } }, { ...good, tip: 'not a hash' }, { ...good, mempool: [7] }, { ...good, mempool: 'all' }, { ...good, height: -1 }, 'junk', null]) {
      area.data.set(key, JSON.stringify(bad));
      const w = workerMemo(area, 'account-1|server-2', 9);
      expect(await w.read()).toBe(9);
      expect(w.scans()).toBe(1);
    }
  });

  it('keeps nothing for the next worker once closed (a lock), even from a read that was under way', async () => {
    const area = new MemoryArea();
    const m = new ScanMemo<number>(new HttpClient(url, { retries: 0 }), () => 1_000, storeFor(area));
    let release!: () => void;
    // Close once the scan is under way (after the memo's own probe), not after a fixed wait.
    let started!: () => void;
    const scanning = new Promise<void>((r) => (started = r));
    const under = m.read(() => new Promise<number>((r) => ((release = () => r(3)), started())));
    await scanning;
    m.close();
    release();
    expect(await under).toBe(3);
    expect(area.data.size).toBe(0);
    expect(await m.read(async () => 4)).toBe(4);
    expect(area.data.size).toBe(0);
  });

  it('a memo closed before its first read does not answer from the stored scan; a decoder that throws costs only a walk', async () => {
    const area = new MemoryArea();
    await workerMemo(area, undefined, 7).read();
    const closed = workerMemo(area, undefined, 8);
    closed.m.close();
    expect(await closed.read()).toBe(8);
    expect(closed.scans()).toBe(1);

    let decodes = 0;
    const throwing = new ScanMemo<number>(new HttpClient(url, { retries: 0 }), () => 1_000, {
      ...storeFor(area),
      decode: () => {
        decodes++;
        throw new Error('not this shape');
      },
    });
    let scans = 0;
    expect(await throwing.read(async () => ++scans)).toBe(1);
    expect(await throwing.read(async () => ++scans)).toBe(1);
    answers.tip = TIP_B;
    expect(await throwing.read(async () => ++scans)).toBe(2);
    expect(decodes).toBe(1);
  });

  it('drops the stored memo when the server cannot be probed, and stores none past the size bound', async () => {
    const area = new MemoryArea();
    await workerMemo(area).read();
    expect(area.data.size).toBe(1);
    answers.mempool = undefined;
    await workerMemo(area).read();
    expect(area.data.size).toBe(0);

    answers.mempool = [txid(1)];
    const big = new ScanMemo<string>(new HttpClient(url, { retries: 0 }), () => 1_000, {
      area,
      key: 'k',
      owner: 'o',
      encode: (v) => v,
      decode: (raw) => (typeof raw === 'string' ? raw : undefined),
    });
    await big.read(async () => 'x'.repeat(STORED_MEMO_MAX_CHARS));
    expect(area.data.size).toBe(0);
  });
});

/** A block answer as electrs gives it: id, height, time, parent, and a merkle root and count that match `txids`. */
function block(hash: string, height: number, parent: string, txids: string[]) {
  return { json: { id: hash, height, version: 0x20000000, timestamp: 1_700_000_000 + height, tx_count: txids.length, merkle_root: merkleRoot(txids), previousblockhash: parent, mediantime: 0 }, txids };
}

describe('ScanMemo after one block', () => {
  const COINBASE = txid(0xc0);
  const TIP_C = 'c'.repeat(64);

  /** A memo whose scan counts and whose `advance` records what it was told and answers `advanced` (undefined: scan in full). */
  function stepping() {
    const m = new ScanMemo<string>(new HttpClient(url, { retries: 0 }), () => 1_000);
    let scans = 0;
    const told: NextBlock[] = [];
    let advanced: ((kept: string, b: NextBlock) => string | undefined) | undefined = (kept, b) => `${kept}+${b.height}`;
    const read = () => m.read(async () => `scan${++scans}`, async (kept, b) => (told.push(b), advanced?.(kept, b)));
    return { read, told, scans: () => scans, refuse: () => (advanced = () => undefined) };
  }

  beforeEach(() => {
    answers = { tip: TIP_A, mempool: [txid(1), txid(2), txid(3)], blocks: { [TIP_A]: block(TIP_A, 100, TIP_C, [txid(0xa0)]) } };
  });

  it('brings the kept scan forward when one block on the kept tip holds only kept mempool transactions besides its coinbase', async () => {
    const m = stepping();
    expect(await m.read()).toBe('scan1');
    answers.tip = TIP_B;
    answers.mempool = [txid(3)];
    answers.blocks![TIP_B] = block(TIP_B, 101, TIP_A, [COINBASE, txid(2), txid(1)]);
    hits = [];
    expect(await m.read()).toBe('scan1+101');
    expect(hits.sort()).toEqual(['/block/' + TIP_B, '/block/' + TIP_B + '/txids', '/blocks/tip/hash', '/mempool/txids']);
    expect(m.told).toHaveLength(1);
    expect(m.told[0]).toMatchObject({ hash: TIP_B, height: 101, time: 1_700_000_101, outside: [COINBASE] });
    expect([...m.told[0]!.txids].sort()).toEqual([COINBASE, txid(1), txid(2)].sort());
    expect([...m.told[0]!.before].sort()).toEqual([txid(1), txid(2), txid(3)]);
    // Kept as moved on: unchanged, it is reused; the next block builds on it.
    expect(await m.read()).toBe('scan1+101');
    answers.tip = TIP_C;
    answers.mempool = [];
    answers.blocks![TIP_C] = block(TIP_C, 102, TIP_B, [txid(0xc1), txid(3)]);
    expect(await m.read()).toBe('scan1+101+102');
    expect(m.scans()).toBe(1);
  });

  it('takes a block without a coinbase (the devnet stand-in) or an empty one as well', async () => {
    const m = stepping();
    await m.read();
    answers.tip = TIP_B;
    answers.mempool = [];
    answers.blocks![TIP_B] = block(TIP_B, 101, TIP_A, [txid(1), txid(2), txid(3)]);
    expect(await m.read()).toBe('scan1+101');
    expect(m.told[0]!.outside).toEqual([]);
    answers.tip = TIP_C;
    answers.blocks![TIP_C] = block(TIP_C, 102, TIP_B, []);
    expect(await m.read()).toBe('scan1+101+102');
  });

  /** Each change from the kept state (tip A, mempool 1 2 3 at height 100) that must scan in full; `blocks` adds block answers. */
  const fallbacks: [string, { mempool?: string[]; json?: (j: Record<string, unknown>) => unknown; txids?: unknown }][] = [
    ['a new txid in the mempool', { mempool: [txid(3), txid(9)] }],
    ['a txid gone from the mempool without being mined', { mempool: [] }],
    ['a block transaction the kept mempool never held, not first', { txids: [COINBASE, txid(1), txid(2), txid(8)], mempool: [txid(3)] }],
    ['a first transaction the kept mempool never held, with one more such', { txids: [txid(8), txid(9), txid(1), txid(2)], mempool: [txid(3)] }],
    ['a block transaction still in the mempool', { txids: [COINBASE, txid(1), txid(2), txid(3)], mempool: [txid(3)] }],
    ['two blocks (height kept + 2)', { json: (j) => ({ ...j, height: 102 }) }],
    ['a reorganisation (another parent)', { json: (j) => ({ ...j, previousblockhash: TIP_C }) }],
    ['no parent', { json: (j) => ({ ...j, previousblockhash: null }) }],
    ['another block than asked for', { json: (j) => ({ ...j, id: TIP_C }) }],
    ['a height that is not a number', { json: (j) => ({ ...j, height: '101' }) }],
    ['no time', { json: (j) => ({ ...j, timestamp: undefined }) }],
    ['a count that is not the list', { json: (j) => ({ ...j, tx_count: 4 }) }],
    ['a merkle root the txids do not make', { json: (j) => ({ ...j, merkle_root: 'f'.repeat(64) }) }],
    ['a txid listed twice', { txids: [COINBASE, txid(1), txid(1), txid(2)] }],
    ['a txid that is not one', { txids: [COINBASE, txid(1), 'x'] }],
    ['txids that are not a list', { txids: { txids: [] } }],
    ['too many txids', { txids: [COINBASE, ...Array.from({ length: MEMPOOL_PROBE_MAX + 1 }, (_, i) => txid(0x1000 + i))] }],
    ['a block answer that is not JSON of a block', { json: () => 'ok' }],
  ];

  for (const [name, change] of fallbacks) {
    it(`scans in full on ${name}`, async () => {
      const m = stepping();
      await m.read();
      const listed = Array.isArray(change.txids) && change.txids.every((t) => /^[0-9a-f]{64}$/.test(t)) ? (change.txids as string[]) : undefined;
      const honest = block(TIP_B, 101, TIP_A, listed ?? [COINBASE, txid(1), txid(2)]);
      answers.tip = TIP_B;
      answers.mempool = change.mempool ?? [txid(3)];
      answers.blocks![TIP_B] = { json: change.json ? change.json(honest.json) : honest.json, txids: change.txids ?? honest.txids };
      expect(await m.read()).toBe('scan2');
      expect(m.told).toEqual([]);
    });
  }

  it('scans in full when the block routes are missing, and asks for no block when the mempool has a new txid', async () => {
    const m = stepping();
    await m.read();
    answers.tip = TIP_B;
    answers.mempool = [txid(3)];
    expect(await m.read()).toBe('scan2');
    answers.tip = TIP_C;
    answers.mempool = [txid(3), txid(4)];
    hits = [];
    expect(await m.read()).toBe('scan3');
    expect(hits.filter((h) => h.startsWith(`/block/${TIP_C}/`))).toEqual([]);
  });

  it('asks for no block when the tip is the kept one (a mempool transaction gone, no block): that scans in full at once', async () => {
    const m = stepping();
    await m.read();
    answers.mempool = [txid(1), txid(2)];
    hits = [];
    expect(await m.read()).toBe('scan2');
    // Only the height read beside the scan: no block's txids, nothing before the walk.
    expect(hits.filter((h) => h.startsWith('/block/'))).toEqual(['/block/' + TIP_A]);
  });

  it('does not step from a kept scan whose tip height it could not read', async () => {
    delete answers.blocks![TIP_A];
    const m = stepping();
    await m.read();
    answers.tip = TIP_B;
    answers.mempool = [txid(3)];
    answers.blocks![TIP_B] = block(TIP_B, 101, TIP_A, [COINBASE, txid(1), txid(2)]);
    expect(await m.read()).toBe('scan2');
    expect(m.told).toEqual([]);
    // The full scan read this tip's height: the next block steps.
    answers.tip = TIP_C;
    answers.mempool = [];
    answers.blocks![TIP_C] = block(TIP_C, 102, TIP_B, [COINBASE, txid(3)]);
    expect(await m.read()).toBe('scan2+102');
  });

  it('scans in full when the layer will not step (its coinbase check, its own scan)', async () => {
    const m = stepping();
    m.refuse();
    await m.read();
    answers.tip = TIP_B;
    answers.mempool = [txid(3)];
    answers.blocks![TIP_B] = block(TIP_B, 101, TIP_A, [COINBASE, txid(1), txid(2)]);
    expect(await m.read()).toBe('scan2');
    expect(m.told).toHaveLength(1);
  });
});

describe('confirmedIn', () => {
  type Tx = { id: string; confirmed: boolean; height?: number };
  const next: NextBlock = { hash: 'b'.repeat(64), height: 101, time: 7, txids: new Set(['t1', 'cb']), outside: ['cb'], before: new Set(['t1', 't2']) };
  const run = (txs: Tx[]) =>
    confirmedIn(new Map(txs.map((t) => [t.id, t])), next, (t) => t, (t) => ({ ...t, confirmed: true, height: next.height }));

  it('confirms the kept transactions the block holds and leaves the rest as they were', () => {
    const out = run([{ id: 't1', confirmed: false }, { id: 't2', confirmed: false }, { id: 'old', confirmed: true, height: 100 }]);
    expect(out && [...out.values()]).toEqual([{ id: 't1', confirmed: true, height: 101 }, { id: 't2', confirmed: false }, { id: 'old', confirmed: true, height: 100 }]);
  });

  it('refuses a kept scan the kept state does not explain', () => {
    // Unconfirmed, yet not in the kept mempool: it came during the scan and may be gone.
    expect(run([{ id: 't9', confirmed: false }])).toBeUndefined();
    // Confirmed at or above the new block: the scan saw a block the chain may not have kept.
    expect(run([{ id: 'x', confirmed: true, height: 101 }])).toBeUndefined();
    expect(run([{ id: 'x', confirmed: true }])).toBeUndefined();
    // Confirmed before, yet in the new block.
    expect(run([{ id: 't1', confirmed: true, height: 99 }])).toBeUndefined();
  });

  it('refuses a kept scan that shows confirmed a transaction the kept mempool held (its scan saw a block the probed chain lacks)', () => {
    // t2 was in the kept mempool and is still unconfirmed there: a full walk would show it pending.
    expect(run([{ id: 't2', confirmed: true, height: 99 }])).toBeUndefined();
  });

  it('refuses a kept scan with as many unconfirmed transactions as an address history lists: some may have been left out', () => {
    // Electrs lists at most 50 mempool transactions per address (src/rest.rs MAX_MEMPOOL_TXS); a 51st mined now would only show in a walk.
    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const block: NextBlock = { ...next, txids: new Set(ids), before: new Set([...ids, 'm50']) };
    const txs = new Map(ids.map((id): [string, Tx] => [id, { id, confirmed: false }]));
    expect(confirmedIn(txs, block, (t) => t, (t) => ({ ...t, confirmed: true, height: 101 }))).toBeUndefined();
    // One fewer: every address's unconfirmed list was whole.
    txs.delete('m0');
    expect(confirmedIn(txs, block, (t) => t, (t) => ({ ...t, confirmed: true, height: 101 }))?.size).toBe(49);
  });
});

describe('merkleRoot', () => {
  it('is the txid of a lone transaction, and Bitcoin block 100000 root for its four', () => {
    expect(merkleRoot([txid(5)])).toBe(txid(5));
    // Block 100000 (mainnet): four transactions and the root its header carries.
    expect(
      merkleRoot([
        '8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87',
        'fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4',
        '6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4',
        'e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d',
      ]),
    ).toBe('f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766');
  });
});
