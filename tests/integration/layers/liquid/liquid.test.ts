/**
 * The Liquid service against the devnet's stand-in Esplora, which verifies every
 * broadcast on its own (proofs, commitment balance, signatures).
 */
import { randomBytes } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import { entropyToMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import * as laddress from 'liquidjs-lib/src/address';
import { regtest } from 'liquidjs-lib/src/networks';
import { Transaction } from 'liquidjs-lib/src/transaction';
import type { EsploraTx } from '../../../../src/layers/liquid/esplora';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blindingPrivateKey, liquidAddress, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { forgetOpenedOutputs, openingStats } from '../../../../src/layers/liquid/wallet-state';
import { LiquidService, type LiquidSendDraft } from '../../../../src/layers/liquid/service';
import { WalletError } from '../../../../src/shared/errors';
import { HttpClient } from '../../../../src/shared/http';
import { findPreset, type NetworkPreset } from '../../../../src/shared/networks';
import { startLiquidDevnet, type LiquidDevnet } from '../../../devnet/liquid';
import { devnetZkp, nonceOf } from '../../../devnet/liquid/zkp';
import { MemoryArea } from '../../../helpers/memory-ports';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const OTHER = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const THIRD = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';
const FOURTH = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong';

/** An unconfidential address of nobody's wallet: what it is paid is explicit. */
const stranger = () => laddress.fromOutputScript(Buffer.concat([Buffer.of(0x00, 0x14), randomBytes(20)]), regtest);

let net: LiquidDevnet;

function wallet(mnemonic: string, store = new MemoryArea()): { service: LiquidService; store: MemoryArea } {
  const seed = mnemonicToSeedSync(mnemonic);
  const base = findPreset('liquid', 'devnet')!;
  const preset: NetworkPreset<'liquid'> = { ...base, endpoints: { ...base.endpoints, esplora: net.url } };
  const service = new LiquidService(
    { root: HDKey.fromMasterSeed(seed), preset, store, http: (url) => new HttpClient(url, { retries: 0 }), now: () => Date.now() },
    slip77MasterBlindingKey(seed),
  );
  return { service, store };
}

/** A wallet no other test pays or spends from, holding 60,000 confirmed sats: `n` names it. */
async function fundedWallet(n: number): Promise<LiquidService> {
  const { service } = wallet(entropyToMnemonic(new Uint8Array(16).fill(n), wordlist));
  await net.faucet((await service.receive()).address, 60_000);
  net.mine();
  return service;
}

/** A raw transaction as a user's broadcast reaches the devnet: its status and text. */
const postTx = (hex: string) => fetch(`${net.url}/tx`, { method: 'POST', body: hex }).then(async (r) => ({ status: r.status, text: await r.text() }));

async function balance(service: LiquidService, asset: string): Promise<{ confirmed: bigint; pending: bigint }> {
  const row = (await service.overview()).balances.find((b) => b.asset === asset);
  return { confirmed: BigInt(row?.confirmed ?? '0'), pending: BigInt(row?.pending ?? '0') };
}

async function rejection(p: Promise<unknown>): Promise<WalletError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WalletError);
  return err as WalletError;
}

beforeAll(async () => {
  net = await startLiquidDevnet();
});
afterAll(async () => {
  await net?.stop();
});

describe('Liquid on the devnet', () => {
  it('receives confidential L-BTC from the faucet, unblinds it, and shows it pending then confirmed', async () => {
    const { service } = wallet(ABANDON);
    const { address, uri, unconfidential, path } = await service.receive();
    expect(address).toMatch(/^el1qq/);
    expect(uri).toBe(address);
    expect(unconfidential).toMatch(/^ert1q/);
    expect(path).toBe("m/84'/1'/0'/0/0");

    const txid = await net.faucet(address, 250_000);
    const faucetTx = net.state.txJson(txid)!;
    expect(faucetTx.vout[0]).toHaveProperty('valuecommitment');
    expect(faucetTx.vout[0]).not.toHaveProperty('value');

    expect(await balance(service, net.policyAsset)).toEqual({ confirmed: 0n, pending: 250_000n });
    net.mine();
    const overview = await service.overview();
    expect(overview.balances).toContainEqual({ asset: net.policyAsset, symbol: 'L-BTC', decimals: 8, confirmed: '250000', pending: '0' });
    expect(overview.activity[0]).toMatchObject({ id: txid, direction: 'in', amount: '250000', status: 'confirmed', confirmations: 1 });
    // The devnet preset's explorer is the stand-in's own API, which has no page for it: no link.
    expect((await fetch(`${new URL(net.url).origin}/tx/${txid}`)).status).toBe(404);
    expect(overview.activity[0]!.explorerUrl).toBeUndefined();

    // The used address is not offered again.
    expect((await service.receive()).address).not.toBe(address);
  });

  it('sends confidentially to another wallet, which sees the unblinded amount; change comes back blinded', async () => {
    const alice = wallet(ABANDON).service;
    const bob = wallet(OTHER).service;
    const before = await balance(alice, net.policyAsset);
    const to = (await bob.receive()).address;

    const quote = await alice.quote({ asset: net.policyAsset, to, amount: 40_000n });
    expect(quote.confidential).toBe(true);
    expect(quote.fee).toBeGreaterThan(0n);
    expect(quote.lbtcTotal).toBe(40_000n + quote.fee);

    const sent = await alice.send({ asset: net.policyAsset, to, amount: 40_000n });
    expect(net.broadcasts.accepted).toContain(sent.txid);
    expect(sent.fee).toBe(quote.fee);

    const tx = net.state.txJson(sent.txid)!;
    const blinded = tx.vout.filter((o) => o.scriptpubkey_type !== 'fee');
    expect(blinded.every((o) => 'valuecommitment' in o && 'assetcommitment' in o)).toBe(true);
    expect(tx.vout.find((o) => o.scriptpubkey_type === 'fee')).toMatchObject({ value: Number(sent.fee), asset: net.policyAsset });
    // The fee paid for the discounted vsize the devnet measures (signatures may be a byte shorter than budgeted).
    expect(quote.vsize - tx.discount_vsize).toBeGreaterThanOrEqual(0);
    expect(quote.vsize - tx.discount_vsize).toBeLessThanOrEqual(2);
    // The change went to the internal chain.
    const change = liquidAddress(HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON)), slip77MasterBlindingKey(mnemonicToSeedSync(ABANDON)), { blech32: 'el', bech32: 'ert' }, 1, 0);
    expect(tx.vout[1]!.scriptpubkey_address).toBe(change.unconfidential);
    net.mine();

    expect(await balance(bob, net.policyAsset)).toEqual({ confirmed: 40_000n, pending: 0n });
    expect(await balance(alice, net.policyAsset)).toEqual({ confirmed: before.confirmed - 40_000n - sent.fee, pending: 0n });
    const out = (await alice.overview()).activity.find((a) => a.id === sent.txid)!;
    expect(out).toMatchObject({ direction: 'out', amount: '40000', fee: String(sent.fee), status: 'confirmed' });
    expect(out.counterparty).toMatch(/^ert1q/);
  });

  it('a fee rate the server inflates is refused above the wallet\'s cap; a fee other than the reviewed one is never signed', async () => {
    const alice = wallet(ABANDON).service;
    const to = (await wallet(OTHER).service.receive()).address;
    const count = net.broadcasts.accepted.length;
    net.setFeeRate(100); // 1,000 times the devnet's rate: tens of thousands of sats for one send
    try {
      await expect(alice.quote({ asset: net.policyAsset, to, amount: 40_000n })).rejects.toMatchObject({ code: 'fee_too_high' });
      await expect(alice.send({ asset: net.policyAsset, to, amount: 40_000n })).rejects.toMatchObject({ code: 'fee_too_high' });
    } finally {
      net.setFeeRate(undefined);
    }
    const q = await alice.quote({ asset: net.policyAsset, to, amount: 40_000n });
    await expect(alice.send({ asset: net.policyAsset, to, amount: 40_000n, feeRate: q.feeRate, fee: q.fee - 1n })).rejects.toMatchObject({ code: 'fee_changed' });
    expect(net.broadcasts.accepted.length).toBe(count);
  });

  it('sends to an unconfidential address as an explicit output', async () => {
    const alice = wallet(ABANDON).service;
    const carol = wallet(OTHER).service;
    const { unconfidential } = await carol.receive();
    const before = await balance(carol, net.policyAsset);
    const sent = await alice.send({ asset: net.policyAsset, to: unconfidential, amount: 12_345n });
    const tx = net.state.txJson(sent.txid)!;
    expect(tx.vout[0]).toMatchObject({ value: 12_345, asset: net.policyAsset, scriptpubkey_address: unconfidential });
    net.mine();
    expect((await balance(carol, net.policyAsset)).confirmed).toBe(before.confirmed + 12_345n);
  });

  it('holds a second asset: per-asset balances with ticker, and sends it paying the fee in L-BTC', async () => {
    const alice = wallet(ABANDON).service;
    const bob = wallet(OTHER).service;
    await net.faucet((await alice.receive()).address, 7_000, 'test');
    net.mine();
    const overview = await alice.overview();
    expect(overview.balances.map((b) => b.symbol).sort()).toEqual(['L-BTC', 'TEST']);
    expect(overview.balances.find((b) => b.asset === net.testAsset)).toMatchObject({ confirmed: '7000', decimals: 8 });

    const lbtcBefore = await balance(alice, net.policyAsset);
    const sent = await alice.send({ asset: net.testAsset, to: (await bob.receive()).address, amount: 2_500n });
    net.mine();
    expect(await balance(alice, net.testAsset)).toEqual({ confirmed: 4_500n, pending: 0n });
    expect(await balance(alice, net.policyAsset)).toEqual({ confirmed: lbtcBefore.confirmed - sent.fee, pending: 0n });
    expect(await balance(bob, net.testAsset)).toEqual({ confirmed: 2_500n, pending: 0n });
    const item = (await bob.overview()).activity.find((a) => a.id === sent.txid)!;
    expect(item).toMatchObject({ direction: 'in', asset: net.testAsset, symbol: 'TEST', amount: '2500' });
  });

  it('spends everything of an asset with several inputs and no change in it', async () => {
    const bob = wallet(OTHER).service;
    const alice = wallet(ABANDON).service;
    await net.faucet((await bob.receive()).address, 1_000, 'test');
    net.mine();
    const held = (await balance(bob, net.testAsset)).confirmed;
    expect(held).toBe(3_500n);
    const sent = await bob.send({ asset: net.testAsset, to: (await alice.receive()).address, amount: held });
    expect(net.broadcasts.accepted).toContain(sent.txid);
    net.mine();
    expect((await balance(bob, net.testAsset)).confirmed).toBe(0n);
  });

  it('empties a wallet to an unconfidential address: no change, so a blinded zero OP_RETURN absorbs the input blinders', async () => {
    const dave = wallet(THIRD).service;
    await net.faucet((await dave.receive()).address, 10_000);
    net.mine();
    const to = (await wallet(OTHER).service.receive()).unconfidential;
    const { fee } = await dave.quote({ asset: net.policyAsset, to, amount: 1_000n });
    const sent = await dave.send({ asset: net.policyAsset, to, amount: 10_000n - fee });
    expect(sent.fee).toBe(fee);
    const tx = net.state.txJson(sent.txid)!;
    expect(tx.vout.map((o) => o.scriptpubkey_type)).toEqual(['v0_p2wpkh', 'op_return', 'fee']);
    expect(tx.vout[1]).toHaveProperty('valuecommitment');
    net.mine();
    expect(await balance(dave, net.policyAsset)).toEqual({ confirmed: 0n, pending: 0n });
  });

  it('refuses bad input with a clear error and broadcasts nothing', async () => {
    const { service } = wallet(ABANDON);
    const attempts = net.broadcasts.accepted.length + net.broadcasts.rejected.length;
    const held = (await balance(service, net.policyAsset)).confirmed;
    const to = (await wallet(OTHER).service.receive()).address;
    const draft = (over: Partial<LiquidSendDraft>): LiquidSendDraft => ({ asset: net.policyAsset, to, amount: 1_000n, ...over });

    const cases: [Partial<LiquidSendDraft>, string, RegExp][] = [
      [{ to: 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080' }, 'wrong_network', /Bitcoin address/],
      [{ to: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx' }, 'wrong_network', /Bitcoin address/],
      [{ to: 'VJLCQwwG8s7qUGhpJkQpkf7wLoK785TcK2cPqka8675FeJB7NEHLto5MUJyhJURGJCbFHA6sb6rgTwbh' }, 'wrong_network', /Liquid mainnet/],
      [{ to: 'lq1qqvxk052kf3qtkxmrakx50a9gc3smqad2ync54hzntjt980kfej9kkfe0247rp5h4yzmdftsahhw64uy8pzfe7cpg4fgykm7cv' }, 'wrong_network', /Liquid mainnet/],
      [{ to: 'ex1qhuq5u7udzwskhaz45fy80kdaxjytqd99ju5yfn' }, 'wrong_network', /Liquid mainnet/],
      [{ to: 'tlq1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z58hd7zrsg9qn' }, 'wrong_network', /Liquid testnet/],
      [{ to: `${to.slice(0, 30)}${to[30] === 'q' ? 'p' : 'q'}${to.slice(31)}` }, 'bad_address', /not a valid Liquid address/],
      [{ to: 'hello' }, 'bad_address', /not a valid Liquid address/],
      [{ to: '' }, 'bad_address', /Enter a Liquid address/],
      [{ amount: held }, 'insufficient_funds', /cannot cover .* L-BTC plus a network fee/],
      [{ amount: 0n }, 'bad_amount', /more than zero/],
      [{ asset: 'ab'.repeat(32) }, 'insufficient_funds', /holds no/],
      [{ asset: 'L-BTC' }, 'bad_params', /asset/],
      [{ asset: net.testAsset, amount: 1_000_000n }, 'insufficient_funds', /is more than the spendable balance \(.* TEST\)/],
    ];
    for (const [over, code, message] of cases) {
      const err = await rejection(service.send(draft(over)));
      expect([over, err.code]).toEqual([over, code]);
      expect(err.message).toMatch(message);
    }
    expect(net.broadcasts.accepted.length + net.broadcasts.rejected.length).toBe(attempts);
  });

  it('rejects transactions that do not verify: a flipped range- or surjection-proof byte, an asset commitment off the curve, an explicit zero on a spendable script, an unbalanced fee, a bad signature, a double spend', async () => {
    const { service } = wallet(ABANDON);
    const to = (await wallet(OTHER).service.receive()).address;
    const signed = await service.buildSend({ asset: net.policyAsset, to, amount: 5_000n });

    const proofFlipped = Transaction.fromHex(signed.hex);
    proofFlipped.outs[0]!.rangeProof![100]! ^= 1;
    expect(await postTx(proofFlipped.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/range proof does not verify/) });

    const surjectionFlipped = Transaction.fromHex(signed.hex);
    surjectionFlipped.outs[0]!.surjectionProof![40]! ^= 1;
    expect(await postTx(surjectionFlipped.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/surjection proof does not verify/) });

    // An asset commitment whose x is not on the curve (5³ + 7 is not a square mod p).
    const offCurve = Transaction.fromHex(signed.hex);
    offCurve.outs[0]!.asset = Buffer.concat([Buffer.of(0x0a), Buffer.alloc(31), Buffer.of(5)]);
    expect(await postTx(offCurve.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/asset-commitment-invalid \(output 0\)/) });

    // Elements' VerifyAmounts: an explicit zero commits to nothing where the script is unspendable (it passes the
    // amounts; the larger transaction's fee, or its now-stale signature, refuses it), and is refused where it could be spent.
    const zeroOut = (script: Buffer) => {
      const tx = Transaction.fromHex(signed.hex);
      tx.addOutput(script, Buffer.concat([Buffer.of(0x01), Buffer.alloc(8)]), Buffer.concat([Buffer.of(0x01), Buffer.from(net.policyAsset, 'hex').reverse()]), Buffer.of(0));
      return tx.toHex();
    };
    expect(await postTx(zeroOut(Buffer.of(0x6a, 0x01, 0x2a)))).toMatchObject({ status: 400, text: expect.stringMatching(/min relay fee not met|script-verify-flag/) });
    expect(await postTx(zeroOut(Transaction.fromHex(signed.hex).outs[0]!.script))).toMatchObject({ status: 400, text: expect.stringMatching(/spendable output of zero/) });

    const unbalanced = Transaction.fromHex(signed.hex);
    const feeOut = unbalanced.outs.find((o) => o.script.length === 0)!;
    feeOut.value.writeBigUInt64BE(feeOut.value.readBigUInt64BE(1) + 1n, 1);
    expect(await postTx(unbalanced.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/do not equal outputs plus fee/) });

    const badSig = Transaction.fromHex(signed.hex);
    const sig = badSig.ins[0]!.witness[0]!;
    sig[sig.length - 5]! ^= 1;
    expect(await postTx(badSig.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/script-verify-flag/) });

    expect(net.broadcasts.accepted).not.toContain(signed.txid);
    expect(await postTx(signed.hex)).toEqual({ status: 200, text: signed.txid });
    expect(await postTx(signed.hex)).toMatchObject({ status: 400, text: expect.stringMatching(/already spent|missingorspent/) });
  });

  it("refuses a range proof that lets a spendable output's value be zero, re-signed over the same commitment (Elements' VerifyRangeProof)", async () => {
    // A wallet of its own, so that the file's other tests keep their balances.
    const service = await fundedWallet(7);
    const { address: to } = await wallet(OTHER).service.receive();
    const signed = await service.buildSend({ asset: net.policyAsset, to, amount: 5_000n });
    const tx = Transaction.fromHex(signed.hex);
    const out = tx.outs.find((o) => o.script.equals(laddress.toOutputScript(to, regtest)))!;
    const zkp = await devnetZkp();
    const nonce = nonceOf(zkp, out.nonce, blindingPrivateKey(slip77MasterBlindingKey(mnemonicToSeedSync(OTHER)), out.script));
    const opened = zkp.rangeproof.rewind(out.rangeProof!, out.value, out.asset, nonce, out.script);
    const { exp, mantissa } = zkp.rangeproof.info(out.rangeProof!);
    expect([opened.value, opened.minValue]).toEqual(['5000', '1']);
    out.rangeProof = Buffer.from(zkp.rangeproof.sign(opened.value, out.value, out.asset, opened.blinder, nonce, '0', exp, mantissa, opened.message, out.script));
    // Still a proof of the same commitment, only with 0 as its lowest value.
    expect(zkp.rangeproof.verify(out.rangeProof, out.value, out.asset, out.script)).toBe(true);
    expect(zkp.rangeproof.info(out.rangeProof).minValue).toBe('0');
    expect(await postTx(tx.toHex())).toMatchObject({ status: 400, text: expect.stringMatching(/range proof lets the value be zero/) });
    expect(net.broadcasts.accepted).not.toContain(signed.txid);
  });

  it("refuses what Elements' reader or amount checks refuse: a proof on an explicit value or asset, a fee of nothing, a nonce of an unknown prefix", async () => {
    const service = await fundedWallet(8);
    const signed = await service.buildSend({ asset: net.policyAsset, to: (await wallet(OTHER).service.receive()).address, amount: 5_000n });
    const variant = (change: (tx: Transaction) => void) => {
      const tx = Transaction.fromHex(signed.hex);
      change(tx);
      return tx.toHex();
    };
    const fee = (tx: Transaction) => tx.outs.find((o) => o.script.length === 0)!;
    const blinded = (tx: Transaction) => tx.outs.find((o) => o.rangeProof?.length)!;
    const cases = [
      // The output witness is outside the signature hash: only these checks can refuse them.
      variant((tx) => (fee(tx).rangeProof = Buffer.from(blinded(tx).rangeProof!))),
      variant((tx) => (fee(tx).surjectionProof = Buffer.from(blinded(tx).surjectionProof!))),
      variant((tx) => (fee(tx).value = Buffer.concat([Buffer.of(0x01), Buffer.alloc(8)]))),
      // liquidjs-lib reads an unknown prefix as a one-byte nonce and 0xff as a 33-byte one; Elements reads neither.
      variant((tx) => (blinded(tx).nonce = Buffer.of(0x05))),
      variant((tx) => (blinded(tx).nonce = Buffer.concat([Buffer.of(0xff), blinded(tx).nonce.subarray(1)]))),
    ];
    const replies = [];
    for (const hex of cases) {
      const { status, text } = await postTx(hex);
      replies.push(`${status} ${text}`);
    }
    expect(replies).toEqual([
      expect.stringMatching(/^400 .*\(output \d: a range proof on an explicit value\)/),
      expect.stringMatching(/^400 .*\(output \d: a surjection proof on an explicit asset\)/),
      expect.stringMatching(/^400 .*bad-txns-fee-outofrange \(output \d\)/),
      expect.stringMatching(/^400 .*TX decode failed/),
      expect.stringMatching(/^400 .*TX decode failed/),
    ]);
    expect(net.broadcasts.accepted).not.toContain(signed.txid);
  });

  it('keeps a pending record of a send, excludes its coins, and forgets it once indexed', async () => {
    const { service, store } = wallet(ABANDON);
    const to = (await wallet(OTHER).service.receive()).address;
    const sent = await service.send({ asset: net.policyAsset, to, amount: 1_111n });
    const records = JSON.parse(store.data.get('liquid.devnet.pending') ?? '[]') as { txid: string; state: string }[];
    expect(records).toEqual([expect.objectContaining({ txid: sent.txid, state: 'broadcast' })]);
    const overview = await service.overview();
    expect(overview.activity.find((a) => a.id === sent.txid)).toMatchObject({ direction: 'out', status: 'pending', amount: '1111' });
    expect(JSON.parse(store.data.get('liquid.devnet.pending')!)).toEqual([]);
  });

  it('opens each output once: amounts persist, so a restarted worker rewinds only the coins it spends', async () => {
    const { service, store } = wallet(ABANDON);
    const first = await service.overview();
    const amounts = JSON.parse(store.data.get('liquid.devnet.amounts')!) as Record<string, [string, string, boolean]>;
    expect(Object.values(amounts)).toContainEqual([net.policyAsset, '250000', true]);
    expect(store.dump()).not.toMatch(/blind/i);

    forgetOpenedOutputs(); // as after the service worker was stopped
    const restarted = wallet(ABANDON, store).service;
    const before = openingStats.rewinds;
    expect((await restarted.overview()).balances).toEqual(first.balances);
    expect(openingStats.rewinds).toBe(before);

    const to = (await wallet(OTHER).service.receive()).address;
    const quote = await restarted.quote({ asset: net.policyAsset, to, amount: 2_000n });
    expect(openingStats.rewinds).toBe(before);
    const sent = await restarted.send({ asset: net.policyAsset, to, amount: 2_000n });
    expect(net.broadcasts.accepted).toContain(sent.txid);
    expect(openingStats.rewinds - before).toBe(quote.inputCount);
  });

  it('serves the faucet and the miner over HTTP, and Esplora-shaped UTXOs', async () => {
    const { unconfidential, address } = await wallet(THIRD).service.receive();
    const post = (path: string, body: unknown) =>
      fetch(`${net.origin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.text() }));
    const minted = await post('/faucet', { address: unconfidential, sats: 3_000, asset: 'test' });
    expect(minted.status).toBe(200);
    const { txid } = JSON.parse(minted.body) as { txid: string };
    const utxos = (await (await fetch(`${net.url}/address/${unconfidential}/utxo`)).json()) as unknown[];
    expect(utxos).toContainEqual({ txid, vout: 0, status: { confirmed: false }, value: 3_000, asset: net.testAsset });
    const confidentialMint = JSON.parse((await post('/faucet', { address, sats: 1_000 })).body) as { txid: string };
    const blindedUtxo = ((await (await fetch(`${net.url}/address/${unconfidential}/utxo`)).json()) as Record<string, unknown>[]).find((u) => u.txid === confidentialMint.txid)!;
    expect(Object.keys(blindedUtxo).sort()).toEqual(['assetcommitment', 'noncecommitment', 'status', 'txid', 'valuecommitment', 'vout']);
    const mined = JSON.parse((await post('/mine', {})).body) as { height: number };
    expect(mined.height).toBe(net.state.height);
    expect(await (await fetch(`${net.url}/tx/${txid}/status`)).json()).toMatchObject({ confirmed: true, block_height: mined.height });
    expect((await post('/faucet', { address: 'nope', sats: 1 })).status).toBe(400);
    expect((await post('/faucet', { address, sats: -5 })).status).toBe(400);
  });
});

describe('Liquid against an Esplora whose JSON lies (the raw transactions decide)', () => {
  afterEach(() => net.misbehave({}));

  it("counts no output the JSON labels with our address while the transaction pays another's script", async () => {
    const { service, store } = wallet(FOURTH);
    const { unconfidential } = await service.receive();
    const txid = await net.faucet(stranger(), 70_000); // explicit: it would open without any key
    net.mine();
    net.misbehave({ claimOutput: { address: unconfidential, txid, vout: 0 } });
    const served = (await (await fetch(`${net.url}/address/${unconfidential}/txs`)).json()) as EsploraTx[];
    expect(served.find((t) => t.txid === txid)?.vout[0]).toMatchObject({ scriptpubkey_address: unconfidential, value: 70_000 });

    const overview = await service.overview();
    expect(overview.balances).toEqual([expect.objectContaining({ asset: net.policyAsset, confirmed: '0', pending: '0' })]);
    expect(overview.activity.filter((a) => a.id.startsWith(txid))).toEqual([]);
    expect(Object.keys(JSON.parse(store.data.get('liquid.devnet.amounts') ?? '{}'))).not.toContain(`${txid}:0`);
    await expect(service.quote({ asset: net.policyAsset, to: stranger(), amount: 1_000n })).rejects.toMatchObject({ code: 'insufficient_funds' });
  });

  it('keeps a coin the JSON says a transaction of someone else spends', async () => {
    const { service } = wallet(FOURTH);
    const { address, unconfidential } = await service.receive();
    const funding = await net.faucet(address, 20_000);
    const other = await net.faucet(stranger(), 5_000);
    net.mine();
    net.misbehave({ claimSpend: { address: unconfidential, txid: other, outpoint: `${funding}:0` } });
    const served = (await (await fetch(`${net.url}/address/${unconfidential}/txs`)).json()) as EsploraTx[];
    expect(served.find((t) => t.txid === other)?.vin[0]).toMatchObject({ txid: funding, vout: 0 });

    expect(await balance(service, net.policyAsset)).toEqual({ confirmed: 20_000n, pending: 0n });
    expect((await service.overview()).activity.filter((a) => a.id.startsWith(other))).toEqual([]);
    expect((await service.quote({ asset: net.policyAsset, to: stranger(), amount: 1_000n })).inputCount).toBe(1);
  });

  it('shows the fee of its own send as the transaction pays it, not as the JSON reports it', async () => {
    const { service } = wallet(FOURTH);
    const before = await balance(service, net.policyAsset);
    const sent = await service.send({ asset: net.policyAsset, to: stranger(), amount: 3_000n });
    net.mine();
    net.misbehave({ fee: 0 });
    const item = (await service.overview()).activity.find((a) => a.id === sent.txid);
    expect(item).toMatchObject({ direction: 'out', amount: '3000', fee: String(sent.fee) });
    expect(await balance(service, net.policyAsset)).toEqual({ confirmed: before.confirmed - 3_000n - sent.fee, pending: 0n });
  });
});
