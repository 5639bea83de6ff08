/**
 * Boltz chain swaps (BTC <-> RBTC), reverse swaps to RBTC and submarine swaps
 * when things go wrong, against the devnet stand-in acting on bcoin, anvil with
 * EtherSwap and the Lightning ledger: a worker that dies between funding and
 * claim, or between sending a lockup or payment and saving that it did (a fresh
 * worker over the storage it left takes over), a counterparty that
 * never locks (our lockup comes back after the timeout), and a wallet restored
 * from its phrase on a fresh profile in the middle of a swap.
 *
 * Timeouts are reached by mining blocks directly, never by waiting; the devnet's
 * nursery runs only when a test calls sync() (pollMs 0).
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { SideData } from '../../../../src/hops/boltz/shapes';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import { HopStore } from '../../../../src/hops/records';
import type { HopRecord } from '../../../../src/hops/types';
import { BOLTZ_EVM_ACCOUNT, EVENTS } from '../../../devnet/boltz/ether-swap';
import { selector } from '../../../../src/hops/boltz/etherswap';
import { ANVIL_DEV_ACCOUNT } from '../../../devnet/rootstock/anvil';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, type Devnets, drive, makeWallet, mineBitcoinTo, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

const GAS = 10n ** 16n; // 0.01 RBTC: more than any claim, lock or refund here costs
const SATS_RBTC = (sats: bigint) => sats * WEI_PER_SAT;


async function fundedWallet(sats: bigint, rbtcWei: bigint): Promise<TestWallet> {
  const w = makeWallet(d);
  if (sats > 0n) {
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, sats);
    await d.bitcoin.mine(1);
  }
  if (rbtcWei > 0n) await d.rootstock.fund(w.rootstock.address, rbtcWei);
  return w;
}

/** The same browser profile after its service worker was killed: same storage, new objects, nothing in memory. */
function freshWorker(w: TestWallet): TestWallet {
  return makeWallet(d, { mnemonic: w.mnemonic, hopArea: w.hopArea, layerArea: w.layerArea });
}

function copyOf(area: MemoryArea): MemoryArea {
  const copy = new MemoryArea();
  for (const [k, v] of area.data) copy.data.set(k, v);
  return copy;
}

/**
 * Wraps `method` of `target` so that, once it has done its work (the transaction is out),
 * the profile's storage is copied: what a worker killed right then would leave behind.
 */
function storageWhenDone<T extends object, K extends keyof T>(w: TestWallet, target: T, method: K): { hopArea?: MemoryArea; layerArea?: MemoryArea } {
  const taken: { hopArea?: MemoryArea; layerArea?: MemoryArea } = {};
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    const out = await original(...args);
    taken.hopArea ??= copyOf(w.hopArea);
    taken.layerArea ??= copyOf(w.layerArea);
    return out;
  };
  return taken;
}

/**
 * Whether EtherSwap still holds the lock of one swap side, by the values it was made with, once the
 * hop's own Rootstock calls are mined (a hop is done once its claim or refund is sent; anvil answers a
 * send before its automined block is in: seen, a refunded hop whose lock was still there under load).
 */
async function etherSwapHolds(r: HopRecord, s: SideData, claimAddress: string, refundAddress: string): Promise<boolean> {
  for (const step of r.steps) if (step.txid && /^0x[0-9a-f]{64}$/i.test(step.txid)) await d.rootstock.receipt(step.txid);
  return boltz.etherSwap!.isLocked(dataOf(r).preimageHash, SATS_RBTC(BigInt(s.amount)), claimAddress, refundAddress, s.timeoutBlockHeight);
}

/** Waits for the block holding our EtherSwap lock: anvil answers a send before its automined block is in (seen: a lock not yet there under load). */
async function ourLockMined(r: HopRecord): Promise<void> {
  await d.rootstock.receipt(dataOf(r).lock!.txid!);
}

async function nonceOf(address: string): Promise<number> {
  return Number(await d.rootstock.rpc<string>('eth_getTransactionCount', [address.toLowerCase(), 'latest']));
}

/** Mines anvil blocks until the tip is at `height`. */
async function mineRootstockTo(height: number) {
  const tip = Number(await d.rootstock.rpc<string>('eth_blockNumber'));
  if (height > tip) await d.rootstock.mine(height - tip);
}

describe('chain swap BTC -> RBTC when things go wrong', () => {
  it('worker killed after our BTC lockup: a fresh worker over the same storage claims the EtherSwap lock', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const btcBefore = await a.btcBalance();
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, BTC_ONCHAIN, RBTC, 200_000n);
    const started = await a.engine.start(a.ctx, q);
    expect(started.state).toBe('funded');
    const swapId = dataOf(started).swapId;
    // The worker dies here. Boltz sees our lockup and locks its RBTC for us.
    await d.bitcoin.mine(1);
    await boltz.waitForStatus(swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    const claimSide = dataOf(started).claim!;
    expect(await etherSwapHolds(started, claimSide, a.rootstock.address.toLowerCase(), BOLTZ_EVM_ACCOUNT)).toBe(true);

    const b = freshWorker(a);
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    // The fresh worker claimed and did not fund a second time.
    expect(broadcasts(b)).toEqual([]);
    expect(await etherSwapHolds(done, claimSide, a.rootstock.address.toLowerCase(), BOLTZ_EVM_ACCOUNT)).toBe(false);
    const claimed = await boltz.etherSwap!.claimedPreimage(dataOf(done).preimageHash);
    expect(claimed?.transactionHash).toBe(done.steps.find((s) => s.key === 'claim')?.txid);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    // Our BTC left once: the lockup plus one miner fee.
    await d.bitcoin.mine(1);
    const spent = btcBefore - (await b.btcBalance());
    expect(spent).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(spent).toBeLessThan(BigInt(q.send) + 5_000n);
    // Boltz learned the preimage from our claim and swept our BTC lockup.
    await boltz.waitForStatus(swapId, 'transaction.claimed');
  });

  it('worker killed after broadcasting our BTC lockup, before saving it: a fresh worker finds it on chain, does not fund again, claims', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const btcBefore = await a.btcBalance();
    const rbtcBefore = await a.rbtcBalance();
    const killed = storageWhenDone(a, a.bitcoin, 'send');
    const q = await route(a, BTC_ONCHAIN, RBTC, 180_000n);
    const started = await a.engine.start(a.ctx, q);
    const left = await new HopStore(killed.hopArea!).get(started.id);
    expect(left?.state).toBe('created');
    expect(dataOf(left!).lock!.txid).toBeUndefined();
    await d.bitcoin.mine(1);
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: killed.hopArea!, layerArea: killed.layerArea! });
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(dataOf(done).lock!.txid).toBe(dataOf(started).lock!.txid);
    expect(broadcasts(b)).toEqual([]);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    await d.bitcoin.mine(1);
    const spent = btcBefore - (await b.btcBalance());
    expect(spent).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(spent).toBeLessThan(BigInt(q.send) + 5_000n);
  });

  it('our BTC lockup was signed but its broadcast got no answer, and the swap expired meanwhile: the hop only looks for that lockup, never sends it into the dead swap: unseen, it closes and the wallet forgets it, its coins free again', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const before = await a.btcBalance();
    d.bitcoin.facade.misbehave({ dropBroadcasts: true });
    let started;
    try {
      started = await a.engine.start(a.ctx, await route(a, BTC_ONCHAIN, RBTC, 200_000n));
      expect(started).toMatchObject({ state: 'created', outcome: 'in-progress' });
      // Nothing reaches the network until Boltz gives the swap up.
      await mineBitcoinTo(d, dataOf(started).lock!.timeoutBlockHeight);
      await boltz.sync();
      await boltz.waitForStatus(dataOf(started).swapId, 'swap.expired');
    } finally {
      d.bitcoin.facade.misbehave({});
    }
    const mark = d.bitcoin.facade.broadcasts.length;
    // The hop advances first; a refresh of the wallet then finds nothing left to send.
    const next = await a.engine.advance(a.ctx, started.id);
    await a.bitcoin.overview();
    const done = await drive(d, a, next.id, { passes: 5 });
    expect(done).toMatchObject({ outcome: 'expired', state: 'expired' });
    expect(englishOf(done.lastError)).toMatch(/never seen on the network/);
    expect(d.bitcoin.facade.broadcasts.slice(mark)).toEqual([]);
    expect(await a.btcBalance()).toBe(before);
    // Its coins are the wallet's to spend again.
    const to = (await makeWallet(d).bitcoin.receive()).address;
    await expect(a.bitcoin.send({ to, amountSats: before - 20_000n, fee: { kind: 'normal' } })).resolves.toMatchObject({ txid: expect.any(String) });
    await d.bitcoin.mine(1);
  });

  it('Boltz never locks: our BTC lockup is refunded by script path after the timeout, balance back less fees', async () => {
    const w = await fundedWallet(1_000_000n, 0n);
    const before = await w.btcBalance();
    boltz.misbehave({ neverLock: true, refuseCooperation: true });
    let started: HopRecord;
    try {
      started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, RBTC, 200_000n));
    } finally {
      boltz.misbehave({});
    }
    expect(started.state).toBe('funded');
    const lock = dataOf(started).lock!;
    // Before the timeout: the hop waits, and a refund asked for by hand fails because Boltz declines to co-sign.
    await d.bitcoin.mine(1);
    const waiting = await drive(d, w, started.id, { passes: 3 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    await expect(w.engine.refund(w.ctx, started.id)).rejects.toThrow(`it becomes possible at block ${lock.timeoutBlockHeight}`);
    expect(broadcasts(w)).toHaveLength(1); // the funding only

    await mineBitcoinTo(d, lock.timeoutBlockHeight);
    const done = await drive(d, w, started.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(boltz.swaps.get(dataOf(done).swapId)!.status.status).toBe('swap.expired');
    // Boltz never locked its RBTC.
    expect(await boltz.etherSwap!.lockups(dataOf(done).preimageHash)).toEqual([]);
    const refund = done.steps.find((s) => s.key === 'refund')!;
    await d.bitcoin.mine(1);
    const tx = await (await fetch(`${d.bitcoin.esploraUrl}/tx/${refund.txid}`)).json();
    // Script path (signature, refund leaf, control block), spending our lockup, mined.
    expect(tx.vin[0].witness.length).toBe(3);
    expect(tx.vin[0].txid).toBe(dataOf(done).lock!.txid);
    expect(tx.status.confirmed).toBe(true);
    const after = await w.btcBalance();
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(10_000n);
  });

  it('restored from the phrase on a fresh profile mid-swap: found again from the derived keys and finished', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, BTC_ONCHAIN, RBTC, 150_000n);
    const started = await a.engine.start(a.ctx, q);
    await d.bitcoin.mine(1);
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);

    // A new browser profile: nothing in storage, only the recovery phrase.
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    expect(await b.store.all()).toEqual([]);
    const restored = await restoreBoltzHops(b.ctx, b.store);
    expect(restored.restored.map((r) => dataOf(r).swapId)).toEqual([dataOf(started).swapId]);
    const r = restored.restored[0]!;
    expect(r).toMatchObject({ mechanism: 'boltz-chain', index: started.index, from: BTC_ONCHAIN, to: RBTC });
    expect(dataOf(r).lock).toMatchObject({ currency: 'BTC', address: dataOf(started).lock!.address, txid: dataOf(started).lock!.txid });
    expect(dataOf(r).claim).toMatchObject({ currency: 'RBTC', amount: dataOf(started).claim!.amount, timeoutBlockHeight: dataOf(started).claim!.timeoutBlockHeight, counterpartyAddress: BOLTZ_EVM_ACCOUNT });
    // What arrives is counted in wei, as on the live profile (the claim side's amount is in sats).
    expect(r.expectedReceive).toBe(SATS_RBTC(BigInt(dataOf(r).claim!.amount)).toString());

    const done = await drive(d, b, r.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(await etherSwapHolds(done, dataOf(done).claim!, b.rootstock.address.toLowerCase(), BOLTZ_EVM_ACCOUNT)).toBe(false);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });
});

describe('chain swap RBTC -> BTC when things go wrong', () => {
  it('worker killed after the EtherSwap lock: a fresh worker over the same storage claims the BTC', async () => {
    const a = await fundedWallet(0n, SATS_RBTC(300_000n));
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, RBTC, BTC_ONCHAIN, SATS_RBTC(200_000n));
    const started = await a.engine.start(a.ctx, q);
    expect(started.state).toBe('funded');
    const lock = dataOf(started).lock!;
    const ours = a.rootstock.address.toLowerCase();
    await ourLockMined(started);
    expect(await etherSwapHolds(started, lock, BOLTZ_EVM_ACCOUNT, ours)).toBe(true);
    // The worker dies here. Boltz sees our lock and locks its BTC for us.
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    const nonce = await nonceOf(ours);

    const b = freshWorker(a);
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    // The fresh worker locked nothing more on Rootstock (claiming BTC takes no Rootstock transaction).
    expect(await nonceOf(ours)).toBe(nonce);
    await d.bitcoin.mine(1);
    const btc = await b.btcBalance();
    expect(btc).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(btc).toBeLessThanOrEqual(BigInt(q.receive));
    // Boltz learned the preimage from our claim and took our EtherSwap lock.
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
    expect(await etherSwapHolds(done, lock, BOLTZ_EVM_ACCOUNT, ours)).toBe(false);
    const spent = rbtcBefore - (await b.rbtcBalance());
    expect(spent).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(spent).toBeLessThan(BigInt(q.send) + GAS);
  });

  it('worker killed after sending the EtherSwap lock, before saving it: a fresh worker finds the lock, does not lock again, claims the BTC', async () => {
    const a = await fundedWallet(0n, SATS_RBTC(300_000n));
    const rbtcBefore = await a.rbtcBalance();
    const killed = storageWhenDone(a, a.rootstock, 'callContract');
    const q = await route(a, RBTC, BTC_ONCHAIN, SATS_RBTC(200_000n));
    const started = await a.engine.start(a.ctx, q);
    const ours = a.rootstock.address.toLowerCase();
    await ourLockMined(started);
    expect(await etherSwapHolds(started, dataOf(started).lock!, BOLTZ_EVM_ACCOUNT, ours)).toBe(true);
    // The hop as storage held it when the lock had been sent: not funded as far as it knows.
    const left = await new HopStore(killed.hopArea!).get(started.id);
    expect(left?.state).toBe('created');
    expect(dataOf(left!).lock!.txid).toBeUndefined();
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    const nonce = await nonceOf(ours);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: killed.hopArea!, layerArea: killed.layerArea! });
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    // The lock the dead worker sent was found again (by its Lockup event), and no second one was sent.
    expect(dataOf(done).lock!.txid).toBe(dataOf(started).lock!.txid);
    expect(await nonceOf(ours)).toBe(nonce);
    await d.bitcoin.mine(1);
    const btc = await b.btcBalance();
    expect(btc).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(btc).toBeLessThanOrEqual(BigInt(q.receive));
    await boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
    const spent = rbtcBefore - (await b.rbtcBalance());
    expect(spent).toBeLessThan(BigInt(q.send) + GAS);
  });

  it('Boltz never locks: EtherSwap.refund after the timelock, RBTC back less gas', async () => {
    const w = await fundedWallet(0n, SATS_RBTC(300_000n));
    const before = await w.rbtcBalance();
    const ours = w.rootstock.address.toLowerCase();
    boltz.misbehave({ neverLock: true, refuseCooperation: true });
    let started: HopRecord;
    try {
      started = await w.engine.start(w.ctx, await route(w, RBTC, BTC_ONCHAIN, SATS_RBTC(200_000n)));
    } finally {
      boltz.misbehave({});
    }
    expect(started.state).toBe('funded');
    const lock = dataOf(started).lock!;
    await ourLockMined(started);
    expect(await etherSwapHolds(started, lock, BOLTZ_EVM_ACCOUNT, ours)).toBe(true);
    // Before the timelock: nothing happens, a refund asked for by hand is refused, the lock stays.
    const waiting = await drive(d, w, started.id, { passes: 3 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    await expect(w.engine.refund(w.ctx, started.id)).rejects.toThrow(`can be refunded from Rootstock block ${lock.timeoutBlockHeight}`);
    expect(await etherSwapHolds(started, lock, BOLTZ_EVM_ACCOUNT, ours)).toBe(true);

    await mineRootstockTo(lock.timeoutBlockHeight);
    const done = await drive(d, w, started.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(boltz.swaps.get(dataOf(done).swapId)!.status.status).toBe('swap.expired');
    expect(await etherSwapHolds(done, lock, BOLTZ_EVM_ACCOUNT, ours)).toBe(false);
    // The refund is EtherSwap's Refund event for our preimage hash, in the transaction the hop names.
    const refunds = await boltz.etherSwap!.logs(EVENTS.Refund, dataOf(done).preimageHash);
    expect(refunds.map((l) => l.transactionHash)).toEqual([done.steps.find((s) => s.key === 'refund')!.txid]);
    // Boltz never locked BTC for us.
    expect(boltz.swaps.get(dataOf(done).swapId)!.serverLock).not.toHaveProperty('lockup');
    const after = await w.rbtcBalance();
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(GAS);
  });
});

describe('reverse swap Lightning -> RBTC when things go wrong', () => {
  it('worker killed after paying: a fresh worker over the same storage claims the EtherSwap lock', async () => {
    const a = await fundedWallet(0n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    const lnBefore = a.funding.node.balanceMsat;
    const q = await route(a, BTC_LIGHTNING, RBTC, 120_000n);
    const started = await a.engine.start(a.ctx, q);
    const paying = await drive(d, a, started.id, { stopWhen: (r) => r.state === 'paying' });
    expect(paying).toMatchObject({ outcome: 'in-progress', state: 'paying' });
    // The worker dies with the hold invoice paid; Boltz locks RBTC that nobody has claimed yet.
    await boltz.waitForStatus(dataOf(paying).swapId, ['transaction.mempool', 'transaction.confirmed']);
    const claimSide = dataOf(paying).claim!;
    const ours = a.rootstock.address.toLowerCase();
    expect(await etherSwapHolds(paying, claimSide, ours, BOLTZ_EVM_ACCOUNT)).toBe(true);

    const b = freshWorker(a);
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    // The fresh worker did not pay the invoice again.
    expect(b.funding.paid).toEqual([]);
    expect(await etherSwapHolds(done, claimSide, ours, BOLTZ_EVM_ACCOUNT)).toBe(false);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    // Boltz learns the preimage from our claim and settles the held payment: paid once.
    await d.rootstock.mine(1);
    await boltz.sync();
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
    expect(lnBefore - a.funding.node.balanceMsat).toBeGreaterThanOrEqual(BigInt(q.send) * 1000n);
    expect(lnBefore - a.funding.node.balanceMsat).toBeLessThan(BigInt(q.send) * 2000n);
  });
});

describe('reverse swap Lightning -> RBTC killed while paying', () => {
  it('worker killed the moment the payment left: a fresh worker over what storage held then does not pay again, and claims', async () => {
    const a = await fundedWallet(0n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    // Storage as it is when the Lightning payment is handed over: what a worker killed right then leaves.
    let atPayment: MemoryArea | undefined;
    const pay = a.funding.payInvoice.bind(a.funding);
    a.funding.payInvoice = (invoice, opts) => {
      atPayment = new MemoryArea();
      for (const [k, v] of a.hopArea.data) atPayment.data.set(k, v);
      return pay(invoice, opts);
    };
    const q = await route(a, BTC_LIGHTNING, RBTC, 110_000n);
    const started = await a.engine.start(a.ctx, q);
    expect(started.state).toBe('paying');
    expect(atPayment).toBeDefined();

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: atPayment!, layerArea: a.layerArea });
    let payAttempts = 0;
    const bPay = b.funding.payInvoice.bind(b.funding);
    b.funding.payInvoice = (invoice, opts) => {
      payAttempts++;
      return bPay(invoice, opts);
    };
    // The fresh worker looks before Boltz has locked (its nursery has not run since the payment).
    expect(boltz.swaps.get(dataOf(started).swapId)!.status.status).toBe('swap.created');
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(payAttempts).toBe(0);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    await d.rootstock.mine(1);
    await boltz.sync();
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });
});

describe('reverse swap Lightning -> RBTC restored from the phrase', () => {
  it('found on Rootstock (Boltz\'s restore cannot return it: no key of ours is in it) and claimed on a fresh profile', async () => {
    const a = await fundedWallet(0n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, BTC_LIGHTNING, RBTC, 100_000n);
    const started = await a.engine.start(a.ctx, q);
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, ['transaction.mempool', 'transaction.confirmed']);
    await d.rootstock.mine(1);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const { restored } = await restoreBoltzHops(b.ctx, b.store);
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ mechanism: 'boltz-reverse', to: RBTC, index: started.index });
    expect(dataOf(restored[0]!).claim).toMatchObject({ currency: 'RBTC', amount: dataOf(started).claim!.amount, timeoutBlockHeight: dataOf(started).claim!.timeoutBlockHeight });
    expect(restored[0]!.expectedReceive).toBe(SATS_RBTC(BigInt(dataOf(restored[0]!).claim!.amount)).toString());
    const done = await drive(d, b, restored[0]!.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
    // anvil answers a send before its block is in: Boltz reads the Claim event once it is mined.
    await d.rootstock.receipt(done.steps.find((s) => s.key === 'claim')!.txid!);
    await boltz.sync();
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('settled');
    // Restoring again finds nothing new: the lock is claimed.
    const again = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    expect((await restoreBoltzHops(again.ctx, again.store)).restored).toEqual([]);
  });
});

describe('submarine swap when things go wrong', () => {
  it('worker killed after funding: a fresh worker over the same storage sees Boltz pay and completes', async () => {
    const a = await fundedWallet(1_000_000n, 0n);
    const before = await a.btcBalance();
    const lnBefore = a.funding.node.balanceMsat;
    const q = await route(a, BTC_ONCHAIN, BTC_LIGHTNING, 100_000n);
    const started = await a.engine.start(a.ctx, q);
    expect(started.state).toBe('funded');
    // The worker dies here.
    const b = freshWorker(a);
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(broadcasts(b)).toEqual([]);
    // The invoice (made by our Lightning wallet before the crash) was paid, once.
    expect(a.funding.node.balanceMsat - lnBefore).toBe(BigInt(q.receive) * 1000n);
    await d.bitcoin.mine(1);
    const spent = before - (await b.btcBalance());
    expect(spent).toBeGreaterThanOrEqual(BigInt(q.send));
    expect(spent).toBeLessThan(BigInt(q.send) + 5_000n);
  });
});

describe('chain swaps restored from the phrase at other points', () => {
  /** A new browser profile: nothing in storage, only the recovery phrase. Returns the one hop restore finds. */
  async function restoreOnFreshProfile(a: TestWallet, swapId: string) {
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const restored = await restoreBoltzHops(b.ctx, b.store);
    expect(restored.restored.map((r) => dataOf(r).swapId)).toEqual([swapId]);
    return { b, hop: restored.restored[0]! };
  }

  it('BTC -> RBTC restored after our lockup, before Boltz locks: Boltz then locks and the restored wallet claims', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, BTC_ONCHAIN, RBTC, 150_000n);
    boltz.misbehave({ neverLock: true });
    let started: HopRecord;
    try {
      started = await a.engine.start(a.ctx, q);
    } finally {
      boltz.misbehave({});
    }
    await d.bitcoin.mine(1);
    await boltz.sync();
    expect(boltz.swaps.get(dataOf(started).swapId)!.status.status).toBe('transaction.confirmed');
    const { b, hop } = await restoreOnFreshProfile(a, dataOf(started).swapId);
    // Boltz comes back and locks.
    boltz.misbehaveSwap(dataOf(started).swapId, { neverLock: false });
    const done = await drive(d, b, hop.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
    expect(gained).toBeLessThanOrEqual(BigInt(q.receive));
  });

  it('BTC -> RBTC restored after a stranger locked a sat less than Boltz under our preimage hash for us, before Boltz: the restored hop claims Boltz\'s lock', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const rbtcBefore = await a.rbtcBalance();
    const q = await route(a, BTC_ONCHAIN, RBTC, 150_000n);
    boltz.misbehave({ neverLock: true });
    let started: HopRecord;
    try {
      started = await a.engine.start(a.ctx, q);
    } finally {
      boltz.misbehave({});
    }
    const d0 = dataOf(started);
    const ours = a.rootstock.address.toLowerCase();
    // Anyone who learns the preimage hash can lock under it for us, with Boltz's timelock, before Boltz does.
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const data = [selector('lock(bytes32,address,address,uint256)'), word(d0.preimageHash), word(ours), word(ANVIL_DEV_ACCOUNT.toLowerCase()), word(d0.claim!.timeoutBlockHeight.toString(16))].join('');
    const strangerWei = SATS_RBTC(BigInt(d0.claim!.amount) - 1n);
    const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: boltz.etherSwap!.address, data: `0x${data}`, value: `0x${strangerWei.toString(16)}`, gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);
    // Boltz comes back and locks.
    boltz.misbehaveSwap(d0.swapId, { neverLock: false });
    await d.bitcoin.mine(1);
    await boltz.waitForStatus(d0.swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    const locks = await boltz.etherSwap!.lockups(d0.preimageHash);
    expect(locks.map((l) => l.transactionHash)[0]).toBe(fake);

    const { b, hop } = await restoreOnFreshProfile(a, d0.swapId);
    expect(dataOf(hop).claim).toMatchObject({ amount: d0.claim!.amount, counterpartyAddress: BOLTZ_EVM_ACCOUNT, timeoutBlockHeight: d0.claim!.timeoutBlockHeight });
    const done = await drive(d, b, hop.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(await etherSwapHolds(done, d0.claim!, ours, BOLTZ_EVM_ACCOUNT)).toBe(false);
    const gained = (await b.rbtcBalance()) - rbtcBefore;
    expect(gained).toBeGreaterThan(BigInt(q.receive) - GAS);
  });

  it('BTC -> RBTC restored before Boltz locks, then a stranger locks the least the hop would take under our preimage hash for us, before Boltz: the hop claims Boltz\'s lock', async () => {
    const a = await fundedWallet(1_000_000n, GAS);
    const q = await route(a, BTC_ONCHAIN, RBTC, 150_000n);
    boltz.misbehave({ neverLock: true });
    let started: HopRecord;
    try {
      started = await a.engine.start(a.ctx, q);
    } finally {
      boltz.misbehave({});
    }
    await d.bitcoin.mine(1);
    await boltz.sync();
    const d0 = dataOf(started);
    const { b, hop } = await restoreOnFreshProfile(a, d0.swapId);
    const rbtcBefore = await b.rbtcBalance();
    // Boltz named no amount yet: the restored side holds the floor in its place, and no counterparty.
    const floor = dataOf(hop).claim!.minSats!;
    expect(dataOf(hop).claim!.counterpartyAddress).toBeUndefined();
    expect(BigInt(floor)).toBeLessThan(BigInt(d0.claim!.amount));
    const ours = a.rootstock.address.toLowerCase();
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const data = [selector('lock(bytes32,address,address,uint256)'), word(d0.preimageHash), word(ours), word(ANVIL_DEV_ACCOUNT.toLowerCase()), word(d0.claim!.timeoutBlockHeight.toString(16))].join('');
    const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: boltz.etherSwap!.address, data: `0x${data}`, value: `0x${SATS_RBTC(BigInt(floor)).toString(16)}`, gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);
    // Boltz comes back and locks.
    boltz.misbehaveSwap(d0.swapId, { neverLock: false });
    const done = await drive(d, b, hop.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(dataOf(done).claim).toMatchObject({ amount: d0.claim!.amount, counterpartyAddress: BOLTZ_EVM_ACCOUNT });
    expect(await etherSwapHolds(done, d0.claim!, ours, BOLTZ_EVM_ACCOUNT)).toBe(false);
    expect((await b.rbtcBalance()) - rbtcBefore).toBeGreaterThan(BigInt(q.receive) - GAS);
  });

  it('BTC -> RBTC restored while Boltz never locks: the restored wallet refunds our lockup after the timeout', async () => {
    const a = await fundedWallet(1_000_000n, 0n);
    const before = await a.btcBalance();
    boltz.misbehave({ neverLock: true, refuseCooperation: true });
    let started: HopRecord;
    try {
      started = await a.engine.start(a.ctx, await route(a, BTC_ONCHAIN, RBTC, 150_000n));
    } finally {
      boltz.misbehave({});
    }
    await d.bitcoin.mine(1);
    await boltz.sync();
    const { b, hop } = await restoreOnFreshProfile(a, dataOf(started).swapId);
    await mineBitcoinTo(d, dataOf(started).lock!.timeoutBlockHeight);
    const done = await drive(d, b, hop.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    await d.bitcoin.mine(1);
    const after = await b.btcBalance();
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(10_000n);
  });

  it('RBTC -> BTC restored mid-swap: found again and the BTC claimed', async () => {
    const a = await fundedWallet(0n, SATS_RBTC(300_000n));
    const q = await route(a, RBTC, BTC_ONCHAIN, SATS_RBTC(200_000n));
    const started = await a.engine.start(a.ctx, q);
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    const { b, hop } = await restoreOnFreshProfile(a, dataOf(started).swapId);
    expect(hop).toMatchObject({ mechanism: 'boltz-chain', index: started.index, from: RBTC, to: BTC_ONCHAIN });
    // What we locked is counted in wei, as on the live profile.
    expect(hop.send).toBe(started.send);
    const done = await drive(d, b, hop.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    const btc = await b.btcBalance();
    expect(btc).toBeGreaterThan(BigInt(q.receive) - 1_000n);
    expect(btc).toBeLessThanOrEqual(BigInt(q.receive));
  });

  it('RBTC -> BTC restored while Boltz never locks: the restored wallet refunds through EtherSwap after the timelock', async () => {
    const a = await fundedWallet(0n, SATS_RBTC(300_000n));
    const before = await a.rbtcBalance();
    boltz.misbehave({ neverLock: true, refuseCooperation: true });
    let started: HopRecord;
    try {
      started = await a.engine.start(a.ctx, await route(a, RBTC, BTC_ONCHAIN, SATS_RBTC(200_000n)));
    } finally {
      boltz.misbehave({});
    }
    await boltz.sync();
    const { b, hop } = await restoreOnFreshProfile(a, dataOf(started).swapId);
    await mineRootstockTo(dataOf(started).lock!.timeoutBlockHeight);
    const done = await drive(d, b, hop.id, { passes: 10 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const after = await b.rbtcBalance();
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThan(GAS);
  });
});
