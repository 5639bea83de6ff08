/** The chain runner's states with scripted mechanisms: what starts when, what stops, and what is never done twice. */
import { describe, expect, it, vi } from 'vitest';
import { COPY_WAIT_MS, legHopId, NEXT_LEG_PATIENCE_MS } from '../../../../src/hops/chained/runner';
import { localText } from '../../../../src/shared/local-text';
import { resolvePreset } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';
import { BTC, chainedQuote, MemoryJournal, newWorld, worker } from './fake-legs';
import { waitFor } from '../../../helpers/wait-for';

describe('chain runner', () => {
  it('stores the chain before leg 0 moves, then runs each leg for what the previous one delivered, the last to an invoice of the destination', async () => {
    const world = newWorld();
    const w = worker(world);
    const quote = await chainedQuote(w, 100_000n);
    world.log.length = 0;
    let storedBeforeFunding = false;
    const seen = w.area.set.bind(w.area);
    w.area.set = async (items) => {
      await seen(items);
    };
    const fund = w.engine['mechanisms'][0]!.advance;
    w.engine['mechanisms'][0]!.advance = async (c, r) => {
      if (r.state === 'created') storedBeforeFunding = (await w.chains.all()).some((ch) => ch.legs[0]!.hopId === r.id && ch.status === 'running');
      return fund(c, r);
    };
    const chain = await w.runner.start(w.ctx, quote);
    expect(storedBeforeFunding).toBe(true);
    expect(chain).toMatchObject({ status: 'running', current: 0, send: '100000', expectedReceive: '97500', minReceive: '97500', reserves: ['0', '500'] });
    expect(chain.legs[0]).toMatchObject({ hopId: legHopId(chain.id, 0), outcome: 'in-progress', send: '100000', expectedReceive: '99000' });
    expect(await w.hops.get(legHopId(chain.id, 0))).toMatchObject({ chainId: chain.id, leg: 0, state: 'funded' });

    // Nothing starts while leg 0 is under way.
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ current: 0, status: 'running' });
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    const second = (await w.runner.tick(w.ctx))[0]!;
    // 99,000 delivered, 500 kept for funding the lockup: leg 1 sends 98,500 and pays an invoice of 97,500.
    expect(second).toMatchObject({ status: 'running', current: 1 });
    expect(second.legs[1]).toMatchObject({ hopId: legHopId(chain.id, 1), send: '98500', expectedReceive: '97500', outcome: 'in-progress' });
    expect(world.invoices).toEqual([97_500n]);
    expect(await w.hops.get(legHopId(chain.id, 1))).toMatchObject({ chainId: chain.id, leg: 1, state: 'funded', data: { invoice: 'lnbcrt-97500' } });

    world.ends[legHopId(chain.id, 1)] = 'completed';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'completed', current: 1 });
    expect(world.log.filter((l) => l.startsWith('create') || l.startsWith('fund'))).toEqual([
      `create ${legHopId(chain.id, 0)} 100000`,
      `fund ${legHopId(chain.id, 0)} 100000`,
      `create ${legHopId(chain.id, 1)} 98500`,
      `fund ${legHopId(chain.id, 1)} 98500`,
    ]);
    // A finished chain is left alone.
    expect(await w.runner.tick(w.ctx)).toEqual([]);
  });

  it('a worker killed after leg 1 was created, before the chain noted it, leaves one leg-1 hop: the next worker takes it up', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    // The worker dies right after leg 1's hop is written: every later write of that worker never lands.
    const disk = new MemoryArea();
    const write = w.area.set.bind(w.area);
    let dead = false;
    w.area.set = async (items) => {
      if (dead) return new Promise(() => undefined);
      await write(items);
      const hops = (items['hops.records'] as { id: string }[] | undefined) ?? [];
      if (hops.some((h) => h.id === legHopId(chain.id, 1))) {
        dead = true;
        for (const [k, v] of w.area.data) disk.data.set(k, v);
      }
    };
    void w.runner.tick(w.ctx);
    await waitFor(() => dead, 'the worker to die on writing leg 1');
    expect(dead).toBe(true);
    // The chain on disk still says leg 0; leg 1's hop is there, not funded.
    const restarted = worker(world, disk);
    expect((await restarted.chains.get(chain.id))!.current).toBe(0);
    expect(await restarted.hops.get(legHopId(chain.id, 1))).toMatchObject({ state: 'created' });
    await restarted.runner.tick(restarted.ctx);
    await restarted.engine.tick(restarted.ctx, true);
    const after = await restarted.runner.get(chain.id);
    expect(after).toMatchObject({ current: 1, status: 'running' });
    expect(after.legs[1]!.hopId).toBe(legHopId(chain.id, 1));
    expect(world.log.filter((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toHaveLength(1);
    expect(world.log.filter((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toHaveLength(1);
    expect((await restarted.hops.all()).filter((h) => h.chainId === chain.id)).toHaveLength(2);
  });

  it('a second leg whose quote does not come in time waits and is tried again (the funds wait in the wallet), and stops the chain only after NEXT_LEG_PATIENCE_MS', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = localText('err_quote_slow', '10');
    await w.engine.tick(w.ctx, true);
    const waiting = (await w.runner.tick(w.ctx))[0]!;
    expect(waiting).toMatchObject({ status: 'running', current: 0 });
    expect(await w.hops.get(legHopId(chain.id, 1))).toBeUndefined();
    // The service answers again: the next tick starts the leg.
    world.unavailable = {};
    await w.runner.tick(w.ctx);
    expect(await w.hops.get(legHopId(chain.id, 1))).toMatchObject({ chainId: chain.id, leg: 1, mechanism: 'boltz-submarine' });
    expect(await w.runner.get(chain.id)).toMatchObject({ status: 'running', current: 1 });

    // Another chain whose next leg stays slow past the patience stops, with its funds named.
    const other = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(other.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = localText('err_quote_slow', '10');
    await w.engine.tick(w.ctx, true);
    const later = { ...w.ctx, now: () => Date.now() + NEXT_LEG_PATIENCE_MS + 1_000 };
    const stopped = (await w.runner.tick(later)).find((c) => c.id === other.id)!;
    expect(stopped).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_unavailable' } });
  });

  it('a second leg whose service refuses stops the chain with the funds on Bitcoin; requote + continue finishes it', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = 'Boltz is not taking swaps now.';
    await w.engine.tick(w.ctx, true);
    const stopped = (await w.runner.tick(w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' } });
    expect(stopped.reason).toEqual({ key: 'chainStopped_unavailable', params: [{ key: 'mechanism_boltz_submarine' }, 'Boltz is not taking swaps now.', '0.00099 BTC', { key: 'layer_bitcoin' }] });
    expect(await w.hops.get(legHopId(chain.id, 1))).toBeUndefined();
    // A stopped chain waits for the user.
    expect(await w.runner.tick(w.ctx)).toEqual([]);
    await expect(w.runner.requote(w.ctx, chain.id)).rejects.toThrow(/stays in your wallet/);

    world.unavailable = {};
    world.fee = 2000n;
    const re = await w.runner.requote(w.ctx, chain.id);
    expect(re.quote).toMatchObject({ mechanism: 'boltz-submarine', send: '98500', receive: '96500', terms: { invoice: 'lnbcrt-96500' } });
    expect(re.finalReceive).toBe(96_500n);
    // A quote for another move's leg is refused.
    await expect(w.runner.continue(w.ctx, chain.id, { ...re.quote, send: '99001' }, re.finalReceive)).rejects.toThrow(/not for this move/);
    const going = await w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1, minReceive: '96500' });
    expect(going.reason).toBeUndefined();
    expect(going.heldOn).toBeUndefined();
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'completed' });
    await expect(w.runner.leave(w.ctx, chain.id)).rejects.toThrow(/not stopped/);
  });

  it('a refused create stops the chain (nothing moved); leave ends it with the funds left there', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.refuseCreate['boltz-submarine'] = 'could not find pair with id: BTC/BTC';
    await w.engine.tick(w.ctx, true);
    const stopped = (await w.runner.tick(w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', heldOn: { amount: '99000' }, reason: { key: 'chainStopped_unavailable' } });
    expect(world.log.some((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toBe(false);
    const left = await w.runner.leave(w.ctx, chain.id);
    expect(left).toMatchObject({ status: 'left', heldOn: { ...BTC, amount: '99000' } });
    await expect(w.runner.continue(w.ctx, chain.id, (await chainedQuote(w, 1000n)).legs[1]!, 0n)).rejects.toThrow(/not stopped/);
  });

  it('stops when the fresh quote would deliver less than the chain minimum', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n, 500n, 100n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fee = 1101n;
    await w.engine.tick(w.ctx, true);
    // Leg 0 was quoted at fee 1000 (delivered 99,000): leg 1 would now deliver 97,399 < 97,400.
    const stopped = (await w.runner.tick(w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', reason: { key: 'chainStopped_belowMin', params: ['97399 sats', '97400 sats', '0.00099 BTC', { key: 'layer_bitcoin' }] } });
    // No invoice is asked for a leg that does not start.
    expect(world.invoices).toEqual([]);
  });

  it('a leg that ends refunded fails the chain and says where the funds came back', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'refunded';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'failed', reason: { key: 'chainFailed_refunded', params: ['1', { key: 'mechanism_sbtc_withdrawal' }, { key: 'layer_stacks' }] } });
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
  });

  it('refuses a chain to Lightning without an LNURL destination, and marks a chain whose first leg is refused as failed with nothing sent', async () => {
    const world = newWorld();
    const w = worker(world);
    const q = await chainedQuote(w, 100_000n);
    await expect(w.runner.start(w.ctx, { ...q, destination: undefined })).rejects.toThrow(/needs an LNURL-pay/);
    expect(await w.runner.list()).toEqual([]);
    world.refuseCreate['sbtc-withdrawal'] = 'The signers are not accepting withdrawals.';
    await expect(w.runner.start(w.ctx, q)).rejects.toThrow(/not accepting/);
    expect((await w.runner.list())[0]).toMatchObject({ status: 'failed', reason: { key: 'chainFailed_notStarted', params: ['The signers are not accepting withdrawals.'] } });
  });

  it('a journal that never confirms holds a leg up at most COPY_WAIT_MS per copy, and the move goes on', async () => {
    const world = newWorld();
    const silent = { put: () => new Promise<void>(() => undefined), list: async () => [] };
    const w = worker(world, new MemoryArea(), silent);
    const quote = await chainedQuote(w, 100_000n);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let done = false;
      const started = w.runner.start(w.ctx, quote).finally(() => (done = true));
      // Two copies before leg 0 funds (the chain, then the leg's record): two waits, then it goes on.
      await vi.advanceTimersByTimeAsync(COPY_WAIT_MS * 2 + 10);
      await vi.advanceTimersByTimeAsync(COPY_WAIT_MS + 10);
      expect(done).toBe(true);
      const chain = await started;
      expect(chain).toMatchObject({ status: 'running', journalError: { key: 'err_journal_unconfirmed', params: [String(COPY_WAIT_MS / 1000)] } });
      expect(world.log.some((l) => l.startsWith(`fund ${legHopId(chain.id, 0)}`))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('copies the chain to the journal on creation and before each leg funds; a journal failure is noted and never stops the move', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const w = worker(world, new MemoryArea(), journal);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    const bodies = journal.puts.map((p) => p.body as { chain: { current: number; legs: { hopId?: string }[] }; legs: { id: string; state: string }[] });
    expect(bodies[0]!.legs).toEqual([]);
    // The leg's record (with its key index) is off the device before its funding.
    expect(bodies[1]!.legs).toMatchObject([{ id: legHopId(chain.id, 0), state: 'created', index: 0 }]);
    expect(bodies[1]!.chain.legs[0]!.hopId).toBe(legHopId(chain.id, 0));

    journal.failing = true;
    world.ends[legHopId(chain.id, 0)] = 'completed';
    await w.engine.tick(w.ctx, true);
    const on = (await w.runner.tick(w.ctx))[0]!;
    expect(on).toMatchObject({ current: 1, status: 'running', journalError: 'The relay did not answer; the copy was not saved.' });
    expect(world.log.some((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toBe(true);
    journal.failing = false;
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await w.engine.tick(w.ctx, true);
    const done = (await w.runner.tick(w.ctx))[0]!;
    expect(done.status).toBe('completed');
    expect(done.journalError).toBeUndefined();
    expect((journal.entries.get(chain.id)!.body as { chain: { status: string } }).chain.status).toBe('completed');
  });
});

describe('chain runner and the selected networks', () => {
  it('neither starts, requotes nor continues a leg while Settings select another network for one of its layers', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = 'Boltz is not taking swaps now.';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]!.status).toBe('stopped');
    world.unavailable = {};
    const elsewhere = { ...w.ctx, presets: { ...w.ctx.presets, bitcoin: resolvePreset('bitcoin', 'signet', {}) } };
    await expect(w.runner.requote(elsewhere, chain.id)).rejects.toThrow(/switch back to Bitcoin/);
    const re = await w.runner.requote(w.ctx, chain.id);
    await expect(w.runner.continue(elsewhere, chain.id, re.quote, re.finalReceive)).rejects.toThrow(/switch back to Bitcoin/);
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
    expect(await w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive)).toMatchObject({ status: 'running', current: 1 });
  });
});
