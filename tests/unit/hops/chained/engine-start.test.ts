/** HopEngine.start with a caller-chosen id (a chain's leg): a start repeated after a crash never creates a second hop. */
import { describe, expect, it } from 'vitest';
import { HopEngine } from '../../../../src/hops/engine';
import type { HopContext, Mechanism } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import type { HopRecord, RouteQuote } from '../../../../src/hops/types';
import { MemoryArea } from '../../../helpers/memory-ports';

const quote: RouteQuote = {
  mechanism: 'boltz-reverse',
  from: { layer: 'lightning', asset: 'BTC' },
  to: { layer: 'bitcoin', asset: 'BTC' },
  counterparty: 'test',
  available: true,
  send: '10000',
  receive: '9000',
  serviceFee: null,
  networkFees: [],
  min: '1',
  max: '100000',
  expectedMinutes: 10,
};
const ctx = { now: () => Date.now() } as unknown as HopContext;

function counting(log: string[]): Mechanism {
  return {
    id: 'boltz-reverse',
    pairs: () => [{ from: quote.from, to: quote.to }],
    quote: async () => quote,
    create: async (c, q, index, id) => {
      log.push(`create ${id} ${index}`);
      return { id, index, mechanism: 'boltz-reverse', from: q.from, to: q.to, send: q.send, expectedReceive: q.receive, network: {}, createdAt: c.now(), updatedAt: c.now(), state: 'created', outcome: 'in-progress', steps: [], data: {} };
    },
    advance: async (_c, r) => {
      log.push(`advance ${r.id}`);
      return { ...r, state: 'funded' };
    },
  };
}

describe('hop engine start with a caller-chosen id', () => {
  it('stamps the chain on the record and calls beforeFunding with the stored record before the first advance', async () => {
    const area = new MemoryArea();
    const log: string[] = [];
    const engine = new HopEngine([counting(log)], new HopStore(area));
    const seen: HopRecord[] = [];
    const hop = await engine.start(ctx, quote, {
      id: 'chain-x-leg0',
      chainId: 'chain-x',
      leg: 0,
      beforeFunding: async (r) => {
        // Stored already, not funded yet.
        expect(area.dump()).toContain('chain-x-leg0');
        log.push('beforeFunding');
        seen.push(r);
      },
    });
    expect(hop).toMatchObject({ id: 'chain-x-leg0', chainId: 'chain-x', leg: 0, state: 'funded' });
    expect(seen[0]).toMatchObject({ id: 'chain-x-leg0', chainId: 'chain-x', leg: 0, state: 'created' });
    expect(log).toEqual(['create chain-x-leg0 0', 'beforeFunding', 'advance chain-x-leg0']);
  });

  it('a start repeated with the id of a stored hop (the worker died before the chain noted it) advances that hop and creates none', async () => {
    const area = new MemoryArea();
    const log: string[] = [];
    const first = new HopEngine([counting(log)], new HopStore(area));
    await first.start(ctx, quote, { id: 'chain-y-leg1', chainId: 'chain-y', leg: 1 });
    // A new worker over the same storage starts the same leg again, even from a quote that is no longer available.
    const second = new HopEngine([counting(log)], new HopStore(area));
    const again = await second.start(ctx, { ...quote, available: false, reason: 'gone' }, { id: 'chain-y-leg1', chainId: 'chain-y', leg: 1 });
    expect(again.id).toBe('chain-y-leg1');
    expect(log.filter((l) => l.startsWith('create'))).toEqual(['create chain-y-leg1 0']);
    expect((await new HopStore(area).all()).map((r) => r.id)).toEqual(['chain-y-leg1']);
    // The index reserved once.
    const third = await second.start(ctx, quote);
    expect(third.index).toBe(1);
  });
});
