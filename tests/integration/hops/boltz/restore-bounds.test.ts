/**
 * Restored swaps held to what the old profile paid or locked, against the devnet
 * stand-in's `lockSats` hostile mode: the old profile paid a hold invoice (or
 * locked its side of a chain swap) and died before Boltz locked; Boltz then locks
 * far less than agreed in the agreed swap tree, and its restore reports exactly
 * that, a self-consistent answer. A claim would reveal the preimage, which settles
 * the whole payment (or lets Boltz take our whole lockup), for the little locked.
 * The wallet claims nothing and reveals no preimage: the held payment returns when
 * Boltz gives up, and a chain swap's lockup of ours is refunded after its timeout.
 */
import { describe, expect, it } from 'vitest';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { BOLTZ_EVM_ACCOUNT } from '../../../devnet/boltz/ether-swap';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, claimRequests, type Devnets, drive, makeWallet, mineBitcoinTo, mineRootstockTo, misbehaving, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

const GAS = 10n ** 16n;

/** The same seed in a new browser profile: nothing in storage. */
function freshProfile(a: TestWallet): TestWallet {
  return makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
}

describe('a restored reverse swap whose lockup is far below the invoice', () => {
  it('Lightning -> BTC: not restored, never claimed; the held payment comes back when Boltz gives up', async () => {
    const a = makeWallet(d);
    const lnBefore = a.funding.node.balanceMsat;
    const started = await misbehaving(boltz, { neverLock: true }, async () => a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, BTC_ONCHAIN, 100_000n)));
    expect(started.state).toBe('paying');
    const swapId = dataOf(started).swapId;
    const hash = dataOf(started).preimageHash;
    await boltz.sync();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // The old profile is gone. Boltz locks 1,000 sats in the agreed swap tree.
    boltz.misbehaveSwap(swapId, { neverLock: false, lockSats: 1_000 });
    await boltz.waitForStatus(swapId, ['transaction.mempool', 'transaction.confirmed']);
    await d.bitcoin.mine(1);

    const b = freshProfile(a);
    const result = await restoreBoltzHops(b.ctx, b.store);
    expect(result.restored).toEqual([]);
    expect(result.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ id: swapId, reason: expect.stringMatching(/locking 1000 sats for a Lightning payment of 100000 sats.*does not claim/) }),
    );
    expect(await b.store.all()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      await d.bitcoin.mine(1);
      await b.engine.tick(b.ctx, true);
      await boltz.sync();
    }
    expect(claimRequests(b)).toEqual([]);
    expect(broadcasts(b)).toEqual([]);
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // At its timeout Boltz takes its 1,000 sats back and cancels the held payment.
    await mineBitcoinTo(d, boltz.swaps.get(swapId)!.serverLock!.timeout);
    await boltz.sync();
    expect(boltz.ledger.invoice(hash)?.state).toBe('cancelled');
    expect(a.funding.node.balanceMsat).toBe(lnBefore);
  });

  it('Lightning -> RBTC found from EtherSwap logs: held to what the connected Lightning wallet paid, else not claimed at all', async () => {
    const a = makeWallet(d);
    await d.rootstock.fund(a.rootstock.address, GAS);
    const started = await misbehaving(boltz, { neverLock: true }, async () => a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, RBTC, 100_000n)));
    expect(started.state).toBe('paying');
    const swapId = dataOf(started).swapId;
    const hash = dataOf(started).preimageHash;
    await boltz.sync();
    boltz.misbehaveSwap(swapId, { neverLock: false, lockSats: 1_000 });
    await boltz.waitForStatus(swapId, ['transaction.mempool', 'transaction.confirmed']);
    const ours = a.rootstock.address.toLowerCase();
    const timeout = boltz.swaps.get(swapId)!.serverLock!.timeout;
    expect(await boltz.etherSwap!.isLocked(hash, 1_000n * WEI_PER_SAT, ours, BOLTZ_EVM_ACCOUNT, timeout)).toBe(true);

    // Its Lightning wallet says 100,000 sats were paid for that hash.
    const b = freshProfile(a);
    const held = await restoreBoltzHops(b.ctx, b.store);
    expect(held.restored).toEqual([]);
    expect(held.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ reason: expect.stringMatching(/is not claimed: it holds 1000 sats for a Lightning payment of 100000 sats/) }));

    // A Lightning wallet that cannot look payments up: what was paid is unknown, so nothing is claimed.
    const c = freshProfile(a);
    Object.defineProperty(c.funding, 'lookupInvoice', { value: undefined });
    const unknown = await restoreBoltzHops(c.ctx, c.store);
    expect(unknown.restored).toEqual([]);
    expect(unknown.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ reason: expect.stringMatching(/cannot tell what was paid/) }));

    for (const w of [b, c]) await w.engine.tick(w.ctx, true);
    await d.rootstock.mine(1);
    await boltz.sync();
    expect(await boltz.etherSwap!.isLocked(hash, 1_000n * WEI_PER_SAT, ours, BOLTZ_EVM_ACCOUNT, timeout)).toBe(true);
    expect(await boltz.etherSwap!.claimedPreimage(hash)).toBeNull();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');
  });
});

describe('a restored chain swap whose lockup for us is far below ours', () => {
  it('RBTC -> BTC: restored only to refund our EtherSwap lock after its timeout, never claimed', async () => {
    const a = makeWallet(d);
    await d.rootstock.fund(a.rootstock.address, 300_000n * WEI_PER_SAT);
    const before = await a.rbtcBalance();
    const started = await misbehaving(boltz, { neverLock: true }, async () => a.engine.start(a.ctx, await route(a, RBTC, BTC_ONCHAIN, 200_000n * WEI_PER_SAT)));
    expect(started.state).toBe('funded');
    const swapId = dataOf(started).swapId;
    await boltz.sync();
    boltz.misbehaveSwap(swapId, { neverLock: false, lockSats: 1_000 });
    await boltz.waitForStatus(swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    await d.bitcoin.mine(1);

    const b = freshProfile(a);
    const result = await restoreBoltzHops(b.ctx, b.store);
    expect(result.restored.map((r) => dataOf(r).swapId)).toEqual([swapId]);
    const hop = result.restored[0]!;
    expect(englishOf(dataOf(hop).refundOnly)).toMatch(/1000 sats of BTC for us against the 200000 sats of RBTC we locked.*does not claim/);

    const waiting = await drive(d, b, hop.id, { passes: 3 });
    expect(waiting.outcome).toBe('in-progress');
    expect(englishOf(waiting.lastError)).toMatch(/does not claim.*refunded/);
    expect(claimRequests(b)).toEqual([]);
    expect(broadcasts(b)).toEqual([]);
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();

    await mineRootstockTo(d, dataOf(started).lock!.timeoutBlockHeight);
    const done = await drive(d, b, hop.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(claimRequests(b)).toEqual([]);
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    const after = await b.rbtcBalance();
    expect(before - after).toBeGreaterThan(0n);
    expect(before - after).toBeLessThan(GAS);
  });
});

describe('a chain swap restored before the old profile funded it', () => {
  it('BTC -> L-BTC: our lockup appears after the restore and Boltz then locks far less; the floor is taken from the chain then, and nothing is claimed', async () => {
    const a = makeWallet(d);
    // No BTC yet: the swap is created at Boltz and recorded, but funding it fails.
    const q = await route(a, BTC_ONCHAIN, LBTC, 200_000n);
    const started = await misbehaving(boltz, { neverLock: true }, () => a.engine.start(a.ctx, q));
    expect(started.state).not.toBe('funded');
    const swapId = dataOf(started).swapId;

    // The same seed elsewhere restores it while our lockup is nowhere to be seen.
    const b = freshProfile(a);
    const result = await restoreBoltzHops(b.ctx, b.store);
    const hop = result.restored.find((r) => dataOf(r).swapId === swapId)!;
    expect(hop).toBeDefined();
    expect(dataOf(hop).claim!.minSats).toBeUndefined();

    // The old profile funds after all; Boltz locks 1,000 sats against our 200,000.
    await d.bitcoin.faucet((await a.bitcoin.receive()).address, 500_000n);
    const funded = await a.engine.advance(a.ctx, started.id);
    expect(funded.state).toBe('funded');
    await d.bitcoin.mine(1);
    boltz.misbehaveSwap(swapId, { neverLock: false, lockSats: 1_000 });
    await boltz.sync();
    await boltz.waitForStatus(swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    d.liquid.mine(1);

    const waiting = await drive(d, b, hop.id, { passes: 3 });
    expect(waiting.outcome).toBe('in-progress');
    expect(claimRequests(b)).toEqual([]);
    expect(broadcasts(b)).toEqual([]);
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
  });
});
