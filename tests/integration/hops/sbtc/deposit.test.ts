/**
 * BTC -> sBTC deposits on the devnet: bcoin regtest for Bitcoin, the stand-in
 * Emily and signers (tests/devnet/sbtc) acting on it for real. The signers check
 * each deposit with @scure/btc-signer and @stacks/transactions, not with the
 * wallet's code; the devnet's Taproot verifier checks the sweep and the reclaim.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import { sbtcDeposit } from '../../../../src/hops/sbtc';
import { buildReclaim } from '../../../../src/hops/sbtc/reclaim';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { AssetRef } from '../../../../src/hops/types';
import type { LayerId } from '../../../../src/shared/layers';
import { stacksAddress } from '../../../../src/layers/stacks/keys';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { startSbtcDevnet, type SbtcDevnet } from '../../../devnet/sbtc';
import { hopWallet, storageBeforeSaving } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { english } from '../../../helpers/locale';
import { englishOf } from '../../../helpers/english-of';

const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };
const LEGAL = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const LETTER = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';

let bitcoin: BitcoinDevnet;
let sbtc: SbtcDevnet;
/** sBTC credited on "Stacks" by the signers' mint, by principal (the Stacks devnet is not needed for the deposit itself). */
const minted = new Map<string, bigint>();

beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
  let n = 0;
  sbtc = await startSbtcDevnet({
    bitcoin,
    deployer: SBTC_DEVNET_DEPLOYER,
    pollMs: 60_000,
    mint: async (recipient, sats) => {
      minted.set(recipient, (minted.get(recipient) ?? 0n) + sats);
      return `0x${(++n).toString(16).padStart(64, '0')}`;
    },
  });
}, 120_000);
afterAll(async () => {
  await sbtc?.stop();
  await bitcoin?.stop();
});

// The Stacks API is only asked for the signers' key, which the stand-in's registry answers.
const wallet = (mnemonic: string, store?: ReturnType<typeof hopWallet>['store'], pins?: Record<string, string>, publicLike?: LayerId[]) =>
  hopWallet({
    mnemonic,
    store,
    pins,
    publicLike,
    endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl, 'bitcoin.explorer': bitcoin.url, 'stacks.api': sbtc.url, 'stacks.emily': sbtc.url },
  });

/** A fresh wallet holding 0.01 BTC, and a 200,000-sat deposit route planned with these pins. */
async function fundedDeposit(pins?: Record<string, string>, publicLike?: LayerId[]) {
  const mnemonic = generateMnemonic(wordlist);
  const w = wallet(mnemonic, undefined, pins, publicLike);
  await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
  const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
  const route = (await engine.plan(w.ctx, BTC, SBTC, 200_000n)).routes[0]!;
  return { mnemonic, w, engine, route };
}

/** Starts the route; it must fail before any BTC leaves the wallet or Emily hears of a deposit, and leave no hop. */
async function refusedStart(w: ReturnType<typeof wallet>, route: Parameters<HopEngine['start']>[1]) {
  const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
  const sent = bitcoin.facade.broadcasts.length;
  const announced = sbtc.deposits.size;
  const error = await engine.start(w.ctx, route).then(
    () => null,
    (err: Error) => err,
  );
  expect(bitcoin.facade.broadcasts.length).toBe(sent);
  expect(sbtc.deposits.size).toBe(announced);
  expect(await engine.list()).toEqual([]);
  expect((await w.bitcoin.overview()).balances[0]!.confirmed).toBe('1000000');
  return error;
}

/** Two blocks and two signer passes: the signers accept the deposit, then sweep it and mint. */
async function signersSweepAndMint() {
  for (let i = 0; i < 2; i++) {
    await bitcoin.mine(1);
    await sbtc.pass();
  }
}

describe('sBTC deposit on the devnet', () => {
  it('deposits BTC to the signers\' Taproot output, announces it, and completes when the signers sweep and mint', async () => {
    const w = wallet(ABANDON);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, SBTC, 200_000n);
    const route = routes[0]!;
    expect(route).toMatchObject({ mechanism: 'sbtc-deposit', available: true, send: '200000', receive: String(200_000n - 10_000n), anchoredTo: { key: 'preset_bitcoin_devnet' } });

    // Funded and announced in one go; then it waits for the signers.
    const hop = await engine.start(w.ctx, route);
    expect(hop.state).toBe('awaiting-signers');
    const data = hop.data as { fundingTxid: string; fundingVout: number; depositAddress: string; recipient: string; notified: boolean };
    expect(data.notified).toBe(true);
    expect(data.recipient).toBe(stacksAddress(w.ctx.root, w.ctx.presets.stacks.params).address);
    // Emily has it, parsed by the stand-in: our principal, the preset's max fee and lock time.
    const announced = sbtc.deposits.get(`${data.fundingTxid}:${data.fundingVout}`)!;
    expect(announced).toMatchObject({ status: 'pending', amount: 200_000, recipientAddress: data.recipient, parameters: { maxFee: 10_000, lockTime: 6 } });

    await bitcoin.mine(1);
    await sbtc.pass();
    expect(sbtc.deposits.get(`${data.fundingTxid}:${data.fundingVout}`)!.status).toBe('accepted');
    const accepted = (await engine.tick(w.ctx, true))[0]!;
    expect(accepted.state).toBe('accepted');

    await bitcoin.mine(1);
    await sbtc.pass();
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'minted' });
    // The signers kept their actual fee (2,000 sats), below the 10,000 allowed; that much less was minted.
    expect(done!.expectedReceive).toBe(String(200_000n - 2_000n));
    expect(minted.get(data.recipient)).toBe(198_000n);
    // The deposit output was spent by the signers' sweep, which the devnet verified along the deposit leaf.
    const outspends = await (await fetch(`${bitcoin.esploraUrl}/tx/${data.fundingTxid}/outspends`)).json();
    expect(outspends[data.fundingVout].spent).toBe(true);
  });

  it('refuses a deposit below the minimum before anything is sent', async () => {
    const w = wallet(LEGAL);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const sent = bitcoin.facade.broadcasts.length;
    const { routes } = await engine.plan(w.ctx, BTC, SBTC, 10_000n);
    expect(routes[0]).toMatchObject({ available: false });
    expect(englishOf(routes[0]!.reason)).toMatch(/at least 0\.00010546 BTC/);
    await expect(engine.start(w.ctx, routes[0]!)).rejects.toThrow(/at least/);
    expect(bitcoin.facade.broadcasts.length).toBe(sent);
  });

  it('reclaims a deposit the signers never sweep, after the lock time and not before', async () => {
    const w = wallet(LETTER);
    const receive = (await w.bitcoin.receive()).address;
    await bitcoin.faucet(receive, 600_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    sbtc.setRefuse(true);
    try {
      const { routes } = await engine.plan(w.ctx, BTC, SBTC, 300_000n);
      const hop = await engine.start(w.ctx, routes[0]!);
      await bitcoin.mine(1);
      await sbtc.pass();

      // Before the lock time the user cannot take it back, and the wallet does not try.
      await expect(engine.refund(w.ctx, hop.id)).rejects.toThrow(/can be reclaimed after block/);
      expect((await engine.tick(w.ctx, true))[0]!.state).toBe('awaiting-signers');

      // The reclaim can be mined once the deposit is six blocks deep: the wallet waits for exactly that.
      await bitcoin.mine(4);
      expect((await engine.tick(w.ctx, true))[0]!.state).toBe('awaiting-signers');
      await bitcoin.mine(1);
      // Signed by any other key, the same spend is refused by the devnet's Taproot check.
      const d = (await engine.list()).find((h) => h.id === hop.id)!.data as Record<string, string | number>;
      const forged = buildReclaim({
        fundingTxid: d.fundingTxid as string,
        fundingVout: d.fundingVout as number,
        amount: 300_000n,
        depositAddress: d.depositAddress as string,
        reclaimScript: hexToBytes(d.reclaimScript as string),
        controlBlock: hexToBytes(d.reclaimControlBlock as string),
        lockTime: d.lockTime as number,
        to: receive,
        feeRate: 2_000n,
        privateKey: w.ctx.keys.at(hop.index + 1).privateKey,
        network: bitcoinNetwork(w.ctx.presets.bitcoin.params),
      });
      const refused = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: forged.hex });
      expect(await refused.text()).toMatch(/invalid sBTC leaf signature/);
      const reclaiming = (await engine.tick(w.ctx, true))[0]!;
      expect(reclaiming.state).toBe('reclaiming');
      const reclaimTxid = (reclaiming.data as { reclaimTxid: string }).reclaimTxid;
      const reclaimTx = await (await fetch(`${bitcoin.esploraUrl}/tx/${reclaimTxid}`)).json();
      expect(reclaimTx.vin[0].sequence).toBe(6);
      await bitcoin.mine(1);
      const [done] = await engine.tick(w.ctx, true);
      expect(done).toMatchObject({ outcome: 'refunded', state: 'reclaimed' });
      // Balance restored minus the two network fees.
      const { confirmed } = (await w.bitcoin.overview()).balances[0]!;
      const fees = BigInt(reclaimTx.fee) + BigInt((await (await fetch(`${bitcoin.esploraUrl}/tx/${(done!.data as { fundingTxid: string }).fundingTxid}`)).json()).fee);
      expect(BigInt(confirmed)).toBe(600_000n - fees);
    } finally {
      sbtc.setRefuse(false);
    }
  });

  it('finishes a deposit after the worker died between signing and broadcasting', async () => {
    const mnemonic = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';
    const w = wallet(mnemonic);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 400_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, SBTC, 150_000n);
    const origSend = w.bitcoin.send.bind(w.bitcoin);
    w.bitcoin.send = async (draft, extras = {}) =>
      origSend(draft, { ...extras, beforeBroadcast: async (s) => { await extras.beforeBroadcast?.(s); throw new Error('worker stopped'); } });
    const hop = await engine.start(w.ctx, routes[0]!);
    const txid = hop.data.fundingTxid as string;
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).status).toBe(404);
    expect([...sbtc.deposits.keys()].some((k) => k.startsWith(txid))).toBe(false);

    // A fresh worker over the same storage sends the saved transaction, then announces it.
    const restarted = wallet(mnemonic, w.store);
    const engine2 = new HopEngine([sbtcDeposit], new HopStore(restarted.store));
    await engine2.tick(restarted.ctx, true);
    await engine2.tick(restarted.ctx, true);
    expect((await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).json()).txid).toBe(txid);
    expect([...sbtc.deposits.keys()].some((k) => k.startsWith(txid))).toBe(true);
    await signersSweepAndMint();
    const [done] = await engine2.tick(restarted.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed' });
  });

  it('a worker killed after broadcasting the deposit, before its txid reached storage: a fresh worker finds it on chain and does not pay again', async () => {
    const mnemonic = generateMnemonic(wordlist);
    const w = wallet(mnemonic);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 600_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, BTC, SBTC, 150_000n);
    const killed = storageBeforeSaving(w.store, 'fundingTxid');
    const hop = await engine.start(w.ctx, routes[0]!);
    const txid = hop.data.fundingTxid as string;
    const depositAddress = hop.data.depositAddress as string;
    const left = (await new HopStore(killed.taken!).get(hop.id))!;
    expect(left.data.fundingTxid).toBeUndefined();

    const restarted = wallet(mnemonic, killed.taken);
    const engine2 = new HopEngine([sbtcDeposit], new HopStore(restarted.store));
    const [again] = await engine2.tick(restarted.ctx, true);
    expect(again!.data.fundingTxid).toBe(txid);
    const paid = (await (await fetch(`${bitcoin.esploraUrl}/address/${depositAddress}/txs`)).json()) as { txid: string }[];
    expect(paid.map((t) => t.txid)).toEqual([txid]);
    await signersSweepAndMint();
    const [done] = await engine2.tick(restarted.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed' });
    // One deposit and its fee left the wallet, not two.
    const { confirmed } = (await restarted.bitcoin.overview()).balances[0]!;
    const fee = BigInt((await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).json()).fee);
    expect(BigInt(confirmed)).toBe(600_000n - 150_000n - fee);
  });

  it('a premature reclaim is refused by the node (BIP68), so the lock protects the signers too', async () => {
    const w = wallet(ABANDON);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    sbtc.setRefuse(true);
    try {
      const { routes } = await engine.plan(w.ctx, BTC, SBTC, 100_000n);
      const hop = await engine.start(w.ctx, routes[0]!);
      await bitcoin.mine(1);
      // Sign the very reclaim the wallet would, one confirmation in instead of six, and broadcast it.
      const d = (await engine.list()).find((h) => h.id === hop.id)!.data as Record<string, string | number>;
      const early = buildReclaim({
        fundingTxid: d.fundingTxid as string,
        fundingVout: d.fundingVout as number,
        amount: 100_000n,
        depositAddress: d.depositAddress as string,
        reclaimScript: hexToBytes(d.reclaimScript as string),
        controlBlock: hexToBytes(d.reclaimControlBlock as string),
        lockTime: d.lockTime as number,
        to: (await w.bitcoin.receive()).address,
        feeRate: 2_000n,
        privateKey: w.ctx.keys.at(hop.index).privateKey,
        network: bitcoinNetwork(w.ctx.presets.bitcoin.params),
      });
      const res = await fetch(`${bitcoin.esploraUrl}/tx`, { method: 'POST', body: early.hex });
      expect(res.ok).toBe(false);
      expect(await res.text()).toMatch(/BIP68|non-final|sequence/i);
    } finally {
      sbtc.setRefuse(false);
    }
  });
});

describe('sBTC deposit: a Stacks API that lies about the signers\' key', () => {
  afterEach(async () => {
    await sbtc.misbehave('honest');
  });

  /** Starts a deposit; it must fail before any BTC leaves the wallet, and leave no hop. */
  async function refusedDeposit(pins?: Record<string, string>) {
    const { w, route } = await fundedDeposit(pins);
    return refusedStart(w, route);
  }

  it('refuses a key whose Bitcoin wallet does not hold the signers\' coins', async () => {
    const lie = await sbtc.misbehave('wrong-key');
    const error = await refusedDeposit();
    expect(error?.message).toMatch(new RegExp(`${bytesToHex(lie)}.*signers' Bitcoin wallet.*Nothing was sent`));
  });

  it('with the signers\' key pinned, refuses another key even when the attacker funded its wallet', async () => {
    const lie = await sbtc.misbehave('wrong-key-funded');
    const error = await refusedDeposit({ 'stacks.sbtcSignersKey': bytesToHex(sbtc.signersPublicKey) });
    expect(error?.message).toMatch(new RegExp(`${bytesToHex(lie)}.*pinned.*${bytesToHex(sbtc.signersPublicKey)}.*Nothing was sent`));
  });

  it('a pin that matches the signers\' key lets the deposit go', async () => {
    const w = wallet(generateMnemonic(wordlist), undefined, { 'stacks.sbtcSignersKey': bytesToHex(sbtc.signersPublicKey) });
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const hop = await engine.start(w.ctx, (await engine.plan(w.ctx, BTC, SBTC, 200_000n)).routes[0]!);
    expect(hop).toMatchObject({ state: 'awaiting-signers', data: { signersKey: bytesToHex(sbtc.signersPublicKey), notified: true } });
  });
});

describe('sBTC deposit on a public network (the devnet standing in for Stacks testnet)', () => {
  afterEach(async () => {
    await sbtc.misbehave('honest');
  });
  const PUBLIC: LayerId[] = ['stacks'];
  const pinned = (key: Uint8Array) => ({ 'stacks.sbtcSignersKey': bytesToHex(key) });
  const setup = (planPins?: Record<string, string>) => fundedDeposit(planPins, PUBLIC);

  it("a Stacks API naming a key whose Bitcoin wallet the attacker funded: with no pin the deposit is refused and nothing is sent", async () => {
    await sbtc.misbehave('wrong-key-funded');
    // Routes looked up while the key was pinned, started after the pin was cleared: creation checks again.
    const { mnemonic, w, engine, route } = await setup(pinned(sbtc.signersPublicKey));
    const unpinned = wallet(mnemonic, w.store, undefined, PUBLIC);
    const error = await refusedStart(unpinned, route);
    expect(error?.message).toMatch(/signers' key is not pinned .*Settings.*Stacks.*sBTC signers' key.*Nothing was sent/);
    const plan = (await engine.plan(unpinned.ctx, BTC, SBTC, 200_000n)).routes[0]!;
    expect({ ...plan, reason: englishOf(plan.reason) }).toMatchObject({ available: false, reason: expect.stringMatching(/not pinned .*Settings/) });
  });

  it("the Bitcoin cross-check still runs under a pin: a pinned key whose wallet holds nothing is refused", async () => {
    // The user pinned what a lying page showed; the Stacks API agrees with the pin, but no sBTC coins sit at that key.
    const lie = await sbtc.misbehave('wrong-key');
    const { w, route } = await setup(pinned(lie));
    const error = await refusedStart(w, route);
    expect(error?.message).toMatch(new RegExp(`${bytesToHex(lie)}.*signers' Bitcoin wallet.*Nothing was sent`));
  });

  it("pinned to the signers' key, the deposit goes to it", async () => {
    const { w, engine, route } = await setup(pinned(sbtc.signersPublicKey));
    expect(route.available).toBe(true);
    const hop = await engine.start(w.ctx, route);
    expect(hop).toMatchObject({ state: 'awaiting-signers', network: { stacks: 'devnet-as-public' }, data: { signersKey: bytesToHex(sbtc.signersPublicKey), notified: true } });
  });
});

describe("sBTC deposit: Emily's statuses (stacks-network/sbtc emily/handler Status)", () => {
  afterEach(() => {
    sbtc.setDepositMode('sweep');
  });

  /** A fresh wallet with a 300,000-sat deposit funded and announced, confirmed in one block and seen by the signers once. */
  async function depositSeen() {
    const w = wallet(generateMnemonic(wordlist));
    await bitcoin.faucet((await w.bitcoin.receive()).address, 600_000n);
    const engine = new HopEngine([sbtcDeposit], new HopStore(w.store));
    const hop = await engine.start(w.ctx, (await engine.plan(w.ctx, BTC, SBTC, 300_000n)).routes[0]!);
    const key = `${hop.data.fundingTxid}:${hop.data.fundingVout}`;
    await bitcoin.mine(1);
    await sbtc.pass();
    return { w, engine, hop, key };
  }

  /** Mines to the lock time (six blocks deep) and lets the wallet reclaim; it must end refunded. */
  async function reclaimedAtLockTime(w: ReturnType<typeof wallet>, engine: HopEngine) {
    await bitcoin.mine(4);
    expect((await engine.tick(w.ctx, true))[0]!.data.reclaimTxid).toBeUndefined();
    await bitcoin.mine(1);
    const reclaiming = (await engine.tick(w.ctx, true))[0]!;
    expect(reclaiming.state).toBe('reclaiming');
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'refunded', state: 'reclaimed' });
    return done!;
  }

  it('accepted is a planned sweep, not a sweep: accepted and never swept, the deposit is reclaimed after the lock time', async () => {
    sbtc.setDepositMode('accept-only');
    const { w, engine, key } = await depositSeen();
    expect(sbtc.deposits.get(key)!.status).toBe('accepted');
    const waiting = (await engine.tick(w.ctx, true))[0]!;
    expect(waiting.outcome).toBe('in-progress');
    expect(waiting.steps.find((s) => s.key === 'sweep')).toMatchObject({ status: 'active' });
    expect(english(waiting.steps.find((s) => s.key === 'sweep')!.label)).toMatch(/accepted.*reclaimable after block/);
    await reclaimedAtLockTime(w, engine);
    expect(sbtc.deposits.get(key)!.status).toBe('accepted');
  });

  for (const [mode, status, shown] of [
    ['fail', 'failed', /failed: Rejected by the signers.*reclaimable after block/],
    ['reprocess', 'reprocessing', /reprocessing: Reprocessing deposit status after reorg.*reclaimable after block/],
  ] as const) {
    it(`${status}: the status and Emily's message are shown, and the deposit is reclaimed after the lock time`, async () => {
      sbtc.setDepositMode(mode);
      const { w, engine, key } = await depositSeen();
      await sbtc.pass();
      expect(sbtc.deposits.get(key)!.status).toBe(status);
      const waiting = (await engine.tick(w.ctx, true))[0]!;
      expect(waiting.outcome).toBe('in-progress');
      expect(english(waiting.steps.find((s) => s.key === 'sweep')!.label)).toMatch(shown);
      await reclaimedAtLockTime(w, engine);
    });
  }

  it('an Emily that says confirmed while the sweep is not yet in a block: the wallet waits for the block before counting it minted', async () => {
    sbtc.setDepositMode('confirm-early');
    const { w, engine, key } = await depositSeen();
    await sbtc.pass();
    expect(sbtc.deposits.get(key)).toMatchObject({ status: 'confirmed' });
    const sweep = sbtc.deposits.get(key)!.fulfillment!.BitcoinTxid;
    const waiting = (await engine.tick(w.ctx, true))[0]!;
    expect(waiting.outcome).toBe('in-progress');
    expect(english(waiting.steps.find((s) => s.key === 'sweep')!.label)).toMatch(/not in a block yet/);
    await bitcoin.mine(1);
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'minted' });
    expect(done!.steps.find((s) => s.key === 'sweep')!.txid).toBe(sweep);
  });

  it('an Emily that says confirmed for a deposit nobody swept: the wallet checks Bitcoin, does not complete, and reclaims after the lock time', async () => {
    sbtc.setDepositMode('confirm-unswept');
    const { w, engine, key } = await depositSeen();
    expect(sbtc.deposits.get(key)).toMatchObject({ status: 'confirmed', fulfillment: { BitcoinTxid: 'ee'.repeat(32) } });
    const waiting = (await engine.tick(w.ctx, true))[0]!;
    expect(waiting.outcome).toBe('in-progress');
    expect(englishOf(waiting.lastError)).toMatch(/Emily says the deposit is confirmed.*not spent.*reclaim/);
    await reclaimedAtLockTime(w, engine);
  });

  it('a sweep that confirms after the lock time wins over the reclaim: the wallet sees the deposit spent by the sweep and completes once Emily confirms', async () => {
    sbtc.setDepositMode('accept-only');
    const { w, engine, hop, key } = await depositSeen();
    await bitcoin.mine(5);
    // The signers sweep after all, and their sweep is in a block before the wallet looks again.
    sbtc.setDepositMode('sweep');
    await sbtc.pass();
    await bitcoin.mine(1);
    expect(sbtc.deposits.get(key)!.status).toBe('accepted');
    const waiting = (await engine.tick(w.ctx, true))[0]!;
    expect(waiting.data.reclaimTxid).toBeUndefined();
    expect(waiting.outcome).toBe('in-progress');
    await sbtc.pass();
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'minted' });
    expect(minted.get(hop.data.recipient as string)).toBeGreaterThanOrEqual(298_000n);
  });

  it('a reclaim signed and saved but never sent (the worker stopped) while the signers sweep after all: the wallet drops the reclaim and completes on the mint', async () => {
    sbtc.setDepositMode('accept-only');
    const { w, engine, key } = await depositSeen();
    await bitcoin.mine(5);
    // At the lock time the wallet signs and saves its reclaim, and stops before broadcasting it.
    const stopped = {
      ...w.ctx,
      http: (url: string) => {
        const client = w.ctx.http(url);
        const post = client.postText.bind(client);
        client.postText = (path, body, type) => (path === '/tx' ? Promise.reject(new Error('worker stopped')) : post(path, body, type));
        return client;
      },
    };
    const saved = (await engine.tick(stopped, true))[0]!;
    expect(saved.data.reclaimTxid).toMatch(/^[0-9a-f]{64}$/);
    sbtc.setDepositMode('sweep');
    await sbtc.pass();
    await bitcoin.mine(1);
    const back = (await engine.tick(w.ctx, true))[0]!;
    expect(back).toMatchObject({ outcome: 'in-progress', state: 'swept' });
    expect(back.data.reclaimTxid).toBeUndefined();
    expect(englishOf(back.lastError)).toBeUndefined();
    await sbtc.pass();
    expect(sbtc.deposits.get(key)!.status).toBe('confirmed');
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'minted' });
  });
});
