/** The chain runner read as an attacker and a killed worker would: no leg funded twice, none beyond what the chain holds, no tolerance lowered unseen. */
import { describe, expect, it } from 'vitest';
import { legHopId } from '../../../../src/hops/chained/runner';
import type { ChainedQuote } from '../../../../src/hops/chained/types';
import type { HopRecord } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { MemoryArea } from '../../../helpers/memory-ports';
import { BTC, chainedQuote, LBTC, LN, MemoryJournal, newWorld, SBTC, worker } from './fake-legs';
import { waitFor } from '../../../helpers/wait-for';

type Body = { chain: Record<string, unknown> & { legs: Record<string, unknown>[] }; legs: Record<string, unknown>[] };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** sBTC → BTC → L-BTC → Lightning, as a planner would quote it (500 kept between legs). */
async function threeLegs(w: ReturnType<typeof worker>, send: bigint): Promise<ChainedQuote> {
  const leg0 = await w.engine.quote(w.ctx, 'sbtc-withdrawal', SBTC, BTC, send);
  const leg1 = await w.engine.quote(w.ctx, 'boltz-chain', BTC, LBTC, BigInt(leg0.receive) - 500n);
  const leg2 = await w.engine.quote(w.ctx, 'boltz-submarine', LBTC, LN, BigInt(leg1.receive) - 500n);
  return { ...leg0, mechanism: 'chained', to: LN, receive: leg2.receive, legs: [leg0, leg1, leg2], via: [BTC, LBTC], costBps: 0, worstCase: [], minReceive: leg2.receive, destination: 'alice@example.test' };
}

describe('chain runner under attack', () => {
  it('never starts a last leg whose invoice-bound quote sends more than the previous leg delivered less the reserve', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    // Quoted at 98,500 for what leg 0 delivered; the quote bound to the invoice asks 2,000 more (the user's other BTC).
    world.bindSendExtra = 2000n;
    const after = (await w.runner.tick(w.ctx))[0]!;
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
    expect(after).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_unavailable' } });
    // Nor is such a quote offered to the user: 400 more would eat the 500 kept to fund the lockup.
    world.bindSendExtra = 400n;
    await expect(w.runner.requote(w.ctx, chain.id)).rejects.toThrow(/stays in your wallet/);
    world.bindSendExtra = 0n;
    expect((await w.runner.requote(w.ctx, chain.id)).quote.send).toBe('98500');
  });

  it('a worker killed in continue after the leg hop was stored, before the chain noted it: the leg is taken up, and leave is refused', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n, 500n, 0n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-chain'] = 'Boltz is not taking swaps now.';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', current: 1 });
    world.unavailable = {};
    const re = await w.runner.requote(w.ctx, chain.id);
    // The worker dies right after leg 1's hop is written.
    const disk = new MemoryArea();
    const write = w.area.set.bind(w.area);
    let dead = false;
    w.area.set = async (items) => {
      if (dead) return new Promise(() => undefined);
      await write(items);
      if (((items['hops.records'] as { id: string }[] | undefined) ?? []).some((h) => h.id === legHopId(chain.id, 1))) {
        dead = true;
        for (const [k, v] of w.area.data) disk.data.set(k, v);
      }
    };
    void w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive);
    await waitFor(() => dead, 'the worker to die on writing leg 1');
    expect(dead).toBe(true);
    const next = worker(world, disk);
    expect(await next.runner.get(chain.id)).toMatchObject({ status: 'stopped', current: 1 });
    // The restarted worker's ticks fund the stored leg; the chain must follow it, not say the funds wait on Bitcoin.
    await next.engine.tick(next.ctx, true);
    expect(world.log.filter((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toHaveLength(1);
    await expect(next.runner.leave(next.ctx, chain.id)).rejects.toThrow(/has started/);
    await next.runner.tick(next.ctx);
    const now = await next.runner.get(chain.id);
    expect(now).toMatchObject({ status: 'running', current: 1 });
    expect(now.legs[1]!.hopId).toBe(legHopId(chain.id, 1));
    expect(now.heldOn).toBeUndefined();
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await next.engine.tick(next.ctx, true);
    expect((await next.runner.tick(next.ctx))[0]).toMatchObject({ status: 'completed' });
    expect(world.log.filter((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toHaveLength(1);
  });

  it('continuing a middle leg keeps the chain minimum: the user saw only that leg, not what the whole chain would then deliver', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await threeLegs(w, 100_000n));
    expect(chain.minReceive).toBe('96000');
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.refuseCreate['boltz-chain'] = 'could not find pair with id: BTC/L-BTC';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', current: 1 });
    world.refuseCreate = {};
    world.fee = 5000n;
    const re = await w.runner.requote(w.ctx, chain.id);
    expect(re.finalReceive).toBe(88_000n);
    const going = await w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1, minReceive: '96000' });
    // The last leg then stops below the minimum, and its own requote (whose receive the user sees) decides.
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', current: 2, reason: { key: 'chainStopped_belowMin' } });
    const last = await w.runner.requote(w.ctx, chain.id);
    expect(last.finalReceive).toBe(BigInt(last.quote.receive));
    expect(await w.runner.continue(w.ctx, chain.id, last.quote, last.finalReceive)).toMatchObject({ status: 'running', current: 2, minReceive: last.quote.receive });
  });

  it('refuses a journal copy whose chain names a leg hop the copy does not hold (a leg may have moved the funds on)', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const old = worker(world, new MemoryArea(), journal);
    const chain = await old.runner.start(old.ctx, await chainedQuote(old, 100_000n, 500n, 0n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await old.engine.tick(old.ctx, true);
    await old.runner.tick(old.ctx);
    const entry = (await journal.list())[0]!;
    const body = clone(entry.body) as Body;
    expect(body.chain.legs[1]!.hopId).toBe(legHopId(chain.id, 1));
    // The copy withholds leg 1's record: the chain would stop at leg 1 and let the user fund it again.
    body.legs = body.legs.filter((l) => l.leg !== 1);
    const fresh = worker(world);
    const out = await fresh.runner.adopt(fresh.ctx, [{ ...entry, body }]);
    expect(out.adopted).toEqual([]);
    expect(out.skipped[0]!.id).toBe(chain.id);
    expect(await fresh.runner.list()).toEqual([]);
  });

  it('refuses a journal copy that would take over a hop here that is a leg of another chain', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const old = worker(world, new MemoryArea(), journal);
    const chain = await old.runner.start(old.ctx, await chainedQuote(old, 100_000n, 500n, 0n, LBTC));
    const body = clone((await journal.list())[0]!.body) as Body;
    // This profile runs its own chain whose leg 0 is the same swap.
    const fresh = worker(world);
    await fresh.hops.put({ ...(clone(body.legs[0]) as unknown as HopRecord), id: 'chain-mine-leg0', chainId: 'chain-mine', leg: 0 });
    const out = await fresh.runner.adopt(fresh.ctx, await journal.list());
    expect(out.adopted).toEqual([]);
    expect(out.skipped).toEqual([{ id: chain.id, reason: expect.stringMatching(/another move here/) }]);
    expect(await fresh.hops.get('chain-mine-leg0')).toMatchObject({ chainId: 'chain-mine', leg: 0 });
  });
  it('a wallet locking while the next leg is set up leaves the chain running: the leg starts on a tick after unlock, as the lock error promises', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n, 500n, 0n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    const chainSwap = w.engine['mechanisms'][2]!;
    const create = chainSwap.create;
    chainSwap.create = async () => {
      throw new WalletError('locked', 'The wallet locked while this move was being worked on; it carries on once you unlock.');
    };
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'running', current: 0 });
    expect(await w.hops.get(legHopId(chain.id, 1))).toBeUndefined();
    chainSwap.create = create;
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'running', current: 1, legs: [{}, { hopId: legHopId(chain.id, 1) }] });
    expect(world.log.filter((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toHaveLength(1);
  });
  it('refuses a copy whose leg shares a key index here with another swap of the same kind (it is not the same move)', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const old = worker(world, new MemoryArea(), journal);
    const chain = await old.runner.start(old.ctx, await chainedQuote(old, 100_000n, 500n, 0n, LBTC));
    const body = clone((await journal.list())[0]!.body) as Body;
    const fresh = worker(world);
    await fresh.hops.put({ ...(clone(body.legs[0]) as unknown as HopRecord), id: 'hop-mine', chainId: undefined, leg: undefined, data: { swapId: 'swap-of-another-move' } });
    const out = await fresh.runner.adopt(fresh.ctx, await journal.list());
    expect(out.adopted).toEqual([]);
    expect(out.skipped).toEqual([{ id: chain.id, reason: expect.stringMatching(/another move here/) }]);
    expect((await fresh.hops.get('hop-mine'))!.chainId).toBeUndefined();
  });
});
