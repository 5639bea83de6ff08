/**
 * Boltz's L-BTC routes end to end against the devnet stand-in acting on the
 * Liquid facade, whose broadcast runs the devnet's own Elements verifier
 * (tests/devnet/liquid: range and surjection proofs, balance, Taproot key and
 * script paths with Elements' signature hash): a claim or refund it rejects fails
 * the test. The wallet side is the real LiquidService plus src/hops/boltz.
 */
import { Transaction } from 'liquidjs-lib/src/transaction';
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import { submarineQuoteForInvoice } from '../../../../src/hops/boltz/invoice-quote';
import { MemoryArea } from '../../../helpers/memory-ports';
import type { HopRecord } from '../../../../src/hops/types';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { broadcasts, type Devnets, drive, makeWallet, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

async function withLbtc(sats: number): Promise<TestWallet> {
  const w = makeWallet(d);
  await d.liquid.faucet((await w.liquid.receive()).address, sats);
  d.liquid.mine(1);
  return w;
}


/** The witness of the transaction spending a side, as the Liquid devnet holds it. */
async function witnessOf(txid: string): Promise<Buffer[]> {
  const hex = await (await fetch(`${d.liquid.url}/tx/${txid}/hex`)).text();
  return Transaction.fromHex(hex).ins[0]!.witness;
}

async function liquidTip(): Promise<number> {
  return Number(await (await fetch(`${d.liquid.url}/blocks/tip/height`)).text());
}

function spendOf(r: HopRecord, side: 'lock' | 'claim'): string {
  const txid = dataOf(r)[side]!.spendTxid;
  if (!txid) throw new Error(`no ${side} spend`);
  return txid;
}

describe('reverse swap: Lightning lands as L-BTC', () => {
  it('pays the hold invoice, opens the confidential lockup, claims it on the key path with Boltz; L-BTC arrives', async () => {
    const w = makeWallet(d);
    const q = await route(w, BTC_LIGHTNING, LBTC, 150_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(dataOf(started).claim).toMatchObject({ currency: 'L-BTC' });
    expect(dataOf(started).claim!.address).toMatch(/^el1p/);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    // Key path: a single 64-byte Schnorr signature.
    const witness = await witnessOf(spendOf(done, 'claim'));
    expect(witness.map((x) => x.length)).toEqual([64]);
    d.liquid.mine(1);
    // Boltz's lock less our claim's fee, which the quote estimated from Boltz's (higher) claim fee.
    const got = await w.lbtcBalance();
    expect(got).toBeLessThan(BigInt(dataOf(done).claim!.amount));
    expect(got).toBeGreaterThanOrEqual(BigInt(q.receive));
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });

  it('Boltz refusing to co-sign: claimed by the claim leaf with the preimage', async () => {
    const w = makeWallet(d);
    boltz.misbehave({ refuseCooperation: true });
    try {
      const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, LBTC, 90_000n));
      const done = await drive(d, w, started.id);
      expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
      const witness = await witnessOf(spendOf(done, 'claim'));
      // signature, preimage, leaf script, control block (0xc4 leaf version with the parity bit).
      expect(witness.length).toBe(4);
      expect(witness[1]!.length).toBe(32);
      expect(witness[3]![0]! & 0xfe).toBe(0xc4);
      expect(await w.lbtcBalance()).toBeGreaterThan(0n);
    } finally {
      boltz.misbehave({});
    }
  });
});


describe('submarine swap: L-BTC pays a Lightning invoice', () => {
  it('funds the confidential lockup from the Liquid wallet; Boltz pays the invoice and claims', async () => {
    const w = await withLbtc(500_000);
    const before = await w.lbtcBalance();
    const lnBefore = w.funding.node.balanceMsat;
    const q = await route(w, LBTC, BTC_LIGHTNING, 100_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(w.funding.node.balanceMsat - lnBefore).toBe(BigInt(q.receive) * 1000n);
    const spent = before - (await w.lbtcBalance());
    expect(spent).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(spent).toBeLessThan(BigInt(q.send) + 500n);
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('pays a pasted invoice (not our own wallet) from L-BTC', async () => {
    const w = await withLbtc(300_000);
    const payee = makeWallet(d);
    const invoice = await payee.funding.makeInvoice(50_000_000n, 'pasted');
    const q = await submarineQuoteForInvoice(w.ctx, invoice, 50_000n, LBTC);
    expect(q).toMatchObject({ available: true, receive: '50000', from: LBTC });
    const payeeBefore = payee.funding.node.balanceMsat;
    const ownBefore = w.funding.node.balanceMsat;
    const done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(dataOf(done).invoice).toBe(invoice);
    expect(payee.funding.node.balanceMsat - payeeBefore).toBe(50_000_000n);
    expect(w.funding.node.balanceMsat).toBe(ownBefore);
  });

  it('Boltz never pays: the L-BTC lockup is refunded by the refund leaf after the timeout, balance back less fees', async () => {
    const w = await withLbtc(400_000);
    const before = await w.lbtcBalance();
    boltz.misbehave({ failPayment: true, refuseCooperation: true });
    try {
      const started = await w.engine.start(w.ctx, await route(w, LBTC, BTC_LIGHTNING, 80_000n));
      const timeout = dataOf(started).lock!.timeoutBlockHeight;
      // Boltz takes no unconfirmed lockup that signals RBF (the wallet's do): one block, then no more until the timeout.
      d.liquid.mine(1);
      const waiting = await drive(d, w, started.id, { stopWhen: (r) => r.state === 'refunding', mine: false });
      expect(englishOf(waiting.lastError)).toMatch(new RegExp(`block ${timeout}`));
      d.liquid.mine(Math.max(1, timeout - (await liquidTip())));
      const done = await drive(d, w, started.id, { passes: 10 });
      expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
      const witness = await witnessOf(spendOf(done, 'lock'));
      expect(witness.length).toBe(3); // signature, refund leaf, control block
      d.liquid.mine(1);
      const lost = before - (await w.lbtcBalance());
      expect(lost).toBeGreaterThan(0n);
      expect(lost).toBeLessThan(1_000n);
    } finally {
      boltz.misbehave({});
    }
  });
});

describe('Boltz answering an L-BTC swap with a wrong address or amount', () => {
  const cases = [
    { name: 'reverse to L-BTC, lockup not the swap tree', from: BTC_LIGHTNING, to: LBTC, m: { wrongAddress: true }, msg: /lockup address/ },
    { name: 'submarine from L-BTC, wrong amount to lock', from: LBTC, to: BTC_LIGHTNING, m: { wrongAmount: true }, msg: /amount to lock/ },
    { name: 'submarine from L-BTC, lockup not the swap tree', from: LBTC, to: BTC_LIGHTNING, m: { wrongAddress: true }, msg: /lockup address/ },
    { name: 'chain BTC -> L-BTC, wrong amount Boltz locks', from: BTC_ONCHAIN, to: LBTC, m: { wrongAmount: true }, msg: /amount/ },
  ];
  for (const c of cases) {
    it(`${c.name}: aborted before anything moves`, async () => {
      const w = await withLbtc(300_000);
      await d.bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
      const q = await route(w, c.from, c.to, 100_000n);
      const lbtc = await w.lbtcBalance();
      boltz.misbehave(c.m);
      try {
        await expect(w.engine.start(w.ctx, q)).rejects.toThrow(c.msg);
      } finally {
        boltz.misbehave({});
      }
      expect(broadcasts(w)).toEqual([]);
      expect(await w.store.all()).toEqual([]);
      expect(await w.lbtcBalance()).toBe(lbtc);
    });
  }
});

describe('L-BTC swaps that need recovering', () => {
  it('reverse: a fresh worker over the same storage claims the L-BTC the dead one left locked', async () => {
    const a = makeWallet(d);
    const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, LBTC, 120_000n));
    const paying = await drive(d, a, started.id, { stopWhen: (r) => r.state === 'paying' });
    expect(paying.outcome).toBe('in-progress');
    await boltz.waitForStatus(dataOf(paying).swapId, ['transaction.mempool', 'transaction.confirmed']);
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: a.hopArea });
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(await b.lbtcBalance()).toBeGreaterThanOrEqual(BigInt(started.expectedReceive));
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });

  it('chain L-BTC -> BTC: the worker dies right after funding; a fresh one neither pays again nor loses the claim', async () => {
    const a = await withLbtc(400_000);
    const started = await a.engine.start(a.ctx, await route(a, LBTC, BTC_ONCHAIN, 150_000n));
    expect(started.state).toBe('funded');
    const lockTxid = dataOf(started).lock!.txid;
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: a.hopArea });
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(dataOf(done).lock!.txid).toBe(lockTxid);
    expect(broadcasts(b).filter((r) => r.includes(d.liquid.url))).toEqual([]);
    await d.bitcoin.mine(1);
    expect(await b.btcBalance()).toBeGreaterThan(BigInt(started.expectedReceive) - 1_000n);
  });

  it('reverse restored from the phrase on a fresh profile: found through Boltz, the L-BTC claimed', async () => {
    const a = makeWallet(d);
    const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, LBTC, 110_000n));
    const paying = await drive(d, a, started.id, { stopWhen: (r) => r.state === 'paying' });
    await boltz.waitForStatus(dataOf(paying).swapId, ['transaction.mempool', 'transaction.confirmed']);
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const restored = await restoreBoltzHops(b.ctx, b.store);
    expect(restored.restored.map((r) => dataOf(r).swapId)).toEqual([dataOf(paying).swapId]);
    expect(dataOf(restored.restored[0]!).claim).toMatchObject({ currency: 'L-BTC', blindingKey: dataOf(paying).claim!.blindingKey });
    const done = await drive(d, b, restored.restored[0]!.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(await b.lbtcBalance()).toBeGreaterThanOrEqual(BigInt(started.expectedReceive));
  });
});

describe('chain swaps between BTC and L-BTC', () => {
  it('BTC -> L-BTC: locks BTC, claims the confidential L-BTC lockup; Boltz sweeps ours', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const q = await route(w, BTC_ONCHAIN, LBTC, 200_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    d.liquid.mine(1);
    // Boltz's lock less our claim's fee, which the quote estimated from Boltz's (higher) claim fee.
    const got = await w.lbtcBalance();
    expect(got).toBeLessThan(BigInt(dataOf(done).claim!.amount));
    expect(got).toBeGreaterThanOrEqual(BigInt(q.receive));
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('L-BTC -> BTC: locks L-BTC, claims the BTC lockup, BTC arrives', async () => {
    const w = await withLbtc(500_000);
    const q = await route(w, LBTC, BTC_ONCHAIN, 200_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    const btc = await w.btcBalance();
    expect(btc).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(btc).toBeLessThanOrEqual(BigInt(q.receive));
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('L-BTC -> BTC, Boltz never locks: refused early, then refunded on the key path with Boltz once the swap expires', async () => {
    const w = await withLbtc(500_000);
    const before = await w.lbtcBalance();
    boltz.misbehave({ neverLock: true });
    try {
      const started = await w.engine.start(w.ctx, await route(w, LBTC, BTC_ONCHAIN, 150_000n));
      const timeout = dataOf(started).lock!.timeoutBlockHeight;
      // Before the timeout Boltz will not co-sign and the refund leaf is still locked.
      await expect(w.engine.refund(w.ctx, started.id)).rejects.toThrow(new RegExp(`block ${timeout}`));
      const done = await drive(d, w, started.id, { passes: 80 });
      expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
      expect(await liquidTip()).toBeGreaterThanOrEqual(timeout);
      expect((await witnessOf(spendOf(done, 'lock'))).map((x) => x.length)).toEqual([64]);
      d.liquid.mine(1);
      const lost = before - (await w.lbtcBalance());
      expect(lost).toBeGreaterThan(0n);
      expect(lost).toBeLessThan(1_000n);
    } finally {
      boltz.misbehave({});
    }
  });
});
