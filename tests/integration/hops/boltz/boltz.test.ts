/**
 * Boltz hops end to end against the devnet stand-in (tests/devnet/boltz), which
 * acts as the real counterparty on bcoin regtest, anvil with EtherSwap, and the
 * Lightning ledger. Every Bitcoin transaction the wallet broadcasts goes through
 * the Esplora facade, which runs the independent Taproot verifier
 * (tests/devnet/bitcoin/taproot-verifier.ts) and bcoin's mempool on it: a claim
 * or refund that verifier rejects fails the broadcast, and so the test.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../../../../src/hops/boltz/assets';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { RouteQuote } from '../../../../src/hops/types';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { broadcasts, type Devnets, drive, makeWallet, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

async function fundedWallet(sats = 2_000_000n, rbtcWei = 0n): Promise<TestWallet> {
  const w = makeWallet(d);
  if (sats > 0n) await d.bitcoin.faucet((await w.bitcoin.receive()).address, sats);
  if (rbtcWei > 0n) await d.rootstock.fund(w.rootstock.address, rbtcWei);
  return w;
}


describe('submarine swap: BTC on chain pays a Lightning invoice', () => {
  it('funds the verified lockup, Boltz pays the invoice, the hop completes', async () => {
    const w = await fundedWallet();
    const before = await w.btcBalance();
    const q = await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 100_000n);
    const lnBefore = w.funding.node.balanceMsat;
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const lockTxid = dataOf(started).lock!.txid!;
    expect(lockTxid).toMatch(/^[0-9a-f]{64}$/);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    // The invoice came from our Lightning wallet and was paid to it.
    expect(w.funding.node.balanceMsat - lnBefore).toBe(BigInt(q.receive) * 1000n);
    const after = await w.btcBalance();
    expect(before - after).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(before - after).toBeLessThan(BigInt(q.send) + 5_000n);
    expect(done.steps.find((s) => s.key === 'fund')?.explorerUrl).toContain(lockTxid);
  });
});

describe('reverse swap: Lightning lands as BTC', () => {
  it('pays the hold invoice, claims the verified lockup cooperatively, BTC arrives', async () => {
    const w = await fundedWallet(0n);
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    const started = await w.engine.start(w.ctx, q);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    expect(await w.btcBalance()).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(await w.btcBalance()).toBeLessThanOrEqual(BigInt(q.receive) + 1_000n);
    // The held payment settled: Boltz learned the preimage from our claim.
    const inv = boltz.ledger.invoice(dataOf(done).preimageHash);
    expect(inv?.state).toBe('settled');
  });
});

describe('reverse swap: handing the payment over', () => {
  it('is reported committed once Boltz says it locked for the held payment, not after a fixed wait', async () => {
    const w = await fundedWallet(0n);
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    // Boltz reacts to the held payment as boltz-backend's LightningNursery does: it locks at once.
    const pay = w.funding.payInvoice.bind(w.funding);
    w.funding.payInvoice = (invoice, opts) => {
      const paying = pay(invoice, opts);
      void boltz.sync();
      return paying;
    };
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('paying');
    // The status that ended the wait is the one recorded: Boltz's lockup, not the swap.created read before paying.
    expect(dataOf(started).status).toBe('transaction.mempool');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
  });

  it('a payment the Lightning wallet refuses at once fails the hop before it is reported committed', async () => {
    const w = makeWallet(d, { lightningMsat: 1_000_000n });
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started).toMatchObject({ state: 'failed', outcome: 'failed' });
    expect(englishOf(started.lastError)).toMatch(/insufficient balance/);
    expect(started.steps.find((s) => s.key === 'pay')?.status).toBe('failed');
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).not.toBe('accepted');
  });

  it('a refusal that comes after Boltz said it locked still fails the hop: the pay step is not taken as done', async () => {
    const w = makeWallet(d, { lightningMsat: 1_000_000n });
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    // Boltz lies: as the payment leaves, it reports a lockup for a payment it never received.
    // The Lightning wallet answers only after that (its relay round trips), and refuses: too small a balance.
    const pay = w.funding.payInvoice.bind(w.funding);
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    let refused!: Promise<unknown>;
    w.funding.payInvoice = (invoice, opts) => {
      const swap = [...boltz.swaps.values()].find((s) => s.invoice === invoice)!;
      boltz.book.setStatus(swap, { status: 'transaction.mempool', transaction: { id: 'ab'.repeat(32) } });
      const paying = answered.then(() => pay(invoice, opts));
      refused = paying.catch(() => undefined);
      return paying;
    };
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('paying');
    expect(dataOf(started).status).toBe('transaction.mempool');
    // A pass may come before the refusal does (as a tick right after the hand-over would).
    await w.engine.advance(w.ctx, started.id);
    answer();
    await refused;
    const r = await w.engine.advance(w.ctx, started.id);
    expect(r).toMatchObject({ state: 'failed', outcome: 'failed' });
    expect(englishOf(r.lastError)).toMatch(/insufficient balance/);
    expect(dataOf(r).paymentError).toMatch(/insufficient balance/);
    expect(r.steps.find((s) => s.key === 'pay')?.status).toBe('failed');
    expect(dataOf(r).claim?.spendTxid).toBeUndefined();
    expect(boltz.ledger.invoice(dataOf(r).preimageHash)?.state).not.toBe('accepted');
  });
});

describe('fee caps on claims: a lying fee estimate cannot eat the swap', () => {
  it('an Esplora estimate of 1,000 sat/vB stops the claim (most of the 150,000 sats would go to fees); honest again, it is claimed', async () => {
    const w = await fundedWallet(0n);
    const q = await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);
    const started = await w.engine.start(w.ctx, q);
    const honest = d.bitcoin.facade.feeEstimates;
    d.bitcoin.facade.feeEstimates = Object.fromEntries(Object.keys(honest).map((k) => [k, 1000]));
    let r;
    try {
      r = await drive(d, w, started.id, { passes: 4 });
    } finally {
      d.bitcoin.facade.feeEstimates = honest;
    }
    expect(r.outcome).toBe('in-progress');
    expect(englishOf(r.lastError)).toMatch(/would pay .* in fees, above the wallet's limit/);
    // Nothing was claimed: the invoice is still held and our wallet holds no BTC.
    expect(boltz.ledger.invoice(dataOf(r).preimageHash)?.state).not.toBe('settled');
    expect(await w.btcBalance()).toBe(0n);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });
});

const GAS = 10n ** 16n; // 0.01 RBTC for claim/lock gas

describe('chain swaps between BTC and RBTC', () => {
  it('BTC -> RBTC: locks BTC, claims Boltz\'s EtherSwap lock, RBTC arrives; Boltz sweeps our lockup', async () => {
    const w = await fundedWallet(2_000_000n, GAS);
    const rbtcBefore = await w.rbtcBalance();
    const q = await route(w, BTC_ONCHAIN, RBTC, 200_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const gained = (await w.rbtcBalance()) - rbtcBefore;
    // What Boltz locked, less our claim gas.
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('RBTC -> BTC: locks RBTC in EtherSwap, claims the BTC lockup, BTC arrives', async () => {
    const w = await fundedWallet(0n, 10n ** 15n * 300n);
    const q = await route(w, RBTC, BTC_ONCHAIN, 200_000n * 10_000_000_000n);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    const btc = await w.btcBalance();
    expect(btc).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(btc).toBeLessThanOrEqual(BigInt(q.receive) + 1_000n);
  });
});

describe('reverse swap: Lightning lands as RBTC', () => {
  it('checks the EtherSwap lock holds exactly the agreed values, then claims it', async () => {
    const w = await fundedWallet(0n, GAS);
    const before = await w.rbtcBalance();
    const q = await route(w, BTC_LIGHTNING, RBTC, 120_000n);
    const started = await w.engine.start(w.ctx, q);
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const gained = (await w.rbtcBalance()) - before;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    // Boltz learns the preimage from our claim's EtherSwap event on its next look, and settles the held payment.
    await d.rootstock.mine(1);
    await d.boltz.sync();
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });
});

describe('Boltz answering with a wrong address or amount', () => {
  const cases = [
    { name: 'submarine, wrong address', from: BTC_ONCHAIN, to: BTC_LIGHTNING, amount: 100_000n, m: { wrongAddress: true }, msg: /lockup address is not the address of the swap tree/ },
    { name: 'submarine, wrong amount', from: BTC_ONCHAIN, to: BTC_LIGHTNING, amount: 100_000n, m: { wrongAmount: true }, msg: /amount to lock/ },
    { name: 'reverse, wrong address', from: BTC_LIGHTNING, to: BTC_ONCHAIN, amount: 100_000n, m: { wrongAddress: true }, msg: /lockup address/ },
    { name: 'reverse, wrong amount', from: BTC_LIGHTNING, to: BTC_ONCHAIN, amount: 100_000n, m: { wrongAmount: true }, msg: /amount Boltz locks/ },
    { name: 'reverse, invoice not locked to our preimage', from: BTC_LIGHTNING, to: BTC_ONCHAIN, amount: 100_000n, m: { wrongPaymentHash: true }, msg: /payment hash is not the hash of our preimage/ },
    { name: 'chain BTC -> RBTC, wrong address', from: BTC_ONCHAIN, to: RBTC, amount: 200_000n, m: { wrongAddress: true }, msg: /lockup address/ },
    { name: 'chain BTC -> RBTC, wrong amount', from: BTC_ONCHAIN, to: RBTC, amount: 200_000n, m: { wrongAmount: true }, msg: /amount/ },
  ];
  for (const c of cases) {
    it(`${c.name}: aborted before anything moves`, async () => {
      const w = await fundedWallet(1_000_000n, GAS);
      const q = await route(w, c.from, c.to, c.from.layer === 'rootstock' ? c.amount * 10_000_000_000n : c.amount);
      const nonce = await d.rootstock.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'latest']);
      const balance = await w.btcBalance();
      boltz.misbehave(c.m);
      try {
        await expect(w.engine.start(w.ctx, q)).rejects.toThrow(c.msg);
      } finally {
        boltz.misbehave({});
      }
      expect(broadcasts(w)).toEqual([]);
      expect(await w.store.all()).toEqual([]);
      expect(await w.btcBalance()).toBe(balance);
      expect(await d.rootstock.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'latest'])).toBe(nonce);
    });
  }
});

describe('two BTC lockups due at once from one coin', () => {
  it('the engine advances both hops together: one lockup is paid, the other hop waits with nothing sent', async () => {
    // One coin of 200,000 sats: enough for one lockup of 120,000, not two.
    const w = await fundedWallet(200_000n);
    const [mechanism] = boltzMechanisms();
    // Created and stored without their first advance, so one tick funds both in parallel.
    for (const quoted of [await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 120_000n), await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 120_000n)]) {
      const q = quoted as RouteQuote<'boltz-submarine'>;
      expect(q.mechanism).toBe(mechanism.id);
      await mechanism.beforeIndex?.(w.ctx, q, w.store);
      const index = await w.store.reserveIndex();
      await w.store.put(await mechanism.create(w.ctx, q, index, `hop-both-${index}`));
    }
    const ticked = await w.engine.tick(w.ctx, true);
    expect(broadcasts(w)).toHaveLength(1);
    expect(ticked.filter((r) => r.state === 'funded')).toHaveLength(1);
    const waiting = ticked.find((r) => r.state !== 'funded')!;
    expect(waiting).toMatchObject({ state: 'created', outcome: 'in-progress' });
    expect(englishOf(waiting.lastError)).toMatch(/spendable|not reached the network/i);
    expect(dataOf(waiting).lock!.txid).toBeUndefined();
  });
});
