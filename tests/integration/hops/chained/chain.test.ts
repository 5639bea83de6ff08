/**
 * Chained moves on the devnet: L-BTC → BTC (a Boltz chain swap) → Lightning (a Boltz
 * submarine swap paying an LNURL-pay link of lnurl-node on Boltz's Lightning ledger).
 * The chained quote is built here from the mechanisms' real quotes. A "worker" is an
 * engine, runner and stores over a profile's storage; a killed worker is replaced by
 * new instances over the same storage (with a copy of what had reached the disk).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceFromLnurl, parseHopDestination } from '../../../../src/background/hop-destination';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import { deliveredBy } from '../../../../src/hops/chained/delivered';
import { legHopId, ChainRunner } from '../../../../src/hops/chained/runner';
import { ChainStore } from '../../../../src/hops/chained/store';
import type { ChainedQuote, ChainRecord, MoveJournal } from '../../../../src/hops/chained/types';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import type { HopRecord } from '../../../../src/hops/types';
import { HttpClient } from '../../../../src/shared/http';
import type { ChainStatus } from '../../../../src/shared/hop-views';
import { startLnurlServer, type LnurlDevServer } from '../../../devnet/lightning/lnurl-server';
import { MemoryArea } from '../../../helpers/memory-ports';
import { startNostrRelay } from '../../../devnet/nostr-relay';
import { NostrMoveJournal } from '../../../../src/hops/journal/nostr-journal';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { WebSocket } from 'ws';
import { type Devnets, makeWallet, startBoltzDevnetsForFile, type TestWallet } from '../boltz/helpers';

/** Kept back from leg 0's delivery to pay leg 1's Bitcoin funding fee (and a claim fee above the quote's). */
const RESERVE = 5_000n;
const SEND = 200_000n;

let d: Devnets;
let lnurl: LnurlDevServer;

startBoltzDevnetsForFile((started) => {
  d = started;
});

beforeAll(async () => {
  lnurl = await startLnurlServer({ ledger: d.boltz.ledger });
}, 180_000);

afterAll(async () => {
  await lnurl?.stop();
});

interface Worker {
  w: TestWallet;
  hops: HopStore;
  engine: HopEngine;
  runner: ChainRunner;
}

/** A worker over `w`'s storage: the wallet's own engine and store, a runner that fetches invoices from LNURL with the wallet's HTTP. */
function workerOf(w: TestWallet, journal?: MoveJournal): Worker {
  const hops = w.store;
  const engine = w.engine;
  const runner = new ChainRunner({
    engine,
    hops,
    chains: new ChainStore(w.hopArea),
    ...(journal ? { journal } : {}),
    invoiceFor: (ctx, destination, sats) => invoiceFromLnurl(ctx, (url) => new HttpClient(url), parseHopDestination(ctx, destination).lnurl!, sats),
  });
  return { w, hops, engine, runner };
}

/** The same profile after the worker died: new services, engine, runner and stores over `hopArea` (what reached the disk). */
function restarted(from: TestWallet, hopArea: MemoryArea, journal?: MoveJournal): Worker {
  return workerOf(makeWallet(d, { mnemonic: from.mnemonic, hopArea, layerArea: from.layerArea }), journal);
}

async function withLbtc(sats: number): Promise<TestWallet> {
  const w = makeWallet(d);
  await d.liquid.faucet((await w.liquid.receive()).address, sats);
  d.liquid.mine(1);
  return w;
}

/** L-BTC → BTC → Lightning for SEND sats, from the two mechanisms' quotes, paying a fresh pay link. */
async function chainedQuote(k: Worker): Promise<ChainedQuote> {
  const leg0 = await k.engine.quote(k.w.ctx, 'boltz-chain', LBTC, BTC_ONCHAIN, SEND);
  const leg1 = await k.engine.quote(k.w.ctx, 'boltz-submarine', BTC_ONCHAIN, BTC_LIGHTNING, BigInt(leg0.receive) - RESERVE);
  expect([leg0.available, leg1.available, leg0.reason, leg1.reason]).toEqual([true, true, undefined, undefined]);
  const link = await lnurl.createPayLink({ minSendable: 1000, maxSendable: 1_000_000_000, metadata: JSON.stringify([['text/plain', 'Chained move']]) });
  return {
    ...leg0,
    mechanism: 'chained',
    to: BTC_LIGHTNING,
    receive: leg1.receive,
    legs: [leg0, leg1],
    via: [BTC_ONCHAIN],
    costBps: Number(((SEND - BigInt(leg1.receive)) * 10_000n) / SEND),
    worstCase: [],
    minReceive: (BigInt(leg1.receive) - 1_000n).toString(),
    destination: link.encoded,
  };
}

/** Ticks hops then chains of every worker, mining and letting Boltz's nursery run between passes, until each chain's status is wanted. */
async function drive(workers: { k: Worker; id: string; until: ChainStatus[] }[], passes = 60): Promise<ChainRecord[]> {
  let chains: ChainRecord[] = [];
  for (let i = 0; i < passes; i++) {
    chains = [];
    for (const { k, id } of workers) {
      await k.engine.tick(k.w.ctx, true);
      await k.runner.tick(k.w.ctx);
      chains.push(await k.runner.get(id));
    }
    if (chains.every((c, j) => workers[j]!.until.includes(c.status))) return chains;
    await d.bitcoin.mine(1);
    d.liquid.mine(1);
    await d.boltz.sync();
  }
  return chains;
}

/** Ticks only the hops until `id` ends (a worker about to die before its runner sees the leg complete). */
async function driveHop(k: Worker, id: string): Promise<HopRecord> {
  for (let i = 0; i < 60; i++) {
    const r = await k.engine.advance(k.w.ctx, id);
    if (r.outcome !== 'in-progress') return r;
    await d.bitcoin.mine(1);
    d.liquid.mine(1);
    await d.boltz.sync();
  }
  throw new Error(`hop ${id} did not end`);
}

/** What the LNURL service's node was paid for this leg's invoice. */
function paidInvoice(hop: HopRecord) {
  const inv = [...d.boltz.ledger.invoices.values()].find((i) => i.invoice === dataOf(hop).invoice);
  return { payee: inv?.payee, state: inv?.state, sats: inv?.amountMsat == null ? null : inv.amountMsat / 1000n };
}

/** Every amount of a completed chain, leg by leg, against the hops and the Lightning payment. */
async function checkCompleted(k: Worker, chain: ChainRecord, quote: ChainedQuote): Promise<void> {
  expect(chain.status).toBe('completed');
  const [h0, h1] = await Promise.all([k.hops.get(legHopId(chain.id, 0)), k.hops.get(legHopId(chain.id, 1))]);
  expect(h0).toMatchObject({ outcome: 'completed', chainId: chain.id, leg: 0, send: SEND.toString(), expectedReceive: quote.legs[0]!.receive });
  // Leg 1 sends what leg 0 delivered less the reserve, and the destination's invoice is for what it delivers.
  expect(h1).toMatchObject({ outcome: 'completed', chainId: chain.id, leg: 1, send: (deliveredBy(h0!) - RESERVE).toString() });
  expect(paidInvoice(h1!)).toEqual({ payee: lnurl.node.pubkey, state: 'settled', sats: BigInt(h1!.expectedReceive) });
  expect(BigInt(h1!.expectedReceive)).toBeGreaterThanOrEqual(BigInt(chain.minReceive));
  expect(chain.legs.map((l) => [l.hopId, l.send, l.expectedReceive, l.outcome])).toEqual([
    [h0!.id, h0!.send, h0!.expectedReceive, 'completed'],
    [h1!.id, h1!.send, h1!.expectedReceive, 'completed'],
  ]);
  // Nothing is left on Bitcoin but the reserve's change (the wallet held no BTC before the chain).
  await d.bitcoin.mine(1);
  const btc = await k.w.btcBalance();
  expect(btc).toBeLessThan(RESERVE);
  expect(btc).toBeGreaterThan(0n);
}

describe('chained move L-BTC → BTC → Lightning', () => {
  it('completes with the worker killed between legs (next leg starts on the next tick) and killed right after leg 1 was created (taken up, never created twice)', async () => {
    const a = workerOf(await withLbtc(500_000));
    const b = workerOf(await withLbtc(500_000));
    const qa = await chainedQuote(a);
    const qb = await chainedQuote(b);
    const lbtcBefore = await a.w.lbtcBalance();
    const [ca, cb] = await Promise.all([a.runner.start(a.w.ctx, qa), b.runner.start(b.w.ctx, qb)]);
    expect(ca).toMatchObject({ status: 'running', current: 0, legs: [{ hopId: legHopId(ca.id, 0), outcome: 'in-progress' }, {}] });
    d.liquid.mine(1);
    const spent = lbtcBefore - (await a.w.lbtcBalance());
    expect(spent).toBeGreaterThanOrEqual(SEND);
    expect(spent).toBeLessThan(SEND + 1_000n);

    // Leg 0 completes under both workers' engines; neither runner sees it before dying.
    const [a0, b0] = await Promise.all([driveHop(a, legHopId(ca.id, 0)), driveHop(b, legHopId(cb.id, 0))]);
    expect([a0.outcome, b0.outcome]).toEqual(['completed', 'completed']);
    await d.bitcoin.mine(1);
    const delivered = await a.w.btcBalance();
    expect(delivered).toBeLessThanOrEqual(BigInt(a0.expectedReceive));
    expect(delivered).toBeGreaterThan(BigInt(a0.expectedReceive) - 1_000n);
    // What the runner will move on is what reached the wallet (the claim paid the wallet's fee, not Boltz's quoted one).
    expect(deliveredBy(a0)).toBe(delivered);

    // A: killed cleanly between legs. The new worker starts leg 1 on its next tick.
    const a2 = restarted(a.w, a.w.hopArea);
    expect(await a2.runner.get(ca.id)).toMatchObject({ status: 'running', current: 0 });

    // B: its runner creates leg 1 and the worker dies at that write (before the chain notes it or anything is funded).
    const disk = new MemoryArea();
    const write = b.w.hopArea.set.bind(b.w.hopArea);
    let dead = false;
    b.w.hopArea.set = async (items) => {
      if (dead) return new Promise<void>(() => undefined);
      await write(items);
      if (((items['hops.records'] as HopRecord[] | undefined) ?? []).some((h) => h.id === legHopId(cb.id, 1))) {
        dead = true;
        for (const [key, v] of b.w.hopArea.data) disk.data.set(key, v);
      }
    };
    void b.runner.tick(b.w.ctx);
    await expect.poll(() => dead, { timeout: 30_000 }).toBe(true);
    const b2 = restarted(b.w, disk);
    expect(await b2.runner.get(cb.id)).toMatchObject({ status: 'running', current: 0 });
    expect(await b2.hops.get(legHopId(cb.id, 1))).toMatchObject({ state: 'created', chainId: cb.id, leg: 1 });

    const [doneA, doneB] = await drive([
      { k: a2, id: ca.id, until: ['completed', 'failed', 'stopped'] },
      { k: b2, id: cb.id, until: ['completed', 'failed', 'stopped'] },
    ]);
    await checkCompleted(a2, doneA!, qa);
    await checkCompleted(b2, doneB!, qb);
    // B's leg 1: one swap at Boltz, one lockup.
    const legB = dataOf((await b2.hops.get(legHopId(cb.id, 1)))!);
    expect([...d.boltz.swaps.values()].filter((s) => s.type === 'submarine' && s.invoice === legB.invoice).map((s) => s.id)).toEqual([legB.swapId]);
    expect((await b2.hops.all()).filter((h) => h.chainId === cb.id)).toHaveLength(2);
  });

  it('a second leg Boltz refuses to create stops the chain with the BTC in the wallet; requote + continue completes one, leave ends the other', async () => {
    const a = workerOf(await withLbtc(500_000));
    const b = workerOf(await withLbtc(500_000));
    const qa = await chainedQuote(a);
    const qb = await chainedQuote(b);
    const [ca, cb] = await Promise.all([a.runner.start(a.w.ctx, qa), b.runner.start(b.w.ctx, qb)]);
    const [a0, b0] = await Promise.all([driveHop(a, legHopId(ca.id, 0)), driveHop(b, legHopId(cb.id, 0))]);
    expect([a0.outcome, b0.outcome]).toEqual(['completed', 'completed']);

    d.boltz.misbehave({ refuseCreate: true });
    let stopped: ChainRecord[];
    try {
      stopped = await Promise.all([a.runner.tick(a.w.ctx), b.runner.tick(b.w.ctx)]).then(([x, y]) => [x[0]!, y[0]!]);
    } finally {
      d.boltz.misbehave({});
    }
    for (const [c, hop0] of [
      [stopped[0]!, a0],
      [stopped[1]!, b0],
    ] as const) {
      expect(c).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC_ONCHAIN, amount: deliveredBy(hop0).toString() } });
      expect(c.reason).toMatchObject({ key: 'chainStopped_unavailable', params: [{ key: 'mechanism_boltz_submarine' }, { key: 'err_boltz_refused', params: [expect.stringMatching(/^127\.0\.0\.1:\d+$/), 'could not find pair with id: BTC/BTC'] }, expect.any(String), { key: 'layer_bitcoin' }] });
    }
    expect(await a.hops.get(legHopId(ca.id, 1))).toBeUndefined();
    // The BTC leg 0 delivered is in the wallet, untouched.
    await d.bitcoin.mine(1);
    expect(await a.w.btcBalance()).toBeGreaterThan(BigInt(a0.expectedReceive) - 1_000n);

    const re = await a.runner.requote(a.w.ctx, ca.id);
    expect(re.quote).toMatchObject({ mechanism: 'boltz-submarine', available: true, send: (deliveredBy(a0) - RESERVE).toString() });
    expect(typeof re.quote.terms?.invoice).toBe('string');
    const going = await a.runner.continue(a.w.ctx, ca.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1 });
    const left = await b.runner.leave(b.w.ctx, cb.id);
    expect(left).toMatchObject({ status: 'left', heldOn: { amount: deliveredBy(b0).toString() } });

    const [done] = await drive([{ k: a, id: ca.id, until: ['completed', 'failed'] }]);
    await checkCompleted(a, done!, qa);
    // The left chain's BTC stays in its wallet.
    expect(await b.w.btcBalance()).toBeGreaterThan(BigInt(b0.expectedReceive) - 1_000n);
    expect((await b.hops.all()).filter((h) => h.chainId === cb.id)).toHaveLength(1);
  });

  it('a second leg the wallet cannot fund (the BTC leg 1 delivered was spent meanwhile) stops the chain, nothing locked; with BTC back, requote + continue completes it with one lockup', async () => {
    const a = workerOf(await withLbtc(500_000));
    const qa = await chainedQuote(a);
    const ca = await a.runner.start(a.w.ctx, qa);
    const a0 = await driveHop(a, legHopId(ca.id, 0));
    expect(a0.outcome).toBe('completed');
    await d.bitcoin.mine(1);
    // The user sends every BTC elsewhere before the next leg starts.
    const elsewhere = (await makeWallet(d).bitcoin.receive()).address;
    await a.w.bitcoin.send({ to: elsewhere, max: true, fee: { kind: 'normal' } });
    await d.bitcoin.mine(1);
    expect(await a.w.btcBalance()).toBe(0n);

    const stopped = (await a.runner.tick(a.w.ctx))[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', current: 1, heldOn: { ...BTC_ONCHAIN, amount: deliveredBy(a0).toString() }, reason: { key: 'chainStopped_unfunded' } });
    expect(stopped.legs[1]!.hopId).toBeUndefined();
    const closed = (await a.hops.get(legHopId(ca.id, 1)))!;
    expect(closed).toMatchObject({ outcome: 'failed', state: 'not-funded' });
    expect(closed.chainId).toBeUndefined();
    expect(dataOf(closed).lock!.txid).toBeUndefined();
    const boltzSaw = () => d.boltz.swaps.get(dataOf(closed).swapId)!.status.status;
    expect(boltzSaw()).toBe('invoice.set');
    // Ticks leave it alone: no lockup is ever sent to the closed swap.
    await d.bitcoin.faucet((await a.w.bitcoin.receive()).address, 300_000n);
    await d.bitcoin.mine(1);
    await drive([{ k: a, id: ca.id, until: ['stopped'] }], 2);
    expect(await a.hops.get(closed.id)).toMatchObject({ outcome: 'failed', state: 'not-funded' });
    expect(boltzSaw()).toBe('invoice.set');

    const re = await a.runner.requote(a.w.ctx, ca.id);
    const going = await a.runner.continue(a.w.ctx, ca.id, re.quote, re.finalReceive);
    expect(going).toMatchObject({ status: 'running', current: 1, legs: [{}, { hopId: legHopId(ca.id, 1, 1) }] });
    const [done] = await drive([{ k: a, id: ca.id, until: ['completed', 'failed'] }]);
    expect(done).toMatchObject({ status: 'completed' });
    const h1 = (await a.hops.get(legHopId(ca.id, 1, 1)))!;
    expect(h1).toMatchObject({ outcome: 'completed', chainId: ca.id, leg: 1 });
    expect(paidInvoice(h1)).toEqual({ payee: lnurl.node.pubkey, state: 'settled', sats: BigInt(h1.expectedReceive) });
    expect(boltzSaw()).toBe('invoice.set');
  });

  it('a profile restored from the phrase reads the chain back from the relay journal, finishes the leg under way, and completes the chain once the user continues', async () => {
    // The real journal on a real relay: encrypted NIP-78 events, written by one profile's key tree, read by another's from the same phrase.
    const relay = await startNostrRelay();
    const journalOf = (w: TestWallet) => new NostrMoveJournal(w.ctx.root, relay.url, 'devnet', { webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike, timeoutMs: 5000 });
    try {
      const oldWallet = await withLbtc(500_000);
      const old = workerOf(oldWallet, journalOf(oldWallet));
      const q = await chainedQuote(old);
      const chain = await old.runner.start(old.w.ctx, q);
      expect(chain.legs[0]!.outcome).toBe('in-progress');
      expect(chain.journalError).toBeUndefined();
      const lbtcAfterFunding = await old.w.lbtcBalance();

      // A fresh profile (no hop, chain or layer records) on the same phrase.
      const freshWallet = makeWallet(d, { mnemonic: old.w.mnemonic });
      const journal = journalOf(freshWallet);
      const fresh = workerOf(freshWallet, journal);
      const adopted = await fresh.runner.adopt(fresh.w.ctx, await journal.list());
      expect(adopted).toEqual({ adopted: [chain.id], skipped: [] });
      expect(await fresh.hops.reserveIndex()).toBeGreaterThan((await old.hops.get(legHopId(chain.id, 0)))!.index);

      const [held] = await drive([{ k: fresh, id: chain.id, until: ['stopped', 'failed', 'completed'] }]);
      expect(held).toMatchObject({ status: 'stopped', current: 1, reason: { key: 'chainStopped_restored' }, heldOn: { ...BTC_ONCHAIN } });
      // The leg was funded once, on the old profile: the restored one found the lockup and claimed it.
      d.liquid.mine(1);
      expect(await fresh.w.lbtcBalance()).toBe(lbtcAfterFunding);

      const re = await fresh.runner.requote(fresh.w.ctx, chain.id);
      await fresh.runner.continue(fresh.w.ctx, chain.id, re.quote, re.finalReceive);
      const [done] = await drive([{ k: fresh, id: chain.id, until: ['completed', 'failed'] }]);
      await checkCompleted(fresh, done!, q);
      // The relay's OK may come after the runner's 4 s copy wait on a loaded machine: the copy lands then.
      const copied = async () => ((await journal.list()).find((e) => e.id === chain.id)!.body as { chain: ChainRecord }).chain.status;
      for (const until = Date.now() + 20_000; (await copied()) !== 'completed' && Date.now() < until; ) await new Promise((r) => setTimeout(r, 250));
      expect(await copied()).toBe('completed');
    } finally {
      await relay.stop();
    }
  });
});
