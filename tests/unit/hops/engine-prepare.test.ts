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
import { ALL, BTC, fakeContext, fakeMechanism, LN, RBTC } from './chained/fakes';

/** `m` with a prepareIndex. */
function preparing(m: Mechanism, prepareIndex: NonNullable<Mechanism['prepareIndex']>): Mechanism {
  return { ...m, prepareIndex };
}

describe('a plan and the index syncs it starts', () => {
  it('starts prepareIndex for each offered route, in the context the plan was given, and does not wait for it', async () => {
    const seen: { ctx: HopContext; quote: RouteQuote; store: HopStore }[] = [];
    let finish!: () => void;
    const held = new Promise<void>((r) => (finish = r));
    const store = new HopStore(new MemoryArea());
    const engine = new HopEngine(
      [
        preparing(fakeMechanism('boltz-reverse', LN, BTC), (c, q, s) => {
          seen.push({ ctx: c, quote: q, store: s });
          return held;
        }),
        // Not offered (the amount is below its minimum): no sync for it.
        preparing(fakeMechanism('boltz-chain', LN, BTC, { min: 50_000n }), async () => {
          throw new Error('an unavailable route is not prepared');
        }),
      ],
      store,
    );
    // As the background plans: through a plan context of its own.
    const ctx = fakeContext();
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
        preparing(fakeMechanism('boltz-reverse', LN, BTC), async () => {
          throw new Error('Boltz unreachable');
        }),
      ],
      new HopStore(new MemoryArea()),
    );
    const planned = await engine.plan(fakeContext(), LN, BTC, 10_000n);
    expect(planned.routes.map((r) => r.available)).toEqual([true]);
    await expect(engine.prepared()).resolves.toBeUndefined();
  });

  it("prepares a chained route's first leg only (the one whose start the user waits for), and no leg of a chain that is not offered", async () => {
    const seen: string[] = [];
    const prepared = (m: Mechanism) =>
      preparing(m, async (_c, q) => {
        seen.push(`${q.mechanism} ${q.send}`);
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
    const submarine = fakeMechanism('boltz-submarine', BTC, LN);
    const payer: Mechanism = {
      ...submarine,
      quoteForInvoice: (c, from, inv) => submarine.quote(c, from, LN, inv.sats),
      prepareIndex: async (_c, q) => {
        seen.push(q.mechanism);
      },
    };
    const engine = new HopEngine([payer], new HopStore(new MemoryArea()));
    await engine.planForInvoice(fakeContext(), BTC, LN, { text: 'lntb1...', sats: 1234n });
    await engine.prepared();
    expect(seen).toEqual(['boltz-submarine']);
  });
});
