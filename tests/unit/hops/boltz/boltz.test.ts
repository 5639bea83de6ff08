/**
 * The pure parts of the Boltz hops: fee arithmetic, quotes from pair lists,
 * verification of what Boltz returns, Taproot claim/refund construction (checked
 * by the devnet's independent Taproot verifier), EtherSwap call encoding.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { Transaction } from '@scure/btc-signer';
import * as bolt11 from 'bolt11';
import { Musig } from 'boltz-core';
import { address as btcAddress, networks } from 'bitcoinjs-lib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HopKeys } from '../../../../src/hops/keys';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { PartialSignature, SigningRequest } from '../../../../src/hops/boltz/api';
import type { SideData } from '../../../../src/hops/boltz/shapes';
import type { HopRecord } from '../../../../src/hops/types';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { buildCooperativeSpend, buildScriptPathSpend, findOutput, keyPathSighash, partialSignatureFor, type SpendParams } from '../../../../src/hops/boltz/btc-spend';
import { encodeClaim, encodeLock, encodeRefund, selector, SIG } from '../../../../src/hops/boltz/etherswap';
import { percentToPpm, renegotiationFloor, restoreFloor, reverseOnchainFor, serviceFee, submarineInvoiceFor, submarineLockFor, chainServerLockFor } from '../../../../src/hops/boltz/fees';
import { quoteBoltz } from '../../../../src/hops/boltz/quote';
import { ReverseMechanism } from '../../../../src/hops/boltz/reverse';
import { buildTree, outputKey, p2trScript, serializeTree, tweakMusig, musigOf } from '../../../../src/hops/boltz/taproot';
import { CLAIM_MARGIN, checkReverseInvoice, checkTimeout, checkUtxoLockup, TIMEOUT_BOUNDS } from '../../../../src/hops/boltz/verify';
import { claimGate, zeroConfLimit, type ClaimGate } from '../../../../src/hops/boltz/claim-guard';
import { HttpClient } from '../../../../src/shared/http';
import { resolvePreset } from '../../../../src/shared/networks';
import { verifyTaprootInputs } from '../../../devnet/bitcoin/taproot-verifier';
import { BOLTZ_EVM_ACCOUNT } from '../../../devnet/boltz/ether-swap';
import { english } from '../../../helpers/locale';
import { englishText } from '../../../../src/shared/english';
import { englishOf } from '../../../helpers/english-of';
import { renderText } from '../../../../src/shared/local-text';
import { translator } from '../../../helpers/locale';

const REGTEST = { bech32: 'bcrt' as const };

describe('Boltz fee arithmetic', () => {
  it('follows Boltz: percentage fee rounded up, submarine lock = invoice + fee + miner fee', () => {
    expect(percentToPpm(0.1)).toBe(1000n);
    expect(percentToPpm(0.25)).toBe(2500n);
    expect(() => percentToPpm(11)).toThrow();
    expect(serviceFee(100_001n, 1000n)).toBe(101n);
    expect(submarineLockFor(100_000n, 1000n, 4379n)).toBe(104_479n);
    // The largest invoice a lock pays, and the lock it needs, round-trip.
    for (const lock of [104_479n, 104_480n, 50_000n, 4380n]) {
      const inv = submarineInvoiceFor(lock, 1000n, 4379n);
      expect(submarineLockFor(inv, 1000n, 4379n)).toBeLessThanOrEqual(lock);
      expect(submarineLockFor(inv + 1n, 1000n, 4379n)).toBeGreaterThan(lock);
    }
    expect(reverseOnchainFor(100_000n, 5000n, 2772n)).toBe(100_000n - 500n - 2772n);
    expect(chainServerLockFor(100_000n, 1000n, 4455n)).toBe(100_000n - 100n - 4455n);
  });

  it('a renegotiated chain swap gives the agreed amount when the agreed amount was locked; else that quote scaled to the lock less 0.5 %, and never less than the lock less what Boltz may keep', () => {
    // Locked exactly what was agreed: a rejection for its amount is Boltz's error, so nothing less than agreed.
    expect(renegotiationFloor(99_630n, 100_000n, 100_000n, ['BTC', 'L-BTC'])).toBe(99_630n);
    // Locked twice as much: 199,260 scaled, less 0.5 % (997 rounded up).
    expect(renegotiationFloor(99_630n, 100_000n, 200_000n, ['BTC', 'L-BTC'])).toBe(198_263n);
    // Locked a tenth: the restore bound on 10,000 (a quarter of it at most for miner fees) is below the scaled quote.
    expect(restoreFloor(200_000n, ['BTC', 'L-BTC'])).toBe(187_000n);
    expect(renegotiationFloor(99_630n, 100_000n, 10_000n, ['BTC', 'L-BTC'])).toBe(9_963n - 50n);
  });
});

/** A hop context whose HTTP answers from a table (quotes need no chain). */
function quoteCtx(
  bitcoinPreset: string,
  routes: Record<string, unknown>,
  fail = false,
  rootstockPreset = 'devnet',
  more: { networks?: { lightning?: string; liquid?: string }; endpoints?: Record<string, string> } = {},
): HopContext {
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    if (fail) throw new TypeError('connection refused');
    // Our own fees: 3 sat/vB on Bitcoin and Liquid, 1 gwei on Rootstock.
    if (new URL(url).pathname === '/api/fee-estimates') return new Response(JSON.stringify({ '2': 3 }));
    if (new URL(url).port === '4444') {
      const { id, method } = JSON.parse(String(init?.body)) as { id: number; method: string };
      const result = method === 'eth_gasPrice' ? '0x3b9aca00' : { number: '0x1', timestamp: '0x1', transactions: [] };
      return new Response(JSON.stringify({ jsonrpc: '2.0', id, result }));
    }
    const path = new URL(url).pathname.replace(/^\/v2/, '');
    const body = routes[path];
    return new Response(JSON.stringify(body ?? { error: 'not found' }), { status: body ? 200 : 404 });
  }) as typeof fetch;
  return {
    keys: undefined as never,
    root: undefined as never,
    presets: {
      bitcoin: resolvePreset('bitcoin', bitcoinPreset, more.endpoints ?? {}),
      lightning: resolvePreset('lightning', more.networks?.lightning ?? 'devnet', {}),
      stacks: resolvePreset('stacks', 'devnet', {}),
      liquid: resolvePreset('liquid', more.networks?.liquid ?? 'devnet', {}),
      rootstock: resolvePreset('rootstock', rootstockPreset, {}),
    },
    // The wallets' own payment quotes: a lockup's funding costs 400 sats.
    side: (async (layer: string) => {
      if (layer === 'lightning') throw new Error('no Lightning wallet in quote tests');
      return { quotePayment: async () => ({ fee: 400n }) };
    }) as unknown as HopContext['side'],
    http: (base) => new HttpClient(base, { retries: 0, fetchImpl }),
    now: () => Date.now(),
  };
}

const PAIRS = {
  '/swap/submarine': { BTC: { BTC: { hash: 'h-sub', rate: 1, limits: { minimal: 10_000, maximal: 1_000_000, maximalZeroConf: 0 }, fees: { percentage: 0.1, minerFees: 350 } } } },
  '/swap/reverse': {
    BTC: { BTC: { hash: 'h-rev', rate: 1, limits: { minimal: 10_000, maximal: 1_000_000 }, fees: { percentage: 0.5, minerFees: { lockup: 450, claim: 300 } } } },
  },
  '/swap/chain': {
    BTC: { RBTC: { hash: 'h-chain', rate: 1, limits: { minimal: 20_000, maximal: 1_000_000, maximalZeroConf: 0 }, fees: { percentage: 0.5, minerFees: { server: 700, user: { claim: 300, lockup: 500 } } } } },
  },
};

describe('Boltz quotes from pair lists', () => {
  it('marks a reverse quote as paid from outside only when no Lightning wallet is connected to pay its hold invoice', async () => {
    const none = await new ReverseMechanism().quote(quoteCtx('devnet', PAIRS), BTC_LIGHTNING, BTC_ONCHAIN, 50_000n);
    expect(none.terms).toMatchObject({ pairHash: 'h-rev', externalPayer: true });
    const connected: HopContext = { ...quoteCtx('devnet', PAIRS), side: (async () => ({})) as unknown as HopContext['side'] };
    const paid = await new ReverseMechanism().quote(connected, BTC_LIGHTNING, BTC_ONCHAIN, 50_000n);
    expect(paid.terms).toMatchObject({ pairHash: 'h-rev' });
    expect(paid.terms?.externalPayer).toBeUndefined();
  });

  it('quotes a submarine swap: what is locked, the invoice it pays, fees and limits, the pair hash', async () => {
    const q = await quoteBoltz(quoteCtx('devnet', PAIRS), 'submarine', BTC_ONCHAIN, BTC_LIGHTNING, 50_000n);
    expect(q.available).toBe(true);
    const invoice = BigInt(q.receive);
    expect(submarineLockFor(invoice, 1000n, 350n)).toBe(BigInt(q.send));
    expect(BigInt(q.send)).toBeLessThanOrEqual(50_000n);
    expect(q.terms).toMatchObject({ pairHash: 'h-sub', invoiceSats: q.receive });
    expect(q.counterparty).toBe('Boltz (127.0.0.1:9001)');
  });

  it('quotes a reverse swap to RBTC in wei and a chain swap BTC -> RBTC', async () => {
    const rev = await quoteBoltz(quoteCtx('devnet', PAIRS), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 100_000n);
    // Our key-path claim at 3 sat/vB: (99 vB + 1) × 3.
    expect(rev.receive).toBe(String(100_000n - 500n - 450n - 300n));
    const chain = await quoteBoltz(quoteCtx('devnet', PAIRS), 'chain', BTC_ONCHAIN, RBTC, 100_000n);
    expect(chain.available).toBe(true);
    // RBTC arrives in wei; the claim gas is paid from the account, not from the amount.
    expect(chain.receive).toBe(String((100_000n - 500n - 700n) * 10_000_000_000n));
  });

  it('explains unavailable routes: amount out of range, pair not served, endpoint unreachable, no Boltz on the preset', async () => {
    const low = await quoteBoltz(quoteCtx('devnet', PAIRS), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 5_000n);
    expect(low).toMatchObject({ available: false });
    expect(englishText(low.reason!)).toMatch(/below Boltz's minimum/);
    expect(renderText(low.reason!, translator('zh_CN'))).toBe('金额（0.00005 BTC）低于 Boltz 对此交易对的最低限额 0.0001 BTC。');
    const high = await quoteBoltz(quoteCtx('devnet', PAIRS), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 2_000_000n);
    expect(englishText(high.reason!)).toMatch(/above Boltz's maximum/);
    const missing = await quoteBoltz(quoteCtx('devnet', PAIRS), 'reverse', BTC_LIGHTNING, RBTC, 100_000n);
    expect(missing.available).toBe(false);
    expect(englishText(missing.reason!)).toMatch(/^Boltz at 127\.0\.0\.1:9001 does not offer reverse swaps .* to RBTC\. Nothing was sent\.$/);
    const down = await quoteBoltz(quoteCtx('devnet', PAIRS, true), 'chain', BTC_ONCHAIN, RBTC, 100_000n);
    expect(englishText(down.reason!)).toMatch(/^Boltz at 127\.0\.0\.1:9001 could not be asked for its prices: no connection to it/);
    const none = await quoteBoltz(quoteCtx('testnet4', PAIRS, false, 'testnet', { networks: { liquid: 'testnet' } }), 'chain', BTC_ONCHAIN, LBTC, 100_000n);
    expect(none).toMatchObject({ available: false, reason: { key: 'err_boltz_none' } });
    expect(englishText(none.reason!)).toMatch(/^Boltz runs no public test service: .* nothing serves Bitcoin on Testnet4 → Liquid on Liquid testnet here\. This route works on the local devnet/);
  });

  it('RBTC routes on a Rootstock preset with no pinned EtherSwap are unavailable and say to pin it; other routes are not affected', async () => {
    // A Boltz the user runs for the public test networks, set under Bitcoin Testnet3.
    const ctx = quoteCtx('testnet3', PAIRS, false, 'testnet', {
      networks: { lightning: 'testnet', liquid: 'testnet' },
      endpoints: { 'bitcoin.testnet3.boltz': 'http://127.0.0.1:9001/v2', 'bitcoin.testnet3.esplora': 'http://127.0.0.1:18443/api' },
    });
    expect(ctx.presets.rootstock.pins?.etherSwap).toBe('');
    const rbtc = await quoteBoltz(ctx, 'chain', BTC_ONCHAIN, RBTC, 100_000n);
    expect(rbtc).toMatchObject({ available: false, counterparty: 'Boltz (127.0.0.1:9001)' });
    expect(englishOf(rbtc.reason)).toMatch(/EtherSwap contract is not pinned for RSK testnet: set its address and code hash in Settings/);
    expect((await quoteBoltz(ctx, 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 100_000n)).available).toBe(true);
  });
});

function keyPair() {
  const priv = secp256k1.utils.randomSecretKey();
  return { privateKey: priv, publicKey: secp256k1.getPublicKey(priv, true) };
}

function regtestAddress(script: Uint8Array): string {
  return btcAddress.fromOutputScript(script, networks.regtest);
}

describe('verification of what Boltz returns', () => {
  const ours = keyPair();
  const boltz = keyPair();
  const preimage = sha256(new Uint8Array([1, 2, 3]));
  const preimageHash = sha256(preimage);
  const net = { kind: 'bitcoin' as const, params: REGTEST };

  function reverseSwap(opts: { claimKey?: Uint8Array; timeout?: number; hash?: Uint8Array } = {}) {
    const tree = buildTree({ shape: 'reverse', liquid: false, preimageHash: opts.hash ?? preimageHash, claimPublicKey: opts.claimKey ?? ours.publicKey, refundPublicKey: boltz.publicKey, timeoutBlockHeight: opts.timeout ?? 500 });
    const address = regtestAddress(p2trScript(outputKey(false, boltz.publicKey, opts.claimKey ?? ours.publicKey, tree)));
    return { tree: serializeTree(tree), address };
  }

  const check = (swap: { tree: ReturnType<typeof serializeTree>; address: string }, timeout = 500) =>
    checkUtxoLockup({ shape: 'reverse', net, tree: swap.tree, address: swap.address, ourPublicKey: ours.publicKey, boltzPublicKey: boltz.publicKey, weClaim: true, preimageHash, timeoutBlockHeight: timeout });

  it('accepts the lockup address of the tree built from our key and theirs', () => {
    expect(() => check(reverseSwap())).not.toThrow();
  });

  it('refuses a wrong address, a tree with another claim key, another hash or another timeout', () => {
    const good = reverseSwap();
    const otherAddress = regtestAddress(p2trScript(outputKey(false, boltz.publicKey, keyPair().publicKey, buildTree({ shape: 'reverse', liquid: false, preimageHash, claimPublicKey: ours.publicKey, refundPublicKey: boltz.publicKey, timeoutBlockHeight: 500 }))));
    expect(() => check({ ...good, address: otherAddress })).toThrow(/lockup address is not the address/);
    expect(() => check(reverseSwap({ claimKey: keyPair().publicKey }))).toThrow(/swap tree that does not match/);
    expect(() => check(reverseSwap({ hash: sha256(new Uint8Array([9])) }))).toThrow(/swap tree/);
    expect(() => check(reverseSwap({ timeout: 501 }))).toThrow(/swap tree/);
    // An address of another network is refused as such.
    const testnet = btcAddress.fromOutputScript(btcAddress.toOutputScript(good.address, networks.regtest), networks.testnet);
    expect(() => check({ ...good, address: testnet })).toThrow(/not an address of this network/);
  });

  it('bounds the timeout: not too close to the tip, not absurdly far', () => {
    expect(() => checkTimeout('BTC', 150, 100)).not.toThrow();
    expect(() => checkTimeout('BTC', 102, 100)).toThrow(/only 2 blocks ahead/);
    expect(() => checkTimeout('BTC', 100 + 5000, 100)).toThrow(/lock the funds too long/);
  });

  it('starts a swap only with room for the claim margin plus a confirmation before the timeout', () => {
    for (const c of ['BTC', 'L-BTC', 'RBTC'] as const) {
      const min = TIMEOUT_BOUNDS[c][0];
      expect(min).toBeGreaterThan(CLAIM_MARGIN[c]);
      expect(() => checkTimeout(c, 1000 + min, 1000)).not.toThrow();
      expect(() => checkTimeout(c, 1000 + min - 1, 1000)).toThrow(new RegExp(`only ${min - 1} blocks ahead .* at least ${min}`));
    }
    // An hour of Bitcoin blocks is not enough: a claim needs 6 of them left after a lockup's confirmation.
    expect(() => checkTimeout('BTC', 111, 100)).toThrow(/only 11 blocks ahead/);
  });

  it("checks a reverse swap's invoice: our payment hash, the quoted amount, our network", () => {
    const node = keyPair();
    const make = (hash: Uint8Array, sats: number, bech32 = 'bcrt') =>
      bolt11.sign(
        bolt11.encode({
          network: { bech32, pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
          satoshis: sats,
          timestamp: Math.floor(Date.now() / 1000),
          tags: [
            { tagName: 'payment_hash', data: bytesToHex(hash) },
            { tagName: 'payment_secret', data: bytesToHex(sha256(hash)) },
            { tagName: 'description', data: 'swap' },
          ] as never,
        }),
        bytesToHex(node.privateKey),
      ).paymentRequest!;
    expect(() => checkReverseInvoice(make(preimageHash, 50_000), 'bcrt', preimageHash, 50_000n)).not.toThrow();
    expect(() => checkReverseInvoice(make(sha256(preimageHash), 50_000), 'bcrt', preimageHash, 50_000n)).toThrow(/payment hash is not the hash of our preimage/);
    expect(() => checkReverseInvoice(make(preimageHash, 50_001), 'bcrt', preimageHash, 50_000n)).toThrow(/expected 50000000/);
    expect(() => checkReverseInvoice(make(preimageHash, 50_000, 'tb'), 'bcrt', preimageHash, 50_000n)).toThrow(/cannot be used/);
  });
});

describe('Taproot claims and refunds (checked by the devnet verifier, an independent implementation)', () => {
  const ours = keyPair();
  const boltz = keyPair();
  const preimage = sha256(new Uint8Array([7]));
  const tree = buildTree({ shape: 'reverse', liquid: false, preimageHash: sha256(preimage), claimPublicKey: ours.publicKey, refundPublicKey: boltz.publicKey, timeoutBlockHeight: 300 });
  const script = p2trScript(outputKey(false, boltz.publicKey, ours.publicKey, tree));
  const output = { txid: 'aa'.repeat(32), vout: 1, script, value: 100_000n };
  const destination = btcAddress.toOutputScript('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', networks.regtest);
  const base: SpendParams = { privateKey: ours.privateKey, publicKey: ours.publicKey, boltzPublicKey: boltz.publicKey, output, tree, destination, feeRate: 2 };

  /** Boltz's side of MuSig2, as the stand-in would do it. */
  function boltzCosigner(): (req: SigningRequest) => Promise<PartialSignature> {
    return async (req) => {
      const tx = Transaction.fromRaw(hexToBytes(req.transaction), { allowUnknownOutputs: true, allowUnknownInputs: true });
      const musig = tweakMusig(false, Musig.create(boltz.privateKey, [boltz.publicKey, ours.publicKey]), tree.tree);
      const withNonce = musig.message(keyPathSighash(tx, output)).generateNonce();
      const signed = withNonce.aggregateNonces([[ours.publicKey, hexToBytes(req.pubNonce)]]).initializeSession().signPartial();
      return { pubNonce: bytesToHex(withNonce.publicNonce), partialSignature: bytesToHex(signed.ourPartialSignature) };
    };
  }

  const verify = (hex: string) => verifyTaprootInputs(hexToBytes(hex), [{ script, value: output.value }]);

  it('claims on the key path with MuSig2 (Boltz first), a single 64-byte signature', async () => {
    const built = await buildCooperativeSpend({ ...base, preimage }, boltzCosigner());
    expect(verify(built.hex)).toBeNull();
    const tx = Transaction.fromRaw(hexToBytes(built.hex), { allowUnknownOutputs: true });
    expect(tx.getInput(0).finalScriptWitness).toHaveLength(1);
    expect(built.fee).toBeGreaterThan(0n);
    expect(built.fee).toBeLessThan(1000n);
  });

  it('refuses a partial signature that does not verify', async () => {
    const bad = async (req: SigningRequest) => ({ ...(await boltzCosigner()(req)), partialSignature: bytesToHex(sha256(new Uint8Array([1]))) });
    await expect(buildCooperativeSpend({ ...base, preimage }, bad)).rejects.toThrow(/does not verify/);
  });

  it('claims on the script path with the preimage when Boltz does not cooperate', () => {
    const built = buildScriptPathSpend({ ...base, preimage });
    expect(verify(built.hex)).toBeNull();
    // A wrong preimage is caught by the verifier.
    const wrong = buildScriptPathSpend({ ...base, preimage: sha256(new Uint8Array([8])) });
    expect(verify(wrong.hex)).toMatch(/preimage does not match/);
  });

  it('refunds on the script path with nLockTime at the timeout, and cooperatively without it', async () => {
    // A submarine tree: Boltz claims, we refund.
    const subTree = buildTree({ shape: 'submarine', liquid: false, preimageHash: sha256(preimage), claimPublicKey: boltz.publicKey, refundPublicKey: ours.publicKey, timeoutBlockHeight: 300 });
    const subScript = p2trScript(outputKey(false, boltz.publicKey, ours.publicKey, subTree));
    const subOut = { ...output, script: subScript };
    const refund = buildScriptPathSpend({ ...base, tree: subTree, output: subOut, timeoutBlockHeight: 300 });
    expect(verifyTaprootInputs(hexToBytes(refund.hex), [{ script: subScript, value: subOut.value }])).toBeNull();
    expect(Transaction.fromRaw(hexToBytes(refund.hex), { allowUnknownOutputs: true }).lockTime).toBe(300);

    const cosign = async (req: SigningRequest) => {
      const tx = Transaction.fromRaw(hexToBytes(req.transaction), { allowUnknownOutputs: true, allowUnknownInputs: true });
      return partialSignatureFor({ privateKey: boltz.privateKey, publicKey: boltz.publicKey, boltzPublicKey: ours.publicKey }, subTree, false, keyPathSighash(tx, subOut), hexToBytes(req.pubNonce));
    };
    // Signing from the wrong seat (keys in the wrong MuSig order) is refused; Boltz's real seat works.
    const boltzSeat = async (req: SigningRequest) => {
      const tx = Transaction.fromRaw(hexToBytes(req.transaction), { allowUnknownOutputs: true, allowUnknownInputs: true });
      const musig = tweakMusig(false, Musig.create(boltz.privateKey, [boltz.publicKey, ours.publicKey]), subTree.tree);
      const withNonce = musig.message(keyPathSighash(tx, subOut)).generateNonce();
      const signed = withNonce.aggregateNonces([[ours.publicKey, hexToBytes(req.pubNonce)]]).initializeSession().signPartial();
      return { pubNonce: bytesToHex(withNonce.publicNonce), partialSignature: bytesToHex(signed.ourPartialSignature) };
    };
    await expect(buildCooperativeSpend({ ...base, tree: subTree, output: subOut, timeoutBlockHeight: 300 }, cosign)).rejects.toThrow();
    const coop = await buildCooperativeSpend({ ...base, tree: subTree, output: subOut, timeoutBlockHeight: 300 }, boltzSeat);
    expect(verifyTaprootInputs(hexToBytes(coop.hex), [{ script: subScript, value: subOut.value }])).toBeNull();
    expect(Transaction.fromRaw(hexToBytes(coop.hex), { allowUnknownOutputs: true }).lockTime).toBe(0);
  });

  it('our partial signature lets Boltz complete its own key-path spend of an output we co-own', () => {
    const tx = new Transaction();
    tx.addInput({ txid: output.txid, index: output.vout, sequence: 0xfffffffd });
    tx.addOutput({ script: destination, amount: 99_000n });
    const sighash = keyPathSighash(tx, output);
    const boltzSide = tweakMusig(false, Musig.create(boltz.privateKey, [boltz.publicKey, ours.publicKey]), tree.tree).message(sighash).generateNonce();
    const mine = partialSignatureFor({ privateKey: ours.privateKey, publicKey: ours.publicKey, boltzPublicKey: boltz.publicKey }, tree, false, sighash, boltzSide.publicNonce);
    const session = boltzSide.aggregateNonces([[ours.publicKey, hexToBytes(mine.pubNonce)]]).initializeSession();
    expect(session.verifyPartial(ours.publicKey, hexToBytes(mine.partialSignature))).toBe(true);
    const sig = session.addPartial(ours.publicKey, hexToBytes(mine.partialSignature)).signPartial().aggregatePartials();
    tx.updateInput(0, { finalScriptWitness: [sig] });
    expect(verifyTaprootInputs(tx.toBytes(true, true), [{ script, value: output.value }])).toBeNull();
  });

  it('finds the swap output in a lockup transaction', () => {
    const tx = new Transaction();
    tx.addInput({ txid: 'bb'.repeat(32), index: 0 });
    tx.addOutput({ script: destination, amount: 5n });
    tx.addOutput({ script, amount: 100_000n });
    expect(findOutput(tx.hex, script)).toMatchObject({ vout: 1, value: 100_000n });
    expect(findOutput(tx.hex, destination.slice(0, 10))).toBeNull();
    void musigOf;
  });
});

describe('hop keys as Boltz expects them', () => {
  it('preimages are sha256 of the swap key, and the restore xpub finds the key index', () => {
    const keys = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about')));
    const k = keys.at(3);
    expect(bytesToHex(k.preimage)).toBe(bytesToHex(sha256(k.privateKey)));
    expect(keys.findIndex(k.publicKey)).toBe(3);
  });
});

describe('EtherSwap calls', () => {
  const require = createRequire(import.meta.url);
  const artifact = require('boltz-core/out/EtherSwap.sol/EtherSwap.json') as { methodIdentifiers: Record<string, string> };

  it('uses the selectors of the EtherSwap build boltz-core ships', () => {
    for (const sig of Object.values(SIG)) expect(selector(sig)).toBe(artifact.methodIdentifiers[sig]);
  });

  it("pins the devnet's EtherSwap: the stand-in's CREATE address at nonce 0, and the hash of boltz-core's runtime code as deployed there", () => {
    const full = require('boltz-core/out/EtherSwap.sol/EtherSwap.json') as { deployedBytecode: { object: string; immutableReferences: Record<string, { start: number; length: number }[]> } };
    const pins = resolvePreset('rootstock', 'devnet', {}).pins!;
    // CREATE: keccak256(rlp([sender, 0]))[12..]; rlp of nonce 0 is 0x80.
    const created = `0x${bytesToHex(keccak_256(hexToBytes(`d694${BOLTZ_EVM_ACCOUNT.slice(2)}80`))).slice(24)}`;
    expect(pins.etherSwap).toBe(created);
    // EtherSwap's one immutable is its EIP-712 domain separator (name, version 6, chain id, its own address).
    const word = (hex: string) => hexToBytes(hex.replace(/^0x/, '').padStart(64, '0'));
    const text = (t: string) => keccak_256(new TextEncoder().encode(t));
    const domain = keccak_256(
      new Uint8Array([...text('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'), ...text('EtherSwap'), ...text('6'), ...word((33).toString(16)), ...word(created)]),
    );
    const runtime = hexToBytes(full.deployedBytecode.object.replace(/^0x/, ''));
    const refs = Object.values(full.deployedBytecode.immutableReferences).flat();
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.length).toBe(32);
      runtime.set(domain, ref.start);
    }
    expect(pins.etherSwapCodeHash).toBe(`0x${bytesToHex(keccak_256(runtime))}`);
    expect(resolvePreset('rootstock', 'devnet', {}).params.chainId).toBe(33);
  });

  it('encodes lock, claim and refund as 32-byte words', () => {
    const hash = sha256(new Uint8Array([1]));
    const addr = '0x' + 'ab'.repeat(20);
    expect(encodeLock(hash, addr, 1234)).toBe(`0x${selector(SIG.lock)}${bytesToHex(hash)}${'ab'.repeat(20).padStart(64, '0')}${(1234).toString(16).padStart(64, '0')}`);
    expect(encodeClaim(hash, 10n ** 15n, addr, 99).length).toBe(2 + 8 + 64 * 4);
    expect(encodeRefund(hash, 1n, addr, 99).slice(0, 10)).toBe(`0x${selector(SIG.refund)}`);
    expect(() => encodeLock(hash, '0x1234', 1)).toThrow(/not an EVM address/);
  });
});

describe('when a lockup of Boltz\'s may be claimed (claimGate)', () => {
  const ctx = (pins: Record<string, string> = {}, bitcoin = 'devnet'): HopContext =>
    ({ presets: { bitcoin: resolvePreset('bitcoin', bitcoin, {}, pins), liquid: resolvePreset('liquid', 'devnet', {}, pins) } }) as HopContext;
  const hop = (kind: 'reverse' | 'chain', currency: 'BTC' | 'L-BTC' | 'RBTC', timeout = 200) =>
    ({ data: { kind, claim: { currency, address: '', amount: '0', timeoutBlockHeight: timeout } } }) as unknown as HopRecord;
  const side = (r: HopRecord) => (r.data as { claim: SideData }).claim;
  const inEnglish = (g: ClaimGate) => ({ ...g, note: english(g.note) });

  it('claims an unconfirmed lockup only within the preset\'s limit, else waits for one confirmation', () => {
    const r = hop('reverse', 'BTC');
    expect(zeroConfLimit(ctx(), 'BTC')).toBe(50_000n);
    expect(inEnglish(claimGate(ctx(), r, side(r), { value: 50_000n, confirmed: false }, 100))).toEqual({ note: "Boltz's lockup is unconfirmed: 50,000 sats is within the 50,000 sat limit for unconfirmed claims." });
    expect(inEnglish(claimGate(ctx(), r, side(r), { value: 50_001n, confirmed: false }, 100))).toEqual({ wait: true, note: "Waiting for 1 confirmation of Boltz's lockup: 50,001 sats is above the 50,000 sat limit for unconfirmed claims." });
    expect(claimGate(ctx(), r, side(r), { value: 50_001n, confirmed: true }, 100).wait).toBeUndefined();
    // The user's pin, and the public presets' default of 0: everything waits.
    expect(claimGate(ctx({ 'bitcoin.devnet.zeroConfMaxSats': '100000' }), r, side(r), { value: 99_000n, confirmed: false }, 100).wait).toBeUndefined();
    expect(zeroConfLimit(ctx({}, 'testnet3'), 'BTC')).toBe(0n);
    expect(claimGate(ctx({}, 'testnet3'), r, side(r), { value: 1n, confirmed: false }, 100).wait).toBe(true);
    const l = hop('chain', 'L-BTC');
    expect(claimGate(ctx({ 'liquid.devnet.zeroConfMaxSats': '0' }), l, side(l), { value: 1_000n, confirmed: false }, 100).wait).toBe(true);
  });

  it('refuses to claim with fewer blocks left before the timeout than the chain\'s margin, and says what happens instead', () => {
    for (const c of ['BTC', 'L-BTC', 'RBTC'] as const) {
      const r = hop('reverse', c, 500);
      const m = CLAIM_MARGIN[c];
      expect(claimGate(ctx(), r, side(r), { value: 1n, confirmed: true }, 500 - m).refused).toBeUndefined();
      expect(englishOf(claimGate(ctx(), r, side(r), { value: 1n, confirmed: true }, 500 - m + 1).refused)).toMatch(new RegExp(`block 500, ${m - 1} blocks away: too close .*at least ${m} .*Lightning payment returns`));
    }
    const chain = hop('chain', 'BTC', 500);
    expect(englishOf(claimGate(ctx(), chain, side(chain), { value: 1n, confirmed: true }, 500).refused)).toMatch(/block 500, now: .*our own lockup is refunded after its timeout/);
  });
});
