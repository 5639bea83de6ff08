/**
 * Boltz statuses beyond the happy path, as boltz-backend emits them (lib/consts/Enums.ts),
 * against the devnet stand-in:
 *  - transaction.lockupFailed for a chain swap's amount: Boltz offers a new quote for what was
 *    locked (GET/POST /v2/swap/chain/{id}/quote, lib/service/Renegotiator.ts); the wallet takes
 *    it within bounds (the agreed amount less 0.5 %, and the restore bound on what it locked),
 *    else refunds. Switches: expectMore (Boltz expects more than it told us), renegotiateLess
 *    (its new quote is short), rejectLockup (a rejection that is not about the amount).
 *  - zero-conf rejected: Boltz takes no unconfirmed lockup that signals RBF (the wallet's do),
 *    and shows transaction.mempool with zeroConfRejected (lib/api/SwapInfos.ts).
 *  - minerfee.paid (prepayMinerFee) and transaction.direct (directPayment, WebSocket only) on
 *    reverse swaps: neither is a lockup.
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { HopRecord, HopStep } from '../../../../src/hops/types';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { english, translator } from '../../../helpers/locale';
import { renderText } from '../../../../src/shared/local-text';
import { type Devnets, drive, makeWallet, misbehaving, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

async function withBtc(sats: bigint): Promise<TestWallet> {
  const w = makeWallet(d);
  await d.bitcoin.faucet((await w.bitcoin.receive()).address, sats);
  await d.bitcoin.mine(1);
  return w;
}

const step = (r: HopRecord, key: string) => r.steps.find((s) => s.key === key)!;
/** A step as the English popup shows it. */
const shown = (s: HopStep) => ({ ...s, label: english(s.label), note: english(s.note) });
const quoteRequests = (w: TestWallet, method: 'GET' | 'POST') => w.requests.filter((q) => new RegExp(`^${method} .*/swap/chain/[^/]+/quote$`).test(q));
/** The stand-in's answer to a quote request of our own, as status and body. */
async function quoteAnswer(swapId: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${boltz.url}/swap/chain/${swapId}/quote`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const refundRequests = (w: TestWallet) => w.requests.filter((q) => /^POST .*\/swap\/(chain|submarine)\/[^/]+\/refund$/.test(q));

describe('a chain swap whose lockup Boltz rejects for its amount', () => {
  it('takes the new quote Boltz offers for what was locked when it is within bounds, and completes', async () => {
    const w = await withBtc(500_000n);
    const q = await route(w, BTC_ONCHAIN, LBTC, 100_000n);
    const started = await misbehaving(boltz, { expectMore: 500 }, () => w.engine.start(w.ctx, q));
    const swapId = dataOf(started).swapId;
    const agreed = dataOf(started).claim!.amount;
    const failed = await boltz.waitForStatus(swapId, 'transaction.lockupFailed');
    expect(failed.failureReason).toBe(`locked 100000 is less than expected 100500`);
    // Boltz's answers (lib/service/Renegotiator.ts): a quote, accepted only as it stands.
    expect(await quoteAnswer(swapId)).toEqual({ status: 200, body: { amount: Number(agreed) } });
    expect(await quoteAnswer(swapId, {})).toEqual({ status: 400, body: { error: 'undefined parameter: amount' } });
    expect(await quoteAnswer(swapId, { amount: Number(agreed) + 1 })).toEqual({ status: 400, body: { error: 'invalid quote' } });

    const taken = await w.engine.advance(w.ctx, started.id);
    expect(taken).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    expect(quoteRequests(w, 'GET')).toHaveLength(1);
    expect(quoteRequests(w, 'POST')).toHaveLength(1);
    // What the pair gives for the 100,000 sats locked: the agreed amount.
    expect(dataOf(taken).claim!.amount).toBe(agreed);
    expect(english(step(taken, 'lock').note)).toMatch(
      new RegExp(`^Boltz rejected our lockup \\(“locked 100000 is less than expected 100500”\\) and offered ${agreed} sats of L-BTC for the 100000 sats of BTC we locked, instead of the ${agreed} agreed: no less than the \\d+ the wallet accepts .*so the new quote was taken\\.`),
    );

    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(refundRequests(w)).toEqual([]);
    expect(english(step(done, 'lock').note)).toMatch(/the new quote was taken/);
    expect(await quoteAnswer(swapId)).toEqual({ status: 400, body: { error: 'lockup transaction was not rejected because of the amount' } });
    d.liquid.mine(1);
    expect(await w.lbtcBalance()).toBeGreaterThanOrEqual(BigInt(q.receive));
  });

  it('to RBTC: the new quote (sats) becomes the hop\'s expected amount in wei, what a chain\'s next leg moves', async () => {
    const w = await withBtc(500_000n);
    await d.rootstock.fund(w.rootstock.address, 10n ** 15n);
    const { routes } = await w.engine.plan(w.ctx, BTC_ONCHAIN, RBTC, 100_000n);
    const q = routes.find((r) => r.mechanism === 'boltz-chain' && r.available)!;
    const started = await misbehaving(boltz, { expectMore: 500 }, () => w.engine.start(w.ctx, q));
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.lockupFailed');
    const taken = await w.engine.advance(w.ctx, started.id);
    expect(dataOf(taken).renegotiated).toBeDefined();
    expect(taken.expectedReceive).toBe((BigInt(dataOf(taken).claim!.amount) * WEI_PER_SAT).toString());
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed', expectedReceive: taken.expectedReceive });
  });

  it('also after an overpayment (Boltz expected less than it told us): the new quote for what was locked is taken', async () => {
    const w = await withBtc(500_000n);
    const started = await misbehaving(boltz, { expectMore: -500 }, async () => w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, LBTC, 100_000n)));
    const failed = await boltz.waitForStatus(dataOf(started).swapId, 'transaction.lockupFailed');
    expect(failed.failureReason).toBe('locked 100000 is more than expected 99500');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(quoteRequests(w, 'POST')).toHaveLength(1);
    expect(dataOf(done).claim!.amount).toBe(dataOf(started).claim!.amount);
  });

  it('refunds when the new quote is short of the agreed amount by more than 0.5 %, without accepting it', async () => {
    const w = await withBtc(500_000n);
    const before = await w.btcBalance();
    const q = await route(w, BTC_ONCHAIN, LBTC, 100_000n);
    const started = await misbehaving(boltz, { expectMore: 500, renegotiateLess: 2_000 }, () => w.engine.start(w.ctx, q));
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, 'transaction.lockupFailed');

    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(quoteRequests(w, 'GET').length).toBeGreaterThan(0);
    expect(quoteRequests(w, 'POST')).toEqual([]);
    const agreed = BigInt(dataOf(started).claim!.amount);
    expect(english(dataOf(done).refundOnly)).toMatch(new RegExp(`offered ${agreed - 2_000n} sats of L-BTC .* instead of the ${agreed} agreed; the wallet accepts no less than \\d+ .*Our lockup is refunded\\.`));
    expect(step(done, 'lock')).toMatchObject({ status: 'failed', note: dataOf(done).refundOnly });
    // Boltz signed our refund: no new quote after that.
    expect(await quoteAnswer(swapId)).toEqual({ status: 409, body: { error: 'a refund for this swap was signed already' } });
    // Boltz never locked for us; our BTC came back less the lockup's and the refund's fees.
    expect((boltz.swaps.get(swapId)!.serverLock as { lockup?: unknown }).lockup).toBeUndefined();
    await d.bitcoin.mine(1);
    expect(before - (await w.btcBalance())).toBeLessThan(5_000n);
  });

  it('our lockup was exactly the agreed amount: a new quote even 0.3 % short is refused and our lockup refunded', async () => {
    const w = await withBtc(500_000n);
    const q = await route(w, BTC_ONCHAIN, LBTC, 100_000n);
    const started = await misbehaving(boltz, { expectMore: 500, renegotiateLess: 300 }, () => w.engine.start(w.ctx, q));
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.lockupFailed');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(quoteRequests(w, 'POST')).toEqual([]);
    expect(english(dataOf(done).refundOnly)).toMatch(/we locked exactly the agreed amount, so the agreed amount/);
  });

  it('refunds when Boltz rejected the lockup for something other than its amount: there is no new quote', async () => {
    const w = await withBtc(500_000n);
    const started = await misbehaving(boltz, { rejectLockup: 'blocked address' }, async () => w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, LBTC, 100_000n)));
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.lockupFailed');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'refunded' });
    // Boltz's own words, quoted as Boltz's.
    expect(english(dataOf(done).refundOnly)).toBe(
      'Boltz rejected our lockup (“blocked address”) and offers no new quote for it (“lockup transaction was not rejected because of the amount”). Our lockup is refunded.',
    );
    expect(renderText(dataOf(done).refundOnly!, translator('zh_CN'))).toBe('Boltz 拒绝了我们的锁定（“blocked address”），并且没有为它给出新报价（“lockup transaction was not rejected because of the amount”）。我们的锁定将被退款。');
    expect(quoteRequests(w, 'POST')).toEqual([]);
  });
});

describe('Boltz waiting for a confirmation of our lockup (zero-conf rejected)', () => {
  it('submarine: the pay step says Boltz waits for a confirmation; nothing is refunded and the invoice is paid after a block', async () => {
    const w = await withBtc(300_000n);
    const started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 60_000n));
    const swapId = dataOf(started).swapId;
    const seen = await boltz.waitForStatus(swapId, 'transaction.mempool');
    expect(seen.zeroConfRejected).toBe(true);

    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    expect(shown(step(waiting, 'pay'))).toMatchObject({ status: 'active', note: 'Boltz does not take our lockup unconfirmed; it pays the invoice once the lockup has a confirmation.' });
    expect(refundRequests(w)).toEqual([]);

    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(boltz.swaps.get(swapId)!.history.map((h) => h.status)).toContain('transaction.confirmed');
  });

  it('chain: the lock step says Boltz waits for a confirmation, then the swap completes', async () => {
    const w = await withBtc(300_000n);
    const started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, LBTC, 80_000n));
    const seen = await boltz.waitForStatus(dataOf(started).swapId, 'transaction.mempool');
    expect(seen.zeroConfRejected).toBe(true);
    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(shown(step(waiting, 'lock'))).toMatchObject({ status: 'active', note: 'Boltz does not take our lockup unconfirmed; it locks the L-BTC once ours has a confirmation.' });
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(step(done, 'lock').note).toBeUndefined();
  });
});

describe('reverse-swap statuses that are not a lockup', () => {
  it('minerfee.paid: the wallet pays the invoice as usual, says what Boltz reported, and claims once Boltz locks', async () => {
    const w = makeWallet(d);
    const started = await misbehaving(boltz, { prepayMinerFee: true }, async () => w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 60_000n)));
    expect(started.state).toBe('paying');
    const swapId = dataOf(started).swapId;
    await boltz.sync();
    expect(boltz.swaps.get(swapId)!.status.status).toBe('minerfee.paid');
    const waiting = await w.engine.advance(w.ctx, started.id);
    expect(waiting.outcome).toBe('in-progress');
    expect(shown(step(waiting, 'lock'))).toMatchObject({ status: 'active', note: 'Boltz reports its miner fee prepaid (minerfee.paid); it locks once the invoice is paid.' });
    // Paid once (held until our claim settles it).
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('accepted');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(step(done, 'lock').note).toBeUndefined();
    expect(w.funding.paid).toHaveLength(1);
  });

  it('transaction.direct comes over the WebSocket only; the polling wallet claims Boltz\'s lockup, never the direct payment', async () => {
    const w = makeWallet(d);
    const started = await misbehaving(boltz, { directPayment: true }, async () => w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, LBTC, 60_000n)));
    const swapId = dataOf(started).swapId;
    const ws = new WebSocket(boltz.wsUrl);
    const updates: { status: string; transaction?: { id: string } }[] = [];
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { event: string; args: { id: string; status: string; transaction?: { id: string } }[] };
      if (msg.event === 'update') updates.push(...msg.args.filter((a) => a.id === swapId));
    });
    await new Promise((res) => ws.once('open', res));
    ws.send(JSON.stringify({ op: 'subscribe', channel: 'swap.update', args: [swapId] }));
    try {
      await boltz.waitForStatus(swapId, 'transaction.mempool');
      await expect.poll(() => updates.map((u) => u.status)).toContain('transaction.direct');
      const direct = updates.find((u) => u.status === 'transaction.direct')!.transaction!.id;
      const polled = (await (await fetch(`${boltz.url}/swap/${swapId}`)).json()) as { status: string };
      expect(polled.status).toBe('transaction.mempool');

      const done = await drive(d, w, started.id);
      expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
      const lockup = boltz.swaps.get(swapId)!.serverLock as { lockup?: { txid: string } };
      expect(dataOf(done).claim!.txid).toBe(lockup.lockup!.txid);
      expect(dataOf(done).claim!.txid).not.toBe(direct);
    } finally {
      ws.close();
    }
  });
});
