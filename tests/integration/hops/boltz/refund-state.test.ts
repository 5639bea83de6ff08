/**
 * The Boltz refund state against the real EtherSwap on anvil: an RBTC -> Lightning
 * submarine swap Boltz cannot pay and will not co-sign. One block before the state
 * says "now", a refund by hand is refused (EtherSwap would revert before its
 * timelock); from that block on, the state says "now" and the refund by hand is mined.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, RBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { HopContext } from '../../../../src/hops/mechanism';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { type Devnets, drive, makeWallet, mineRootstockTo, misbehaving, route, startBoltzDevnetsForFile } from './helpers';

let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
});

/** The context an hour later each time: the tip kept for a few seconds is read again after a block. */
let later = 0;
const fresh = (ctx: HopContext): HopContext => ({ ...ctx, now: () => Date.now() + ++later * 3_600_000 });

describe('Boltz refund state on Rootstock', () => {
  it('says "now" from the block after which EtherSwap.refund is mined at its timelock, not before', async () => {
    const w = makeWallet(d);
    await d.rootstock.fund(w.rootstock.address, 1_000_000n * WEI_PER_SAT);
    const q = await route(w, RBTC, BTC_LIGHTNING, 100_000n * WEI_PER_SAT);
    const started = await misbehaving(d.boltz, { failPayment: true, refuseCooperation: true }, () => w.engine.start(w.ctx, q));
    const lock = dataOf(started).lock!;
    await d.boltz.waitForStatus(dataOf(started).swapId, 'invoice.failedToPay');
    // Boltz failed and declined to sign: the hop waits for the timelock, and no early refund is offered.
    const waiting = await drive(d, w, started.id, { mine: false, passes: 2 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(await w.engine.refundState(fresh(w.ctx), waiting)).toEqual({ now: false, layer: 'rootstock', action: 'refund', atHeight: lock.timeoutBlockHeight - 1, tip: expect.any(Number) });

    await mineRootstockTo(d, lock.timeoutBlockHeight - 2);
    expect(await w.engine.refundState(fresh(w.ctx), waiting)).toMatchObject({ now: false, tip: lock.timeoutBlockHeight - 2 });
    await expect(w.engine.refund(w.ctx, started.id)).rejects.toThrow(/refunded from Rootstock block/);

    await mineRootstockTo(d, lock.timeoutBlockHeight - 1);
    expect(await w.engine.refundState(fresh(w.ctx), waiting)).toMatchObject({ now: true, tip: lock.timeoutBlockHeight - 1 });
    const refunded = await w.engine.refund(w.ctx, started.id);
    expect(refunded).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const receipt = await d.rootstock.receipt<{ status: string; blockNumber: string }>(dataOf(refunded).lock!.spendTxid!);
    expect(receipt.status).toBe('0x1');
    expect(Number(receipt.blockNumber)).toBe(lock.timeoutBlockHeight);
    expect(await w.engine.refundState(fresh(w.ctx), refunded)).toBeNull();
  });
});
