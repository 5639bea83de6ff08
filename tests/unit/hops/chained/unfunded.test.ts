/**
 * A leg whose funding cannot succeed (the wallet cannot pay it) stops the chain with
 * the funds where they are, instead of retrying while the chain says "running"; a
 * transient failure keeps retrying; nothing is ever funded twice.
 */
import { describe, expect, it } from 'vitest';
import { readJournalBody } from '../../../../src/hops/chained/journal-body';
import { legHopId } from '../../../../src/hops/chained/runner';
import { WalletError } from '../../../../src/shared/errors';
import { localText } from '../../../../src/shared/local-text';
import { MemoryArea } from '../../../helpers/memory-ports';
import { BTC, chainedQuote, dieOnWrite, LBTC, MemoryJournal, newWorld, SBTC, worker } from './fake-legs';
import { waitFor } from '../../../helpers/wait-for';

const short = () => new WalletError('insufficient_funds', localText('err_coins_short'));

describe('a leg the wallet cannot fund', () => {
  it('stops the chain with the funds on the intermediate layer; continue funds a new hop once, the unfunded one never', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = short();
    await w.engine.tick(w.ctx, true);
    const stopped = (await w.runner.tick(w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' } });
    expect(stopped.reason).toEqual({
      key: 'chainStopped_unfunded',
      params: [{ key: 'mechanism_boltz_submarine' }, { key: 'err_coins_short' }, '0.00099 BTC', { key: 'layer_bitcoin' }],
    });
    expect(stopped.legs[1]!.hopId).toBeUndefined();
    // The unfunded hop is closed (nothing was sent) and no longer a leg of the chain: no tick funds it later.
    const closed = (await w.hops.get(legHopId(chain.id, 1)))!;
    expect(closed).toMatchObject({ outcome: 'failed', state: 'not-funded', lastError: { key: 'hopNote_leg_not_funded', params: [{ key: 'err_coins_short' }] } });
    expect(closed.chainId).toBeUndefined();
    world.fundError = {};
    await w.engine.tick(w.ctx, true);
    expect(await w.runner.tick(w.ctx)).toEqual([]);
    expect(world.log.filter((l) => l.startsWith(`fund ${legHopId(chain.id, 1)}`))).toEqual([]);

    const re = await w.runner.requote(w.ctx, chain.id);
    const going = await w.runner.continue(w.ctx, chain.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1 });
    const next = legHopId(chain.id, 1, 1);
    expect(going.legs[1]!.hopId).toBe(next);
    world.ends[next] = 'completed';
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'completed' });
    expect(world.log.filter((l) => l.startsWith('fund ') && l.includes(`${chain.id}-leg1`))).toEqual([`fund ${next} 98500`]);
  });

  it('stops when the funding becomes impossible on a later retry, and not while the failure is transient', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = new WalletError('network_error', localText('err_http_unreachable', '127.0.0.1'));
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'running', current: 1 });
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'running', current: 1 });
    expect(world.log.filter((l) => l.startsWith(`unfunded ${legHopId(chain.id, 1)}`))).toHaveLength(2);
    world.fundError['boltz-submarine'] = short();
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', current: 1, reason: { key: 'chainStopped_unfunded' } });
  });

  it('keeps retrying a hop that saved a funding id (its transaction may be on the network)', async () => {
    const world = newWorld();
    const w = worker(world);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = short();
    const advance = w.engine['mechanisms'][1]!.advance;
    w.engine['mechanisms'][1]!.advance = async (c, r) => {
      await c.save?.({ ...r, data: { ...r.data, lock: { fundingTxid: 'ab'.repeat(32) } } });
      return advance(c, r);
    };
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'running', current: 1 });
    expect(await w.hops.get(legHopId(chain.id, 1))).toMatchObject({ outcome: 'in-progress', chainId: chain.id });
  });

  it('a first leg the wallet cannot fund ends the chain as not started, nothing sent', async () => {
    const world = newWorld();
    const w = worker(world);
    world.fundError['sbtc-withdrawal'] = new WalletError('insufficient_funds', localText('err_token_above_balance', 'sBTC', '0.0001 sBTC'));
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    expect(chain).toMatchObject({ status: 'failed', from: SBTC, reason: { key: 'chainFailed_notStarted', params: [{ key: 'err_token_above_balance' }] } });
    expect(await w.hops.get(legHopId(chain.id, 0))).toMatchObject({ outcome: 'failed', state: 'not-funded' });
    world.fundError = {};
    await w.engine.tick(w.ctx, true);
    expect(world.log.some((l) => l.startsWith('fund '))).toBe(false);
  });

  it('a worker killed after closing the unfunded hop, before the chain noted it, stops the chain on the next tick (not failed)', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const w = worker(world, new MemoryArea(), journal);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = short();
    await w.engine.tick(w.ctx, true);
    // The worker dies right after the hop is closed: the chain on disk still names it as leg 1, running.
    const dies = dieOnWrite(w, (items) => ((items['hops.records'] as { id: string; state: string }[] | undefined) ?? []).some((h) => h.id === legHopId(chain.id, 1) && h.state === 'not-funded'));
    const disk = dies.disk;
    void w.runner.tick(w.ctx);
    await waitFor(dies.dead, 'the worker to die on closing the hop');
    expect(dies.dead()).toBe(true);
    const restarted = worker(world, disk, journal);
    expect(await restarted.chains.get(chain.id)).toMatchObject({ status: 'running', current: 1 });
    const after = (await restarted.runner.tick(restarted.ctx))[0]!;
    expect(after).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC, amount: '99000' }, reason: { key: 'chainStopped_unfunded' } });
    expect(after.legs[1]!.hopId).toBeUndefined();
  });
});

describe('a stopped chain in the move journal', () => {
  it('reads back with its keyed reason (a service error with its own parameters) and its retry count', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const w = worker(world, new MemoryArea(), journal);
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.fundError['boltz-submarine'] = new WalletError('insufficient_funds', localText('err_btc_fee_uncovered', '0.00099 BTC', '0.000985 BTC', '0.00000141 BTC'));
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', retries: [0, 1] });
    const read = readJournalBody(journal.entries.get(chain.id)!.body, () => true);
    expect(read).toMatchObject({ chain: { status: 'stopped', retries: [0, 1], reason: { key: 'chainStopped_unfunded' } } });
    // A copy whose retry count is not one the wallet writes is refused.
    const body = journal.entries.get(chain.id)!.body as { chain: Record<string, unknown> };
    expect(readJournalBody({ ...body, chain: { ...body.chain, retries: [0, -1] } }, () => true)).toBeTypeOf('string');
    expect(readJournalBody({ ...body, chain: { ...body.chain, retries: [0] } }, () => true)).toBeTypeOf('string');
    // A leg's counterparty may be a name in the reader's language (the sBTC signers), within bounds.
    const legs = body.chain.legs as Record<string, unknown>[];
    const withLegName = (counterparty: unknown) => ({ ...body, chain: { ...body.chain, legs: [{ ...legs[0]!, counterparty }, ...legs.slice(1)] } });
    const named = readJournalBody(withLegName(localText('hopText_counterparty_sbtc')), () => true);
    expect(typeof named === 'string' ? named : named.chain.legs[0]!.counterparty).toEqual({ key: 'hopText_counterparty_sbtc' });
    expect(readJournalBody(withLegName(localText('hopText_counterparty_sbtc', 'x'.repeat(500))), () => true)).toBeTypeOf('string');
    expect(readJournalBody(withLegName({ key: 'not a key!' }), () => true)).toBeTypeOf('string');
  });
});

describe('a later leg whose funding fee rose between plan and start', () => {
  it('sends what arrived less the fee funding it costs now, not the plan\'s smaller reserve (which the wallet could not fund)', async () => {
    const world = newWorld();
    const w = worker(world);
    world.onTop = 500n;
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n, 500n, 1_000n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    // The fee rate rose: funding leg 1's lockup now costs 800 where the plan kept 500.
    world.onTop = 800n;
    await w.engine.tick(w.ctx, true);
    const on = (await w.runner.tick(w.ctx))[0]!;
    expect(on).toMatchObject({ status: 'running', current: 1 });
    expect(await w.hops.get(legHopId(chain.id, 1))).toMatchObject({ send: '98200', state: 'funded' });
  });

  it('stops below the minimum when the smaller leg would deliver less than the user accepted', async () => {
    const world = newWorld();
    const w = worker(world);
    world.onTop = 500n;
    const chain = await w.runner.start(w.ctx, await chainedQuote(w, 100_000n, 500n, 100n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.onTop = 800n;
    await w.engine.tick(w.ctx, true);
    expect((await w.runner.tick(w.ctx))[0]).toMatchObject({ status: 'stopped', current: 1, reason: { key: 'chainStopped_belowMin' } });
    expect(await w.hops.get(legHopId(chain.id, 1))).toBeUndefined();
  });
});
