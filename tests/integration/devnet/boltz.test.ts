/**
 * The Boltz stand-in driven as a client drives Boltz, with boltz-core directly
 * (swap trees, MuSig2, claim/refund builders) and plain fetch — never the
 * wallet's src/hops code. Each swap type's happy path and refund is proven on
 * the devnet chains: bcoin (with the independent Taproot verifier) accepts the
 * claims and refunds, the Liquid facade verifies Elements Taproot spends and
 * blinding, EtherSwap on anvil moves the RBTC, and the Lightning ledger shows
 * invoices settled, held or bounced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Musig, OutputType, SwapTreeSerializer, TaprootUtils, constructClaimTransaction, constructRefundTransaction } from 'boltz-core';
import { SigHash, Transaction as BtcTx } from '@scure/btc-signer';
import { bech32m, hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import * as bolt11 from 'bolt11';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../devnet/bitcoin';
import { startLiquidDevnet, type LiquidDevnet } from '../../devnet/liquid';
import { startAnvil, type Anvil } from '../../devnet/rootstock/anvil';
import { DevLightningLedger, type DevNode } from '../../devnet/lightning/ledger';
import { startBoltzDevnet, type BoltzDevnet } from '../../devnet/boltz';

let bitcoin: BitcoinDevnet;
let liquid: LiquidDevnet;
let anvil: Anvil;
let ledger: DevLightningLedger;
let boltz: BoltzDevnet;
let wallet: DevNode; // the client's Lightning node

beforeAll(async () => {
  [bitcoin, liquid, anvil] = await Promise.all([startBitcoinDevnet(), startLiquidDevnet(), startAnvil({ chainId: 33 })]);
  ledger = new DevLightningLedger('bcrt');
  wallet = ledger.addNode('client', 50_000_000_000n);
  boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock: anvil, lightning: ledger, pollMs: 100, cooperativeClaimWaitMs: 1500 });
});

afterAll(async () => {
  await boltz?.stop();
  await Promise.all([bitcoin?.stop(), liquid?.stop(), anvil?.stop()]);
});

// --- a minimal client -----------------------------------------------------------------------

async function api<T = Record<string, any>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${boltz.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}
async function ok<T = Record<string, any>>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const r = await api<T>(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

function clientKeys() {
  const privateKey = secp256k1.utils.randomSecretKey();
  const preimage = randomBytes(32);
  return { privateKey, publicKey: secp256k1.getPublicKey(privateKey, true), preimage, preimageHash: sha256(preimage) };
}
type Keys = ReturnType<typeof clientKeys>;

const xOnly = (k: Uint8Array) => (k.length === 33 ? k.slice(1) : k);
const btcAddress = (outputKey: Uint8Array) => bech32m.encode('bcrt', [1, ...bech32m.toWords(outputKey)]);
const p2tr = (k: Uint8Array) => Uint8Array.from([0x51, 0x20, ...k]);
const p2wpkh = (pub: Uint8Array) => {
  const { ripemd160 } = require('@noble/hashes/legacy.js') as typeof import('@noble/hashes/legacy.js');
  return Uint8Array.from([0x00, 0x14, ...ripemd160(sha256(pub))]);
};

/** The client's own check of a Boltz lockup address: MuSig2(Boltz key, our key) tweaked with the tree. */
function btcMusig(keys: Keys, serverPub: Uint8Array, tree: ReturnType<typeof SwapTreeSerializer.deserializeSwapTree>) {
  return TaprootUtils.tweakMusig(Musig.create(keys.privateKey, [serverPub, keys.publicKey]), tree.tree);
}
/** Finds the output paying `script` in a raw Bitcoin transaction. */
function btcOutput(txHex: string, script: Uint8Array): { vout: number; amount: bigint } {
  const tx = BtcTx.fromRaw(hex.decode(txHex), { allowUnknownOutputs: true });
  for (let i = 0; i < tx.outputsLength; i++) {
    const o = tx.getOutput(i);
    if (hex.encode(o.script!) === hex.encode(script)) return { vout: i, amount: o.amount! };
  }
  throw new Error('no output to the lockup script');
}

async function esploraBroadcast(base: string, txHex: string): Promise<string> {
  const res = await fetch(`${base}/tx`, { method: 'POST', body: txHex });
  const text = await res.text();
  if (!res.ok) throw new Error(text);
  return text;
}

async function status(id: string): Promise<Record<string, any>> {
  return ok('GET', `/swap/${id}`);
}

/** Key-path claim/refund of a BTC lockup with Boltz's partial signature from `endpoint`. */
async function btcCooperativeSpend(opts: {
  keys: Keys;
  serverPub: Uint8Array;
  tree: ReturnType<typeof SwapTreeSerializer.deserializeSwapTree>;
  lockup: { txid: string; vout: number; amount: bigint };
  endpoint: string;
  extra?: Record<string, unknown>;
  refund?: boolean;
}): Promise<{ hex: string; response: { status: number; body: Record<string, any> } }> {
  const script = p2tr(xOnly(btcMusig(opts.keys, opts.serverPub, opts.tree).aggPubkey));
  const dest = p2wpkh(opts.keys.publicKey);
  const details = {
    type: OutputType.Taproot as const,
    cooperative: true,
    transactionId: opts.lockup.txid,
    vout: opts.lockup.vout,
    script,
    amount: opts.lockup.amount,
    privateKey: opts.keys.privateKey,
    preimage: opts.keys.preimage,
  };
  const tx = opts.refund ? constructRefundTransaction([details], dest, 0, 400n) : constructClaimTransaction([details], dest, 400n);
  const hash = tx.preimageWitnessV1(0, [script], SigHash.DEFAULT, [opts.lockup.amount]);
  const withNonce = btcMusig(opts.keys, opts.serverPub, opts.tree).message(hash).generateNonce();
  const response = await api('POST', opts.endpoint, { ...opts.extra, pubNonce: hex.encode(withNonce.publicNonce), transaction: tx.hex, index: 0 });
  if (response.status !== 200) return { hex: '', response };
  const theirs = response.body as { pubNonce: string; partialSignature: string };
  const sig = withNonce
    .aggregateNonces([[opts.serverPub, hex.decode(theirs.pubNonce)]])
    .initializeSession()
    .addPartial(opts.serverPub, hex.decode(theirs.partialSignature))
    .signPartial()
    .aggregatePartials();
  tx.updateInput(0, { finalScriptWitness: [sig] });
  return { hex: tx.hex, response };
}

/** Script-path claim (preimage) or refund (after the timeout) of a BTC lockup, built by boltz-core. */
function btcScriptPathSpend(opts: {
  keys: Keys;
  serverPub: Uint8Array;
  tree: ReturnType<typeof SwapTreeSerializer.deserializeSwapTree>;
  lockup: { txid: string; vout: number; amount: bigint };
  refundAt?: number;
}): string {
  const script = p2tr(xOnly(btcMusig(opts.keys, opts.serverPub, opts.tree).aggPubkey));
  const details = {
    type: OutputType.Taproot as const,
    transactionId: opts.lockup.txid,
    vout: opts.lockup.vout,
    script,
    amount: opts.lockup.amount,
    privateKey: opts.keys.privateKey,
    preimage: opts.keys.preimage,
    swapTree: opts.tree,
    internalKey: xOnly(Musig.aggregateKeys([opts.serverPub, opts.keys.publicKey])),
  };
  const dest = p2wpkh(opts.keys.publicKey);
  return (opts.refundAt !== undefined ? constructRefundTransaction([details], dest, opts.refundAt, 600n) : constructClaimTransaction([details], dest, 600n)).hex;
}

function accepted(txHex: string): boolean {
  return bitcoin.facade.broadcasts.some((b) => b.hex === txHex && b.accepted);
}

async function mineBtcTo(height: number): Promise<void> {
  const tip = bitcoin.node.height();
  if (tip < height) await bitcoin.mine(height - tip);
}

// --- pairs ------------------------------------------------------------------------------------

describe('pairs', () => {
  it('serves the submarine, reverse and chain pair lists in Boltz shapes, and refuses a stale pair hash', async () => {
    const sub = await ok('GET', '/swap/submarine');
    expect(Object.keys(sub).sort()).toEqual(['BTC', 'L-BTC', 'RBTC']);
    expect(sub.RBTC.BTC).toMatchObject({ fees: { percentage: 0.1, minerFees: 250 } });
    expect(sub.BTC.BTC).toMatchObject({ rate: 1, limits: { minimal: 10_000, maximal: 25_000_000, maximalZeroConf: 0 }, fees: { percentage: 0.1, minerFees: 350 } });
    expect(sub.BTC.BTC.hash).toMatch(/^[0-9a-f]{64}$/);
    const rev = await ok('GET', '/swap/reverse');
    expect(Object.keys(rev.BTC).sort()).toEqual(['BTC', 'L-BTC', 'RBTC']);
    expect(rev.BTC.BTC.fees.minerFees).toEqual({ claim: 300, lockup: 450 });
    const chain = await ok('GET', '/swap/chain');
    expect(chain.BTC['L-BTC'].fees.minerFees).toEqual({ server: 120, user: { claim: 60, lockup: 450 } });
    expect(Object.keys(chain).sort()).toEqual(['BTC', 'L-BTC', 'RBTC']);
    expect(Object.keys(chain['L-BTC']).sort()).toEqual(['BTC', 'RBTC']);
    expect(Object.keys(chain.RBTC).sort()).toEqual(['BTC', 'L-BTC']);
    const k = clientKeys();
    const stale = await api('POST', '/swap/reverse', { from: 'BTC', to: 'BTC', preimageHash: hex.encode(k.preimageHash), claimPublicKey: hex.encode(k.publicKey), invoiceAmount: 50_000, pairHash: '00'.repeat(32) });
    expect(stale).toEqual({ status: 400, body: { error: 'invalid pair hash' } });
    const small = await api('POST', '/swap/reverse', { from: 'BTC', to: 'BTC', preimageHash: hex.encode(k.preimageHash), claimPublicKey: hex.encode(k.publicKey), invoiceAmount: 5 });
    expect(small).toEqual({ status: 400, body: { error: '5 is less than minimal of 10000' } });
  });
});

// --- reverse BTC ------------------------------------------------------------------------------

async function createReverseBtc(keys: Keys, invoiceAmount = 60_000) {
  const created = await api('POST', '/swap/reverse', {
    from: 'BTC',
    to: 'BTC',
    preimageHash: hex.encode(keys.preimageHash),
    claimPublicKey: hex.encode(keys.publicKey),
    invoiceAmount,
  });
  expect(created.status).toBe(201);
  const r = created.body;
  const tree = SwapTreeSerializer.deserializeSwapTree(r.swapTree);
  const serverPub = hex.decode(r.refundPublicKey);
  return { r, tree, serverPub };
}

describe('reverse swap, Lightning -> BTC', () => {
  it('holds the payment, locks, co-signs the key-path claim, and settles the invoice with the revealed preimage', async () => {
    const keys = clientKeys();
    const { r, tree, serverPub } = await createReverseBtc(keys);
    // What a careful client checks before paying.
    expect(r.lockupAddress).toBe(btcAddress(xOnly(btcMusig(keys, serverPub, tree).aggPubkey)));
    expect(r.onchainAmount).toBe(60_000 - 300 - 450);
    expect(r.timeoutBlockHeight).toBe(bitcoin.node.height() + 18);
    expect(bolt11.decode(r.invoice).tagsObject.payment_hash).toBe(hex.encode(keys.preimageHash));
    expect(await status(r.id)).toEqual({ status: 'swap.created' });

    const before = wallet.balanceMsat;
    const payment = ledger.payAsync(wallet, r.invoice);
    expect(ledger.invoice(hex.encode(keys.preimageHash))!.state).toBe('accepted');
    const mempool = await boltz.waitForStatus(r.id, 'transaction.mempool');
    expect(mempool.transaction!.eta).toBe(2);
    const lockup = { txid: mempool.transaction!.id, ...btcOutput(mempool.transaction!.hex!, p2tr(xOnly(btcMusig(keys, serverPub, tree).aggPubkey))) };
    expect(lockup.amount).toBe(BigInt(r.onchainAmount));
    await bitcoin.mine(1);
    await boltz.waitForStatus(r.id, 'transaction.confirmed');

    const { hex: claimHex, response } = await btcCooperativeSpend({ keys, serverPub, tree, lockup, endpoint: `/swap/reverse/${r.id}/claim`, extra: { preimage: hex.encode(keys.preimage) } });
    expect(response.status).toBe(200);
    expect((await status(r.id)).status).toBe('invoice.settled');
    const paid = await payment;
    expect(paid.preimage).toBe(hex.encode(keys.preimage));
    expect(before - wallet.balanceMsat).toBe(60_000_000n + ledger.feeMsat);
    expect(ledger.invoice(hex.encode(keys.preimageHash))!.state).toBe('settled');
    const txid = await esploraBroadcast(bitcoin.esploraUrl, claimHex);
    expect(accepted(claimHex)).toBe(true);
    // A key-path spend: one 64-byte Schnorr signature in the witness, checked by the Taproot verifier.
    const spent = await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}`)).json();
    expect(spent.vin[0].witness).toHaveLength(1);
  });

  it('refuses to co-sign when told to misbehave; the script-path claim on chain reveals the preimage and settles the invoice', async () => {
    const keys = clientKeys();
    boltz.misbehave({ refuseCooperation: true });
    const { r, tree, serverPub } = await createReverseBtc(keys);
    boltz.misbehave({});
    const payment = ledger.payAsync(wallet, r.invoice);
    const mempool = await boltz.waitForStatus(r.id, 'transaction.mempool');
    const lockup = { txid: mempool.transaction!.id, ...btcOutput(mempool.transaction!.hex!, p2tr(xOnly(btcMusig(keys, serverPub, tree).aggPubkey))) };
    const refused = await btcCooperativeSpend({ keys, serverPub, tree, lockup, endpoint: `/swap/reverse/${r.id}/claim`, extra: { preimage: hex.encode(keys.preimage) } });
    expect(refused.response).toEqual({ status: 400, body: { error: 'swap not eligible for a cooperative claim' } });
    expect(ledger.invoice(hex.encode(keys.preimageHash))!.state).toBe('accepted');
    const claimHex = btcScriptPathSpend({ keys, serverPub, tree, lockup });
    await esploraBroadcast(bitcoin.esploraUrl, claimHex);
    expect(accepted(claimHex)).toBe(true);
    await boltz.waitForStatus(r.id, 'invoice.settled');
    expect((await payment).preimage).toBe(hex.encode(keys.preimage));
  });

  it('refunds its own lockup after the timeout when the client never claims, and the held payment bounces', async () => {
    const keys = clientKeys();
    const { r } = await createReverseBtc(keys);
    const before = wallet.balanceMsat;
    const payment = ledger.payAsync(wallet, r.invoice);
    payment.catch(() => undefined);
    await boltz.waitForStatus(r.id, 'transaction.mempool');
    await mineBtcTo(r.timeoutBlockHeight);
    const refunded = await boltz.waitForStatus(r.id, 'transaction.refunded');
    expect(refunded.transaction!.confirmed).toBe(false);
    expect(accepted(refunded.transaction!.hex!)).toBe(true);
    await expect(payment).rejects.toThrow(/cancelled/);
    expect(wallet.balanceMsat).toBe(before);
    expect(ledger.invoice(hex.encode(keys.preimageHash))!.state).toBe('cancelled');
  });

  it('never locks when told to: the held payment bounces at the timeout (invoice.expired)', async () => {
    const keys = clientKeys();
    boltz.misbehave({ neverLock: true });
    const { r } = await createReverseBtc(keys);
    boltz.misbehave({});
    const before = wallet.balanceMsat;
    const payment = ledger.payAsync(wallet, r.invoice);
    payment.catch(() => undefined);
    await boltz.sync();
    expect((await status(r.id)).status).toBe('swap.created');
    await mineBtcTo(r.timeoutBlockHeight);
    await boltz.waitForStatus(r.id, 'invoice.expired');
    await expect(payment).rejects.toThrow(/cancelled/);
    expect(wallet.balanceMsat).toBe(before);
  });
});

// --- submarine BTC ----------------------------------------------------------------------------

async function createSubmarine(from: 'BTC' | 'L-BTC', keys: Keys, invoiceSats = 40_000n) {
  const invoice = ledger.createInvoice(wallet, invoiceSats * 1000n, { description: 'devnet submarine' });
  const created = await api('POST', '/swap/submarine', { from, to: 'BTC', invoice: invoice.invoice, refundPublicKey: hex.encode(keys.publicKey) });
  expect(created.status).toBe(201);
  const r = created.body;
  return { r, invoice, tree: SwapTreeSerializer.deserializeSwapTree(r.swapTree), serverPub: hex.decode(r.claimPublicKey) };
}

describe('submarine swap, BTC -> Lightning', () => {
  it('waits for a confirmed lockup, pays the invoice, and claims by key path with the client\'s partial signature', async () => {
    const keys = clientKeys();
    const { r, invoice, tree, serverPub } = await createSubmarine('BTC', keys);
    expect(r).toMatchObject({ acceptZeroConf: false, expectedAmount: 40_000 + 40 + 350, timeoutBlockHeight: bitcoin.node.height() + 24 });
    expect(r.address).toBe(btcAddress(xOnly(btcMusig(keys, serverPub, tree).aggPubkey)));
    expect(r.bip21).toBe(`bitcoin:${r.address}?amount=0.0004039&label=Send%20to%20BTC%20lightning`);
    expect(await status(r.id)).toEqual({ status: 'invoice.set' });
    const lockTxid = await bitcoin.faucet(r.address, BigInt(r.expectedAmount), { confirm: false });
    const mempool = await boltz.waitForStatus(r.id, 'transaction.mempool');
    expect(mempool.transaction!.id).toBe(lockTxid);
    await boltz.sync();
    expect(invoice.state).toBe('pending'); // no 0-conf on BTC
    await bitcoin.mine(1);
    await boltz.waitForStatus(r.id, 'transaction.claim.pending');
    expect(invoice.state).toBe('settled');
    const details = await ok('GET', `/swap/submarine/${r.id}/claim`);
    expect(hex.encode(sha256(hex.decode(details.preimage)))).toBe(invoice.paymentHash);
    expect(details.publicKey).toBe(r.claimPublicKey);
    const withNonce = btcMusig(keys, serverPub, tree).message(hex.decode(details.transactionHash)).generateNonce();
    const partial = withNonce.aggregateNonces([[serverPub, hex.decode(details.pubNonce)]]).initializeSession().signPartial();
    const bad = await api('POST', `/swap/submarine/${r.id}/claim`, { pubNonce: hex.encode(withNonce.publicNonce), partialSignature: '11'.repeat(32) });
    expect(bad.status).toBe(400);
    expect(await ok('POST', `/swap/submarine/${r.id}/claim`, { pubNonce: hex.encode(withNonce.publicNonce), partialSignature: hex.encode(partial.ourPartialSignature) })).toEqual({});
    expect((await status(r.id)).status).toBe('transaction.claimed');
    const swap = boltz.swaps.get(r.id)!;
    expect(swap.claim!.path).toBe('key');
    const claim = bitcoin.facade.broadcasts.find((b) => b.accepted && BtcTx.fromRaw(hex.decode(b.hex), { allowUnknownOutputs: true }).id === swap.claim!.txid);
    expect(claim).toBeDefined();
  });

  it('claims by script path with the preimage when the client does not co-sign in time', async () => {
    const keys = clientKeys();
    const { r } = await createSubmarine('BTC', keys);
    await bitcoin.faucet(r.address, BigInt(r.expectedAmount));
    await boltz.waitForStatus(r.id, 'transaction.claim.pending');
    await boltz.waitForStatus(r.id, 'transaction.claimed', 10_000);
    const swap = boltz.swaps.get(r.id)!;
    expect(swap.claim!.path).toBe('script');
    const spent = await (await fetch(`${bitcoin.esploraUrl}/tx/${swap.claim!.txid}`)).json();
    expect(spent.vin[0].witness).toHaveLength(4);
    expect(spent.vin[0].witness[1]).toBe(swap.preimage);
  });

  it('fails to pay when told to (invoice.failedToPay) and co-signs the client\'s key-path refund', async () => {
    const keys = clientKeys();
    boltz.misbehave({ failPayment: true });
    const { r, invoice, tree, serverPub } = await createSubmarine('BTC', keys);
    boltz.misbehave({});
    const txid = await bitcoin.faucet(r.address, BigInt(r.expectedAmount));
    const failed = await boltz.waitForStatus(r.id, 'invoice.failedToPay');
    expect(failed.failureReason).toMatch(/invoice could not be paid/);
    expect(invoice.state).toBe('pending');
    const lockup = { txid, ...btcOutput(await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}/hex`)).text(), p2tr(xOnly(btcMusig(keys, serverPub, tree).aggPubkey))) };
    const { hex: refundHex, response } = await btcCooperativeSpend({ keys, serverPub, tree, lockup, endpoint: `/swap/submarine/${r.id}/refund`, refund: true });
    expect(response.status).toBe(200);
    await esploraBroadcast(bitcoin.esploraUrl, refundHex);
    expect(accepted(refundHex)).toBe(true);
  });

  it('lets the client refund by script path after the timeout when it refuses to co-sign', async () => {
    const keys = clientKeys();
    boltz.misbehave({ failPayment: true, refuseCooperation: true });
    const { r, tree, serverPub } = await createSubmarine('BTC', keys);
    boltz.misbehave({});
    const txid = await bitcoin.faucet(r.address, BigInt(r.expectedAmount));
    await boltz.waitForStatus(r.id, 'invoice.failedToPay');
    const lockup = { txid, ...btcOutput(await (await fetch(`${bitcoin.esploraUrl}/tx/${txid}/hex`)).text(), p2tr(xOnly(btcMusig(keys, serverPub, tree).aggPubkey))) };
    const refused = await btcCooperativeSpend({ keys, serverPub, tree, lockup, endpoint: `/swap/submarine/${r.id}/refund`, refund: true });
    expect(refused.response.status).toBe(400);
    const early = btcScriptPathSpend({ keys, serverPub, tree, lockup, refundAt: r.timeoutBlockHeight });
    await expect(esploraBroadcast(bitcoin.esploraUrl, early)).rejects.toThrow(/non-final|locktime|lock time/i);
    await mineBtcTo(r.timeoutBlockHeight);
    const refundHex = btcScriptPathSpend({ keys, serverPub, tree, lockup, refundAt: r.timeoutBlockHeight });
    await esploraBroadcast(bitcoin.esploraUrl, refundHex);
    expect(accepted(refundHex)).toBe(true);
  });

  it('expires a swap nobody funded at its timeout', async () => {
    const keys = clientKeys();
    const { r } = await createSubmarine('BTC', keys);
    await mineBtcTo(r.timeoutBlockHeight);
    const expired = await boltz.waitForStatus(r.id, 'swap.expired');
    expect(expired.failureReason).toBe('onchain HTLC timed out');
  });
});
