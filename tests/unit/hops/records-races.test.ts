/**
 * Hop storage under concurrency and crashes: the real HopStore and HopEngine over
 * an in-memory storage area, with a small model mechanism whose funding, claim and
 * refund act on an in-memory chain. The property test lets fast-check's scheduler
 * pick the order of every storage read and write and every chain call, and kills
 * the "worker" at random points (in-flight writes and broadcasts are dropped, the
 * stored data stays).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyValueArea } from '../../../src/background/ports';
import { HopEngine } from '../../../src/hops/engine';
import type { HopContext, Mechanism } from '../../../src/hops/mechanism';
import { HopStore } from '../../../src/hops/records';
import type { HopRecord, RouteQuote } from '../../../src/hops/types';
import { MemoryArea } from '../../helpers/memory-ports';

const quote: RouteQuote = {
  mechanism: 'sbtc-deposit',
  from: { layer: 'bitcoin', asset: 'BTC' },
  to: { layer: 'stacks', asset: 'sBTC' },
  counterparty: 'model',
  available: true,
  send: '1000',
  receive: '900',
  serviceFee: null,
  networkFees: [],
  min: '1',
  max: '100000',
  expectedMinutes: 1,
};

function record(id: string, index: number, extra: Partial<HopRecord> = {}): HopRecord {
  return {
    id,
    index,
    mechanism: 'sbtc-deposit',
    from: quote.from,
    to: quote.to,
    send: quote.send,
    expectedReceive: quote.receive,
    network: {},
    createdAt: 1,
    updatedAt: 1,
    state: 'created',
    outcome: 'in-progress',
    steps: [],
    data: {},
    ...extra,
  };
}

describe('hop store under concurrent use', () => {
  it('never hands out one index twice, even to two stores over the same storage', async () => {
    const area = new MemoryArea();
    const a = new HopStore(area);
    const b = new HopStore(area);
    const got = await Promise.all([a.reserveIndex(), b.reserveIndex(), a.reserveIndex(), b.bumpIndexPast(1).then(() => b.reserveIndex())]);
    expect(new Set(got).size).toBe(got.length);
  });

  it('keeps every record when several are written at once', async () => {
    const area = new MemoryArea();
    const a = new HopStore(area);
    const b = new HopStore(area);
    await Promise.all([a.put(record('h1', 1)), b.put(record('h2', 2)), a.put(record('h3', 3))]);
    expect((await a.all()).map((r) => r.id).sort()).toEqual(['h1', 'h2', 'h3']);
  });

  it('runs a refund after an advance of the same hop, never beside it, so neither overwrites the other', async () => {
    const area = new MemoryArea();
    const store = new HopStore(area);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const mech: Mechanism = {
      id: 'sbtc-deposit',
      pairs: () => [],
      quote: async () => quote,
      create: async () => record('h1', 0),
      // A slow look at the chain: it finds nothing to do.
      advance: async (_c, r) => {
        await gate;
        return { ...r, state: 'awaiting-signers' };
      },
      refund: async (_c, r) => ({ ...r, state: 'reclaimed', outcome: 'refunded' }),
    };
    await store.put(record('h1', 0));
    const engine = new HopEngine([mech], store);
    const ctx = { now: () => 2 } as unknown as HopContext;
    const advancing = engine.advance(ctx, 'h1');
    const refunding = engine.refund(ctx, 'h1');
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all([advancing, refunding]);
    expect(await store.get('h1')).toMatchObject({ state: 'reclaimed', outcome: 'refunded' });
  });
});

// ---------------------------------------------------------------------------------
// The property: random interleavings of creating, advancing, refunding, crashing.

type Scheduler = fc.Scheduler;

interface ChainTx {
  txid: string;
  kind: 'fund' | 'claim' | 'refund';
  /** A funding pays the hop's address, which comes from its key index (like an sBTC deposit or a Boltz lockup). */
  address?: string;
  hop?: string;
  spends?: string;
}

/** A chain that takes a transaction only if what it spends is unspent. */
class ModelChain {
  readonly txs: ChainTx[] = [];
  accept(tx: ChainTx): void {
    if (this.txs.some((t) => t.txid === tx.txid)) return; // sent again: already known
    if (tx.spends && this.txs.some((t) => t.spends === tx.spends)) throw new Error('double spend');
    this.txs.push(tx);
  }
  get(txid: string): ChainTx | undefined {
    return this.txs.find((t) => t.txid === txid);
  }
  spenderOf(txid: string): ChainTx | undefined {
    return this.txs.find((t) => t.spends === txid);
  }
}

const never = new Promise<never>(() => undefined);
/** Lets every continuation that does not wait on the scheduler run (they schedule the next calls). */
async function settled(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** One run of the worker: its storage and chain calls go through the scheduler and die with it. */
class Worker {
  alive = true;
  readonly store: HopStore;
  readonly engine: HopEngine;
  readonly ctx: HopContext;
  private seq = 0;

  constructor(
    readonly s: Scheduler,
    disk: MemoryArea,
    readonly chain: ModelChain,
    clock: { now: number },
  ) {
    const area: KeyValueArea = {
      get: (keys) => this.op(() => disk.get(keys)),
      set: (items) => this.op(() => disk.set(items)),
      remove: (keys) => this.op(() => disk.remove(keys)),
    };
    this.store = new HopStore(area);
    this.engine = new HopEngine([this.mechanism()], this.store);
    this.ctx = { now: () => ++clock.now } as unknown as HopContext;
  }

  /** Runs `fn` when the scheduler says so; a dead worker's pending calls never happen. */
  op<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.s.schedule(Promise.resolve()).then(() => (this.alive ? fn() : never));
  }

  /** Claims or refunds a funding, unless the chain shows it already spent (then that is the outcome). */
  private async settle(r: HopRecord, funding: ChainTx, kind: 'claim' | 'refund'): Promise<HopRecord> {
    const done = (tx: ChainTx): HopRecord => ({ ...r, state: tx.kind, outcome: tx.kind === 'claim' ? 'completed' : 'refunded', data: { ...r.data, spendTxid: tx.txid } });
    const spent = await this.op(() => this.chain.spenderOf(funding.txid));
    if (spent) return done(spent);
    const tx: ChainTx = { txid: `${kind}-${funding.txid}`, kind, spends: funding.txid };
    await this.op(() => this.chain.accept(tx));
    return done(tx);
  }

  private mechanism(): Mechanism {
    const chain = this.chain;
    return {
      id: 'sbtc-deposit',
      pairs: () => [{ from: quote.from, to: quote.to }],
      quote: async () => quote,
      create: async (c, _q, index, id) => ({ ...record(id, index), createdAt: c.now(), updatedAt: c.now(), data: { address: `addr-${index}` } }),
      // Like the real mechanisms: the funding's txid is saved before it is broadcast,
      // and a saved funding the chain does not know is sent again. Unlike them it
      // does not search the chain first, so any save the store loses shows up as a
      // second funding. The counterparty pays even-indexed hops (claimed), not odd ones (refunded).
      advance: async (c, r) => {
        const data = r.data as { address: string; fundingTxid?: string };
        if (!data.fundingTxid) {
          const txid = `fund-${r.id}-${++this.seq}`;
          const saved = { ...r, state: 'funding', data: { ...r.data, fundingTxid: txid } };
          await c.save?.(saved);
          await this.op(() => chain.accept({ txid, kind: 'fund', address: data.address, hop: r.id }));
          return { ...saved, state: 'funded' };
        }
        const funding = await this.op(() => chain.get(data.fundingTxid!));
        if (!funding) {
          await this.op(() => chain.accept({ txid: data.fundingTxid!, kind: 'fund', address: data.address, hop: r.id }));
          return r;
        }
        return this.settle(r, funding, r.index % 2 === 0 ? 'claim' : 'refund');
      },
      refund: async (_c, r) => {
        const data = r.data as { fundingTxid?: string };
        const funding = data.fundingTxid ? await this.op(() => chain.get(data.fundingTxid!)) : undefined;
        if (!funding) throw new Error('nothing to refund yet');
        return this.settle(r, funding, 'refund');
      },
    };
  }
}

type Action = { t: 'create' } | { t: 'tick' } | { t: 'advance'; n: number } | { t: 'refund'; n: number } | { t: 'run'; k: number } | { t: 'crash' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant({ t: 'create' as const }), weight: 3 },
  { arbitrary: fc.constant({ t: 'tick' as const }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('advance' as const), n: fc.nat(4) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('refund' as const), n: fc.nat(4) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('run' as const), k: fc.integer({ min: 1, max: 12 }) }), weight: 4 },
  { arbitrary: fc.constant({ t: 'crash' as const }), weight: 1 },
);

async function play(s: Scheduler, actions: Action[]) {
  const disk = new MemoryArea();
  const chain = new ModelChain();
  const clock = { now: 1_000 };
  let worker = new Worker(s, disk, chain, clock);
  const ids = async () => (await new HopStore(disk).all()).map((r) => r.id);
  for (const a of actions) {
    const w = worker;
    if (a.t === 'create') void w.engine.start(w.ctx, quote).catch(() => undefined);
    else if (a.t === 'tick') void w.engine.tick(w.ctx, true).catch(() => undefined);
    else if (a.t === 'advance' || a.t === 'refund') {
      const id = (await ids())[a.n];
      if (id) void (a.t === 'advance' ? w.engine.advance(w.ctx, id) : w.engine.refund(w.ctx, id)).catch(() => undefined);
    } else if (a.t === 'run') {
      for (let i = 0; i < a.k; i++) {
        await settled();
        if (s.count() > 0) await s.waitOne();
      }
    } else {
      w.alive = false;
      worker = new Worker(s, disk, chain, clock);
    }
  }
  // The last worker is killed too; a fresh one finishes every hop without interruption.
  worker.alive = false;
  const last = new Worker(s, disk, chain, clock);
  for (let round = 0; round < 6; round++) await s.waitFor(last.engine.tick(last.ctx, true));
  return { records: await new HopStore(disk).all(), chain };
}

describe('hop engine and store, property', () => {
  it('no two hops share an index, no hop funds twice, every funded hop ends claimed or refunded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(action, { minLength: 1, maxLength: 25 }), async (s, actions) => {
        const { records, chain } = await play(s, actions);
        const indexes = records.map((r) => r.index);
        expect(new Set(indexes).size, 'two hops share a key index').toBe(indexes.length);
        const fundings = chain.txs.filter((t) => t.kind === 'fund');
        const perAddress = new Map<string, number>();
        for (const f of fundings) perAddress.set(f.address!, (perAddress.get(f.address!) ?? 0) + 1);
        expect([...perAddress.values()].every((n) => n === 1), 'an address (a hop) was funded twice').toBe(true);
        for (const f of fundings) {
          const owner = records.find((r) => r.id === f.hop);
          expect(owner, `funding ${f.txid} belongs to no stored hop`).toBeDefined();
          expect(chain.spenderOf(f.txid), `funding ${f.txid} is neither claimed nor refunded`).toBeDefined();
          expect(['completed', 'refunded']).toContain(owner!.outcome);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
