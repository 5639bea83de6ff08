/**
 * The refund view the background puts on each unfinished hop (hops.list, hops.get):
 * computed from the mechanism's refundState at every answer, never stored, and left
 * out where it could mislead (a hop whose networks Settings no longer select).
 */
import { describe, expect, it } from 'vitest';
import { hopHandlers } from '../../../src/background/handlers/hops';
import type { Mechanism } from '../../../src/hops/mechanism';
import { advancingMechanism, background, importWallet, inProgressHop } from '../../helpers/background';

/** A hop kept in progress whose refund becomes possible at block `at`; the tip is what the test says. */
function refundable(chain: { tip: number; at: number; calls: number }): Mechanism {
  const m = advancingMechanism(async (ctx, r) => ({ ...r, nextCheckAt: ctx.now() + 60_000 }));
  return {
    ...m,
    refund: async (_ctx, r) => ({ ...r, state: 'refunded', outcome: 'refunded' }),
    refundState: async (_ctx, r) => {
      chain.calls++;
      return r.outcome === 'in-progress' ? { now: chain.tip >= chain.at, atHeight: chain.at, tip: chain.tip, layer: 'bitcoin', action: 'refund' } : null;
    },
  };
}

async function unlockedWith(m: Mechanism) {
  const bg = background([m]);
  await importWallet(bg.wallet, bg.ports);
  await bg.store.put(inProgressHop(bg.ports.now()));
  return bg;
}

describe('refund view on hops.list and hops.get', () => {
  it('a hop whose refund is possible now carries refund.now, from the mechanism', async () => {
    const chain = { tip: 130, at: 130, calls: 0 };
    const bg = await unlockedWith(refundable(chain));
    const h = hopHandlers(bg.hops, bg.settings);
    const got = await h['hops.get']({ id: 'hop-test-0' });
    expect(got.refund).toMatchObject({ now: true, layer: 'bitcoin', action: 'refund', blocksLeft: 0 });
    const [listed] = await h['hops.list']({});
    expect(listed!.refund).toMatchObject({ now: true, blocksLeft: 0 });
  });

  it('before the timeout: not now, with the blocks left and about how long on that layer', async () => {
    const chain = { tip: 120, at: 130, calls: 0 };
    const bg = await unlockedWith(refundable(chain));
    const got = await hopHandlers(bg.hops, bg.settings)['hops.get']({ id: 'hop-test-0' });
    // Bitcoin's blocks come every ten minutes on its public networks.
    expect(got.refund).toEqual({ now: false, layer: 'bitcoin', action: 'refund', atHeight: 130, blocksLeft: 10, etaMinutes: 100 });
  });

  it('is computed at each answer and never stored on the record', async () => {
    const chain = { tip: 120, at: 130, calls: 0 };
    const bg = await unlockedWith(refundable(chain));
    const h = hopHandlers(bg.hops, bg.settings);
    expect((await h['hops.get']({ id: 'hop-test-0' })).refund?.now).toBe(false);
    chain.tip = 131;
    expect((await h['hops.get']({ id: 'hop-test-0' })).refund?.now).toBe(true);
    expect(JSON.stringify(await bg.store.all())).not.toMatch(/"refund"/);
  });

  it("carries the counterparty's deadline with the blocks left, 0 once it has passed", async () => {
    const chain = { tip: 120, at: 130, calls: 0 };
    const m = refundable(chain);
    const bg = await unlockedWith({ ...m, deadline: async () => ({ layer: 'bitcoin', atHeight: 125, tip: chain.tip }) });
    const h = hopHandlers(bg.hops, bg.settings);
    expect((await h['hops.get']({ id: 'hop-test-0' })).deadline).toEqual({ layer: 'bitcoin', atHeight: 125, blocksLeft: 5, etaMinutes: 50 });
    chain.tip = 140;
    expect((await h['hops.get']({ id: 'hop-test-0' })).deadline).toEqual({ layer: 'bitcoin', atHeight: 125, blocksLeft: 0 });
  });

  it('a finished hop has no refund view', async () => {
    const chain = { tip: 130, at: 130, calls: 0 };
    const bg = await unlockedWith(refundable(chain));
    const done = await hopHandlers(bg.hops, bg.settings)['hops.refund']({ id: 'hop-test-0' });
    expect(done.outcome).toBe('refunded');
    expect((await hopHandlers(bg.hops, bg.settings)['hops.get']({ id: 'hop-test-0' })).refund).toBeUndefined();
  });

  it('a hop on networks Settings no longer select gets none: the tip read would be of another chain', async () => {
    const chain = { tip: 130, at: 130, calls: 0 };
    const bg = await unlockedWith(refundable(chain));
    await bg.settings.update({ networks: { bitcoin: 'signet' } });
    const got = await hopHandlers(bg.hops, bg.settings)['hops.get']({ id: 'hop-test-0' });
    expect(got.refund).toBeUndefined();
    expect(chain.calls).toBe(0);
  });

  it('a mechanism whose refund state fails (its server down) leaves the view out, not the list', async () => {
    const m = refundable({ tip: 0, at: 0, calls: 0 });
    const bg = await unlockedWith({
      ...m,
      refundState: async () => {
        throw new Error('down');
      },
    });
    const listed = await hopHandlers(bg.hops, bg.settings)['hops.list']({});
    expect(listed).toHaveLength(1);
    expect(listed[0]!.refund).toBeUndefined();
  });
});
