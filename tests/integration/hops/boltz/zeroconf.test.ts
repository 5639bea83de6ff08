/**
 * When the wallet claims Boltz's lockup, which reveals the preimage: an
 * unconfirmed lockup only up to the preset's limit (the devnet presets' pin
 * `zeroConfMaxSats` is 50,000 sats), otherwise once our own Esplora shows it
 * confirmed; and never with fewer blocks left before Boltz's timeout than the
 * chain's margin. The Boltz stand-in's hostile mode `doubleSpendLockup` locks
 * with an RBF-signalling transaction of its own and replaces it with one paying
 * itself (the bitcoin devnet applies BIP125) once it learns the preimage, or when
 * the test says so.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { HopRecord } from '../../../../src/hops/types';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { english } from '../../../helpers/locale';
import { broadcasts, claimRequests, type Devnets, drive, makeWallet, mineBitcoinTo, misbehaving, route, startBoltzDevnetsForFile } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

async function confirmed(txid: string): Promise<boolean> {
  return ((await (await fetch(`${d.bitcoin.esploraUrl}/tx/${txid}/status`)).json()) as { confirmed: boolean }).confirmed;
}

function claimStep(r: HopRecord) {
  return r.steps.find((s) => s.key === 'claim')!;
}

describe('claiming an unconfirmed Boltz lockup', () => {
  it('above the limit: no claim and no preimage until the lockup confirms, so Boltz double-spending it costs nothing', async () => {
    const w = makeWallet(d);
    const lnBefore = w.funding.node.balanceMsat;
    const started = await misbehaving(boltz, { doubleSpendLockup: true }, async () => w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 100_000n)));
    expect(started.state).toBe('paying');
    const swapId = dataOf(started).swapId;
    const hash = dataOf(started).preimageHash;
    await boltz.waitForStatus(swapId, 'transaction.mempool');
    const lockTxid = boltz.swaps.get(swapId)!.status.transaction!.id;
    expect(await confirmed(lockTxid)).toBe(false);

    // Where the wallet used to claim at once.
    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(waiting.outcome).toBe('in-progress');
    expect(claimStep(waiting).status).toBe('active');
    expect(english(claimStep(waiting).note)).toBe("Waiting for 1 confirmation of Boltz's lockup: 99,050 sats is above the 50,000 sat limit for unconfirmed claims.");
    expect(claimRequests(w)).toEqual([]);
    await boltz.sync();
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // Boltz takes its unconfirmed lockup back with a replacement paying itself, and it is mined.
    expect(await boltz.doubleSpendLockup(swapId)).toMatch(/^[0-9a-f]{64}$/);
    await d.bitcoin.mine(1);
    expect((await fetch(`${d.bitcoin.esploraUrl}/tx/${lockTxid}`)).status).toBe(404);
    for (let i = 0; i < 3; i++) {
      await w.engine.advance(w.ctx, started.id);
      await boltz.sync();
    }
    expect(claimRequests(w)).toEqual([]);
    expect(broadcasts(w)).toEqual([]);
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // At the timeout Boltz gives up: the held payment returns whole.
    await mineBitcoinTo(d, dataOf(started).claim!.timeoutBlockHeight);
    const done = await drive(d, w, started.id, { passes: 3 });
    expect(done.outcome).toBe('expired');
    expect(englishOf(done.lastError)).toMatch(/Lightning payment returns/);
    expect(boltz.ledger.invoice(hash)?.state).toBe('cancelled');
    expect(w.funding.node.balanceMsat).toBe(lnBefore);
  });

  it('below the limit: claims the unconfirmed lockup at once', async () => {
    const w = makeWallet(d);
    const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 30_000n));
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, 'transaction.mempool');
    const lockTxid = boltz.swaps.get(swapId)!.status.transaction!.id;
    const claiming = await w.engine.advance(w.ctx, started.id);
    expect(claiming).toMatchObject({ outcome: 'in-progress', state: 'claiming' });
    expect(english(claimStep(claiming).note)).toBe("Boltz's lockup is unconfirmed: 29,400 sats is within the 50,000 sat limit for unconfirmed claims.");
    // No block was mined between Boltz's lockup and our claim.
    expect(await confirmed(lockTxid)).toBe(false);
    expect(await confirmed(dataOf(claiming).claim!.spendTxid!)).toBe(false);
    // The hop completes once the claim is in a block.
    await d.bitcoin.mine(1);
    expect(await w.engine.advance(w.ctx, started.id)).toMatchObject({ outcome: 'completed', state: 'claimed' });
  });

  it('the chain side of a swap follows the same rule: RBTC -> BTC claims Boltz\'s BTC only once it confirms', async () => {
    const w = makeWallet(d);
    await d.rootstock.fund(w.rootstock.address, 300_000n * WEI_PER_SAT);
    const started = await w.engine.start(w.ctx, await route(w, RBTC, BTC_ONCHAIN, 200_000n * WEI_PER_SAT));
    expect(started.state).toBe('funded');
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.server.mempool');
    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(waiting.outcome).toBe('in-progress');
    expect(english(claimStep(waiting).note)).toMatch(/^Waiting for 1 confirmation of Boltz's lockup: [\d,]+ sats is above the 50,000 sat limit/);
    expect(claimRequests(w)).toEqual([]);
    await d.bitcoin.mine(1);
    const claiming = await w.engine.advance(w.ctx, started.id);
    expect(claiming).toMatchObject({ outcome: 'in-progress', state: 'claiming' });
    await d.bitcoin.mine(1);
    const done = await w.engine.advance(w.ctx, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(english(claimStep(done).note)).toMatch(/^Boltz's lockup is confirmed/);
  });

  it('and so does L-BTC: a reverse swap to L-BTC above the limit waits for a Liquid block', async () => {
    const w = makeWallet(d);
    const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, LBTC, 100_000n));
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.mempool');
    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(waiting.outcome).toBe('in-progress');
    expect(english(claimStep(waiting).note)).toMatch(/^Waiting for 1 confirmation of Boltz's lockup: [\d,]+ sats is above the 50,000 sat limit/);
    expect(claimRequests(w)).toEqual([]);
    d.liquid.mine(1);
    expect(await w.engine.advance(w.ctx, started.id)).toMatchObject({ outcome: 'in-progress', state: 'claiming' });
    d.liquid.mine(1);
    expect(await w.engine.advance(w.ctx, started.id)).toMatchObject({ outcome: 'completed', state: 'claimed' });
  });
});

describe('claiming close to Boltz\'s timeout', () => {
  it('with fewer blocks left than the margin the wallet does not claim: the preimage stays secret and the payment returns', async () => {
    const w = makeWallet(d);
    const lnBefore = w.funding.node.balanceMsat;
    const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 30_000n));
    const swapId = dataOf(started).swapId;
    const hash = dataOf(started).preimageHash;
    await boltz.waitForStatus(swapId, 'transaction.mempool');
    const timeout = dataOf(started).claim!.timeoutBlockHeight;
    await mineBitcoinTo(d, timeout - 5);

    const held = await w.engine.advance(w.ctx, started.id);
    expect(held.outcome).toBe('in-progress');
    expect(englishOf(held.lastError)).toBe(
      `Boltz's lockup times out at block ${timeout}, 5 blocks away: too close to claim safely (at least 6 are needed for the claim to confirm before Boltz can take the coins back). The wallet keeps the preimage secret; the Lightning payment returns when Boltz gives up the swap.`,
    );
    expect(claimRequests(w)).toEqual([]);
    await boltz.sync();
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(hash)?.state).toBe('accepted');

    // Boltz refunds itself at the timeout; the held payment returns.
    await mineBitcoinTo(d, timeout);
    await boltz.sync();
    const done = await drive(d, w, started.id, { passes: 3 });
    expect(done.outcome).toBe('failed');
    expect(englishOf(done.lastError)).toMatch(/Lightning payment returns/);
    expect(broadcasts(w)).toEqual([]);
    expect(boltz.ledger.invoice(hash)?.state).toBe('cancelled');
    expect(w.funding.node.balanceMsat).toBe(lnBefore);
  });
});
