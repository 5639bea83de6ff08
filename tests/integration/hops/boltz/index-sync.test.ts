/**
 * The hop key index on a fresh profile (a wallet restored from its phrase, or a
 * second browser over the same seed), against the devnet stand-in. Keys and
 * preimages come from the index, and a finished swap has shown its preimage
 * (on chain in a claim, or to Boltz): a new swap at that index would let Boltz
 * settle its held payment with the known preimage, or claim our lockup at once.
 * So before its first Boltz swap a profile asks Boltz which indexes the seed used
 * (any status) and reads EtherSwap for locks under its preimage hashes, and it
 * starts no Boltz swap when it cannot.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, type Devnets, drive, makeWallet, misbehaving, route, startBoltzDevnetsForFile } from './helpers';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

describe('the key index on a fresh profile over a seed that made swaps', () => {
  it("starts the profile's first Boltz swap past every index the seed used: finished swaps Boltz lists, and RBTC locks only EtherSwap shows", async () => {
    const a = makeWallet(d);
    await d.bitcoin.faucet((await a.bitcoin.receive()).address, 500_000n);
    await d.bitcoin.mine(1);
    await d.rootstock.fund(a.rootstock.address, 10n ** 16n);
    // Index 0: Lightning -> BTC; index 1: BTC -> Lightning; index 2: Lightning -> RBTC (Boltz's restore cannot list it: no key of ours is in it).
    const moves = [
      [BTC_LIGHTNING, BTC_ONCHAIN, 60_000n],
      [BTC_ONCHAIN, BTC_LIGHTNING, 60_000n],
      [BTC_LIGHTNING, RBTC, 60_000n],
    ] as const;
    for (const [i, [from, to, amount]] of moves.entries()) {
      const started = await a.engine.start(a.ctx, await route(a, from, to, amount));
      expect(started.index).toBe(i);
      expect(await drive(d, a, started.id)).toMatchObject({ outcome: 'completed' });
    }
    await d.rootstock.mine(1);
    await boltz.sync();
    const swapIds = (await a.store.all()).map((r) => dataOf(r).swapId);
    expect(swapIds.map((id) => boltz.swaps.get(id)!.status.status)).toEqual(['invoice.settled', 'transaction.claimed', 'invoice.settled']);

    // The same seed in a new browser profile: nothing in storage.
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const first = await b.engine.start(b.ctx, await route(b, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n));
    expect(first.index).toBe(3);
    // Nothing finished came back as a hop, and the sync ran once: the next swap does not ask again.
    expect((await b.store.all()).map((r) => r.id)).toEqual([first.id]);
    const second = await b.engine.start(b.ctx, await route(b, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n));
    expect(second.index).toBe(first.index + 1);
    expect(b.requests.filter((r) => r.startsWith('POST ') && r.endsWith('/swap/restore'))).toHaveLength(1);

    // A third profile: its plan syncs the index before anything is confirmed, asking for no swap and paying nothing;
    // what it stores is only what any sync does, b's two unfinished swaps brought back to be finished.
    const c = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const planned = await route(c, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n);
    await c.engine.prepared();
    const restores = (w: typeof c) => w.requests.filter((r) => r.startsWith('POST ') && r.endsWith('/swap/restore'));
    expect(restores(c)).toHaveLength(1);
    expect(c.requests.filter((r) => r.startsWith('POST ') && /\/swap\/(reverse|submarine|chain)$/.test(r))).toEqual([]);
    const bSwaps = (await b.store.all()).map((r) => dataOf(r).swapId).sort();
    expect((await c.store.all()).map((r) => [r.state, dataOf(r).swapId]).sort()).toEqual(bSwaps.map((id) => ['restored', id]));
    expect(c.funding.paid).toEqual([]);
    // The start finds it done: past the indexes of a's swaps and b's two, without asking Boltz again.
    const third = await c.engine.start(c.ctx, planned);
    expect(third.index).toBe(second.index + 1);
    expect(restores(c)).toHaveLength(1);
  });

  it("finds the seed's Boltz swaps however far apart their keys are (Boltz derives them below the rescue key's master xpub, window by window)", async () => {
    const a = makeWallet(d);
    await d.bitcoin.faucet((await a.bitcoin.receive()).address, 500_000n);
    await d.bitcoin.mine(1);
    // Index 0: BTC -> Lightning; Boltz knows it only by our refund key.
    const first = await a.engine.start(a.ctx, await route(a, BTC_ONCHAIN, BTC_LIGHTNING, 40_000n));
    expect(first.index).toBe(0);
    expect(await drive(d, a, first.id)).toMatchObject({ outcome: 'completed' });
    // Hops of other mechanisms (sBTC, PowPeg) take indexes Boltz never sees: a gap of more than two of its windows.
    await a.store.bumpIndexPast(319);
    const far = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n));
    expect(far.index).toBe(320);
    expect(await drive(d, a, far.id)).toMatchObject({ outcome: 'completed' });

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const next = await b.engine.start(b.ctx, await route(b, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n));
    expect(next.index).toBe(321);
  });

  it('refuses to start a Boltz swap on a fresh profile while Boltz cannot be reached for the sync; nothing is sent, and it goes ahead once Boltz answers', async () => {
    const w = makeWallet(d);
    const restores = () => w.requests.filter((r) => r.startsWith('POST ') && r.endsWith('/swap/restore')).length;
    // The plan's own attempt at the sync fails too: the plan still offers the route, and the start asks again.
    const quote = await misbehaving(boltz, { restoreUnreachable: true }, async () => {
      const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n);
      await w.engine.prepared();
      return q;
    });
    const early = restores();
    expect(early).toBeGreaterThan(0);
    await expect(misbehaving(boltz, { restoreUnreachable: true }, () => w.engine.start(w.ctx, quote))).rejects.toThrow(
      /looks up which swap keys this recovery phrase has already used.*Nothing was sent/,
    );
    expect(restores()).toBeGreaterThan(early);
    expect(await w.store.all()).toEqual([]);
    expect(w.requests.filter((r) => r.startsWith('POST ') && /\/swap\/(reverse|submarine|chain)$/.test(r))).toEqual([]);
    expect(broadcasts(w)).toEqual([]);
    expect(w.funding.paid).toEqual([]);

    // Boltz answers again: the same quote starts, the sync done by the start itself.
    const started = await w.engine.start(w.ctx, quote);
    expect(started.index).toBe(0);
    expect(started.outcome).toBe('in-progress');
  });
});
