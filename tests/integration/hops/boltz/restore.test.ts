/**
 * Restoring Boltz hops from a Boltz that lies, against the devnet stand-in's
 * hostile restore modes: `liveIndex` answers /v2/swap/restore with, besides the
 * real swaps, a forged reverse swap at the key index and preimage hash of a live
 * hop, with a small lockup Boltz really makes (claiming it would hand Boltz the
 * live hop's preimage, which settles the live hop's held payment); `wrongLockup`
 * names lockup addresses that are not the swap trees'; `otherPreimageHash` builds
 * the claim trees on a hash that is not our preimage's. Nothing may be restored for
 * a lie, and no preimage revealed. And the claim path checks the lockup itself, so
 * a record that reached it unchecked is never claimed.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN } from '../../../../src/hops/boltz/assets';
import { dataOf, withSide } from '../../../../src/hops/boltz/record';
import type { HopRecord } from '../../../../src/hops/types';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, claimRequests, type Devnets, drive, makeWallet, misbehaving, route, startBoltzDevnetsForFile } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

describe('restore from a Boltz that forges a swap at a live hop\'s key index', () => {
  it('restores nothing for it and never claims its lockup: the live hop\'s held payment is not settled', async () => {
    const w = makeWallet(d);
    // A live reverse swap: our Lightning payment is held, Boltz has not locked (yet).
    const started = await misbehaving(boltz, { neverLock: true }, async () => w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 100_000n)));
    expect(started.state).toBe('paying');
    const swapId = dataOf(started).swapId;
    const hash = dataOf(started).preimageHash;
    await boltz.sync();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // The user looks for lost swaps (Move > restore) on the same profile.
    const result = await misbehaving(boltz, { restoreForgery: 'liveIndex' }, () => restoreBoltzHops(w.ctx, w.store));
    const forgedId = boltz.swaps.get(swapId)!.forgery!;
    expect(forgedId).toBeDefined();
    expect(boltz.swaps.get(forgedId)).toMatchObject({ type: 'reverse', preimageHash: hash, status: { status: 'transaction.mempool' } });
    expect(result.restored).toEqual([]);
    expect(result.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ id: forgedId, reason: expect.stringMatching(new RegExp(`key index ${started.index}.*already`)) }));
    expect((await w.store.all()).map((r) => r.id)).toEqual([started.id]);

    // The wallet goes on with every hop it has; the forged lockup confirms meanwhile.
    for (let i = 0; i < 3; i++) {
      await d.bitcoin.mine(1);
      await w.engine.tick(w.ctx, true);
      await boltz.sync();
    }
    expect(boltz.swaps.get(forgedId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');
    expect(claimRequests(w)).toEqual([]);
    // No transaction of ours, and the held payment never settled (the funding lists payments once settled).
    expect(broadcasts(w)).toEqual([]);
  });
});

describe('restore from a Boltz whose lockup addresses or trees are not the swap\'s', () => {
  it('leaves the swap out on a fresh profile; the honest answer restores it', async () => {
    const a = makeWallet(d);
    const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, BTC_ONCHAIN, 40_000n));
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.mempool', 'transaction.confirmed']);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const lied = await misbehaving(boltz, { restoreForgery: 'wrongLockup' }, () => restoreBoltzHops(b.ctx, b.store));
    expect(lied.restored).toEqual([]);
    expect(lied.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ id: dataOf(started).swapId, reason: expect.stringMatching(/lockup address is not the address of the swap tree/) }));
    expect(await b.store.all()).toEqual([]);
    expect(claimRequests(b)).toEqual([]);

    // Nor when its claim tree (and address, and the preimage hash it reports) is built on a hash that is not our preimage's.
    const otherHash = await misbehaving(boltz, { restoreForgery: 'otherPreimageHash' }, () => restoreBoltzHops(b.ctx, b.store));
    expect(otherHash.restored).toEqual([]);
    expect(otherHash.skipped.map((s) => ({ ...s, reason: englishOf(s.reason) }))).toContainEqual(expect.objectContaining({ id: dataOf(started).swapId, reason: expect.stringMatching(/swap tree that does not match/) }));
    expect(await b.store.all()).toEqual([]);
    expect(claimRequests(b)).toEqual([]);

    const honest = await restoreBoltzHops(b.ctx, b.store);
    expect(honest.restored.map((r) => dataOf(r).swapId)).toEqual([dataOf(started).swapId]);
  });
});

describe('the claim path checks the lockup itself', () => {
  it('a record whose claim side was never checked (here: another Boltz key) is not claimed, and the preimage is not sent to Boltz', async () => {
    const w = makeWallet(d);
    const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 100_000n));
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, ['transaction.mempool', 'transaction.confirmed']);
    await d.bitcoin.mine(1);
    // What a path that skipped the checks could have stored: a key that is not the one in Boltz's tree.
    const stored = (await w.store.get(started.id))!;
    const unchecked: HopRecord = withSide(stored, 'claim', { boltzPublicKey: bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)) });
    await w.store.put(unchecked);

    const after = await w.engine.advance(w.ctx, started.id);
    expect(after.outcome).toBe('in-progress');
    expect(englishOf(after.lastError)).toMatch(/does not claim .* preimage secret.*swap tree/);
    expect(claimRequests(w)).toEqual([]);
    await boltz.sync();
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('accepted');
    expect(broadcasts(w)).toEqual([]);

    // The record as created (checked) claims as usual.
    await w.store.put(stored);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
  });
});
