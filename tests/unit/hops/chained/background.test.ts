/** The background's chains: the `chains.*` handlers over Hops, chains advanced by Hops.tick (only while unlocked), adopted by Hops.restore. */
import { describe, expect, it } from 'vitest';
import { hopHandlers } from '../../../../src/background/handlers/hops';
import { Hops } from '../../../../src/background/hops';
import { Layers } from '../../../../src/background/layers';
import { SettingsStore } from '../../../../src/background/settings-store';
import { WalletService } from '../../../../src/background/wallet';
import { legHopId } from '../../../../src/hops/chained/runner';
import { HopStore } from '../../../../src/hops/records';
import { LAYER_IDS } from '../../../../src/shared/layers';
import { importWallet, PASSWORD } from '../../../helpers/background';
import { memoryPorts } from '../../../helpers/memory-ports';
import { BTC, LBTC, chainedQuote, MemoryJournal, mechanisms, newWorld, worker, type World } from './fake-legs';

async function unlockedBackground(world: World, journal?: MemoryJournal) {
  const ports = memoryPorts();
  const settings = new SettingsStore(ports.local);
  const wallet = new WalletService(ports, settings);
  const layers = new Layers(wallet, settings, ports.local, ports.now, ports.session);
  const hops = new Hops(wallet, settings, layers, ports.local, ports.now, mechanisms(world), journal);
  await importWallet(wallet, ports);
  await settings.update({ networks: Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet'])) });
  return { ports, wallet, settings, hops, handlers: hopHandlers(hops, settings), store: new HopStore(ports.local) };
}

describe('chains in the background', () => {
  it('Hops.tick starts the next leg only while unlocked; a stopped chain is listed, cannot be requoted without its destination answering, and is left', async () => {
    const world = newWorld();
    const bg = await unlockedBackground(world);
    const quote = await chainedQuote(worker(world), 100_000n);
    const chain = await bg.hops.chains.start(await bg.hops.context(), { ...quote, destination: 'alice@127.0.0.1:9' });
    expect((await bg.handlers['chains.list']({}))[0]).toMatchObject({ id: chain.id, status: 'running', current: 0 });

    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.unavailable['boltz-submarine'] = 'Boltz is not taking swaps now.';
    await bg.wallet.lock();
    await bg.hops.tick(true);
    expect((await bg.store.get(legHopId(chain.id, 0)))!.outcome).toBe('in-progress');
    await bg.wallet.unlock(PASSWORD);
    await bg.hops.tick(true);
    expect((await bg.store.get(legHopId(chain.id, 0)))!.outcome).toBe('completed');
    expect(await bg.handlers['chains.get']({ id: chain.id })).toMatchObject({ status: 'stopped', heldOn: { ...BTC, amount: '99000' } });
    // Leg hops stay listed as hops, with their chain.
    expect((await bg.handlers['hops.list']({})).map((h) => [h.id, h.chainId, h.leg])).toEqual([[legHopId(chain.id, 0), chain.id, 0]]);

    world.unavailable = {};
    // The last leg's invoice comes from the destination, which does not answer: nothing starts.
    await expect(bg.handlers['chains.requote']({ id: chain.id })).rejects.toThrow(/stays in your wallet/);
    await expect(bg.handlers['chains.continue']({ id: chain.id, quoteId: 'q-none' })).rejects.toThrow(/expired/);
    expect(await bg.handlers['chains.leave']({ id: chain.id })).toMatchObject({ status: 'left' });
    expect(world.log.some((l) => l.startsWith(`create ${legHopId(chain.id, 1)}`))).toBe(false);
    await expect(bg.handlers['chains.start']({ quoteId: 'q-none' })).rejects.toThrow(/expired/);
  });

  it('a stopped chain goes on with the route chains.requote held: by its quote id, once, and never as a single move', async () => {
    const world = newWorld();
    const bg = await unlockedBackground(world);
    const chain = await bg.hops.chains.start(await bg.hops.context(), await chainedQuote(worker(world), 100_000n, 500n, 0n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.refuseCreate['boltz-chain'] = 'could not find pair with id: BTC/L-BTC';
    await bg.hops.tick(true);
    expect(await bg.handlers['chains.get']({ id: chain.id })).toMatchObject({ status: 'stopped', heldOn: { ...BTC, amount: '99000' } });
    world.refuseCreate = {};
    const re = await bg.handlers['chains.requote']({ id: chain.id });
    expect(re).toMatchObject({ mechanism: 'boltz-chain', send: '98500', receive: '97500' });
    await expect(bg.handlers['hops.start']({ quoteId: re.quoteId })).rejects.toThrow(/chained move; nothing was sent/);
    expect(await bg.handlers['chains.continue']({ id: chain.id, quoteId: re.quoteId })).toMatchObject({ status: 'running', current: 1 });
    await expect(bg.handlers['chains.continue']({ id: chain.id, quoteId: re.quoteId })).rejects.toThrow(/expired/);
    world.ends[legHopId(chain.id, 1)] = 'completed';
    await bg.hops.tick(true);
    await bg.hops.tick(true);
    expect(await bg.handlers['chains.get']({ id: chain.id })).toMatchObject({ status: 'completed' });
    expect(world.log.filter((l) => l.startsWith('create'))).toHaveLength(2);
  });

  it('Hops.restore adopts the chains the journal holds, after the mechanisms restore', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    const first = await unlockedBackground(world, journal);
    const chain = await first.hops.chains.start(await first.hops.context(), await chainedQuote(worker(world), 100_000n));
    const fresh = await unlockedBackground(world, journal);
    expect(await fresh.handlers['hops.restore']({})).toEqual({ restored: 1, skipped: 0 });
    expect(await fresh.handlers['chains.get']({ id: chain.id })).toMatchObject({ status: 'running', restored: true, legs: [{ hopId: legHopId(chain.id, 0) }, {}] });
    expect(await fresh.store.get(legHopId(chain.id, 0))).toMatchObject({ chainId: chain.id, leg: 0 });
  });

  it('a journal that cannot be read leaves the chains out of a restore, not the restore itself', async () => {
    const world = newWorld();
    const journal = new MemoryJournal();
    journal.list = async () => {
      throw new Error('relay down');
    };
    const bg = await unlockedBackground(world, journal);
    expect(await bg.handlers['hops.restore']({})).toEqual({ restored: 0, skipped: 1 });
    expect(await bg.handlers['chains.list']({})).toEqual([]);
  });
  it('one chained quote id sent twice at once starts one chain: the quote is taken before the first await', async () => {
    const world = newWorld();
    const bg = await unlockedBackground(world);
    const quote = await chainedQuote(worker(world), 100_000n, 500n, 0n, LBTC);
    // What hops.plan holds for a chained route (the planner is built elsewhere).
    const networks = Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet']));
    (bg.hops as unknown as { quotes: Map<string, unknown> }).quotes.set('q-chain', { quote, at: bg.ports.now(), networks });
    const both = await Promise.allSettled([bg.handlers['chains.start']({ quoteId: 'q-chain' }), bg.handlers['chains.start']({ quoteId: 'q-chain' })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await bg.hops.chains.list()).toHaveLength(1);
    expect(world.log.filter((l) => l.startsWith('fund'))).toHaveLength(1);
  });
  it('Hops.tick takes up a stopped chain whose next leg hop exists (a worker killed in continue), with no chain running', async () => {
    const world = newWorld();
    const bg = await unlockedBackground(world);
    const chain = await bg.hops.chains.start(await bg.hops.context(), await chainedQuote(worker(world), 100_000n, 500n, 0n, LBTC));
    world.ends[legHopId(chain.id, 0)] = 'completed';
    world.refuseCreate['boltz-chain'] = 'could not find pair with id: BTC/L-BTC';
    await bg.hops.tick(true);
    expect(await bg.hops.chains.get(chain.id)).toMatchObject({ status: 'stopped', current: 1 });
    world.refuseCreate = {};
    const ctx = await bg.hops.context();
    const { quote } = await bg.hops.chains.requote(ctx, chain.id);
    // What the dead worker left: leg 1's hop stored (and funded by the next worker's ticks), the chain never told.
    await bg.hops.engine.start(ctx, quote, { id: legHopId(chain.id, 1), chainId: chain.id, leg: 1 });
    await bg.hops.tick(true);
    expect(await bg.hops.chains.get(chain.id)).toMatchObject({ status: 'running', current: 1, legs: [{}, { hopId: legHopId(chain.id, 1) }] });
  });
  it('a chained quote through a layer switched off since it was planned starts nothing (its funds would wait where the popup no longer shows)', async () => {
    const world = newWorld();
    const bg = await unlockedBackground(world);
    const quote = await chainedQuote(worker(world), 100_000n);
    const networks = Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet']));
    (bg.hops as unknown as { quotes: Map<string, unknown> }).quotes.set('q-via', { quote, at: bg.ports.now(), networks });
    await bg.settings.update({ hiddenLayers: ['bitcoin'] });
    await expect(bg.handlers['chains.start']({ quoteId: 'q-via' })).rejects.toThrow(/switched off/);
    expect(await bg.hops.chains.list()).toEqual([]);
    expect(world.log.some((l) => l.startsWith('create'))).toBe(false);
  });
});
