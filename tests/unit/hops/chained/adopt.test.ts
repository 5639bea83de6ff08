/** A profile restored from the phrase reads its chains back from the move journal: checked strictly, never duplicated, never started from a stale copy. */
import { describe, expect, it } from 'vitest';
import { legHopId } from '../../../../src/hops/chained/runner';
import type { MoveJournalEntry } from '../../../../src/hops/chained/types';
import type { HopRecord } from '../../../../src/hops/types';
import { MemoryArea } from '../../../helpers/memory-ports';
import type { AssetRef } from '../../../../src/hops/types';
import { BTC, chainedQuote, LBTC, MemoryJournal, newWorld, worker } from './fake-legs';

type Body = { chain: Record<string, unknown> & { legs: Record<string, unknown>[] }; legs: Record<string, unknown>[] };

/** A chain run on the first device until leg 0 is funded, its journal copies, and the world. */
async function firstDevice(to?: AssetRef) {
  const world = newWorld();
  const journal = new MemoryJournal();
  const old = worker(world, new MemoryArea(), journal);
  // Other hops used indexes before this chain: the leg takes index 3.
  for (let i = 0; i < 3; i++) await old.hops.reserveIndex();
  const chain = await old.runner.start(old.ctx, await chainedQuote(old, 100_000n, 500n, 0n, to));
  return { world, journal, old, chain };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('chain adoption from the move journal', () => {
  it('stores the chain and its funded leg on a fresh profile, bumps the key index past it, and lets ticks finish the leg, then waits for the user', async () => {
    const { world, journal, chain } = await firstDevice();
    const fresh = worker(world);
    const out = await fresh.runner.adopt(fresh.ctx, await journal.list());
    expect(out).toEqual({ adopted: [chain.id], skipped: [] });
    expect(await fresh.hops.get(legHopId(chain.id, 0))).toMatchObject({ index: 3, chainId: chain.id, leg: 0, outcome: 'in-progress' });
    expect(await fresh.hops.reserveIndex()).toBe(4);
    expect(await fresh.runner.get(chain.id)).toMatchObject({ status: 'running', restored: true, current: 0 });

    world.ends[legHopId(chain.id, 0)] = 'completed';
    // The copy was made before the funding: the leg's mechanism finds it on chain, then completes.
    await fresh.engine.tick(fresh.ctx, true);
    await fresh.engine.tick(fresh.ctx, true);
    expect(world.log.filter((l) => l.startsWith(`fund ${legHopId(chain.id, 0)}`))).toHaveLength(1);
    expect(world.log).toContain(`found ${legHopId(chain.id, 0)} 100000`);
    const stopped = (await fresh.runner.tick(fresh.ctx))[0]!;
    // The copy may be stale: the next leg is the user's call.
    expect(stopped).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_restored' } });
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
    const re = await fresh.runner.requote(fresh.ctx, chain.id);
    const going = await fresh.runner.continue(fresh.ctx, chain.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1 });
    expect(going.restored).toBeUndefined();
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await fresh.engine.tick(fresh.ctx, true);
    expect((await fresh.runner.tick(fresh.ctx))[0]).toMatchObject({ status: 'completed' });
    // Adopting again changes nothing.
    expect((await fresh.runner.adopt(fresh.ctx, await journal.list())).adopted).toEqual([]);
  });

  it('finishes by itself a chain that ends in the wallet when the copy shows its leg still under way (the other device cannot have gone on)', async () => {
    const { world, journal, chain } = await firstDevice(LBTC);
    const fresh = worker(world);
    expect((await fresh.runner.adopt(fresh.ctx, await journal.list())).adopted).toEqual([chain.id]);
    expect((await fresh.runner.get(chain.id)).restored).toBeUndefined();
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await fresh.engine.tick(fresh.ctx, true);
    await fresh.engine.tick(fresh.ctx, true);
    expect((await fresh.runner.tick(fresh.ctx))[0]).toMatchObject({ status: 'running', current: 1 });
    expect(world.log.filter((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toHaveLength(1);
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await fresh.engine.tick(fresh.ctx, true);
    expect((await fresh.runner.tick(fresh.ctx))[0]).toMatchObject({ status: 'completed' });
  });

  it('a chain that ends in the wallet waits for the user when the copy shows its leg ended already (the other device may have gone on)', async () => {
    const { world, journal, chain } = await firstDevice(LBTC);
    // The copy the first device wrote once leg 0 had delivered, before its copy of leg 1 (never received here).
    const entry = (await journal.list())[0]!;
    const body = clone(entry.body as Body);
    body.legs[0]!.outcome = 'completed';
    body.legs[0]!.state = 'claimed';
    body.chain.legs[0]!.outcome = 'completed';
    world.ends[legHopId(chain.id, 0)] = 'completed';
    const copies = [{ ...entry, body }];
    const fresh = worker(world);
    await fresh.runner.adopt(fresh.ctx, copies);
    await fresh.runner.tick(fresh.ctx);
    expect(await fresh.runner.get(chain.id)).toMatchObject({ restored: true, status: 'stopped', current: 1, reason: { key: 'chainStopped_restored' } });
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
  });

  it('links a leg a mechanism restore already brought back (same swap) instead of storing it twice', async () => {
    const { world, journal, chain } = await firstDevice();
    const fresh = worker(world);
    const body = (await journal.list())[0]!.body as Body;
    // What a Boltz restore stores: the same swap and index under an id of its own.
    await fresh.hops.put({ ...(clone(body.legs[0]) as unknown as HopRecord), id: 'boltz-restored-1', chainId: undefined, leg: undefined });
    await fresh.hops.bumpIndexPast(3);
    const out = await fresh.runner.adopt(fresh.ctx, await journal.list());
    expect(out.adopted).toEqual([chain.id]);
    const all = await fresh.hops.all();
    expect(all.map((h) => h.id)).toEqual(['boltz-restored-1']);
    expect(all[0]).toMatchObject({ chainId: chain.id, leg: 0 });
    expect((await fresh.runner.get(chain.id)).legs[0]!.hopId).toBe('boltz-restored-1');
  });

  it('refuses garbage and forged bodies, and a replayed older copy loses to the newer one', async () => {
    const { world, journal, chain } = await firstDevice();
    const good = (await journal.list())[0]!;
    const body = good.body as Body;
    const bad = (id: string, f: (b: Body) => void): MoveJournalEntry => {
      const b = clone(body);
      f(b);
      return { id, body: b, updatedAt: good.updatedAt };
    };
    const entries: MoveJournalEntry[] = [
      { id: 'x', body: 'not json at all', updatedAt: 1 },
      { id: 'y', body: null, updatedAt: 1 },
      bad(chain.id, (b) => (b.chain.send = '1e9')),
      bad(chain.id, (b) => (b.chain.status = 'done')),
      bad(chain.id, (b) => (b.legs[0]!.index = -1)),
      bad(chain.id, (b) => (b.legs[0]!.mechanism = 'chained')),
      bad(chain.id, (b) => (b.legs[0]!.chainId = 'chain-other')),
      bad(chain.id, (b) => (b.chain.legs[1]!.from = { layer: 'liquid', asset: 'L-BTC' })),
      bad(chain.id, (b) => (b.legs[0]!.to = { layer: 'rootstock', asset: 'RBTC' })),
      bad(chain.id, (b) => (b.legs[0]!.id = 'hop-elsewhere')),
      bad('chain-zzz', () => undefined),
    ];
    const fresh = worker(world);
    const out = await fresh.runner.adopt(fresh.ctx, entries);
    expect(out.adopted).toEqual([]);
    expect(out.skipped).toHaveLength(entries.length);
    expect(await fresh.runner.list()).toEqual([]);
    expect(await fresh.hops.all()).toEqual([]);

    // Two versions of one chain: the newer wins, whatever order they come in.
    const older = clone(good);
    (older.body as Body).chain.updatedAt = 1;
    (older.body as Body).chain.status = 'left';
    const again = worker(world);
    expect((await again.runner.adopt(again.ctx, [good, older])).adopted).toEqual([chain.id]);
    expect((await again.runner.get(chain.id)).status).toBe('running');
  });

  it('takes where the funds wait from the leg hop, not from a stopped copy; refuses a reason the runner never writes', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const old = worker(world, new MemoryArea(), journal);
    const chain = await old.runner.start(old.ctx, await chainedQuote(old, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = 'Boltz is not taking swaps now.';
    await old.engine.tick(old.ctx, true);
    expect((await old.runner.tick(old.ctx))[0]!.status).toBe('stopped');
    const copy = (await journal.list())[0]!;
    // A copy claiming ten times what the leg delivered waits on Bitcoin.
    const inflated = clone(copy);
    (inflated.body as Body).chain.heldOn = { ...BTC, amount: '990000' };
    const forged = clone(copy);
    (forged.body as Body).chain.reason = { key: 'vault_reset', params: [] };
    const fresh = worker(world);
    const out = await fresh.runner.adopt(fresh.ctx, [forged, inflated]);
    expect(out.skipped.map((x) => x.reason)).toEqual(['the chain record does not have the shape this wallet writes']);
    expect(out.adopted).toEqual([chain.id]);
    world.unavailable = {};
    await fresh.engine.tick(fresh.ctx, true);
    const now = (await fresh.runner.tick(fresh.ctx))[0] ?? (await fresh.runner.get(chain.id));
    expect(now).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_restored' } });
    expect((await fresh.runner.requote(fresh.ctx, chain.id)).quote.send).toBe('98500');
  });

  it('refuses a copy whose leg takes a key index another move here uses', async () => {
    const { world, journal, chain } = await firstDevice();
    const fresh = worker(world);
    const body = (await journal.list())[0]!.body as Body;
    await fresh.hops.put({ ...(clone(body.legs[0]) as unknown as HopRecord), id: 'hop-other', mechanism: 'boltz-submarine', from: BTC, to: { layer: 'lightning', asset: 'BTC' }, data: {} });
    const out = await fresh.runner.adopt(fresh.ctx, await journal.list());
    expect(out.skipped).toEqual([{ id: chain.id, reason: "leg 1's key index or swap belongs to another move here" }]);
    expect(await fresh.runner.list()).toEqual([]);
  });
});
