/**
 * Boltz's lockup is taken from raw transactions whose ids are checked, never from
 * what Esplora's JSON says: the Esplora stand-ins' switches `claimOutput` (an
 * address history lists a transaction and says it pays the lockup, or states
 * another value) and `rawHex` (the raw bytes of another transaction than the txid
 * asked for) make our own server lie while Boltz is honest or locks short. The
 * wallet must neither claim (which hands Boltz the preimage) nor count such a
 * lockup; honest again, the hop goes on as the chain really is.
 */
import { randomBytes } from 'node:crypto';
import { Transaction as BitcoinTx } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { HopRecord } from '../../../../src/hops/types';
import { parseLiquidAddress, scriptToAddress } from '../../../../src/layers/liquid/address';
import { buildMint } from '../../../devnet/liquid/faucet';
import { devnetZkp } from '../../../devnet/liquid/zkp';
import { regtest as liquidRegtest } from 'liquidjs-lib/src/networks';
import type { BoltzDevnet } from '../../../devnet/boltz';
import { english } from '../../../helpers/locale';
import { broadcasts, claimRequests, type Devnets, drive, makeWallet, mineBitcoinTo, misbehaving, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

let boltz: BoltzDevnet;
let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
  boltz = started.boltz;
});

function claimStep(r: HopRecord) {
  return r.steps.find((s) => s.key === 'claim')!;
}

/** A reverse swap Lightning -> `to` whose lockup Boltz has sent (unconfirmed): the hop, its lockup txid, address and agreed sats. */
async function lockedReverse(w: TestWallet, to: typeof BTC_ONCHAIN | typeof LBTC, sats: bigint, lockSats?: number) {
  const start = async () => w.engine.start(w.ctx, await route(w, BTC_LIGHTNING, to, sats));
  const started = lockSats === undefined ? await start() : await misbehaving(boltz, { lockSats }, start);
  const swapId = dataOf(started).swapId;
  await boltz.waitForStatus(swapId, 'transaction.mempool');
  const claim = dataOf(started).claim!;
  const lockTxid = boltz.swaps.get(swapId)!.status.transaction!.id;
  // Unconfirmed and above the zero-conf limit: honest, the wallet would wait for a block before claiming.
  const esplora = to === LBTC ? d.liquid.url : d.bitcoin.esploraUrl;
  expect(((await (await fetch(`${esplora}/tx/${lockTxid}/status`)).json()) as { confirmed: boolean }).confirmed).toBe(false);
  return { started, swapId, lockTxid, address: claim.address, agreed: BigInt(claim.amount) };
}

/** A confirmed Bitcoin transaction that has nothing to do with the swap (its output 0 pays a stranger). */
async function unrelatedBtcTx(): Promise<string> {
  return d.bitcoin.faucet((await makeWallet(d).bitcoin.receive()).address, 12_345n);
}

/** Runs `fn` while an Esplora stand-in tells `lies`; honest again after. */
async function lying<L extends object, T>(esplora: { misbehave(lies: L): unknown }, lies: L, fn: () => Promise<T>): Promise<T> {
  esplora.misbehave(lies);
  try {
    return await fn();
  } finally {
    esplora.misbehave({} as L);
  }
}

/** Nothing handed Boltz the preimage: no claim request, no broadcast, the held payment still held. */
async function preimageKept(w: TestWallet, r: HopRecord, swapId: string): Promise<void> {
  expect(claimRequests(w)).toEqual([]);
  expect(broadcasts(w)).toEqual([]);
  await boltz.sync();
  expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
  expect(boltz.ledger.invoice(dataOf(r).preimageHash)?.state).toBe('accepted');
}

/** The other bytes for `txid` were refused with nothing handed over; honest again, the hop completes. */
async function refusedThenCompletes(w: TestWallet, refused: HopRecord, swapId: string, txid: string): Promise<void> {
  expect(refused.outcome).toBe('in-progress');
  await preimageKept(w, refused, swapId);
  expect(englishOf(refused.lastError)).toContain(`sent another transaction than ${txid}.`);
  const done = await drive(d, w, refused.id);
  expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
  expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
}

describe('Bitcoin: a lockup Esplora names but the raw transaction does not hold', () => {
  it('an old confirmed transaction listed as paying the lockup is not taken: the wallet waits for Boltz\'s real lockup, then claims it', async () => {
    const w = makeWallet(d);
    // Mined before Boltz locks, so the lockup stays unconfirmed.
    const phantom = await unrelatedBtcTx();
    const { started, swapId, lockTxid, address, agreed } = await lockedReverse(w, BTC_ONCHAIN, 100_000n);
    const waiting = await lying(d.bitcoin.facade, { claimOutput: { address, txid: phantom, vout: 0, sats: agreed } }, () => w.engine.advance(w.ctx, started.id));
    // The oldest output really paying the lockup is Boltz's, unconfirmed and above the zero-conf limit.
    expect(waiting.outcome).toBe('in-progress');
    await preimageKept(w, waiting, swapId);
    expect(dataOf(waiting).claim!.txid).toBe(lockTxid);
    expect(english(claimStep(waiting).note)).toMatch(/^Waiting for 1 confirmation of Boltz's lockup/);

    const done = await drive(d, w, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
  });

  it('raw bytes of another transaction for the listed txid are refused: nothing is claimed; honest again, the hop completes', async () => {
    const w = makeWallet(d);
    const phantom = await unrelatedBtcTx();
    const { started, swapId, address, agreed } = await lockedReverse(w, BTC_ONCHAIN, 100_000n);
    // Bytes that do pay the lockup the agreed sats, but hash to another txid than the one listed.
    const forged = new BitcoinTx();
    forged.addInput(randomBytes(32), 0);
    forged.addOutput(Buffer.from(d.bitcoin.facade.scriptOf(address), 'hex'), agreed);
    const refused = await lying(d.bitcoin.facade, { claimOutput: { address, txid: phantom, vout: 0, sats: agreed }, rawHex: { [phantom]: forged.toHex() } }, () => w.engine.advance(w.ctx, started.id));
    await refusedThenCompletes(w, refused, swapId, phantom);
  });

  it('Boltz locking short while Esplora states the agreed value: the wallet reads the raw value and never claims; the payment returns at the timeout', async () => {
    const w = makeWallet(d);
    const lnBefore = w.funding.node.balanceMsat;
    const { started, swapId, lockTxid, address, agreed } = await lockedReverse(w, BTC_ONCHAIN, 100_000n, 60_000);
    const json = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${lockTxid}`)).json()) as { vout: { scriptpubkey_address?: string; value: number }[] };
    const vout = json.vout.findIndex((o) => o.scriptpubkey_address === address);
    expect(json.vout[vout]!.value).toBe(60_000);
    const short = `Boltz locked 60000 sats instead of the agreed ${agreed}`;
    // Blocks are mined between passes: the lockup confirms, where a claim of the stated value would go out.
    const held = await lying(d.bitcoin.facade, { claimOutput: { address, txid: lockTxid, vout, sats: agreed } }, () => drive(d, w, started.id, { passes: 3 }));
    expect(held.outcome).toBe('in-progress');
    await preimageKept(w, held, swapId);
    expect(englishOf(held.lastError)).toContain(short);

    // Honest, it is still short: at Boltz's timeout the held payment returns whole.
    await mineBitcoinTo(d, dataOf(started).claim!.timeoutBlockHeight);
    await boltz.sync();
    const done = await drive(d, w, started.id, { passes: 3 });
    expect(done).toMatchObject({ outcome: 'failed' });
    expect(englishOf(done.lastError)).toBe('Boltz ended the swap (transaction.refunded); the Lightning payment returns to you.');
    expect(claimRequests(w)).toEqual([]);
    expect(boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('cancelled');
    expect(w.funding.node.balanceMsat).toBe(lnBefore);
  });
});

describe('Bitcoin: what our own lockup holds, as a renegotiation weighs it', () => {
  it('Esplora stating less than we locked lowers no floor: Boltz\'s short new quote is refused and our lockup refunded', async () => {
    const w = makeWallet(d);
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    // We lock exactly the agreed 100,000 sats; Boltz rejects it for its amount and offers 300 sats short.
    const started = await misbehaving(boltz, { expectMore: 500, renegotiateLess: 300 }, async () => w.engine.start(w.ctx, await route(w, BTC_ONCHAIN, LBTC, 100_000n)));
    await boltz.waitForStatus(dataOf(started).swapId, 'transaction.lockupFailed');
    const lock = dataOf(started).lock!;
    const json = (await (await fetch(`${d.bitcoin.esploraUrl}/tx/${lock.txid}`)).json()) as { vout: { scriptpubkey_address?: string; value: number }[] };
    const vout = json.vout.findIndex((o) => o.scriptpubkey_address === lock.address);
    expect(json.vout[vout]!.value).toBe(100_000);
    // Said to hold 1 % less, the short quote would be within the bound scaled to it.
    const done = await lying(d.bitcoin.facade, { claimOutput: { address: lock.address, txid: lock.txid!, vout, sats: 99_000n } }, () => drive(d, w, started.id));
    expect(w.requests.filter((q) => /^POST .*\/swap\/chain\/[^/]+\/quote$/.test(q))).toEqual([]);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(englishOf(dataOf(done).refundOnly)).toMatch(/for the 100000 sats of BTC we locked.*we locked exactly the agreed amount, so the agreed amount/);
  });
});

describe('Liquid: raw bytes of another transaction for a listed txid', () => {
  it('a forged transaction paying the lockup the agreed L-BTC under a listed txid is refused; honest again, the hop completes', async () => {
    const w = makeWallet(d);
    // A confirmed transaction that has nothing to do with the swap, mined before Boltz locks.
    const listed = await d.liquid.faucet((await makeWallet(d).liquid.receive()).address, 12_345);
    d.liquid.mine(1);
    const { started, swapId, address, agreed } = await lockedReverse(w, LBTC, 100_000n);
    const params = w.ctx.presets.liquid.params;
    const unconfidential = scriptToAddress(parseLiquidAddress(address, params).script, params)!;
    // Blinded to the lockup's key, as anyone can: it opens to the agreed L-BTC, but its id is not `listed`.
    const forged = buildMint(await devnetZkp(), liquidRegtest, address, Number(agreed), d.liquid.policyAsset);
    expect(forged.getId()).not.toBe(listed);
    const refused = await lying(d.liquid, { claimOutput: { address: unconfidential, txid: listed, vout: 0 }, rawHex: { [listed]: forged.toHex() } }, () => w.engine.advance(w.ctx, started.id));
    await refusedThenCompletes(w, refused, swapId, listed);
  });
});
