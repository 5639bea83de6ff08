/**
 * The Bitcoin dApp family against the devnet (bcoin regtest behind the Esplora facade),
 * driven directly with a DappContext the test builds (its `approve` records what the
 * window would show and approves or rejects). PSBTs are built, co-signed and finalized
 * with @scure/btc-signer (the wallet signs with bitcoinjs-lib); bcoin's mempool is the
 * verdict on every transaction, and bip322-js verifies message signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as btc from '@scure/btc-signer';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { Verifier } from 'bip322-js';
import { BitcoinService } from '../../../src/layers/bitcoin/service';
import { BITCOIN_FAMILY } from '../../../src/dapp/bitcoin/handler';
import { DappError, type ApprovalContent, type DappContext } from '../../../src/dapp/family';
import type { ApprovalRow } from '../../../src/shared/dapp/approval-view';
import type { DappRefusal } from '../../../src/shared/dapp/protocol';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../devnet/bitcoin';
import { testDeps, type TestDeps } from '../../helpers/layer-deps';

const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };

let devnet: BitcoinDevnet;
beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

interface Harness {
  ctx: DappContext<'bitcoin'>;
  svc: BitcoinService;
  deps: TestDeps<'bitcoin'>;
  shown: { method: string; content: ApprovalContent }[];
  /** What the next approvals answer. */
  answer: 'approve' | 'reject';
  /** Runs while the window is open (the user doing something else meanwhile). */
  meanwhile?: () => Promise<void>;
}

function wallet(): Harness {
  const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
  const svc = new BitcoinService(deps);
  const h: Harness = {
    svc,
    deps,
    shown: [],
    answer: 'approve',
    ctx: {
      origin: 'http://127.0.0.1:5173',
      preset: deps.preset,
      account: { layer: 'bitcoin', network: 'devnet', networkLabel: deps.preset.label, kind: 'address', value: svc.keys.address('p2wpkh', 0, 0).address, path: '', alternates: [] },
      service: async () => svc,
      deps: async () => {
        throw new Error('the Bitcoin family does its key work through the service');
      },
      approve: async (method, content) => {
        h.shown.push({ method, content });
        await h.meanwhile?.();
        if (h.answer === 'reject') throw new DappError('user_rejected', 'The user rejected the request.');
      },
    },
  };
  return h;
}

const call = (h: Harness, method: string, params?: unknown) => BITCOIN_FAMILY.methods[method]!(params, h.ctx) as Promise<any>;

async function refused(p: Promise<unknown>, refusal: DappRefusal): Promise<DappError> {
  const err = await p.then(
    () => {
      throw new Error(`expected a ${refusal} refusal`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DappError);
  expect((err as DappError).refusal).toBe(refusal);
  return err as DappError;
}

async function utxo(address: string): Promise<{ txid: string; vout: number; value: number }> {
  const list = (await (await fetch(`${devnet.esploraUrl}/address/${address}/utxo`)).json()) as { txid: string; vout: number; value: number }[];
  expect(list.length).toBeGreaterThan(0);
  return list[0]!;
}

async function broadcast(hex: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${devnet.esploraUrl}/tx`, { method: 'POST', body: hex });
  return { status: r.status, text: await r.text() };
}

/** A key the wallet does not have, with its P2WPKH address (another party's coin in a PSBT). */
function stranger() {
  const priv = secp256k1.utils.randomSecretKey();
  const pay = btc.p2wpkh(secp256k1.getPublicKey(priv, true), REGTEST);
  return { priv, address: pay.address!, script: pay.script };
}

const rows = (content: ApprovalContent): ApprovalRow[] => content.sections.flatMap((s) => s.rows);
const amountOf = (content: ApprovalContent, key: string): string | undefined =>
  rows(content).flatMap((r) => (r.kind === 'amount' && r.label.key === key && r.label.params === undefined ? [r.value] : []))[0];

describe('Bitcoin dApp family on the devnet', () => {
  it('answers getInfo, and gives the payment (BIP84) and Taproot (BIP86) addresses with their public keys', async () => {
    const h = wallet();
    const info = await call(h, 'getInfo', null);
    expect(info).toMatchObject({ platform: 'web', network: { bitcoin: { name: 'Regtest' } } });
    expect(info.methods).toEqual(expect.arrayContaining(['getAddresses', 'signPsbt', 'sendTransfer', 'signMessage', 'getBalance']));
    const { addresses } = await call(h, 'getAddresses', { purposes: ['payment', 'ordinals'], message: 'hello' });
    const [payment, ordinals] = addresses;
    expect(payment).toMatchObject({ purpose: 'payment', addressType: 'p2wpkh', walletType: 'software', address: h.svc.keys.address('p2wpkh', 0, 0).address });
    expect(btc.p2wpkh(hexToBytes(payment.publicKey), REGTEST).address).toBe(payment.address);
    expect(ordinals).toMatchObject({ purpose: 'ordinals', addressType: 'p2tr', address: h.svc.keys.address('p2tr', 0, 0).address });
    expect(btc.p2tr(hexToBytes(ordinals.publicKey), undefined, REGTEST).address).toBe(ordinals.address);
    // Only what was asked.
    expect((await call(h, 'getAddresses', { purposes: ['ordinals'] })).addresses.map((a: { purpose: string }) => a.purpose)).toEqual(['ordinals']);
    await refused(call(h, 'getAddresses', { purposes: ['savings'] }), 'invalid_params');
  });

  it('refuses a request for another network (wrong_network) and signs or sends nothing', async () => {
    const h = wallet();
    const before = devnet.facade.broadcasts.length;
    const testnetAddress = 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl';
    await refused(call(h, 'getAddresses', { purposes: ['payment'], network: 'Testnet4' }), 'wrong_network');
    await refused(call(h, 'wallet_connect', { addresses: ['payment'], network: 'Mainnet' }), 'wrong_network');
    await refused(call(h, 'sendTransfer', { recipients: [{ address: testnetAddress, amount: 10_000 }] }), 'wrong_network');
    await refused(call(h, 'signMessage', { address: testnetAddress, message: 'hi' }), 'wrong_network');
    await refused(call(h, 'signPsbt', { psbt: 'cHNidP8BAAoCAAAAAAAAAAAAAAA=', signInputs: { [testnetAddress]: [0] } }), 'wrong_network');
    expect(h.shown).toEqual([]);
    expect(devnet.facade.broadcasts.length).toBe(before);
    // The devnet's own name passes.
    expect((await call(h, 'getAddresses', { purposes: ['payment'], network: 'Regtest' })).addresses).toHaveLength(1);
  });

  it('reports the balance from its own scan, as strings of sats', async () => {
    const h = wallet();
    await devnet.faucet(h.svc.keys.address('p2wpkh', 0, 0).address, 70_000n);
    await devnet.faucet(h.svc.keys.address('p2tr', 0, 3).address, 5_000n, { confirm: false });
    expect(await call(h, 'getBalance', null)).toEqual({ confirmed: '70000', unconfirmed: '5000', total: '75000' });
    await devnet.mine();
  });

  it('signs the PSBT inputs it is asked to that are its own (P2WPKH and P2TR); the site finalizes and bcoin accepts it', async () => {
    const h = wallet();
    const seg = h.svc.keys.address('p2wpkh', 0, 0);
    const tap = h.svc.keys.address('p2tr', 0, 0);
    await devnet.faucet(seg.address, 200_000n);
    await devnet.faucet(tap.address, 100_000n);
    const a = await utxo(seg.address);
    const b = await utxo(tap.address);
    const to = stranger();
    const tx = new btc.Transaction();
    tx.addInput({ txid: a.txid, index: a.vout, witnessUtxo: { script: hexToBytes(seg.script), amount: 200_000n } });
    // No tapInternalKey: the wallet knows its own.
    tx.addInput({ txid: b.txid, index: b.vout, witnessUtxo: { script: hexToBytes(tap.script), amount: 100_000n } });
    tx.addOutputAddress(to.address, 250_000n, REGTEST);
    tx.addOutputAddress(h.svc.keys.address('p2wpkh', 1, 0).address, 45_000n, REGTEST);

    const result = await call(h, 'signPsbt', { psbt: base64.encode(tx.toPSBT()), signInputs: { [seg.address]: [0], [tap.address]: [1] } });
    expect(result.txid).toBeUndefined();

    // What the window showed: both inputs ours and signed, the stranger's output not ours, our change ours, the fee, and what leaves.
    const { method, content } = h.shown[0]!;
    expect(method).toBe('signPsbt');
    const addressRows = rows(content).filter((r) => r.kind === 'address') as Extract<ApprovalRow, { kind: 'address' }>[];
    expect(addressRows.map((r) => [r.label.key, r.value, r.ours])).toEqual([
      ['dappBtc_input_signed', seg.address, true],
      ['dappBtc_input_signed', tap.address, true],
      ['dappBtc_output', to.address, false],
      ['dappBtc_output', h.svc.keys.address('p2wpkh', 1, 0).address, true],
    ]);
    expect(amountOf(content, 'dappBtc_fee')).toBe('5000');
    expect(amountOf(content, 'dappBtc_from_wallet')).toBe('300000');
    expect(amountOf(content, 'dappBtc_net_out')).toBe('255000');

    // Not finalized by the wallet (no broadcast asked); the site finalizes it.
    const signed = btc.Transaction.fromPSBT(base64.decode(result.psbt));
    expect(signed.getInput(0).finalScriptWitness).toBeUndefined();
    signed.finalize();
    const sent = await broadcast(signed.hex);
    expect(sent).toEqual({ status: 200, text: signed.id });
    await devnet.mine();
    expect((await utxo(to.address)).value).toBe(250_000);
  });

  it('signs its input of a PSBT another party co-signs, finalizes and broadcasts it when asked, recorded before broadcast', async () => {
    const h = wallet();
    const seg = h.svc.keys.address('p2wpkh', 0, 0);
    const other = stranger();
    await devnet.faucet(seg.address, 120_000n);
    await devnet.faucet(other.address, 80_000n);
    const ours = await utxo(seg.address);
    const theirs = await utxo(other.address);
    const tx = new btc.Transaction();
    tx.addInput({ txid: theirs.txid, index: theirs.vout, witnessUtxo: { script: other.script, amount: 80_000n } });
    tx.addInput({ txid: ours.txid, index: ours.vout, witnessUtxo: { script: hexToBytes(seg.script), amount: 120_000n } });
    tx.addOutputAddress(other.address, 150_000n, REGTEST);
    tx.addOutputAddress(h.svc.keys.address('p2wpkh', 1, 0).address, 46_000n, REGTEST);
    tx.signIdx(other.priv, 0);

    const result = await call(h, 'signPsbt', { psbt: base64.encode(tx.toPSBT()), signInputs: { [seg.address]: [1] }, broadcast: true });
    expect(result.txid).toMatch(/^[0-9a-f]{64}$/);
    const accepted = devnet.facade.broadcasts.find((x) => x.accepted && x.hex.length > 0 && btc.Transaction.fromRaw(hexToBytes(x.hex), { allowUnknownOutputs: true }).id === result.txid);
    expect(accepted).toBeDefined();
    // The send store holds it, so a later payment does not spend its coin again.
    const stored = (await h.deps.store.get(['bitcoin.devnet.sends']))['bitcoin.devnet.sends'] as { txid: string; state: string }[];
    expect(stored.find((r) => r.txid === result.txid)).toMatchObject({ state: 'broadcast' });
    const { content } = h.shown[0]!;
    expect(amountOf(content, 'dappBtc_from_wallet')).toBe('120000');
    expect(amountOf(content, 'dappBtc_net_out')).toBe('74000');
    expect(content.summary.key).toBe('dappBtc_psbt_broadcast_summary');
    await devnet.mine();
    expect((await utxo(h.svc.keys.address('p2wpkh', 1, 0).address)).value).toBe(46_000);
  });

  it('refuses to sign an input that is not its own, one misstated, one of a spent coin, and SIGHASH_NONE; nothing is shown or signed', async () => {
    const h = wallet();
    const seg = h.svc.keys.address('p2wpkh', 0, 0);
    const other = stranger();
    await devnet.faucet(seg.address, 60_000n);
    await devnet.faucet(other.address, 60_000n);
    const ours = await utxo(seg.address);
    const theirs = await utxo(other.address);
    const build = (opts: { ourValue?: bigint; sighash?: number; pay?: bigint } = {}) => {
      const tx = new btc.Transaction({ allowUnknownInputs: true });
      tx.addInput({ txid: ours.txid, index: ours.vout, witnessUtxo: { script: hexToBytes(seg.script), amount: opts.ourValue ?? 60_000n }, ...(opts.sighash !== undefined ? { sighashType: opts.sighash } : {}) });
      tx.addInput({ txid: theirs.txid, index: theirs.vout, witnessUtxo: { script: other.script, amount: 60_000n } });
      tx.addOutputAddress(other.address, opts.pay ?? 110_000n, REGTEST);
      return base64.encode(tx.toPSBT());
    };
    // The stranger's input, named under our address, or under its own.
    const foreign = await refused(call(h, 'signPsbt', { psbt: build(), signInputs: { [seg.address]: [1] } }), 'invalid_params');
    expect(foreign.message).toMatch(/Input 1 does not spend a coin of this wallet/);
    await refused(call(h, 'signPsbt', { psbt: build(), signInputs: { [other.address]: [1] } }), 'invalid_params');
    await refused(call(h, 'signPsbt', { psbt: build(), signInputs: { [seg.address]: [7] } }), 'invalid_params');
    // Our coin stated smaller than it is (the fee would look smaller than it is).
    const misstated = await refused(call(h, 'signPsbt', { psbt: build({ ourValue: 10_000n, pay: 65_000n }), signInputs: { [seg.address]: [0] } }), 'invalid_params');
    expect(misstated.message).toMatch(/states 10000 sats, but that coin holds 60000 sats/);
    await refused(call(h, 'signPsbt', { psbt: build({ sighash: btc.SigHash.NONE }), signInputs: { [seg.address]: [0] } }), 'invalid_params');
    await refused(call(h, 'signPsbt', { psbt: 'bm90IGEgcHNidA==' }), 'invalid_params');
    // A fee above the wallet's ceiling (here 60,000 of 120,000 sats in, 20,000 allowed when 60,000 moves).
    const costly = await refused(call(h, 'signPsbt', { psbt: build({ pay: 60_000n }), signInputs: { [seg.address]: [0] } }), 'invalid_params');
    expect(costly.message).toMatch(/would pay 0\.0006 BTC in fees/);
    expect(h.shown).toEqual([]);

    // A coin one of our own payments is spending (not yet seen by the server) is not ours to sign away again.
    const { txid } = await h.svc.send({ to: other.address, amountSats: 20_000n, fee: { kind: 'normal' } });
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    const spent = await refused(call(h, 'signPsbt', { psbt: build(), signInputs: { [seg.address]: [0] } }), 'invalid_params');
    expect(spent.message).toMatch(/not a coin this wallet may spend now/);
    expect(h.shown).toEqual([]);
    await devnet.mine();
  });

  it('keeps a broadcast it could not finish and sends it on the next refresh; a coin spent while the window was open is not signed away', async () => {
    const h = wallet();
    const seg = h.svc.keys.address('p2wpkh', 0, 0);
    await devnet.faucet(seg.address, 90_000n);
    await devnet.faucet(h.svc.keys.address('p2wpkh', 0, 1).address, 90_000n);
    const coins = [await utxo(seg.address), await utxo(h.svc.keys.address('p2wpkh', 0, 1).address)];
    const psbtFor = (coin: { txid: string; vout: number }, owner = seg) => {
      const tx = new btc.Transaction();
      tx.addInput({ txid: coin.txid, index: coin.vout, witnessUtxo: { script: hexToBytes(owner.script), amount: 90_000n } });
      tx.addOutputAddress(stranger().address, 85_000n, REGTEST);
      return base64.encode(tx.toPSBT());
    };

    // The server takes the broadcast and drops the connection: the signed transaction is kept and sent again.
    devnet.facade.misbehave({ dropBroadcasts: true });
    await refused(call(h, 'signPsbt', { psbt: psbtFor(coins[0]!), signInputs: { [seg.address]: [0] }, broadcast: true }), 'internal');
    devnet.facade.misbehave({});
    const kept = ((await h.deps.store.get(['bitcoin.devnet.sends']))['bitcoin.devnet.sends'] as { txid: string; state: string }[])[0]!;
    expect(kept.state).toBe('signed');
    await h.svc.overview();
    const onNode = (await (await fetch(`${devnet.esploraUrl}/tx/${kept.txid}`)).json()) as { txid: string };
    expect(onNode.txid).toBe(kept.txid);

    // While the window is open, a payment of the wallet spends the coin the PSBT asks to sign.
    const index1 = h.svc.keys.address('p2wpkh', 0, 1);
    h.meanwhile = async () => {
      await h.svc.send({ to: stranger().address, max: true, fee: { kind: 'normal' } });
    };
    const gone = await refused(call(h, 'signPsbt', { psbt: psbtFor(coins[1]!, index1), signInputs: { [index1.address]: [0] } }), 'invalid_params');
    expect(gone.message).toMatch(/not a coin this wallet may spend now/);
    await devnet.mine();
  });

  it('signs SINGLE|ANYONECANPAY only with a warning shown', async () => {
    const h = wallet();
    const tap = h.svc.keys.address('p2tr', 0, 0);
    await devnet.faucet(tap.address, 40_000n);
    const ours = await utxo(tap.address);
    const tx = new btc.Transaction({ allowUnknownInputs: true, allowUnknownOutputs: true });
    tx.addInput({ txid: ours.txid, index: ours.vout, witnessUtxo: { script: hexToBytes(tap.script), amount: 40_000n }, sighashType: btc.SigHash.SINGLE_ANYONECANPAY });
    tx.addOutputAddress(stranger().address, 20_000n, REGTEST);
    tx.addOutputAddress(h.svc.keys.address('p2wpkh', 1, 0).address, 19_000n, REGTEST);
    const result = await call(h, 'signPsbt', { psbt: base64.encode(tx.toPSBT()) });
    expect(h.shown[0]!.content.warnings).toEqual([{ key: 'dappBtc_warn_sighash', params: ['0', 'SINGLE|ANYONECANPAY'] }]);
    // As built, 21,000 sats leave; but the signature holds only output 0 (not ours), so the change may be taken: at most the whole coin.
    expect(amountOf(h.shown[0]!.content, 'dappBtc_net_out')).toBe('21000');
    expect(amountOf(h.shown[0]!.content, 'dappBtc_worst_out')).toBe('40000');
    const signed = btc.Transaction.fromPSBT(base64.decode(result.psbt), { allowUnknownInputs: true, allowUnknownOutputs: true });
    expect(signed.getInput(0).tapKeySig?.length).toBe(65);
  });

  it('sends a transfer through the layer after approval; bcoin confirms it', async () => {
    const h = wallet();
    await devnet.faucet(h.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    const to = stranger();
    const { txid } = await call(h, 'sendTransfer', { recipients: [{ address: to.address, amount: 123_456 }] });
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    const { method, content } = h.shown[0]!;
    expect(method).toBe('sendTransfer');
    expect(rows(content).find((r) => r.kind === 'address')).toMatchObject({ value: to.address });
    expect(amountOf(content, 'dappBtc_amount')).toBe('123456');
    const fee = BigInt(amountOf(content, 'dappBtc_fee')!);
    expect(fee).toBeGreaterThan(0n);
    expect(amountOf(content, 'dappBtc_total')).toBe((123_456n + fee).toString());
    await devnet.mine();
    const tx = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json()) as { status: { confirmed: boolean }; fee: number; vout: { scriptpubkey_address?: string; value: number }[] };
    expect(tx.status.confirmed).toBe(true);
    expect(BigInt(tx.fee)).toBe(fee);
    expect(tx.vout.find((o) => o.scriptpubkey_address === to.address)?.value).toBe(123_456);
  });

  it('pays several recipients in one transaction, funded and checked like the first', async () => {
    const h = wallet();
    await devnet.faucet(h.svc.keys.address('p2wpkh', 0, 0).address, 200_000n);
    const [a, b] = [stranger(), stranger()];
    const before = devnet.facade.broadcasts.length;
    await refused(call(h, 'sendTransfer', { recipients: [{ address: a.address, amount: 10_000 }, { address: b.address, amount: 200 }] }), 'invalid_params');
    await refused(call(h, 'sendTransfer', { recipients: [{ address: a.address, amount: 10_000 }, { address: 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl', amount: 5_000 }] }), 'wrong_network');
    await refused(call(h, 'sendTransfer', { recipients: [{ address: a.address, amount: 100_000 }, { address: b.address, amount: 100_000 }] }), 'invalid_params');
    expect(h.shown).toEqual([]);
    expect(devnet.facade.broadcasts.length).toBe(before);
    const { txid } = await call(h, 'sendTransfer', { recipients: [{ address: a.address, amount: 30_000 }, { address: b.address, amount: 40_000 }] });
    const { content } = h.shown[0]!;
    expect(rows(content).filter((r) => r.kind === 'address').map((r) => r.value)).toEqual([a.address, b.address]);
    const fee = BigInt(amountOf(content, 'dappBtc_fee')!);
    expect(amountOf(content, 'dappBtc_total')).toBe((70_000n + fee).toString());
    await devnet.mine();
    const tx = (await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json()) as { status: { confirmed: boolean }; fee: number; vout: { scriptpubkey_address?: string; value: number }[] };
    expect(tx.status.confirmed).toBe(true);
    expect(BigInt(tx.fee)).toBe(fee);
    expect(tx.vout.filter((o) => o.scriptpubkey_address === a.address || o.scriptpubkey_address === b.address).map((o) => o.value).sort()).toEqual([30_000, 40_000]);
    expect(tx.vout.reduce((s, o) => s + o.value, 0) + tx.fee).toBe(200_000);
  });

  it('sends nothing when the transfer is rejected, and refuses amounts that are not whole sats', async () => {
    const h = wallet();
    await devnet.faucet(h.svc.keys.address('p2wpkh', 0, 0).address, 100_000n);
    const before = devnet.facade.broadcasts.length;
    h.answer = 'reject';
    await refused(call(h, 'sendTransfer', { recipients: [{ address: stranger().address, amount: 10_000 }] }), 'user_rejected');
    expect(h.shown).toHaveLength(1);
    for (const amount of [0.5, 1e20, -5, '1.5', '0x10', null]) {
      await refused(call(h, 'sendTransfer', { recipients: [{ address: stranger().address, amount }] }), 'invalid_params');
    }
    await refused(call(h, 'sendTransfer', { recipients: [{ address: stranger().address, amount: 1_000_000 }] }), 'invalid_params');
    expect(devnet.facade.broadcasts.length).toBe(before);
  });

  it('signs messages with BIP-322 for P2WPKH and P2TR (bip322-js verifies; a tampered message fails), and legacy ECDSA only when asked', async () => {
    const h = wallet();
    const message = 'Layerhop signs this: 2026-12-01';
    for (const owned of [h.svc.keys.address('p2wpkh', 0, 0), h.svc.keys.address('p2tr', 0, 0)]) {
      const signed = await call(h, 'signMessage', { address: owned.address, message });
      expect(signed).toMatchObject({ address: owned.address, protocol: 'BIP322' });
      expect(Verifier.verifySignature(owned.address, message, signed.signature)).toBe(true);
      expect(Verifier.verifySignature(owned.address, `${message}.`, signed.signature)).toBe(false);
    }
    const seg = h.svc.keys.address('p2wpkh', 0, 0).address;
    const legacy = await call(h, 'signMessage', { address: seg, message, protocol: 'ECDSA' });
    expect(legacy.protocol).toBe('ECDSA');
    expect(base64.decode(legacy.signature)).toHaveLength(65);
    expect(Verifier.verifySignature(seg, message, legacy.signature, true)).toBe(true);
    expect(Verifier.verifySignature(seg, 'another message', legacy.signature)).toBe(false);
    expect(h.shown.map((s) => s.content.warnings?.[0]?.key)).toEqual([undefined, undefined, 'dappBtc_warn_ecdsa']);
    // Taproot has no ECDSA signature; an address not ours is not signed for.
    await refused(call(h, 'signMessage', { address: h.svc.keys.address('p2tr', 0, 0).address, message, protocol: 'ECDSA' }), 'invalid_params');
    await refused(call(h, 'signMessage', { address: stranger().address, message }), 'invalid_params');
    expect(h.shown).toHaveLength(3);
  });

  it("maps refusals to Sats Connect's RpcErrorCode values", () => {
    const code = (r: DappRefusal) => BITCOIN_FAMILY.error(r, 'x').code;
    expect([code('user_rejected'), code('unauthorized'), code('unsupported_method'), code('invalid_params'), code('internal')]).toEqual([-32000, -32002, -32601, -32602, -32603]);
    expect(BITCOIN_FAMILY.error('wrong_network', 'x', { network: 'Regtest' })).toEqual({ code: -32602, message: 'x', data: { reason: 'wrong_network', network: 'Regtest' } });
  });
});

