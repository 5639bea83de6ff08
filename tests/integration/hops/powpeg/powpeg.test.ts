/**
 * PowPeg peg-in and peg-out on the devnets: bcoin regtest for Bitcoin, anvil
 * (chain 33) for Rootstock with a stand-in Bridge at the Bridge's address, and a
 * stand-in federation that acts on both chains.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { address as baddress } from 'bitcoinjs-lib';
import { generateMnemonic } from '@scure/bip39';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HopEngine } from '../../../../src/hops/engine';
import { powpegPegin } from '../../../../src/hops/powpeg/pegin';
import { powpegPegout } from '../../../../src/hops/powpeg/pegout';
import { HopStore } from '../../../../src/hops/records';
import type { AssetRef, HopRecord } from '../../../../src/hops/types';
import type { LayerId } from '../../../../src/shared/layers';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { BRIDGE_ADDRESS, startPowpegDevnet, type PowpegDevnet, parsePeginPayload } from '../../../devnet/powpeg';
import { encodeCall } from '../../../../src/layers/rootstock/abi';
import { startAnvil, type Anvil } from '../../../devnet/rootstock/anvil';
import { hopWallet, storageBeforeSaving } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { english } from '../../../helpers/locale';
import { englishOf } from '../../../helpers/english-of';

const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
const WEI_PER_SAT = 10_000_000_000n;
const mechanisms = [powpegPegin, powpegPegout];

let bitcoin: BitcoinDevnet;
let anvil: Anvil;
let powpeg: PowpegDevnet;

beforeAll(async () => {
  [bitcoin, anvil] = await Promise.all([startBitcoinDevnet(), startAnvil({ chainId: 33 })]);
  // The peg-out minimum is rskj regtest's (BridgeRegTestConstants: 250,000 sats), which the devnet preset states.
  powpeg = await startPowpegDevnet({ bitcoin, anvil, minLockSats: 100_000n, pollMs: 60_000 });
}, 120_000);
afterAll(async () => {
  await powpeg?.stop();
  await Promise.all([bitcoin?.stop(), anvil?.stop()]);
});

const wallet = (
  mnemonic: string,
  store?: ReturnType<typeof hopWallet>['store'],
  networks?: Record<string, string>,
  pins?: Record<string, string>,
  publicLike?: LayerId[],
) => hopWallet({ mnemonic, store, networks, pins, publicLike, endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl, 'bitcoin.explorer': bitcoin.url, 'rootstock.rpc': anvil.url } });
const rbtcBalance = async (address: string) => BigInt(await anvil.rpc<string>('eth_getBalance', [address, 'latest']));
const paidTo = async (address: string) => ((await (await fetch(`${bitcoin.esploraUrl}/address/${address}/txs`)).json()) as unknown[]).length;

/** A fresh wallet holding 0.01 BTC, and a 300,000-sat peg-in route planned with these pins. */
async function fundedPegin(pins?: Record<string, string>, publicLike?: LayerId[]) {
  const mnemonic = generateMnemonic(wordlist);
  const w = wallet(mnemonic, undefined, undefined, pins, publicLike);
  await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
  const engine = new HopEngine(mechanisms, new HopStore(w.store));
  const route = (await engine.plan(w.ctx, BTC, RBTC, 300_000n)).routes.find((r) => r.mechanism === 'powpeg-pegin')!;
  return { mnemonic, w, engine, route };
}

/** Starts the route; it must fail before any BTC leaves the wallet, and leave no hop. */
async function refusedStart(w: ReturnType<typeof wallet>, engine: HopEngine, route: Parameters<HopEngine['start']>[1]) {
  const sent = bitcoin.facade.broadcasts.length;
  const error = await engine.start(w.ctx, route).then(
    () => null,
    (err: Error) => err,
  );
  expect(bitcoin.facade.broadcasts.length).toBe(sent);
  expect(await engine.list()).toEqual([]);
  expect((await w.bitcoin.overview()).balances[0]!.confirmed).toBe('1000000');
  return error;
}

describe('PowPeg on the devnet', () => {
  it('pegs in BTC with an RSKIP-170 OP_RETURN and gets RBTC after the confirmations', async () => {
    const w = wallet(ABANDON);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 300_000n);
    const route = routes.find((r) => r.mechanism === 'powpeg-pegin')!;
    expect(route).toMatchObject({ available: true, send: '300000', receive: String(300_000n * WEI_PER_SAT), anchoredTo: { key: 'preset_bitcoin_devnet' } });
    const before = await rbtcBalance(w.rootstock.address);

    const hop = await engine.start(w.ctx, route);
    expect(hop.state).toBe('funded');
    const txid = hop.data.fundingTxid as string;
    const tx = await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).json();
    const payload = tx.vout.map((o: { scriptpubkey: string }) => parsePeginPayload(o.scriptpubkey)).find(Boolean);
    expect(payload.recipient).toBe(w.rootstock.address.toLowerCase());
    expect(tx.vout.find((o: { scriptpubkey_address?: string }) => o.scriptpubkey_address === powpeg.federationAddress).value).toBe(300_000);

    await bitcoin.mine(1);
    expect((await engine.tick(w.ctx, true))[0]!.state).toBe('confirming');
    await bitcoin.mine(2);
    await powpeg.pass();
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'credited' });
    expect((await rbtcBalance(w.rootstock.address)) - before).toBe(300_000n * WEI_PER_SAT);
  });

  it('refuses a peg-in below the Bridge minimum before anything is sent', async () => {
    const w = wallet('legal winner thank year wave sausage worth useful legal winner thank yellow');
    await bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const sent = bitcoin.facade.broadcasts.length;
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 50_000n);
    const route = routes.find((r) => r.mechanism === 'powpeg-pegin')!;
    expect(route.available).toBe(false);
    expect(englishOf(route.reason)).toMatch(/at least 0\.001 BTC/);
    await expect(engine.start(w.ctx, route)).rejects.toThrow(/at least 0\.001 BTC/);
    expect(bitcoin.facade.broadcasts.length).toBe(sent);
  });

  it('says plainly that the PowPeg needs the Bitcoin network it is anchored to', async () => {
    const w = wallet(ABANDON, undefined, { bitcoin: 'testnet4' });
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 300_000n);
    expect(routes[0]!.available).toBe(false);
    expect(english(routes[0]!.reason)).toMatch(/anchored to Bitcoin devnet/);
    // A key, so the popup says it in its language.
    expect(routes[0]!.reason).toMatchObject({ key: 'err_service_anchored' });
  });

  it('finishes a peg-in after the worker died between signing and broadcasting', async () => {
    const mnemonic = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';
    const w = wallet(mnemonic);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const store = new HopStore(w.store);
    const engine = new HopEngine(mechanisms, store);
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 200_000n);
    // The worker "dies" right after the txid is saved: the save goes through, then the step stops.
    const dying = { ...w.ctx, side: w.ctx.side };
    const origSend = w.bitcoin.send.bind(w.bitcoin);
    w.bitcoin.send = async (draft, extras = {}) =>
      origSend(draft, { ...extras, beforeBroadcast: async (s) => { await extras.beforeBroadcast?.(s); throw new Error('worker stopped'); } });
    const hop = await engine.start(dying, routes[0]!);
    expect(hop.data.fundingTxid).toMatch(/^[0-9a-f]{64}$/);
    expect(await (await fetch(`${bitcoin.esploraUrl}/tx/${hop.data.fundingTxid}`)).status).toBe(404);

    // A fresh worker over the same storage: new services, new engine.
    const restarted = wallet(mnemonic, w.store);
    const engine2 = new HopEngine(mechanisms, new HopStore(restarted.store));
    await engine2.tick(restarted.ctx, true);
    expect((await (await fetch(`${bitcoin.esploraUrl}/tx/${hop.data.fundingTxid}`)).json()).txid).toBe(hop.data.fundingTxid);
    await bitcoin.mine(3);
    await powpeg.pass();
    const [done] = await engine2.tick(restarted.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed' });
    expect(powpeg.credited.get(hop.data.fundingTxid as string)?.sats).toBe(200_000n);
  });

  it('a worker killed after broadcasting the peg-in, before its txid reached storage: a fresh worker finds it on chain and does not peg in again', async () => {
    const mnemonic = generateMnemonic(wordlist);
    const w = wallet(mnemonic);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 200_000n);
    const killed = storageBeforeSaving(w.store, 'fundingTxid');
    const hop = await engine.start(w.ctx, routes.find((r) => r.mechanism === 'powpeg-pegin')!);
    const txid = hop.data.fundingTxid as string;
    expect((await new HopStore(killed.taken!).get(hop.id))!.data.fundingTxid).toBeUndefined();

    const restarted = wallet(mnemonic, killed.taken);
    const engine2 = new HopEngine(mechanisms, new HopStore(restarted.store));
    const [again] = await engine2.tick(restarted.ctx, true);
    expect(again!.data.fundingTxid).toBe(txid);
    // The federation address received one peg-in naming our Rootstock address.
    const fed = (await (await fetch(`${bitcoin.esploraUrl}/address/${powpeg.federationAddress}/txs`)).json()) as { txid: string; vout: { scriptpubkey: string }[] }[];
    const ours = fed.filter((tx) => tx.vout.some((o) => parsePeginPayload(o.scriptpubkey)?.recipient === w.rootstock.address.toLowerCase()));
    expect(ours.map((t) => t.txid)).toEqual([txid]);
    await bitcoin.mine(3);
    await powpeg.pass();
    const [done] = await engine2.tick(restarted.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'credited' });
  });

  it('a worker killed after sending the peg-out, before its hash reached storage: a fresh worker finds the Bridge request and does not peg out again', async () => {
    const mnemonic = generateMnemonic(wordlist);
    const w = wallet(mnemonic);
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, RBTC, BTC, 260_000n * WEI_PER_SAT);
    const killed = storageBeforeSaving(w.store, 'pegoutHash');
    const account = w.rootstock.address.toLowerCase();
    // The request stays in the mempool for a while, as on a live network.
    await anvil.setAutomine(false);
    let hop: HopRecord;
    let restarted: ReturnType<typeof wallet>;
    let engine2: HopEngine;
    try {
      hop = await engine.start(w.ctx, routes.find((r) => r.mechanism === 'powpeg-pegout')!);
      expect((await new HopStore(killed.taken!).get(hop.id))!.data.pegoutHash).toBeUndefined();
      restarted = wallet(mnemonic, killed.taken);
      engine2 = new HopEngine(mechanisms, new HopStore(restarted.store));
      // Unmined, it cannot be told from another transaction of the account: the fresh worker waits.
      const [waiting] = await engine2.tick(restarted.ctx, true);
      expect(waiting!.data.pegoutHash).toBeUndefined();
      expect(englishOf(waiting!.lastError)).toMatch(/not mined yet/);
      expect(await anvil.rpc<string>('eth_getTransactionCount', [account, 'pending'])).toBe('0x1');
    } finally {
      await anvil.setAutomine(true);
    }
    const hash = hop.data.pegoutHash as string;
    await anvil.mine(1);
    const [again] = await engine2.tick(restarted.ctx, true);
    expect(again!.data.pegoutHash).toBe(hash);
    // No second transaction left the account.
    expect(await anvil.rpc<string>('eth_getTransactionCount', [account, 'pending'])).toBe('0x1');
    await anvil.mine(3);
    await powpeg.pass();
    expect(powpeg.released.get(hash)).toMatchObject({ sats: 260_000n });
    expect([...powpeg.released.values()].filter((r) => r.address === hop.data.btcAddress)).toHaveLength(1);
  });

  it('pegs out RBTC and sweeps the released BTC into the wallet', async () => {
    const mnemonic = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';
    const w = wallet(mnemonic);
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const amount = 300_000n * WEI_PER_SAT + 123n; // sub-sat wei are left out of the peg-out
    const { routes } = await engine.plan(w.ctx, RBTC, BTC, amount);
    const route = routes.find((r) => r.mechanism === 'powpeg-pegout')!;
    expect(route).toMatchObject({ available: true, send: String(300_000n * WEI_PER_SAT) });

    const hop = await engine.start(w.ctx, route);
    expect(hop.state).toBe('requested');
    await anvil.mine(3);
    await powpeg.pass();
    const release = powpeg.released.get(hop.data.pegoutHash as string)!;
    expect(release).toMatchObject({ address: hop.data.btcAddress, sats: 300_000n });

    await bitcoin.mine(1);
    const swept = (await engine.tick(w.ctx, true))[0]!;
    expect(swept.data.sweepTxid).toMatch(/^[0-9a-f]{64}$/);
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'swept' });
    const balance = BigInt((await w.bitcoin.overview()).balances[0]!.confirmed);
    expect(balance).toBeGreaterThan(290_000n);
    expect(balance).toBeLessThan(300_000n);
  });

  it('an Esplora reporting the release as almost nothing cannot make the sweep hand the rest to miners: the value comes from the transaction itself', async () => {
    const w = wallet(generateMnemonic(wordlist));
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const route = (await engine.plan(w.ctx, RBTC, BTC, 300_000n * WEI_PER_SAT)).routes.find((r) => r.mechanism === 'powpeg-pegout')!;
    const hop = await engine.start(w.ctx, route);
    await anvil.mine(3);
    await powpeg.pass();
    await bitcoin.mine(1);
    const released = powpeg.released.get(hop.data.pegoutHash as string)!;
    const ourScript = bytesToHex(baddress.toOutputScript(released.address, bitcoinNetwork({ bech32: 'bcrt' })));
    bitcoin.facade.misbehave({ voutValueFor: { [ourScript]: 3_000n } });
    try {
      const swept = (await engine.tick(w.ctx, true))[0]!;
      expect(swept.data.sweepTxid).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      bitcoin.facade.misbehave({});
    }
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'swept' });
    // What arrives is the release less a normal sweep fee, not the 3,000 the server claimed.
    const balance = BigInt((await w.bitcoin.overview()).balances[0]!.confirmed);
    expect(balance).toBeGreaterThan(released.sats - 10_000n);
    expect(balance).toBeLessThan(released.sats);
  });

  it('refuses a peg-out below the minimum peg-out of rskj regtest (250,000 sats), and plans one of exactly the minimum', async () => {
    const w = wallet('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong');
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const below = (await engine.plan(w.ctx, RBTC, BTC, 249_999n * WEI_PER_SAT)).routes[0]!;
    expect({ ...below, reason: englishOf(below.reason) }).toMatchObject({ available: false, min: String(250_000n * WEI_PER_SAT), reason: expect.stringMatching(/at least 0\.0025 RBTC/) });
    const sent = await anvil.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'pending']);
    await expect(engine.start(w.ctx, below)).rejects.toThrow(/at least 0\.0025 RBTC/);
    expect(await anvil.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'pending'])).toBe(sent);
    const exact = (await engine.plan(w.ctx, RBTC, BTC, 250_000n * WEI_PER_SAT)).routes[0]!;
    expect(exact).toMatchObject({ available: true, send: String(250_000n * WEI_PER_SAT) });
  });

  it('a peg-out the Bridge rejects (RBTC sent back in the same transaction, release_request_rejected) ends refunded with the reason, not waiting for a release', async () => {
    const w = wallet(generateMnemonic(wordlist));
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const route = (await engine.plan(w.ctx, RBTC, BTC, 300_000n * WEI_PER_SAT)).routes.find((r) => r.mechanism === 'powpeg-pegout')!;
    await powpeg.rejectPegouts('FEE_ABOVE_VALUE');
    let hop: HopRecord;
    try {
      hop = await engine.start(w.ctx, route);
    } finally {
      await powpeg.rejectPegouts(null);
    }
    const before = await rbtcBalance(w.rootstock.address);
    await anvil.mine(3);
    await powpeg.pass();
    expect(powpeg.released.get(hop.data.pegoutHash as string)).toBeUndefined();
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'rejected' });
    expect(englishOf(done!.lastError)).toMatch(/Bridge rejected the peg-out.*fee.*RBTC.*back/i);
    // The RBTC came back with the request itself: the balance before the tick already holds it, less gas.
    expect(before).toBeGreaterThan(10n ** 17n - 10n ** 15n);
  });
});

describe('PowPeg: peg-ins the Bridge rejects (rskj BridgeSupport.registerPegIn)', () => {
  afterEach(async () => {
    powpeg.rejectPegins(null);
    powpeg.markUnrefundableProcessed(true);
    await powpeg.setMinimumLockTxValue(100_000n);
  });
  const processed = async (txid: string) =>
    BigInt(await anvil.rpc<string>('eth_call', [{ to: BRIDGE_ADDRESS, data: encodeCall('isBtcTxHashAlreadyProcessed(string)', [{ type: 'string', value: txid }]) }, 'latest'])) === 1n;

  it('a rejected peg-in the Bridge refunds ends refunded with the reason, and the refund is moved into the wallet', async () => {
    const { w, engine, route } = await fundedPegin();
    const rbtcBefore = await rbtcBalance(w.rootstock.address);
    powpeg.rejectPegins('PEGIN_CAP_SURPASSED');
    const hop = await engine.start(w.ctx, route);
    const txid = hop.data.fundingTxid as string;
    await bitcoin.mine(3);
    await powpeg.pass();
    // rskj marks a rejected peg-in processed too: that alone does not tell a credit from a refund.
    expect(await processed(txid)).toBe(true);
    expect(powpeg.rejected.get(txid)).toMatchObject({ reason: 1, refundTxid: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // The refund spends the peg-in's own output to our refund address; the hop finds it and sweeps it.
    const r = (await engine.tick(w.ctx, true))[0]!;
    expect(r).toMatchObject({ outcome: 'in-progress', state: 'refunding' });
    expect(r.steps.find((s) => s.key === 'credit')).toMatchObject({ status: 'failed' });
    expect(english(r.steps.find((s) => s.key === 'credit')!.label)).toMatch(/rejected.*locking cap/);
    expect(englishOf(r.lastError)).toMatch(/rejected the peg-in because it would pass the PowPeg’s locking cap/);
    expect(r.data.releaseTxid).toBe(powpeg.rejected.get(txid)!.refundTxid);
    expect(r.data.sweepTxid).toMatch(/^[0-9a-f]{64}$/);
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'refunded' });
    expect(englishOf(done!.lastError)).toMatch(/locking cap/);
    // No RBTC; the BTC is back in the wallet, less the peg-in's, the refund's and the sweep's fees.
    expect(await rbtcBalance(w.rootstock.address)).toBe(rbtcBefore);
    const balance = BigInt((await w.bitcoin.overview()).balances[0]!.confirmed);
    expect(balance).toBeGreaterThan(1_000_000n - 20_000n);
    expect(balance).toBeLessThan(1_000_000n);
  });

  // rskj marks an unrefundable peg-in processed only between RSKIP459 and RSKIP551 (Vetiver): the hop ends either way.
  for (const marked of [true, false]) {
    it(`a peg-in below the minimum when the Bridge registers it is rejected and not refunded (${marked ? 'marked processed, RSKIP459' : 'not marked processed, RSKIP551'}): the hop fails and says so`, async () => {
      powpeg.markUnrefundableProcessed(marked);
      const { w, engine, route } = await fundedPegin();
      const hop = await engine.start(w.ctx, route);
      const txid = hop.data.fundingTxid as string;
      // The minimum rose after the quote (rskj changed it once, with RSKIP219).
      await powpeg.setMinimumLockTxValue(500_000n);
      await bitcoin.mine(3);
      await powpeg.pass();
      expect(await processed(txid)).toBe(marked);
      expect(powpeg.rejected.get(txid)).toEqual({ reason: 5, unrefundable: 3 });
      const [done] = await engine.tick(w.ctx, true);
      expect(done).toMatchObject({ outcome: 'failed', state: 'rejected' });
      expect(englishOf(done!.lastError)).toMatch(/below the Bridge's minimum.*not refund/);
    });
  }
});

describe('PowPeg: a Rootstock node that lies about the federation', () => {
  afterEach(async () => {
    await powpeg.misbehave('honest');
  });

  /** Starts a peg-in against the lying node; it must fail before any BTC leaves the wallet. */
  async function refusedPegin(pins?: Record<string, string>) {
    const { w, engine, route } = await fundedPegin(pins);
    return refusedStart(w, engine, route);
  }

  it('refuses an address that is not the one the federators’ redeem script gives', async () => {
    const attacker = await powpeg.misbehave('wrong-address');
    expect(attacker).not.toBe(powpeg.federationAddress);
    const error = await refusedPegin();
    expect(error?.message).toMatch(/federation address .* does not match .*redeem script.*Nothing was sent/);
    expect(await paidTo(attacker)).toBe(0);
  });

  it('refuses a redeem script whose emergency branch is not the network’s emergency keys and delay', async () => {
    const attacker = await powpeg.misbehave('wrong-emergency-keys');
    const error = await refusedPegin();
    expect(error?.message).toMatch(/emergency .*Nothing was sent/);
    expect(await paidTo(attacker)).toBe(0);
  });

  it('with the federation address pinned, compares the node’s answer to the pin', async () => {
    const attacker = await powpeg.misbehave('wrong-address');
    const error = await refusedPegin({ 'rootstock.powpegFederation': powpeg.federationAddress });
    expect(error?.message).toMatch(new RegExp(`${attacker}.*pinned.*${powpeg.federationAddress}.*Nothing was sent`));
    expect(await paidTo(attacker)).toBe(0);
  });

  it('a pin that matches the honest node lets the peg-in go to the federation', async () => {
    const w = wallet(generateMnemonic(wordlist), undefined, undefined, { 'rootstock.powpegFederation': powpeg.federationAddress });
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const route = (await engine.plan(w.ctx, BTC, RBTC, 300_000n)).routes.find((r) => r.mechanism === 'powpeg-pegin')!;
    const hop = await engine.start(w.ctx, route);
    expect(hop).toMatchObject({ state: 'funded', data: { federationAddress: powpeg.federationAddress } });
  });
});

describe('PowPeg on a public network (the devnet standing in for RSK testnet)', () => {
  afterEach(async () => {
    await powpeg.misbehave('honest');
  });
  const PUBLIC: LayerId[] = ['rootstock'];
  const pinned = (address: string) => ({ 'rootstock.powpegFederation': address });
  const setup = (planPins?: Record<string, string>) => fundedPegin(planPins, PUBLIC);

  it('a node reporting a whole consistent federation of its own: with no pin the peg-in is refused and nothing is sent', async () => {
    const attacker = await powpeg.misbehave('attacker-federation');
    expect(attacker).not.toBe(powpeg.federationAddress);
    const paid = await paidTo(attacker);
    // Routes looked up while the address was pinned, started after the pin was cleared: creation checks again.
    const { mnemonic, w, engine, route } = await setup(pinned(powpeg.federationAddress));
    const unpinned = wallet(mnemonic, w.store, undefined, undefined, PUBLIC);
    const error = await refusedStart(unpinned, new HopEngine(mechanisms, new HopStore(unpinned.store)), route);
    expect(error?.message).toMatch(/PowPeg federation address is not pinned .*Settings.*Rootstock.*PowPeg federation address.*Nothing was sent/);
    expect(await paidTo(attacker)).toBe(paid);
    // The planner says the same before anything is started.
    const plan = (await engine.plan(unpinned.ctx, BTC, RBTC, 300_000n)).routes.find((r) => r.mechanism === 'powpeg-pegin')!;
    expect({ ...plan, reason: englishOf(plan.reason) }).toMatchObject({ available: false, reason: expect.stringMatching(/not pinned .*Settings/) });
  });

  it('pinned to the real federation, the consistent attacker federation is refused', async () => {
    const attacker = await powpeg.misbehave('attacker-federation');
    const paid = await paidTo(attacker);
    const { w, engine, route } = await setup(pinned(powpeg.federationAddress));
    const error = await refusedStart(w, engine, route);
    expect(error?.message).toMatch(new RegExp(`${attacker}.*pinned.*${powpeg.federationAddress}.*Nothing was sent`));
    expect(await paidTo(attacker)).toBe(paid);
  });

  it('the federation cross-check still runs under a pin: a pinned address whose redeem script is not the network’s federation is refused', async () => {
    // The user pinned what a lying page showed; the node agrees with the pin, but its redeem script's emergency branch is the attacker's.
    const attacker = await powpeg.misbehave('wrong-emergency-keys');
    const paid = await paidTo(attacker);
    const { w, engine, route } = await setup(pinned(attacker));
    const error = await refusedStart(w, engine, route);
    expect(error?.message).toMatch(/emergency .*Nothing was sent/);
    expect(await paidTo(attacker)).toBe(paid);
  });

  it('pinned to the real federation on an honest node, the peg-in goes to the federation', async () => {
    const { w, engine, route } = await setup(pinned(powpeg.federationAddress));
    expect(route.available).toBe(true);
    const hop = await engine.start(w.ctx, route);
    expect(hop).toMatchObject({ state: 'funded', network: { rootstock: 'devnet-as-public' }, data: { federationAddress: powpeg.federationAddress } });
  });
});
