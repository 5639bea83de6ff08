/**
 * Boltz hops when things go wrong, against the devnet stand-in acting on bcoin,
 * anvil and the Lightning ledger: a worker that dies between funding and claim,
 * a counterparty that never pays, and a wallet restored from its phrase on a
 * fresh profile in the middle of a swap.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, type Devnets, drive, makeWallet, mineBitcoinTo, route, startBoltzDevnetsForFile } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});


describe('Boltz hops that need recovering', () => {
  it('reverse swap: a fresh worker over the same storage claims what the dead one left locked', async () => {
    const a = makeWallet(d);
    const before = await a.btcBalance();
    const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n));
    // The first worker pays the hold invoice and "dies"; Boltz then locks BTC that nobody has claimed yet.
    const paying = await drive(d, a, started.id, { stopWhen: (r) => r.state === 'paying' || r.state === 'waiting-payment' });
    expect(paying.outcome).toBe('in-progress');
    await boltz.waitForStatus(dataOf(paying).swapId, ['transaction.mempool', 'transaction.confirmed']);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: a.hopArea });
    const done = await drive(d, b, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    await d.bitcoin.mine(1);
    expect((await b.btcBalance()) - before).toBeGreaterThan(0n);
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });

  it('submarine swap: Boltz never pays; the lockup is refunded and the balance comes back less fees', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    await d.bitcoin.mine(1);
    const before = await w.btcBalance();
    boltz.misbehave({ failPayment: true, refuseCooperation: true });
    try {
      const started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 80_000n));
      const done = await drive(d, w, started.id, { passes: 80 });
      expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
      // Refused cooperation: the refund took the script path after the timeout, mined on the devnet.
      const refund = done.steps.find((s) => s.key === 'refund')!;
      const tx = await (await fetch(`${d.bitcoin.esploraUrl}/tx/${refund.txid}`)).json();
      expect(tx.vin[0].witness.length).toBe(3);
      await d.bitcoin.mine(1);
      const after = await w.btcBalance();
      expect(after).toBeLessThan(before);
      expect(before - after).toBeLessThan(10_000n);
    } finally {
      boltz.misbehave({});
    }
  });

  it('submarine swap: our lockup was signed but its broadcast got no answer, and the swap expired meanwhile: the hop only looks for that lockup, never sends it into the dead swap: unseen, it closes and the wallet forgets it, its coins free again', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    await d.bitcoin.mine(1);
    const before = await w.btcBalance();
    d.bitcoin.facade.misbehave({ dropBroadcasts: true });
    let started;
    try {
      started = await w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, BTC_LIGHTNING, 80_000n));
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
    const next = await w.engine.advance(w.ctx, started.id);
    await w.bitcoin.overview();
    const done = await drive(d, w, next.id, { passes: 5 });
    expect(done).toMatchObject({ outcome: 'expired', state: 'expired' });
    expect(englishOf(done.lastError)).toMatch(/never seen on the network/);
    expect(d.bitcoin.facade.broadcasts.slice(mark)).toEqual([]);
    expect(await w.btcBalance()).toBe(before);
    // Its coins are the wallet's to spend again.
    const to = (await makeWallet(d).bitcoin.receive()).address;
    await expect(w.bitcoin.send({ to, amountSats: before - 20_000n, fee: { kind: 'normal' } })).resolves.toMatchObject({ txid: expect.any(String) });
    await d.bitcoin.mine(1);
  });

  it('restored from the phrase on a fresh profile mid-swap: the hop is found again from the derived keys and finished', async () => {
    const a = makeWallet(d);
    const started = await a.engine.start(a.ctx, await route(a, BTC_LIGHTNING, BTC_ONCHAIN, 120_000n));
    const locked = await drive(d, a, started.id, { stopWhen: (r) => r.state === 'paying' || r.state === 'waiting-payment' });
    await boltz.waitForStatus(dataOf(locked).swapId, ['transaction.mempool', 'transaction.confirmed']);

    // A new browser profile: nothing in storage, only the recovery phrase.
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    expect(await b.store.all()).toEqual([]);
    const restored = await restoreBoltzHops(b.ctx, b.store);
    expect(restored.restored.map((r) => dataOf(r).swapId)).toEqual([dataOf(locked).swapId]);
    expect(restored.restored[0]!.index).toBe(started.index);
    const done = await drive(d, b, restored.restored[0]!.id);
    expect(done).toMatchObject({ outcome: 'completed' });
  });

  it('reverse swap: Boltz never locks; the hop ends expired and the held Lightning payment comes back', async () => {
    const w = makeWallet(d);
    const lnBefore = w.funding.node.balanceMsat;
    boltz.misbehave({ neverLock: true });
    try {
      const started = await w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, BTC_ONCHAIN, 100_000n));
      const paying = await drive(d, w, started.id, { stopWhen: (r) => r.state === 'paying' });
      expect(paying.state).toBe('paying');
      // The payment is held in flight: it left the wallet but nobody has it yet.
      expect(w.funding.node.balanceMsat).toBeLessThan(lnBefore);
      const done = await drive(d, w, started.id, { passes: 200 });
      expect(done.outcome).toBe('expired');
      expect(englishOf(done.lastError)).toMatch(/Lightning payment returns/);
      expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('cancelled');
      expect(w.funding.node.balanceMsat).toBe(lnBefore);
      expect(broadcasts(w)).toEqual([]);
    } finally {
      boltz.misbehave({});
    }
  });

  it('submarine swap restored from the phrase on a fresh profile after funding: the new profile refunds the BTC', async () => {
    const a = makeWallet(d);
    await d.bitcoin.faucet((await a.bitcoin.receive()).address, 600_000n);
    await d.bitcoin.mine(1);
    boltz.misbehave({ failPayment: true, refuseCooperation: true });
    try {
      const started = await a.engine.start(a.ctx, await route(a, BTC_ONCHAIN, BTC_LIGHTNING, 70_000n));
      expect(started.state).toBe('funded');
      const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
      const restored = await restoreBoltzHops(b.ctx, b.store);
      expect(restored.restored.map((r) => dataOf(r).swapId)).toEqual([dataOf(started).swapId]);
      expect(dataOf(restored.restored[0]!).lock).toMatchObject({ currency: 'BTC', address: dataOf(started).lock!.address });
      const done = await drive(d, b, restored.restored[0]!.id, { passes: 80 });
      expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
      const refund = await (await fetch(`${d.bitcoin.esploraUrl}/tx/${dataOf(done).lock!.spendTxid}`)).json();
      expect(refund.vin[0].txid).toBe(dataOf(started).lock!.txid);
      await d.bitcoin.mine(1);
      // Same phrase, same coins: what is left after the lockup and the refund is the faucet less fees.
      const left = await b.btcBalance();
      expect(left).toBeLessThan(600_000n);
      expect(600_000n - left).toBeLessThan(10_000n);
    } finally {
      boltz.misbehave({});
    }
  });
});
