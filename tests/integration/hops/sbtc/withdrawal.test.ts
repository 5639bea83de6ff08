/**
 * sBTC -> BTC withdrawals on the devnets: the wallet's contract call runs on the
 * Stacks stand-in (signature, nonce and the deny-mode post-condition checked
 * there), the stand-in signers see the request and pay BTC on bcoin, and Emily
 * reports it. Balances are read from the devnets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import { sbtcWithdrawal } from '../../../../src/hops/sbtc';
import type { AssetRef } from '../../../../src/hops/types';
import { SBTC_DEVNET_DEPLOYER } from '../../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { startSbtcDevnet, type SbtcDevnet } from '../../../devnet/sbtc';
import { startStacksDevnet, type StacksDevnet } from '../../../devnet/stacks';
import { hopWallet, storageBeforeSaving } from '../../../helpers/hop-context';
import { ABANDON } from '../../../helpers/layer-deps';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type { MemoryArea } from '../../../helpers/memory-ports';
import { englishOf } from '../../../helpers/english-of';

const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };
const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };

let bitcoin: BitcoinDevnet;
let stacks: StacksDevnet;
let sbtc: SbtcDevnet;

beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
  stacks = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
  sbtc = await startSbtcDevnet({ bitcoin, stacks, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 60_000, mint: async (to, sats) => stacks.mintSbtc(to, sats) });
  sbtc.mountRegistry(stacks.server);
}, 120_000);
afterAll(async () => {
  await sbtc?.stop();
  await stacks?.stop();
  await bitcoin?.stop();
});

const wallet = (mnemonic = ABANDON, store?: MemoryArea) =>
  hopWallet({ mnemonic, store, endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl, 'bitcoin.explorer': bitcoin.url, 'stacks.api': stacks.url, 'stacks.emily': sbtc.url } });

describe('sBTC withdrawal on the devnets', () => {
  it('requests a withdrawal with a capped post-condition; the signers pay BTC to our address', async () => {
    const w = wallet();
    stacks.credit(w.stacks.address, 5_000_000n);
    stacks.mintSbtc(w.stacks.address, 300_000n);
    const engine = new HopEngine([sbtcWithdrawal], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, SBTC, BTC, 150_000n);
    expect(routes[0]).toMatchObject({ mechanism: 'sbtc-withdrawal', available: true, receive: '150000' });
    const hop = await engine.start(w.ctx, routes[0]!);
    expect(hop.state).toBe('requested');
    const callTxid = hop.data.callTxid as string;
    expect(stacks.accepted).toContain(callTxid);

    stacks.mine();
    // amount + the most the signers may keep (10,000 on the devnet) is locked.
    expect(stacks.sbtcBalance(w.stacks.address)).toBe(300_000n - 160_000n);
    let r = (await engine.tick(w.ctx, true))[0]!;
    expect(r.data.requestId).toBe(1);
    await sbtc.pass();
    await bitcoin.mine(1);
    await sbtc.pass();
    r = (await engine.tick(w.ctx, true))[0]!;
    expect(r).toMatchObject({ outcome: 'completed', state: 'paid', expectedReceive: '150000' });
    const paid = await (await fetch(`${bitcoin.esploraUrl}/tx/${r.data.bitcoinTxid}`)).json();
    expect(paid.vout.find((o: { scriptpubkey_address: string }) => o.scriptpubkey_address === r.data.recipient).value).toBe(150_000);
  });

  it('refuses a withdrawal the sBTC balance cannot cover before anything is sent', async () => {
    const w = wallet('legal winner thank year wave sausage worth useful legal winner thank yellow');
    stacks.credit(w.stacks.address, 5_000_000n);
    stacks.mintSbtc(w.stacks.address, 100_000n);
    const sent = stacks.accepted.length;
    const engine = new HopEngine([sbtcWithdrawal], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, SBTC, BTC, 95_000n);
    expect(routes[0]).toMatchObject({ available: false });
    expect(englishOf(routes[0]!.reason)).toMatch(/locks 0\.00105 sBTC/);
    expect(stacks.accepted.length).toBe(sent);
  });

  it('a worker killed after broadcasting the request, before its txid reached storage: a fresh worker finds the call and does not request again', async () => {
    const mnemonic = generateMnemonic(wordlist);
    const w = wallet(mnemonic);
    stacks.credit(w.stacks.address, 5_000_000n);
    stacks.mintSbtc(w.stacks.address, 400_000n);
    const engine = new HopEngine([sbtcWithdrawal], new HopStore(w.store));
    const { routes } = await engine.plan(w.ctx, SBTC, BTC, 120_000n);
    const killed = storageBeforeSaving(w.store, 'callTxid');
    const hop = await engine.start(w.ctx, routes[0]!);
    const callTxid = hop.data.callTxid as string;
    expect((await new HopStore(killed.taken!).get(hop.id))!.data.callTxid).toBeUndefined();
    const calls = stacks.accepted.length;

    // Still in the mempool when the fresh worker looks.
    const restarted = wallet(mnemonic, killed.taken);
    const engine2 = new HopEngine([sbtcWithdrawal], new HopStore(restarted.store));
    const [again] = await engine2.tick(restarted.ctx, true);
    expect(again!.data.callTxid).toBe(callTxid);
    expect(stacks.accepted.length).toBe(calls);
    stacks.mine();
    // One request locked amount + max fee, not two.
    expect(stacks.sbtcBalance(w.stacks.address)).toBe(400_000n - 130_000n);
    const r = (await engine2.tick(restarted.ctx, true))[0]!;
    expect(r.data.requestId).toBeGreaterThan(0);
  });
});

describe("sBTC withdrawal within Emily's /limits (emily/handler limits.rs; the signers enforce them, signer/src/bitcoin/utxo.rs)", () => {
  afterEach(() => {
    sbtc.setLimits({ perWithdrawalCap: null, rollingWithdrawalBlocks: null, rollingWithdrawalCap: null, accountCaps: {} });
  });

  /** A fresh account holding 1,000,000 sBTC and STX for fees. */
  function funded() {
    const w = wallet(generateMnemonic(wordlist));
    stacks.credit(w.stacks.address, 5_000_000n);
    stacks.mintSbtc(w.stacks.address, 1_000_000n);
    return { w, engine: new HopEngine([sbtcWithdrawal], new HopStore(w.store)) };
  }

  it('refuses a withdrawal above the per-withdrawal cap before anything is sent', async () => {
    const { w, engine } = funded();
    sbtc.setLimits({ perWithdrawalCap: 100_000 });
    const route = (await engine.plan(w.ctx, SBTC, BTC, 150_000n)).routes[0]!;
    expect({ ...route, reason: englishOf(route.reason) }).toMatchObject({ available: false, max: '100000', reason: expect.stringMatching(/at most 0\.001 sBTC per withdrawal/) });
    const fits = (await engine.plan(w.ctx, SBTC, BTC, 100_000n)).routes[0]!;
    expect(fits.available).toBe(true);
  });

  it('refuses a withdrawal above what the rolling window has left (availableToWithdraw)', async () => {
    const { w, engine } = funded();
    const used = [...sbtc.withdrawals.values()].filter((x) => x.status !== 'failed').reduce((sum, x) => sum + x.amount, 0);
    sbtc.setLimits({ rollingWithdrawalBlocks: 144, rollingWithdrawalCap: used + 120_000 });
    const route = (await engine.plan(w.ctx, SBTC, BTC, 150_000n)).routes[0]!;
    expect({ ...route, reason: englishOf(route.reason) }).toMatchObject({ available: false, reason: expect.stringMatching(/0\.0012 sBTC can still be withdrawn in the signers' rolling window of 144 blocks/) });
  });

  it("refuses a withdrawal above this account's own caps", async () => {
    const { w, engine } = funded();
    sbtc.setLimits({ accountCaps: { [w.stacks.address]: { pegCap: null, perDepositMinimum: null, perDepositCap: null, perWithdrawalCap: 50_000, rollingWithdrawalBlocks: null, rollingWithdrawalCap: null } } });
    const route = (await engine.plan(w.ctx, SBTC, BTC, 60_000n)).routes[0]!;
    expect({ ...route, reason: englishOf(route.reason) }).toMatchObject({ available: false, max: '50000', reason: expect.stringMatching(/at most 0\.0005 sBTC per withdrawal/) });
  });

  it('limits tightened after the quote: starting the withdrawal is refused, nothing is sent and no hop is left', async () => {
    const { w, engine } = funded();
    const route = (await engine.plan(w.ctx, SBTC, BTC, 150_000n)).routes[0]!;
    expect(route.available).toBe(true);
    sbtc.setLimits({ perWithdrawalCap: 100_000 });
    const sent = stacks.accepted.length;
    await expect(engine.start(w.ctx, route)).rejects.toThrow(/at most 0\.001 sBTC per withdrawal.*Nothing was sent/);
    expect(stacks.accepted.length).toBe(sent);
    expect(await engine.list()).toEqual([]);
    expect(stacks.sbtcBalance(w.stacks.address)).toBe(1_000_000n);
  });

  it('the signers reject a request above their cap (Emily: failed): the hop fails and says the sBTC comes back', async () => {
    const { w, engine } = funded();
    const route = (await engine.plan(w.ctx, SBTC, BTC, 150_000n)).routes[0]!;
    const hop = await engine.start(w.ctx, route);
    // Lowered after the request went out: the wallet could not know.
    sbtc.setLimits({ perWithdrawalCap: 100_000 });
    stacks.mine();
    await engine.tick(w.ctx, true);
    await sbtc.pass();
    expect(sbtc.withdrawals.get((await engine.list()).find((h) => h.id === hop.id)!.data.requestId as number)!.status).toBe('failed');
    const [done] = await engine.tick(w.ctx, true);
    expect(done).toMatchObject({ outcome: 'failed', state: 'rejected' });
    expect(englishOf(done!.lastError)).toMatch(/rejected the withdrawal; Emily says: “Rejected”/);
  });
});
