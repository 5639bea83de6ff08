/**
 * When a Boltz hop is done, against the devnet stand-in: not when Boltz says so.
 * A submarine swap completes only with the proof of payment (the invoice's
 * preimage); hostile mode `fakePaid` reports `invoice.paid` without paying, and
 * our lockup must come back after its timeout. A spend of Boltz's lockup is our
 * claim only if we signed it; hostile mode `hideRefund` refunds Boltz's lockup
 * while its status still reports it locked, and our own lockup must come back.
 * And a claim is followed until it is in a block.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { english } from '../../../helpers/locale';
import { claimRequests, type Devnets, drive, makeWallet, mineBitcoinTo, mineRootstockTo, misbehaving, route, startBoltzDevnetsForFile } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

const GAS = 10n ** 16n;

describe('a submarine swap Boltz says it paid', () => {
  it('is not completed without the invoice\'s preimage; our BTC is refunded after the timeout', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    await d.bitcoin.mine(1);
    const before = await w.btcBalance();
    const started = await misbehaving(boltz, { fakePaid: true, refuseCooperation: true }, async () => w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 80_000n)));
    expect(started.state).toBe('funded');
    const swapId = dataOf(started).swapId;
    await d.bitcoin.mine(1);
    await boltz.waitForStatus(swapId, 'invoice.paid');

    const waiting = await drive(d, w, started.id, { passes: 3 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    expect(englishOf(waiting.lastError)).toMatch(/reports the invoice paid \(invoice\.paid\) but has shown no proof of payment/);
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('pending');

    const lock = dataOf(started).lock!;
    await mineBitcoinTo(d, lock.timeoutBlockHeight);
    const done = await drive(d, w, started.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(boltz.swaps.get(swapId)!.status.status).toBe('invoice.paid');
    const refund = await (await fetch(`${d.bitcoin.esploraUrl}/tx/${dataOf(done).lock!.spendTxid}`)).json();
    expect(refund.vin[0].txid).toBe(dataOf(done).lock!.txid);
    // Script path (signature, refund leaf, control block): Boltz would not co-sign.
    expect(refund.vin[0].witness.length).toBe(3);
    await d.bitcoin.mine(1);
    const after = await w.btcBalance();
    expect(before - after).toBeGreaterThan(0n);
    expect(before - after).toBeLessThan(10_000n);
  });

  it('completes once Boltz shows the preimage of the invoice it paid', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    await d.bitcoin.mine(1);
    const started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 60_000n));
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(english(done.steps.find((s) => s.key === 'pay')!.note)).toMatch(/preimage/);
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('settled');
  });
});

describe('a chain swap whose lockup Boltz takes back', () => {
  it('RBTC -> BTC: Boltz refunds its BTC lockup while the hop waits, its status still saying locked; the wallet does not call that a claim and refunds our lock', async () => {
    const w = makeWallet(d);
    await d.rootstock.fund(w.rootstock.address, 300_000n * WEI_PER_SAT);
    const before = await w.rbtcBalance();
    const started = await misbehaving(boltz, { hideRefund: true, refuseCooperation: true }, async () => w.engine.start(w.ctx, await route(w, RBTC, BTC_ONCHAIN, 200_000n * WEI_PER_SAT)));
    expect(started.state).toBe('funded');
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);

    // The hop does not advance (the wallet is locked, or Settings show another network) past Boltz's timeout.
    await mineBitcoinTo(d, boltz.swaps.get(swapId)!.serverLock!.timeout);
    await boltz.sync();
    const boltzRefund = boltz.swaps.get(swapId)!.refund?.txid;
    expect(boltzRefund).toBeDefined();
    expect(boltz.swaps.get(swapId)!.status.status).toMatch(/^transaction\.server\./);

    const waiting = await drive(d, w, started.id, { passes: 3 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(dataOf(waiting).claim!.takenBack).toBe(boltzRefund);
    expect(englishOf(waiting.lastError)).toMatch(/Boltz took its lockup back .* before we claimed it/);
    expect(waiting.steps.find((s) => s.key === 'claim')!.status).toBe('failed');
    expect(claimRequests(w)).toEqual([]);

    await mineRootstockTo(d, dataOf(started).lock!.timeoutBlockHeight);
    const done = await drive(d, w, started.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const after = await w.rbtcBalance();
    expect(before - after).toBeGreaterThan(0n);
    expect(before - after).toBeLessThan(GAS);
  });
});

describe('a claim of ours', () => {
  it('Lightning -> BTC: the hop stays open until our claim is in a block', async () => {
    const w = makeWallet(d);
    // Below the devnet's limit for claiming an unconfirmed lockup: the claim goes out before any block.
    const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 40_000n));
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, 'transaction.mempool');

    const claimed = await w.engine.advance(w.ctx, started.id);
    expect(claimed).toMatchObject({ outcome: 'in-progress', state: 'claiming' });
    const claim = dataOf(claimed).claim!.spendTxid;
    expect(claim).toMatch(/^[0-9a-f]{64}$/);
    expect(claimed.steps.find((s) => s.key === 'claim')).toMatchObject({ status: 'active', txid: claim });
    expect(await w.engine.advance(w.ctx, started.id)).toMatchObject({ outcome: 'in-progress', state: 'claiming' });

    await d.bitcoin.mine(1);
    const done = await w.engine.advance(w.ctx, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(done.steps.find((s) => s.key === 'claim')).toMatchObject({ status: 'done', txid: claim });
  });
});
