/**
 * RBTC -> Lightning: a Boltz submarine swap funded by an EtherSwap lock, against the
 * devnet Boltz stand-in (anvil with boltz-core's EtherSwap, the Lightning ledger). The
 * wallet locks under the invoice's payment hash, Boltz pays and claims with the
 * preimage; when Boltz cannot pay, the lock comes back with Boltz's EIP-712 signature,
 * or by the timelock when Boltz will not sign. Each lie of Boltz's create answer is
 * refused before any RBTC moves, and a worker killed around the lock never locks twice.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, RBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import { selector, SIG } from '../../../../src/hops/boltz/etherswap';
import type { RouteQuote } from '../../../../src/hops/types';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { BOLTZ_EVM_ACCOUNT } from '../../../devnet/boltz';
import { ANVIL_DEV_ACCOUNT } from '../../../devnet/rootstock/anvil';
import { MemoryArea } from '../../../helpers/memory-ports';
import { type Devnets, drive, makeWallet, mineRootstockTo, misbehaving, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let d: Devnets;

startBoltzDevnetsForFile((started) => {
  d = started;
});

const RBTC_FUNDS = 1_000_000n * WEI_PER_SAT;
const AMOUNT = 100_000n * WEI_PER_SAT;

async function rbtcWallet(opts: Parameters<typeof makeWallet>[1] = {}): Promise<TestWallet> {
  const w = makeWallet(d, opts);
  await d.rootstock.fund(w.rootstock.address, RBTC_FUNDS);
  return w;
}

const nonceOf = async (w: TestWallet) => Number(await d.rootstock.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'latest']));
const tip = async () => Number(await d.rootstock.rpc<string>('eth_blockNumber'));
const lockups = (preimageHash: string) => d.boltz.etherSwap!.lockups(preimageHash);

/** Waits for `cond` (checked every 50 ms, at most 10 s). */
async function until(cond: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a mined transaction of ours cost in gas (wei). */
async function gasOf(...hashes: string[]): Promise<bigint> {
  let sum = 0n;
  // Waits for each receipt: anvil answers a send before its automined block is in.
  for (const h of hashes) {
    const r = await d.rootstock.receipt<{ gasUsed: string; effectiveGasPrice: string }>(h);
    sum += BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice);
  }
  return sum;
}

/** The function a transaction called (its input's selector). */
async function calledSelector(hash: string): Promise<string> {
  const tx = await d.rootstock.rpc<{ input: string }>('eth_getTransactionByHash', [hash]);
  return tx.input.slice(2, 10);
}

describe('RBTC -> Lightning through a Boltz submarine swap', () => {
  it('is offered as a direct route, quoted in wei with the Lightning amount in sats', async () => {
    const w = await rbtcWallet();
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    expect(q.mechanism).toBe('boltz-submarine');
    // The devnet pair: 0.1 % (rounded up) and 250 sats of Boltz's claim gas on top of the invoice.
    const invoice = BigInt(q.receive);
    expect(invoice + (invoice + 999n) / 1000n + 250n).toBeLessThanOrEqual(AMOUNT / WEI_PER_SAT);
    expect(BigInt(q.send)).toBe((invoice + (invoice + 999n) / 1000n + 250n) * WEI_PER_SAT);
  });

  it('locks the invoice plus fees in the pinned EtherSwap, Boltz pays the invoice and claims: RBTC down by the lock and its gas, the invoice paid', async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const lnBefore = w.funding.node.balanceMsat;
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const d0 = dataOf(started);
    const lockTx = d0.lock!.txid!;
    expect(lockTx).toMatch(/^0x[0-9a-f]{64}$/);
    // The lock is under the invoice's payment hash, for exactly the quoted wei, naming Boltz's EVM wallet.
    await gasOf(lockTx);
    const [lock, ...others] = await lockups(d0.preimageHash);
    expect(others).toEqual([]);
    expect(lock).toMatchObject({ amountWei: BigInt(q.send), claimAddress: BOLTZ_EVM_ACCOUNT, refundAddress: w.rootstock.address.toLowerCase(), transactionHash: lockTx });

    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(w.funding.node.balanceMsat - lnBefore).toBe(BigInt(q.receive) * 1000n);
    const lockGas = await gasOf(lockTx);
    expect(before - (await w.rbtcBalance())).toBe(BigInt(q.send) + lockGas);
    expect(await d.boltz.etherSwap!.claimedPreimage(d0.preimageHash)).not.toBeNull();
    expect(done.steps.find((s) => s.key === 'pay')?.note).toBeDefined();
    expect(d.boltz.swaps.get(d0.swapId)!.status.status).toBe('transaction.claimed');
  });

  it('pays a pasted invoice (a payee other than our wallet) from RBTC: the quote for that invoice locks it plus the fees in wei', async () => {
    const w = await rbtcWallet();
    const payee = makeWallet(d);
    const invoice = await payee.funding.makeInvoice(50_000_000n, 'pasted');
    const planned = await w.engine.planForInvoice(w.ctx, RBTC, BTC_LIGHTNING, { text: invoice, sats: 50_000n });
    const q = planned!.routes.find((r) => r.mechanism === 'boltz-submarine')!;
    // 50,000 sats, 0.1 % (50) and Boltz's 250 sats of claim gas, in wei.
    expect(q).toMatchObject({ available: true, receive: '50000', send: (50_300n * WEI_PER_SAT).toString() });
    const payeeBefore = payee.funding.node.balanceMsat;
    const done = await drive(d, w, (await w.engine.start(w.ctx, q)).id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    expect(dataOf(done).invoice).toBe(invoice);
    expect(payee.funding.node.balanceMsat - payeeBefore).toBe(50_000_000n);
  });

  it('Boltz cannot pay: the lock comes back at once with its EIP-712 signature (refundCooperative), before the timelock', async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await misbehaving(d.boltz, { failPayment: true }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    await d.boltz.waitForStatus(d0.swapId, 'invoice.failedToPay');
    const done = await drive(d, w, started.id, { mine: false });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const refundTx = dataOf(done).lock!.spendTxid!;
    expect(await calledSelector(refundTx)).toBe(selector(SIG.refundCooperative));
    expect(await tip()).toBeLessThan(d0.lock!.timeoutBlockHeight);
    // Everything back but the gas of the lock and the refund.
    const gas = await gasOf(d0.lock!.txid!, refundTx);
    expect(before - (await w.rbtcBalance())).toBe(gas);
    expect(w.funding.paid).toEqual([]);
  });

  it('a refund someone else sent for us with Boltz\'s signature (EtherSwap\'s sponsored refundCooperative) is seen by its Refund event: the hop ends refunded', async () => {
    const w = await rbtcWallet();
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await misbehaving(d.boltz, { failPayment: true }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    await d.boltz.waitForStatus(d0.swapId, 'invoice.failedToPay');
    const { signature } = (await (await fetch(`${d.boltz.url}/swap/submarine/${d0.swapId}/refund`)).json()) as { signature: string };
    const sig = signature.slice(2);
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const data = [
      selector('refundCooperative(bytes32,uint256,address,address,uint256,uint8,bytes32,bytes32)'),
      word(d0.preimageHash),
      word((BigInt(d0.lock!.amount) * WEI_PER_SAT).toString(16)),
      word(BOLTZ_EVM_ACCOUNT),
      word(w.rootstock.address.toLowerCase()),
      word(d0.lock!.timeoutBlockHeight.toString(16)),
      word(sig.slice(128, 130)),
      sig.slice(0, 64),
      sig.slice(64, 128),
    ].join('');
    const sponsor = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: d.boltz.etherSwap!.address, data: `0x${data}`, gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(sponsor)).status)).toBe(1);
    const done = await drive(d, w, started.id, { mine: false, passes: 3 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(dataOf(done).lock!.spendTxid).toBe(sponsor);
    expect(await nonceOf(w)).toBe(1);
  });

  it('Boltz cannot pay and will not sign: the hop waits for the timelock (a refund by hand is refused with its block), then refunds with refund()', async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await misbehaving(d.boltz, { failPayment: true, refuseCooperation: true }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    await d.boltz.waitForStatus(d0.swapId, 'invoice.failedToPay');
    const waiting = await drive(d, w, started.id, { mine: false, passes: 2 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(englishOf(waiting.lastError)).toMatch(new RegExp(`refunded from Rootstock block ${d0.lock!.timeoutBlockHeight}`));
    await expect(w.engine.refund(w.ctx, started.id)).rejects.toThrow(/refunded from Rootstock block/);
    expect(await lockups(d0.preimageHash)).toHaveLength(1);

    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight - 1);
    const done = await drive(d, w, started.id, { mine: false });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const refundTx = dataOf(done).lock!.spendTxid!;
    expect(await calledSelector(refundTx)).toBe(selector(SIG.refund));
    const gas = await gasOf(d0.lock!.txid!, refundTx);
    expect(before - (await w.rbtcBalance())).toBe(gas);
  });
});

/** A hop storage area whose writes stop (the worker dies) at the first write `dies` matches; `throws`: that write lands and the worker dies right after it. */
class DyingArea extends MemoryArea {
  dead = false;
  constructor(
    private readonly dies: (json: string) => boolean,
    private readonly throws: boolean,
  ) {
    super();
  }
  override async set(items: Record<string, unknown>) {
    if (this.dead) return;
    if (!this.dies(JSON.stringify(items))) return super.set(items);
    this.dead = true;
    if (!this.throws) return;
    await super.set(items);
    throw new Error('the worker was stopped');
  }
}

describe('a worker killed around the lock never locks twice', () => {
  const cases = [
    { name: 'the lock transaction saved on the hop, the worker killed before its broadcast', throws: true, dies: (j: string) => j.includes('"fundingTxid"') },
    { name: 'the lock broadcast, the worker killed before anything of it was saved', throws: false, dies: (j: string) => j.includes('"fundingTxid"') },
  ];
  for (const c of cases) {
    it(`${c.name}: the next worker finds that lock (one Lockup, one nonce) and the swap completes`, async () => {
      const hopArea = new DyingArea(c.dies, c.throws);
      const layerArea = new MemoryArea();
      const a = await rbtcWallet({ hopArea, layerArea });
      const nonce = await nonceOf(a);
      const q = (await route(a, RBTC, BTC_LIGHTNING, AMOUNT)) as RouteQuote<'boltz-submarine'>;
      await a.engine.start(a.ctx, q).catch(() => undefined);
      expect(hopArea.dead).toBe(true);
      const [stored] = await a.store.all();
      expect(stored!.state).toBe('created');
      const preimageHash = dataOf(stored!).preimageHash;
      expect(dataOf(stored!).lock!.fundingTxid !== undefined).toBe(c.throws);
      // anvil answers a send before its automined block is in: wait for that block when the lock went out.
      if (!c.throws) await until(async () => (await lockups(preimageHash)).length > 0);
      expect(await lockups(preimageHash)).toHaveLength(c.throws ? 0 : 1);

      // The next worker of the same profile.
      hopArea.dead = false;
      const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea, layerArea });
      const done = await drive(d, b, stored!.id);
      expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
      const locks = await lockups(preimageHash);
      expect(locks).toHaveLength(1);
      expect(dataOf(done).lock!.txid).toBe(locks[0]!.transactionHash);
      expect(await nonceOf(b)).toBe(nonce + 1);
    });
  }
});

describe('a worker killed after its lock went out, before the hop saved it, while no block has taken the lock yet', () => {
  it('the next worker finds that lock among the account\'s unmined calls and signs no second one (one nonce, one Lockup)', async () => {
    let died = false;
    const hopArea = new DyingArea((j) => !died && j.includes('"fundingTxid"') && (died = true), false);
    const layerArea = new MemoryArea();
    const a = await rbtcWallet({ hopArea, layerArea });
    const nonce = await nonceOf(a);
    const q = await route(a, RBTC, BTC_LIGHTNING, AMOUNT);
    const pendingNonce = async () => Number(await d.rootstock.rpc<string>('eth_getTransactionCount', [a.rootstock.address.toLowerCase(), 'pending']));
    let id: string;
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea, layerArea });
    await d.rootstock.setAutomine(false);
    try {
      await a.engine.start(a.ctx, q).catch(() => undefined);
      expect(hopArea.dead).toBe(true);
      expect(await pendingNonce()).toBe(nonce + 1);
      // The next worker of the same profile, while the lock waits for a block.
      hopArea.dead = false;
      const [stored] = await b.store.all();
      id = stored!.id;
      expect(dataOf(stored!).lock!.fundingTxid).toBeUndefined();
      await b.engine.advance(b.ctx, id);
      expect(await pendingNonce()).toBe(nonce + 1);
    } finally {
      await d.rootstock.setAutomine(true);
    }
    await d.rootstock.mine(1);
    const done = await drive(d, b, id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'paid' });
    const locks = await lockups(dataOf(done).preimageHash);
    expect(locks).toHaveLength(1);
    expect(dataOf(done).lock!.txid).toBe(locks[0]!.transactionHash);
    expect(await nonceOf(b)).toBe(nonce + 1);
  });
});

describe('a lock signed and kept in the Rootstock send log by a worker killed before the hop saved it or it went out, whose swap Boltz ended meanwhile', () => {
  it('is never sent into the dead swap: the hop ends expired with nothing locked, and no later Rootstock refresh sends it', async () => {
    // The hop's save of the lock's hash never lands: the worker dies there, before the broadcast.
    class KilledAtSave extends MemoryArea {
      dead = false;
      override async set(items: Record<string, unknown>) {
        if (this.dead) return;
        if (!JSON.stringify(items).includes('"fundingTxid"')) return super.set(items);
        this.dead = true;
        throw new Error('the worker was stopped');
      }
    }
    const hopArea = new KilledAtSave();
    const layerArea = new MemoryArea();
    const a = await rbtcWallet({ hopArea, layerArea });
    const nonce = await nonceOf(a);
    const balance = await a.rbtcBalance();
    await a.engine.start(a.ctx, await route(a, RBTC, BTC_LIGHTNING, AMOUNT)).catch(() => undefined);
    expect(hopArea.dead).toBe(true);
    const [stored] = await a.store.all();
    const d0 = dataOf(stored!);
    expect(d0.lock!.fundingTxid).toBeUndefined();
    expect(await nonceOf(a)).toBe(nonce);
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight);
    await d.boltz.sync();
    await d.boltz.waitForStatus(d0.swapId, 'swap.expired');

    hopArea.dead = false;
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea, layerArea });
    const done = await drive(d, b, stored!.id, { mine: false, passes: 3 });
    expect(done).toMatchObject({ outcome: 'expired', state: 'expired' });
    await b.rootstock.overview();
    await d.rootstock.mine(1);
    expect(await lockups(d0.preimageHash)).toEqual([]);
    expect(await nonceOf(b)).toBe(nonce);
    expect(await b.rbtcBalance()).toBe(balance);
  });
});

describe('a lock someone else made under the invoice\'s payment hash naming us as refund address (EtherSwap\'s lock with a refundAddress)', () => {
  it('is not taken for our lock: the hop locks its own (never shows the stranger\'s as its funding), and gets it back when Boltz, having seen the stranger\'s first, fails the swap', async () => {
    // The worker dies once, right after the hop is stored and before it funds.
    let died = false;
    const hopArea = new DyingArea((j) => !died && j.includes('"mechanism":"boltz-submarine"') && (died = true), true);
    const layerArea = new MemoryArea();
    const a = await rbtcWallet({ hopArea, layerArea });
    const before = await a.rbtcBalance();
    await a.engine.start(a.ctx, await route(a, RBTC, BTC_LIGHTNING, AMOUNT)).catch(() => undefined);
    expect(hopArea.dead).toBe(true);
    const [stored] = await a.store.all();
    const d0 = dataOf(stored!);
    expect(d0.lock!.txid).toBeUndefined();
    // A stranger who knows the invoice locks one wei under its hash for Boltz's claim address, refundable by us.
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const data = [selector('lock(bytes32,address,address,uint256)'), word(d0.preimageHash), word(BOLTZ_EVM_ACCOUNT), word(a.rootstock.address.toLowerCase()), word((await tip()).toString(16))].join('');
    const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: d.boltz.etherSwap!.address, data: `0x${data}`, value: '0x1', gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);

    hopArea.dead = false;
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea, layerArea });
    const funded = await drive(d, b, stored!.id, { stopWhen: (r) => r.state === 'funded' });
    // Funded is said on anvil's answer to the send, which can come before its automined block (and the Lockup event) is in.
    await d.rootstock.receipt(dataOf(funded).lock!.txid!);
    const ours = (await lockups(d0.preimageHash)).filter((l) => l.transactionHash !== fake);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ amountWei: BigInt(d0.lock!.amount) * WEI_PER_SAT, claimAddress: d0.lock!.counterpartyAddress, refundAddress: b.rootstock.address.toLowerCase() });
    expect(dataOf(funded).lock!.txid).toBe(ours[0]!.transactionHash);
    // Boltz signs a refund of the lock it saw (the stranger's values): no signature for ours, so the timelock opens it.
    const waiting = await drive(d, b, stored!.id, { mine: false, passes: 3 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(englishOf(waiting.lastError)).toMatch(new RegExp(`refunded from Rootstock block ${d0.lock!.timeoutBlockHeight}`));
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight - 1);
    const done = await drive(d, b, stored!.id, { mine: false });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(dataOf(done).lock!.txid).toBe(ours[0]!.transactionHash);
    expect(await calledSelector(dataOf(done).lock!.spendTxid!)).toBe(selector(SIG.refund));
    const gas = await gasOf(ours[0]!.transactionHash, dataOf(done).lock!.spendTxid!);
    expect(before - (await b.rbtcBalance())).toBe(gas);
  });
});

describe('a lock signed by a worker killed before its broadcast, whose swap Boltz ended meanwhile', () => {
  it('is never sent into the dead swap: the hop ends expired with nothing locked, and no later Rootstock refresh sends it', async () => {
    // The worker dies once, right after the hop saved the lock's hash.
    let died = false;
    const hopArea = new DyingArea((j) => !died && j.includes('"fundingTxid"') && (died = true), true);
    const layerArea = new MemoryArea();
    const a = await rbtcWallet({ hopArea, layerArea });
    const nonce = await nonceOf(a);
    const balance = await a.rbtcBalance();
    await a.engine.start(a.ctx, await route(a, RBTC, BTC_LIGHTNING, AMOUNT)).catch(() => undefined);
    expect(hopArea.dead).toBe(true);
    const [stored] = await a.store.all();
    const d0 = dataOf(stored!);
    expect(d0.lock!.fundingTxid).toMatch(/^0x[0-9a-f]{64}$/);
    // The worker stays dead past the swap's timeout: Boltz ends the unfunded swap.
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight);
    await d.boltz.sync();
    await d.boltz.waitForStatus(d0.swapId, 'swap.expired');

    hopArea.dead = false;
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea, layerArea });
    const done = await drive(d, b, stored!.id, { mine: false, passes: 3 });
    expect(done).toMatchObject({ outcome: 'expired', state: 'expired' });
    expect(englishOf(done.lastError), englishOf(done.lastError)).toMatch(/never seen on the network and is not sent now/);
    // A refresh of the Rootstock screen (which sends what a dead worker left signed) sends nothing either.
    await b.rootstock.overview();
    await d.rootstock.mine(1);
    expect(await lockups(d0.preimageHash)).toEqual([]);
    expect(await nonceOf(b)).toBe(nonce);
    expect(await b.rbtcBalance()).toBe(balance);
  });
});

describe("Boltz's create answer lies: refused before any RBTC moves", () => {
  const cases = [
    { name: 'the contract is not the pinned EtherSwap', m: { wrongAddress: true }, msg: /EtherSwap contract 0x(de){20} is not the one pinned/ },
    { name: 'the contract is a second EtherSwap of its own', m: { otherEtherSwap: true }, msg: /is not the one pinned/ },
    { name: 'the amount to lock is more than the invoice and the quoted fees', m: { wrongAmount: true }, msg: /the amount to lock is \d+ sats, expected \d+/ },
    { name: 'the timelock is too close', m: { timeoutDelta: 5 }, msg: /only 5 blocks ahead/ },
    { name: 'the timelock is too far', m: { timeoutDelta: 50_000 }, msg: /would lock the funds too long/ },
    { name: 'the claim address is the zero address', m: { wrongClaimAddress: 'zero' as const }, msg: /claim address 0x0{40} is the zero address/ },
    { name: 'the claim address is the contract', m: { wrongClaimAddress: 'contract' as const }, msg: /is the EtherSwap contract itself/ },
  ];
  for (const c of cases) {
    it(`${c.name}`, async () => {
      const w = await rbtcWallet();
      const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
      const nonce = await nonceOf(w);
      const balance = await w.rbtcBalance();
      await misbehaving(d.boltz, c.m, async () => {
        await expect(w.engine.start(w.ctx, q)).rejects.toThrow(c.msg);
      });
      expect(await w.store.all()).toEqual([]);
      expect(await nonceOf(w)).toBe(nonce);
      expect(await w.rbtcBalance()).toBe(balance);
      const swap = [...d.boltz.swaps.values()].at(-1)!;
      expect(await lockups(swap.preimageHash)).toEqual([]);
    });
  }

  it("a claim address that is not Boltz's cannot be told from Boltz's own (Boltz publishes none): Boltz rejects the lock, its signature for another claim address is not used, the lock comes back at the timelock", async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await misbehaving(d.boltz, { wrongClaimAddress: 'stranger' }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    expect(d0.lock!.counterpartyAddress).toBe(`0x${'5a'.repeat(20)}`);
    await d.boltz.waitForStatus(d0.swapId, 'transaction.lockupFailed');
    const waiting = await drive(d, w, started.id, { mine: false, passes: 2 });
    // Boltz signed a refund (with its own key): it does not open a lock naming the stranger, so no gas is spent on it.
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(await nonceOf(w)).toBe(1);
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight - 1);
    const done = await drive(d, w, started.id, { mine: false });
    expect(done).toMatchObject({ outcome: 'refunded' });
    expect(w.funding.paid).toEqual([]);
    const gas = await gasOf(d0.lock!.txid!, dataOf(done).lock!.spendTxid!);
    expect(before - (await w.rbtcBalance())).toBe(gas);
  });
});

describe('chain swaps between L-BTC and RBTC (the RBTC/L-BTC pair Boltz configures for chain swaps)', () => {
  it('L-BTC -> RBTC: locks L-BTC, claims Boltz\'s EtherSwap lock; RBTC up by the quote less the claim gas, L-BTC down by the lock and its fee', async () => {
    const w = makeWallet(d);
    await d.liquid.faucet((await w.liquid.receive()).address, 500_000);
    d.liquid.mine(1);
    await d.rootstock.fund(w.rootstock.address, 10n ** 16n);
    const lbtcBefore = await w.lbtcBalance();
    const rbtcBefore = await w.rbtcBalance();
    const q = await route(w, { layer: 'liquid', asset: 'L-BTC' }, RBTC, 200_000n);
    expect(q.mechanism).toBe('boltz-chain');
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const claimTx = dataOf(done).claim!.spendTxid!;
    const claimGas = await gasOf(claimTx);
    expect((await w.rbtcBalance()) - rbtcBefore).toBe(BigInt(q.receive) - claimGas);
    d.liquid.mine(1);
    const spent = lbtcBefore - (await w.lbtcBalance());
    expect(spent).toBeGreaterThan(200_000n);
    expect(spent).toBeLessThan(200_000n + 1_000n);
    await d.boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('RBTC -> L-BTC: locks RBTC in the pinned EtherSwap, claims the confidential L-BTC lockup; Boltz claims our lock', async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const q = await route(w, RBTC, { layer: 'liquid', asset: 'L-BTC' }, 200_000n * WEI_PER_SAT);
    expect(q.mechanism).toBe('boltz-chain');
    const started = await w.engine.start(w.ctx, q);
    expect(started.state).toBe('funded');
    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    const lockGas = await gasOf(dataOf(done).lock!.txid!);
    expect(before - (await w.rbtcBalance())).toBe(200_000n * WEI_PER_SAT + lockGas);
    d.liquid.mine(1);
    const got = await w.lbtcBalance();
    expect(got).toBeGreaterThanOrEqual(BigInt(q.receive));
    expect(got).toBeLessThan(BigInt(dataOf(done).claim!.amount));
    await d.boltz.waitForStatus(dataOf(done).swapId, 'transaction.claimed');
  });

  it('RBTC -> BTC whose lock Boltz rejects: refunded at once with its EIP-712 signature, not at the timelock', async () => {
    const w = await rbtcWallet();
    const before = await w.rbtcBalance();
    const q = await route(w, RBTC, { layer: 'bitcoin', asset: 'BTC' }, 200_000n * WEI_PER_SAT);
    const started = await misbehaving(d.boltz, { rejectLockup: 'blocked address' }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    await d.boltz.waitForStatus(d0.swapId, 'transaction.lockupFailed');
    const done = await drive(d, w, started.id, { mine: false, passes: 4 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    const refundTx = dataOf(done).lock!.spendTxid!;
    expect(await calledSelector(refundTx)).toBe(selector(SIG.refundCooperative));
    expect(await tip()).toBeLessThan(d0.lock!.timeoutBlockHeight);
    const gas = await gasOf(d0.lock!.txid!, refundTx);
    expect(before - (await w.rbtcBalance())).toBe(gas);
  });
});

describe('restored from the recovery phrase on a fresh profile', () => {
  /** A lock of a submarine swap Boltz could not pay, left by a profile that is then lost; the fresh profile restores. */
  async function lostProfileLock(m: Parameters<typeof misbehaving>[1]) {
    const a = await rbtcWallet();
    const before = await a.rbtcBalance();
    const started = await misbehaving(d.boltz, m, async () => a.engine.start(a.ctx, await route(a, RBTC, BTC_LIGHTNING, AMOUNT)));
    const d0 = dataOf(started);
    await d.boltz.waitForStatus(d0.swapId, 'invoice.failedToPay');
    const b = makeWallet(d, { mnemonic: a.mnemonic });
    const restored = await b.engine.restore(b.ctx);
    return { a, b, before, d0, restored };
  }

  it("finds our lock on Rootstock (Boltz's restore cannot: it holds no key of ours) and refunds it with Boltz's signature, asked for by the preimage hash", async () => {
    const { b, before, d0, restored } = await lostProfileLock({ failPayment: true });
    const hop = restored.restored.find((r) => dataOf(r).preimageHash === d0.preimageHash);
    expect(hop).toMatchObject({ mechanism: 'boltz-submarine', from: RBTC, to: BTC_LIGHTNING, send: BigInt(d0.lock!.amount) * WEI_PER_SAT + '' });
    expect(dataOf(hop!).lock).toMatchObject({ txid: d0.lock!.txid, counterpartyAddress: BOLTZ_EVM_ACCOUNT, timeoutBlockHeight: d0.lock!.timeoutBlockHeight });
    const done = await drive(d, b, hop!.id, { mine: false, passes: 3 });
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(await calledSelector(dataOf(done).lock!.spendTxid!)).toBe(selector(SIG.refundCooperative));
    expect(await tip()).toBeLessThan(d0.lock!.timeoutBlockHeight);
    const gas = await gasOf(d0.lock!.txid!, dataOf(done).lock!.spendTxid!);
    expect(before - (await b.rbtcBalance())).toBe(gas);
    // Restoring again finds nothing more: the lock is gone.
    expect((await b.engine.restore(b.ctx)).restored).toEqual([]);
  });

  it('refunds it after the timelock when Boltz will not sign; a lock Boltz claimed (paid) is not restored', async () => {
    const { b, d0, restored } = await lostProfileLock({ failPayment: true, refuseCooperation: true });
    const hop = restored.restored.find((r) => dataOf(r).preimageHash === d0.preimageHash)!;
    const waiting = await drive(d, b, hop.id, { mine: false, passes: 2 });
    expect(waiting).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight - 1);
    expect(await drive(d, b, hop.id, { mine: false })).toMatchObject({ outcome: 'refunded' });

    // A paid swap's lock was claimed by Boltz: nothing to restore.
    const paid = await rbtcWallet();
    const done = await drive(d, paid, (await paid.engine.start(paid.ctx, await route(paid, RBTC, BTC_LIGHTNING, AMOUNT))).id);
    expect(done.outcome).toBe('completed');
    const fresh = makeWallet(d, { mnemonic: paid.mnemonic });
    expect((await fresh.engine.restore(fresh.ctx)).restored).toEqual([]);
  });
});

describe('a lock a stranger made naming us as refund address (EtherSwap\'s lock with a refundAddress), found on a restore', () => {
  it('is not restored as a move of ours: no hop, no key index taken, no gas spent refunding it', async () => {
    const w = await rbtcWallet();
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const hash = 'ab'.repeat(32);
    const data = [selector('lock(bytes32,address,address,uint256)'), word(hash), word(BOLTZ_EVM_ACCOUNT), word(w.rootstock.address.toLowerCase()), word((await tip()).toString(16))].join('');
    const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: d.boltz.etherSwap!.address, data: `0x${data}`, value: '0x1', gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);
    const fresh = makeWallet(d, { mnemonic: w.mnemonic });
    const restored = await fresh.engine.restore(fresh.ctx);
    expect(restored.restored.filter((r) => dataOf(r).preimageHash === hash)).toEqual([]);
    expect(await fresh.store.all()).toEqual([]);
    expect(await fresh.store.reserveIndex()).toBe(0);
  });
});

describe('a lock a stranger made under our chain swap\'s preimage hash naming us as refund address, before our own lock', () => {
  it('is not taken for our lock when the chain swap RBTC -> BTC is restored on a fresh profile: the restored hop follows the lock our account sent', async () => {
    const w = makeWallet(d);
    const q = await route(w, RBTC, { layer: 'bitcoin', asset: 'BTC' }, 200_000n * WEI_PER_SAT);
    // No RBTC yet: the swap exists at Boltz, our lock is not made (the hop keeps its error and waits).
    const created = await w.engine.start(w.ctx, q);
    expect(created).toMatchObject({ state: 'created', lastErrorCode: 'insufficient_funds' });
    const d0 = dataOf(created);
    const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
    const data = [selector('lock(bytes32,address,address,uint256)'), word(d0.preimageHash), word(ANVIL_DEV_ACCOUNT.toLowerCase()), word(w.rootstock.address.toLowerCase()), word((await tip()).toString(16))].join('');
    const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: d.boltz.etherSwap!.address, data: `0x${data}`, value: '0x1', gas: '0x100000' }]);
    expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);
    await d.rootstock.fund(w.rootstock.address, RBTC_FUNDS);
    const funded = await w.engine.advance(w.ctx, created.id);
    const ours = dataOf(funded).lock!.txid!;
    expect(ours).toBeDefined();
    expect(ours).not.toBe(fake);

    const fresh = makeWallet(d, { mnemonic: w.mnemonic });
    const restored = await fresh.engine.restore(fresh.ctx);
    const hop = restored.restored.find((r) => dataOf(r).preimageHash === d0.preimageHash);
    expect(dataOf(hop!).lock).toMatchObject({ txid: ours, amount: d0.lock!.amount, counterpartyAddress: d0.lock!.counterpartyAddress!.toLowerCase() });
  });
});

describe('a worker killed after our EtherSwap refund call went out, before the hop was saved', () => {
  /** Advances the hop with writes that stop at the first record marked refunded (the worker dies there), while anvil mines nothing. */
  async function refundCutShort(w: TestWallet, id: string, area: DyingArea): Promise<void> {
    await d.rootstock.setAutomine(false);
    try {
      await w.engine.advance(w.ctx, id).catch(() => undefined);
      expect(area.dead).toBe(true);
      // The next worker of the same profile, while the refund call is still unmined.
      area.dead = false;
      const b = makeWallet(d, { mnemonic: w.mnemonic, hopArea: area, layerArea: w.layerArea });
      await b.engine.advance(b.ctx, id);
    } finally {
      await d.rootstock.setAutomine(true);
    }
    await d.rootstock.mine(1);
  }

  it('chain swap RBTC -> BTC whose Boltz never locks: one refund call, found again by the next worker, which ends the hop refunded', async () => {
    const area = new DyingArea((j) => j.includes('"state":"refunded"'), false);
    const w = await rbtcWallet({ hopArea: area, layerArea: new MemoryArea() });
    const q = await route(w, RBTC, { layer: 'bitcoin', asset: 'BTC' }, 200_000n * WEI_PER_SAT);
    const started = await misbehaving(d.boltz, { neverLock: true }, () => w.engine.start(w.ctx, q));
    const d0 = dataOf(started);
    await mineRootstockTo(d, d0.lock!.timeoutBlockHeight);
    await d.boltz.waitForStatus(d0.swapId, 'swap.expired');
    await refundCutShort(w, started.id, area);
    // Our lock and one refund: a second refund call would have taken nonce 2 (and reverted, its gas lost).
    // (Polled: anvil answers a send before its automined block is in.)
    await expect.poll(() => nonceOf(w)).toBe(2);
    expect(await d.boltz.etherSwap!.isLocked(d0.preimageHash, BigInt(d0.lock!.amount) * WEI_PER_SAT, BOLTZ_EVM_ACCOUNT, w.rootstock.address.toLowerCase(), d0.lock!.timeoutBlockHeight)).toBe(false);
    const r = await drive(d, makeWallet(d, { mnemonic: w.mnemonic, hopArea: area, layerArea: w.layerArea }), started.id, { mine: false });
    expect(r).toMatchObject({ outcome: 'refunded' });
  });

  it('submarine swap RBTC -> Lightning that Boltz cannot pay: one refund call, found again by the next worker, which ends the hop refunded', async () => {
    const area = new DyingArea((j) => j.includes('"state":"refunded"'), false);
    const w = await rbtcWallet({ hopArea: area, layerArea: new MemoryArea() });
    const q = await route(w, RBTC, BTC_LIGHTNING, AMOUNT);
    const started = await misbehaving(d.boltz, { failPayment: true }, () => w.engine.start(w.ctx, q));
    await d.boltz.waitForStatus(dataOf(started).swapId, 'invoice.failedToPay');
    await refundCutShort(w, started.id, area);
    expect(await nonceOf(w)).toBe(2);
    const r = await drive(d, makeWallet(d, { mnemonic: w.mnemonic, hopArea: area, layerArea: w.layerArea }), started.id, { mine: false });
    expect(r).toMatchObject({ outcome: 'refunded' });
  });
});

describe('a lock a stranger made under our reverse swap\'s preimage hash naming us as claim address, before Boltz\'s', () => {
  const cases = [
    { name: 'a tiny one', sats: () => 1n, timelock: async () => (await tip()) + 5 },
    { name: 'one a sat short of Boltz\'s, with its timelock', sats: (boltzSats: bigint) => boltzSats - 1n, timelock: async (boltzTimelock: number) => boltzTimelock },
  ];
  for (const c of cases) {
    it(`${c.name}: a restore on a fresh profile follows Boltz's lock, and the claim takes Boltz's`, async () => {
      const a = makeWallet(d);
      const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, RBTC, 120_000n));
      const d0 = dataOf(started);
      const claim = d0.claim!;
      const ours = a.rootstock.address.toLowerCase();
      // Anyone who saw the invoice can lock under its hash for us, before Boltz does.
      const word = (h: string) => h.replace(/^0x/, '').padStart(64, '0');
      const strangerWei = c.sats(BigInt(claim.amount)) * WEI_PER_SAT;
      const data = [selector('lock(bytes32,address,address,uint256)'), word(d0.preimageHash), word(ours), word(ANVIL_DEV_ACCOUNT.toLowerCase()), word((await c.timelock(claim.timeoutBlockHeight)).toString(16))].join('');
      const fake = await d.rootstock.rpc<string>('eth_sendTransaction', [{ from: ANVIL_DEV_ACCOUNT, to: d.boltz.etherSwap!.address, data: `0x${data}`, value: `0x${strangerWei.toString(16)}`, gas: '0x100000' }]);
      expect(Number((await d.rootstock.receipt<{ status: string }>(fake)).status)).toBe(1);
      await d.boltz.waitForStatus(d0.swapId, ['transaction.mempool', 'transaction.confirmed']);
      const locks = await lockups(d0.preimageHash);
      expect(locks.map((l) => l.transactionHash)[0]).toBe(fake);
      const boltzLock = locks.find((l) => l.refundAddress === BOLTZ_EVM_ACCOUNT.toLowerCase())!;
      expect(boltzLock.amountWei).toBe(BigInt(claim.amount) * WEI_PER_SAT);

      const fresh = await rbtcWallet({ mnemonic: a.mnemonic });
      const before = await fresh.rbtcBalance();
      const restored = await fresh.engine.restore(fresh.ctx);
      const hop = restored.restored.find((r) => dataOf(r).preimageHash === d0.preimageHash);
      expect(hop).toBeDefined();
      expect(dataOf(hop!).claim).toMatchObject({ amount: claim.amount, counterpartyAddress: BOLTZ_EVM_ACCOUNT.toLowerCase(), timeoutBlockHeight: claim.timeoutBlockHeight });
      const done = await drive(d, fresh, hop!.id);
      expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
      // The claim is sent, not necessarily in anvil's automined block yet.
      await d.rootstock.receipt(done.steps.find((s) => s.key === 'claim')!.txid!);
      expect(await d.boltz.etherSwap!.isLocked(d0.preimageHash, boltzLock.amountWei, ours, BOLTZ_EVM_ACCOUNT, claim.timeoutBlockHeight)).toBe(false);
      expect((await fresh.rbtcBalance()) - before).toBeGreaterThan(boltzLock.amountWei - 10n ** 16n);
    });
  }
});
