/**
 * PowPeg peg-in and peg-out on the devnets: bcoin regtest for Bitcoin, anvil
 * (chain 33) for Rootstock with a stand-in Bridge at the Bridge's address, and a
 * stand-in federation that acts on both chains.
 */
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HopEngine } from '../../src/hops/engine';
import { powpegPegin } from '../../src/hops/powpeg/pegin';
import { powpegPegout } from '../../src/hops/powpeg/pegout';
import { HopStore } from '../../src/hops/records';
import type { AssetRef, HopRecord } from '../../src/hops/types';
import type { LayerId } from '../../src/shared/layers';
import { startBitcoinDevnet, type BitcoinDevnet } from '../devnet/bitcoin';
import { startPowpegDevnet, type PowpegDevnet, parsePeginPayload } from '../devnet/powpeg';
import { startAnvil, type Anvil } from '../devnet/rootstock/anvil';
import { hopWallet, storageBeforeSaving } from '../helpers/hop-context';
import { ABANDON } from '../helpers/layer-deps';

const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
const WEI_PER_SAT = 10_000_000_000n;
const mechanisms = [powpegPegin, powpegPegout];

let bitcoin: BitcoinDevnet;
let anvil: Anvil;
let powpeg: PowpegDevnet;

beforeAll(async () => {
  [bitcoin, anvil] = await Promise.all([startBitcoinDevnet(), startAnvil({ chainId: 33 })]);
  powpeg = await startPowpegDevnet({ bitcoin, anvil, minLockSats: 100_000n, minPegOutSats: 50_000n, pollMs: 60_000 });
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
    expect(route).toMatchObject({ available: true, send: '300000', receive: String(300_000n * WEI_PER_SAT), anchoredTo: 'Local devnet (regtest)' });
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
    expect(route.reason).toMatch(/at least 0\.001 BTC/);
    await expect(engine.start(w.ctx, route)).rejects.toThrow(/at least 0\.001 BTC/);
    expect(bitcoin.facade.broadcasts.length).toBe(sent);
  });

  it('says plainly that the PowPeg needs the Bitcoin network it is anchored to', async () => {
    const w = wallet(ABANDON, undefined, { bitcoin: 'testnet4' });
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 300_000n);
    expect(routes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/anchored to Bitcoin devnet/) });
  });

  it('finishes a peg-in after the worker died between signing and broadcasting', async () => {
    const mnemonic = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';
    const w = wallet(mnemonic);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const store = new HopStore(w.store);
    const engine = new HopEngine(mechanisms, store);
    const { routes } = await engine.plan(w.ctx, BTC, RBTC, 200_000n);
    // The worker "dies" right after the txid is saved: the save goes through, then the step stops.
    const dying = { ...w.ctx, layer: w.ctx.layer };
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
    const { routes } = await engine.plan(w.ctx, RBTC, BTC, 120_000n * WEI_PER_SAT);
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
      expect(waiting!.lastError).toMatch(/not mined yet/);
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
    expect(powpeg.released.get(hash)).toMatchObject({ sats: 120_000n });
    expect([...powpeg.released.values()].filter((r) => r.address === hop.data.btcAddress)).toHaveLength(1);
  });

  it('pegs out RBTC and sweeps the released BTC into the wallet', async () => {
    const mnemonic = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';
    const w = wallet(mnemonic);
    await anvil.fund(w.rootstock.address, 10n ** 17n);
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const amount = 150_000n * WEI_PER_SAT + 123n; // sub-sat wei are left out of the peg-out
    const { routes } = await engine.plan(w.ctx, RBTC, BTC, amount);
    const route = routes.find((r) => r.mechanism === 'powpeg-pegout')!;
    expect(route).toMatchObject({ available: true, send: String(150_000n * WEI_PER_SAT) });

    const hop = await engine.start(w.ctx, route);
    expect(hop.state).toBe('requested');
    await anvil.mine(3);
    await powpeg.pass();
    const release = powpeg.released.get(hop.data.pegoutHash as string)!;
    expect(release).toMatchObject({ address: hop.data.btcAddress, sats: 150_000n });

    await bitcoin.mine(1);
    const swept = (await engine.tick(w.ctx, true))[0]!;
    expect(swept.data.sweepTxid).toMatch(/^[0-9a-f]{64}$/);
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'swept' });
    const balance = BigInt((await w.bitcoin.overview()).balances[0]!.confirmed);
    expect(balance).toBeGreaterThan(140_000n);
    expect(balance).toBeLessThan(150_000n);
  });

  it('gives RBTC back when a peg-out is below the release minimum (the planner refuses it first)', async () => {
    const w = wallet('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong');
    const engine = new HopEngine(mechanisms, new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, RBTC, BTC, 10_000n * WEI_PER_SAT);
    expect(routes[0]).toMatchObject({ available: false, reason: expect.stringMatching(/at least 0\.0005 RBTC/) });
  });
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
    expect(plan).toMatchObject({ available: false, reason: expect.stringMatching(/not pinned .*Settings/) });
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
