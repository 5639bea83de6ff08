/**
 * A plan starts each offered route's prepareIndex (a first swap's key index sync)
 * without waiting for it: in the context the plan was given (not the plan's memo of
 * GET answers, which ends with it), never for a route that is not offered, and a
 * failure there is not the plan's.
 */
import { describe, expect, it } from 'vitest';
import { HopEngine, planContext } from '../../../src/hops/engine';
import type { HopContext, Mechanism } from '../../../src/hops/mechanism';
import { HopStore } from '../../../src/hops/records';
import type { RouteQuote } from '../../../src/hops/types';
import { MemoryArea } from '../../helpers/memory-ports';
import { ALL, fakeContext, fakeMechanism, RBTC } from './chained/fakes';

const LN = { layer: 'lightning' as const, asset: 'BTC' };
const BTC = { layer: 'bitcoin' as const, asset: 'BTC' };

const quote: RouteQuote = {
  mechanism: 'boltz-reverse',
  from: LN,
  to: BTC,
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

const http = (() => {
  throw new Error('no request here');
}) as unknown as HopContext['http'];
const ctx = { now: () => Date.now(), http } as unknown as HopContext;

function mechanism(id: Mechanism['id'], extra: Partial<Mechanism>): Mechanism {
  return {
    id,
    pairs: () => [{ from: LN, to: BTC }],
    quote: async (_c, from, to, amount) => ({ ...quote, mechanism: id, from, to, send: String(amount) }),
    create: async () => {
      throw new Error('a plan creates nothing');
    },
    advance: async (_c, r) => r,
    ...extra,
  };
}

describe('a plan and the index syncs it starts', () => {
  it('starts prepareIndex for each offered route, in the context the plan was given, and does not wait for it', async () => {
    const seen: { ctx: HopContext; quote: RouteQuote; store: HopStore }[] = [];
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    const store = new HopStore(new MemoryArea());
    const engine = new HopEngine(
      [
        mechanism('boltz-reverse', {
          prepareIndex: (c, q, s) => {
            seen.push({ ctx: c, quote: q, store: s });
            return held;
          },
        }),
        // Not offered: no sync for it.
        mechanism('boltz-chain', {
          quote: async (_c, from, to) => ({ ...quote, mechanism: 'boltz-chain', from, to, available: false, reason: 'closed' }),
          prepareIndex: async () => {
            throw new Error('an unavailable route is not prepared');
          },
        }),
      ],
      store,
    );
    // As the background plans: through a plan context of its own.
    const planned = await engine.plan(planContext(ctx), LN, BTC, 10_000n);
    expect(planned.routes.map((r) => [r.mechanism, r.available])).toEqual([
      ['boltz-reverse', true],
      ['boltz-chain', false],
    ]);
    expect(seen.map((s) => s.quote.mechanism)).toEqual(['boltz-reverse']);
    expect(seen[0]!.ctx).toBe(ctx);
    expect(seen[0]!.store).toBe(store);
    let done = false;
    const waiting = engine.prepared().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    finish();
    await waiting;
    expect(done).toBe(true);
  });

  it('a failing prepareIndex does not fail the plan, and prepared() still resolves', async () => {
    const engine = new HopEngine(
      [
        mechanism('boltz-reverse', {
          prepareIndex: async () => {
            throw new Error('Boltz unreachable');
          },
        }),
      ],
      new HopStore(new MemoryArea()),
    );
    const planned = await engine.plan(ctx, LN, BTC, 10_000n);
    expect(planned.routes.map((r) => r.available)).toEqual([true]);
    await expect(engine.prepared()).resolves.toBeUndefined();
  });

  it("prepares a chained route's first leg only (the one whose start the user waits for), and no leg of a chain that is not offered", async () => {
    const seen: string[] = [];
    const prepared = (m: Mechanism): Mechanism => ({
      ...m,
      prepareIndex: async (_c, q) => {
        seen.push(`${q.mechanism} ${q.send}`);
      },
    });
    const engine = new HopEngine([prepared(fakeMechanism('boltz-reverse', LN, RBTC)), prepared(fakeMechanism('powpeg-pegout', RBTC, BTC, { min: 500_000n * 10_000_000_000n }))], new HopStore(new MemoryArea()));
    // Leg 2 (in wei) in range: the chain is offered, its first leg prepared.
    const offered = await engine.plan(fakeContext(), LN, BTC, 1_000_000n, { held: ALL });
    expect(offered.routes.map((r) => [r.mechanism, r.available])).toEqual([['chained', true]]);
    await engine.prepared();
    expect(seen).toEqual(['boltz-reverse 1000000']);
    // Leg 2 below its minimum: the chain is not offered, though its first leg quoted.
    seen.length = 0;
    const refused = await engine.plan(fakeContext(), LN, BTC, 100_000n, { held: ALL });
    expect(refused.routes.map((r) => [r.mechanism, r.available])).toEqual([['chained', false]]);
    await engine.prepared();
    expect(seen).toEqual([]);
  });

  it('a plan for an invoice prepares its payers too', async () => {
    const seen: string[] = [];
    const engine = new HopEngine(
      [
        mechanism('boltz-submarine', {
          pairs: () => [{ from: BTC, to: LN }],
          quoteForInvoice: async (_c, from, inv) => ({ ...quote, mechanism: 'boltz-submarine', from, to: LN, receive: inv.sats.toString() }),
          prepareIndex: async (_c, q) => {
            seen.push(q.mechanism);
          },
        }),
      ],
      new HopStore(new MemoryArea()),
    );
    await engine.planForInvoice(ctx, BTC, LN, { text: 'lntb1...', sats: 1234n });
    await engine.prepared();
    expect(seen).toEqual(['boltz-submarine']);
  });
});
