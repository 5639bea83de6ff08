/**
 * Review of the "unfunded leg" rule as a killed worker and as a hostile copy would
 * test it: a stop the runner decided on survives a crash mid-write, and a hop in a
 * "not funded" state that is still running is never left running beside a new one.
 */
import { describe, expect, it } from 'vitest';
import { legHopId } from '../../../../src/hops/chained/runner';
import type { ChainRecord } from '../../../../src/hops/chained/types';
import type { HopRecord } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { localText } from '../../../../src/shared/local-text';
import { MemoryArea } from '../../../helpers/memory-ports';
import { BTC, chainedQuote, dieOnWrite, MemoryJournal, newWorld, worker } from './fake-legs';
import { waitFor } from '../../../helpers/wait-for';

const short = () => new WalletError('insufficient_funds', localText('err_coins_short'));

describe('an unfunded leg and a killed worker', () => {
  it('a worker killed between the retry count and the stop leaves the chain stopped for the user, no new hop started by itself', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const w = worker(world, new MemoryArea(), journal);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = short();
    await w.engine.tick(w.ctx, true);
    // The worker dies on the first chain write that counts the closed hop, whatever follows it.
    const dies = dieOnWrite(w, (items) => ((items['chains.records'] as ChainRecord[] | undefined) ?? []).some((c) => c.id === chain.id && c.retries?.[1] === 1));
    const disk = dies.disk;
    void w.runner.tick(w.ctx);
    await waitFor(dies.dead, 'the worker to die on counting the closed hop');
    expect(dies.dead()).toBe(true);
    // Meanwhile the wallet got the coins it lacked: still, the user decides whether the leg goes on.
    world.fundError = {};
    const restarted = worker(world, disk, journal);
    await restarted.runner.tick(restarted.ctx);
    await restarted.engine.tick(restarted.ctx, true);
    await restarted.runner.tick(restarted.ctx);
    const after = (await restarted.chains.get(chain.id))!;
    expect(after).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_unfunded' } });
    expect(await restarted.hops.get(legHopId(chain.id, 1, 1))).toBeUndefined();
    expect(world.log.filter((l) => l.startsWith('create ') && l.includes(`${chain.id}-leg1`))).toEqual([`create ${legHopId(chain.id, 1)} 98500`]);
  });
});

describe('a leg hop named "not funded" that is still running', () => {
  it('is followed as the leg (never left running while the chain stops and continue starts another)', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const w = worker(world, new MemoryArea(), journal);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    await w.runner.tick(w.ctx);
    const leg1 = legHopId(chain.id, 1);
    // A copy (stale, corrupt or forged) gives leg 1's hop the closed hop's state while it still runs: a mechanism
    // goes by its data, not by this name, and may fund or already have funded it.
    const hop = (await w.hops.get(leg1))!;
    expect(hop.outcome).toBe('in-progress');
    await w.hops.put({ ...hop, state: 'not-funded' } as HopRecord);
    const after = (await w.runner.tick(w.ctx))[0]!;
    const stored = (await w.hops.get(leg1))!;
    // Either the chain follows that hop, or the hop is no longer running: never a stopped chain beside a running leg hop.
    expect(stored.outcome === 'in-progress' ? after.status : 'closed').not.toBe('stopped');
    expect(after).toMatchObject({ status: 'running', current: 1 });
    expect(after.legs[1]!.hopId).toBe(leg1);
  });
});
