/**
 * Boltz API v2's REST routes, as boltz-backend's SwapRouter and ChainRouter serve
 * them (same paths, field names, status strings, `{ error }` bodies, 201 on
 * creates and broadcasts), over the swap book in swaps.ts.
 */
import * as bolt11 from 'bolt11';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { type DevServer, HttpReply, type RouteRequest } from '../http-server';
import type { DevLightningLedger, DevNode } from '../lightning/ledger';
import { BOLTZ_EVM_ACCOUNT, type EtherSwap } from './ether-swap';
import {
  chainAmounts,
  pairHash,
  reverseAmounts,
  serializePairs,
  submarineExpectedAmount,
  type Currency,
  type PairConfig,
  type PairTable,
  type SwapType,
} from './pairs';
import {
  compressedPublicKey,
  randomId,
  type EvmSideState,
  type Misbehaviour,
  type SideState,
  type SwapBook,
  type SwapRecord,
  type UtxoSideState,
  FINAL,
} from './swaps';
import { findSwaps, keyIterator, type KeyIterator } from './restore';
import { TaprootSide } from './taproot-swap';
import type { UtxoChain } from './utxo-chains';

export interface TimeoutDeltas {
  submarine: number;
  reverse: number;
  chain: number;
}

export interface ApiContext {
  book: SwapBook;
  pairs: Record<SwapType, PairTable>;
  chains: Partial<Record<Currency, UtxoChain>>;
  etherSwap?: EtherSwap;
  /** The second EtherSwap the otherEtherSwap misbehaviour names (deployed on first use). */
  otherEtherSwap?: () => Promise<EtherSwap>;
  ledger: DevLightningLedger;
  node: DevNode;
  timeouts: Record<Currency, TimeoutDeltas>;
  /** Applied to swaps created from now on (a snapshot is kept per swap). */
  misbehave: Misbehaviour;
  liquidPolicyAsset?: string;
  rootstockChainId?: number;
}

const fail = (status: number, error: string): never => {
  throw new HttpReply(status, { error });
};
const created = (body: object): never => {
  throw new HttpReply(201, body);
};
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

const BOLT11_NETWORKS = {
  bc: { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: [0, 1] },
  tb: { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  bcrt: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
};

function body<T>(req: RouteRequest): T {
  try {
    const b = req.json<T>();
    if (!b || typeof b !== 'object') throw new Error();
    return b;
  } catch {
    return fail(400, 'invalid JSON body');
  }
}

function hexParam(v: unknown, name: string, bytes?: number): string {
  if (typeof v !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(v) || (bytes !== undefined && v.length !== bytes * 2)) {
    return fail(400, `invalid parameter: ${name}`);
  }
  return v.toLowerCase();
}

function amountParam(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) return fail(400, `${name}: ${String(v)} is not a whole number`);
  return v;
}

function findPair(ctx: ApiContext, type: SwapType, from: unknown, to: unknown, hash: unknown): PairConfig {
  const cfg = ctx.misbehave.refuseCreate ? undefined : ctx.pairs[type][from as Currency]?.[to as Currency];
  // boltz-backend lib/service/Errors.ts PAIR_NOT_FOUND
  if (!cfg) return fail(400, `could not find pair with id: ${String(from)}/${String(to)}`);
  if (hash !== undefined && hash !== pairHash(type, String(from), String(to), cfg)) fail(400, 'invalid pair hash');
  return cfg;
}

function checkLimits(cfg: PairConfig, amount: number): void {
  if (amount < cfg.limits.minimal) fail(400, `${amount} is less than minimal of ${cfg.limits.minimal}`);
  if (amount > cfg.limits.maximal) fail(400, `${amount} exceeds maximal of ${cfg.limits.maximal}`);
}

function bip21(ctx: ApiContext, currency: Currency, address: string, sats: bigint, label: string): string | undefined {
  const btc = (Number(sats) / 1e8).toFixed(8).replace(/\.?0+$/, '');
  const q = `amount=${btc}&label=${encodeURIComponent(label)}`;
  if (currency === 'BTC') return `bitcoin:${address}?${q}`;
  if (currency === 'L-BTC') return `liquidnetwork:${address}?${q}&assetid=${ctx.liquidPolicyAsset}`;
  return undefined;
}

function evmAddress(v: unknown, name: string): string {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) return fail(400, `invalid parameter: ${name}`);
  return v.toLowerCase();
}

/** One UTXO side of a new swap: tree, address (a decoy under wrongAddress), blinding key on Liquid. */
async function utxoSide(
  ctx: ApiContext,
  currency: Currency,
  kind: 'submarine' | 'reverse',
  preimageHash: string,
  serverKey: { privateKey: Uint8Array; publicKey: Uint8Array },
  clientKey: Uint8Array,
  timeout: number,
  amount: bigint,
  treeShape?: 'submarine' | 'reverse',
): Promise<{ state: UtxoSideState; shownAddress: string; blindingKey?: string }> {
  const chain = ctx.chains[currency] ?? fail(400, `currency not served: ${currency}`);
  const side = new TaprootSide({
    liquid: chain.liquid,
    kind,
    preimageHash: Buffer.from(preimageHash, 'hex'),
    serverKey: serverKey.privateKey,
    serverPublicKey: serverKey.publicKey,
    clientPublicKey: clientKey,
    timeoutBlockHeight: timeout,
    ...(treeShape ? { treeShape } : {}),
  });
  const blinding = chain.liquid ? secp256k1.utils.randomSecretKey() : undefined;
  const blindingPub = blinding ? secp256k1.getPublicKey(blinding, true) : undefined;
  const address = chain.address(side.outputKey, blindingPub);
  let shownAddress = address;
  if (ctx.misbehave.wrongAddress) {
    const decoyKey = secp256k1.utils.randomSecretKey();
    const decoy = new TaprootSide({ ...side.p, serverKey: decoyKey, serverPublicKey: secp256k1.getPublicKey(decoyKey, true) });
    shownAddress = chain.address(decoy.outputKey, blindingPub);
  }
  return {
    state: { kind: 'utxo', chain, side, address, amount, timeout, ...(blinding ? { blindingKey: blinding } : {}) },
    shownAddress,
    ...(blinding ? { blindingKey: hexOf(blinding) } : {}),
  };
}

/** The EtherSwap new swaps use: the devnet's own, or the second one under otherEtherSwap. */
async function etherSwapOf(ctx: ApiContext): Promise<EtherSwap> {
  const own = ctx.etherSwap ?? fail(400, 'RBTC is not served');
  return ctx.misbehave.otherEtherSwap && ctx.otherEtherSwap ? ctx.otherEtherSwap() : own;
}

async function heightOf(ctx: ApiContext, currency: Currency): Promise<number> {
  if (currency === 'RBTC') return (ctx.etherSwap ?? fail(400, 'RBTC is not served')).height();
  return (ctx.chains[currency] ?? fail(400, `currency not served: ${currency}`)).height();
}

function newRecord(ctx: ApiContext, fields: Omit<SwapRecord, 'id' | 'createdAt' | 'history' | 'misbehave' | 'keyIndex'> & { keyIndex: number }): SwapRecord {
  return { id: randomId(), createdAt: Math.floor(Date.now() / 1000), history: [], misbehave: { ...ctx.misbehave }, ...fields };
}

export function registerRoutes(server: DevServer, ctx: ApiContext): void {
  const { book } = ctx;
  const swapOr404 = (id: string | undefined, type?: SwapRecord['type']): SwapRecord => {
    const swap = id ? book.get(id) : undefined;
    if (!swap || (type && swap.type !== type)) return fail(404, `could not find swap with id: ${id}`);
    return swap;
  };
  const refuse = (swap: SwapRecord, what: 'claim' | 'refund') => {
    if (swap.misbehave.refuseCooperation) fail(400, `swap not eligible for a cooperative ${what}`);
  };

  // boltz-backend lib/api/v2/routers/InfoRouter.ts getVersion
  server.get('/v2/version', () => ({ version: '3.12.0-devnet' }));

  // --- pairs ---------------------------------------------------------------------------
  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSubmarine (pairs)
  server.get('/v2/swap/submarine', () => serializePairs('submarine', ctx.pairs.submarine));
  // boltz-backend lib/api/v2/routers/SwapRouter.ts getReverse (pairs)
  server.get('/v2/swap/reverse', () => serializePairs('reverse', ctx.pairs.reverse));
  // boltz-backend lib/api/v2/routers/SwapRouter.ts getChain (pairs)
  server.get('/v2/swap/chain', () => serializePairs('chain', ctx.pairs.chain));

  // --- submarine -----------------------------------------------------------------------
  // boltz-backend lib/api/v2/routers/SwapRouter.ts createSubmarine -> lib/service/Service.ts createSwapWithInvoice
  server.post('/v2/swap/submarine', async (req) => {
    const b = body<Record<string, unknown>>(req);
    const cfg = findPair(ctx, 'submarine', b.from, b.to, b.pairHash);
    const from = b.from as Currency;
    if (typeof b.invoice !== 'string') return fail(400, 'this devnet serves submarine swaps created with an invoice only');
    // Service.createSwap: a refund key only for UTXO chains (an EVM lock's refund address is its sender).
    const refundKey = from === 'RBTC' ? null : (compressedPublicKey(hexParam(b.refundPublicKey, 'refundPublicKey', 33)) ?? fail(400, 'invalid parameter: refundPublicKey'));
    const invoice = b.invoice.toLowerCase();
    let decoded: ReturnType<typeof bolt11.decode>;
    try {
      decoded = bolt11.decode(invoice, BOLT11_NETWORKS[ctx.ledger.currency]);
    } catch (err) {
      return fail(400, `invalid invoice: ${(err as Error).message}`);
    }
    const preimageHash = String(decoded.tagsObject.payment_hash ?? '');
    if (!/^[0-9a-f]{64}$/.test(preimageHash)) return fail(400, 'invoice has no payment hash');
    if (decoded.millisatoshis == null) return fail(400, 'invoice has no amount');
    if (decoded.timeExpireDate !== undefined && decoded.timeExpireDate * 1000 <= Date.now()) return fail(400, 'the provided invoice expired already');
    if ([...book.swaps.values()].some((s) => s.preimageHash === preimageHash)) return fail(409, 'a swap with this invoice exists already');
    const invoiceSats = Math.ceil(Number(BigInt(decoded.millisatoshis) / 1000n));
    checkLimits(cfg, invoiceSats);
    const expected = submarineExpectedAmount(cfg, invoiceSats);
    const key = book.newServerKey();
    const timeout = (await heightOf(ctx, from)) + (ctx.misbehave.timeoutDelta ?? ctx.timeouts[from].submarine);
    const shownAmount = ctx.misbehave.wrongAmount ? expected + 1000 : expected;
    if (refundKey === null) {
      // lib/swap/SwapManager.ts createSwap (EVM): the lockup address is the EtherSwap contract, Boltz's EVM wallet claims.
      const contract = await etherSwapOf(ctx);
      const lie = ctx.misbehave.wrongClaimAddress;
      const shownClaim = lie === 'zero' ? `0x${'00'.repeat(20)}` : lie === 'contract' ? contract.address : lie === 'stranger' ? `0x${'5a'.repeat(20)}` : BOLTZ_EVM_ACCOUNT;
      const swap = newRecord(ctx, {
        type: 'submarine',
        from,
        to: b.to as Currency,
        preimageHash,
        keyIndex: key.index,
        status: { status: 'invoice.set' },
        pair: cfg,
        invoice,
        invoiceAmount: invoiceSats,
        userLock: { kind: 'evm', contract, claimAddress: BOLTZ_EVM_ACCOUNT, refundAddress: '', amount: BigInt(expected), timeout },
      });
      book.add(swap);
      return created({
        id: swap.id,
        address: ctx.misbehave.wrongAddress ? `0x${'de'.repeat(20)}` : contract.address,
        claimAddress: shownClaim,
        timeoutBlockHeight: timeout,
        acceptZeroConf: false,
        expectedAmount: shownAmount,
      });
    }
    const side = await utxoSide(ctx, from, 'submarine', preimageHash, key, refundKey, timeout, BigInt(expected));
    const swap = newRecord(ctx, {
      type: 'submarine',
      from,
      to: b.to as Currency,
      preimageHash,
      keyIndex: key.index,
      clientRefundPublicKey: hexOf(refundKey),
      status: { status: 'invoice.set' },
      pair: cfg,
      invoice,
      invoiceAmount: invoiceSats,
      userLock: side.state,
    });
    book.add(swap);
    return created({
      id: swap.id,
      bip21: bip21(ctx, from, side.shownAddress, BigInt(shownAmount), `Send to BTC lightning`),
      address: side.shownAddress,
      swapTree: side.state.side.serializedTree(),
      claimPublicKey: hexOf(key.publicKey),
      timeoutBlockHeight: timeout,
      acceptZeroConf: expected <= cfg.limits.maximalZeroConf,
      expectedAmount: shownAmount,
      ...(side.blindingKey ? { blindingKey: side.blindingKey } : {}),
    });
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSubmarineTransaction (SWAP_NO_LOCKUP before the lockup)
  server.get('/v2/swap/submarine/:id/transaction', (req) => {
    const swap = swapOr404(req.params.id, 'submarine');
    const side = swap.userLock!;
    if (side.kind === 'evm') {
      if (!side.lockTx) return fail(400, 'no coins were locked up yet');
      return { id: side.lockTx, timeoutBlockHeight: side.timeout };
    }
    if (!side.lockup) return fail(400, 'no coins were locked up yet');
    return { id: side.lockup.txid, hex: side.lockup.hex, timeoutBlockHeight: side.timeout };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSubmarinePreimage: PREIMAGE_NOT_AVAILABLE (404, lib/api/Utils.ts) until paid
  server.get('/v2/swap/submarine/:id/preimage', (req) => {
    const swap = swapOr404(req.params.id, 'submarine');
    if (!swap.preimage) return fail(404, 'preimage not available');
    return { preimage: swap.preimage };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSubmarineClaimDetails -> lib/service/cooperative/MusigSigner.ts
  server.get('/v2/swap/submarine/:id/claim', async (req) => {
    const swap = swapOr404(req.params.id, 'submarine');
    refuse(swap, 'claim');
    const side = swap.userLock!;
    if (swap.status.status !== 'transaction.claim.pending' || side.kind !== 'utxo') return fail(400, 'swap not eligible for a cooperative claim');
    const coop = await book.prepareCooperativeClaim(side);
    return { preimage: swap.preimage, pubNonce: coop.spend.pubNonce, publicKey: hexOf(side.side.p.serverPublicKey), transactionHash: hexOf(coop.spend.hash) };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts claimSubmarine
  server.post('/v2/swap/submarine/:id/claim', async (req) => {
    const swap = swapOr404(req.params.id, 'submarine');
    refuse(swap, 'claim');
    const b = body<Record<string, unknown>>(req);
    const pubNonce = hexParam(b.pubNonce, 'pubNonce', 66);
    const partial = hexParam(b.partialSignature, 'partialSignature', 32);
    if (swap.status.status !== 'transaction.claim.pending') return fail(400, 'swap not eligible for a cooperative claim');
    try {
      await book.completeCooperativeClaim(swap, swap.userLock as UtxoSideState, Buffer.from(pubNonce, 'hex'), Buffer.from(partial, 'hex'));
    } catch (err) {
      return fail(400, (err as Error).message);
    }
    return {};
  });

  const signRefund = (type: 'submarine' | 'chain') => async (req: RouteRequest) => {
    const swap = swapOr404(req.params.id, type);
    refuse(swap, 'refund');
    const b = body<Record<string, unknown>>(req);
    const pubNonce = hexParam(b.pubNonce, 'pubNonce', 66);
    const transaction = hexParam(b.transaction, 'transaction');
    if (typeof b.index !== 'number' || !Number.isInteger(b.index)) return fail(400, 'invalid parameter: index');
    const eligible = type === 'submarine' ? ['invoice.failedToPay', 'transaction.lockupFailed', 'swap.expired'] : ['swap.expired', 'transaction.failed', 'transaction.lockupFailed', 'transaction.refunded'];
    if (!eligible.includes(swap.status.status)) return fail(400, 'swap not eligible for a cooperative refund: status not eligible');
    const side = swap.userLock!;
    if (side.kind !== 'utxo' || !side.lockup) return fail(400, 'no coins were locked up yet');
    // ChainSwapSigner.signRefund: no new quote once a refund is signed.
    if (type === 'chain') swap.createdRefundSignature = true;
    if (type === 'chain' && swap.serverLock?.kind === 'utxo' && swap.serverLock.lockup && swap.status.status === 'transaction.refunded') {
      if (!(await swap.serverLock.chain.isConfirmed(swap.refund!.txid))) return fail(400, 'swap not eligible for a cooperative refund: refund not confirmed');
    }
    let signed: { hash: Uint8Array; outpoint: { txid: string; vout: number } };
    try {
      signed = await side.chain.keyPathSighash(transaction, b.index);
    } catch (err) {
      return fail(400, `invalid transaction: ${(err as Error).message}`);
    }
    if (signed.outpoint.txid !== side.lockup.txid || signed.outpoint.vout !== side.lockup.vout) return fail(400, 'input does not spend the lockup of this swap');
    return side.side.signForClient(signed.hash, Buffer.from(pubNonce, 'hex'));
  };
  // boltz-backend lib/api/v2/routers/SwapRouter.ts signUtxoRefund(musigSigner) -> MusigSigner.signRefund
  server.post('/v2/swap/submarine/:id/refund', signRefund('submarine'));

  /**
   * The EIP-712 signature of a cooperative refund of an EVM lock (EipSigner.signSwapRefund): only for
   * a failed swap (MusigSigner.refundNonEligibilityReason: FailedSwapUpdateEvents) whose lock Boltz saw,
   * over the values of that Lockup event.
   */
  const signEvmRefund = (type: 'submarine' | 'chain') => async (req: RouteRequest) => {
    // EipSigner.getSwap: the swap's id or its preimage hash.
    const byHash = [...book.swaps.values()].find((s) => s.type === type && s.preimageHash === req.params.id?.toLowerCase());
    const swap = byHash ?? swapOr404(req.params.id, type);
    const side = swap.userLock!;
    if (side.kind !== 'evm') return fail(400, 'swap not eligible for a cooperative refund: not an EVM swap');
    refuse(swap, 'refund');
    const failed = ['swap.expired', 'transaction.failed', 'transaction.lockupFailed', 'invoice.failedToPay', 'transaction.refunded'];
    if (!failed.includes(swap.status.status)) return fail(400, 'swap not eligible for a cooperative refund: status not eligible');
    const lock = side.lockTx ? (await side.contract.lockups(swap.preimageHash)).find((l) => l.transactionHash === side.lockTx) : undefined;
    if (!lock) return fail(400, 'swap not eligible for a cooperative refund: no coins were locked up');
    if (type === 'chain') swap.createdRefundSignature = true;
    // The claim address of the lock signs; a lock naming another claim address gets a signature that opens nothing.
    return { signature: await side.contract.signRefund(swap.preimageHash, lock.amountWei, lock.claimAddress, lock.timelock) };
  };
  // boltz-backend lib/api/v2/routers/SwapRouter.ts refundEvm (GET /swap/submarine/{id}/refund) -> EipSigner.signSwapRefund
  server.get('/v2/swap/submarine/:id/refund', signEvmRefund('submarine'));

  // --- reverse -------------------------------------------------------------------------
  // boltz-backend lib/api/v2/routers/SwapRouter.ts createReverse -> lib/service/Service.ts createReverseSwap
  server.post('/v2/swap/reverse', async (req) => {
    const b = body<Record<string, unknown>>(req);
    const cfg = findPair(ctx, 'reverse', b.from, b.to, b.pairHash);
    const to = b.to as Currency;
    const preimageHash = hexParam(b.preimageHash, 'preimageHash', 32);
    if ([...book.swaps.values()].some((s) => s.preimageHash === preimageHash)) return fail(409, 'a swap with this preimage hash exists already');
    if (b.invoiceAmount !== undefined && b.onchainAmount !== undefined) return fail(400, 'invoice and onchain amount were specified');
    if (b.invoiceAmount === undefined && b.onchainAmount === undefined) return fail(400, 'no amount was specified');
    const amounts = reverseAmounts(cfg, b.invoiceAmount !== undefined ? { invoiceAmount: amountParam(b.invoiceAmount, 'invoiceAmount') } : { onchainAmount: amountParam(b.onchainAmount, 'onchainAmount') });
    checkLimits(cfg, amounts.invoiceAmount);
    if (amounts.onchainAmount < 1) return fail(400, 'onchain amount is too low');
    const lie = ctx.misbehave.wrongAmount ? 1000 : 0;
    const onchainAmount = b.invoiceAmount !== undefined ? amounts.onchainAmount - lie : amounts.onchainAmount;
    const invoiceAmount = b.invoiceAmount !== undefined ? amounts.invoiceAmount : amounts.invoiceAmount + lie;
    const key = book.newServerKey();
    const timeout = (await heightOf(ctx, to)) + ctx.timeouts[to].reverse;
    let lock: SideState;
    const response: Record<string, unknown> = {};
    if (to === 'RBTC') {
      const contract = await etherSwapOf(ctx);
      const claimAddress = evmAddress(b.claimAddress, 'claimAddress');
      lock = { kind: 'evm', contract, claimAddress, refundAddress: BOLTZ_EVM_ACCOUNT, amount: BigInt(onchainAmount), timeout };
      Object.assign(response, { refundAddress: BOLTZ_EVM_ACCOUNT, lockupAddress: ctx.misbehave.wrongAddress ? `0x${'de'.repeat(20)}` : contract.address, timeoutBlockHeight: timeout });
    } else {
      const claimKey = compressedPublicKey(hexParam(b.claimPublicKey, 'claimPublicKey', 33)) ?? fail(400, 'invalid parameter: claimPublicKey');
      const side = await utxoSide(ctx, to, 'reverse', preimageHash, key, claimKey, timeout, BigInt(onchainAmount));
      lock = side.state;
      Object.assign(response, {
        swapTree: side.state.side.serializedTree(),
        lockupAddress: side.shownAddress,
        refundPublicKey: hexOf(key.publicKey),
        timeoutBlockHeight: timeout,
        ...(side.blindingKey ? { blindingKey: side.blindingKey } : {}),
      });
    }
    const description = typeof b.description === 'string' ? b.description : `Send to ${to} address`;
    const expirySeconds = typeof b.invoiceExpiry === 'number' ? b.invoiceExpiry : 3600;
    const inv = ctx.misbehave.wrongPaymentHash
      ? ctx.ledger.createInvoice(ctx.node, BigInt(invoiceAmount) * 1000n, { description, expirySeconds })
      : ctx.ledger.createHoldInvoice(ctx.node, preimageHash, BigInt(invoiceAmount) * 1000n, { description, expirySeconds });
    const swap = newRecord(ctx, {
      type: 'reverse',
      from: b.from as Currency,
      to,
      preimageHash,
      keyIndex: key.index,
      ...(typeof b.claimPublicKey === 'string' ? { clientClaimPublicKey: b.claimPublicKey.toLowerCase() } : {}),
      status: { status: 'swap.created' },
      pair: cfg,
      invoice: inv.invoice,
      invoiceAmount,
      invoicePaymentHash: inv.paymentHash,
      serverLock: lock,
    });
    book.add(swap);
    return created({ id: swap.id, invoice: inv.invoice, ...response, ...(b.invoiceAmount !== undefined ? { onchainAmount } : {}) });
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getReverseTransaction
  server.get('/v2/swap/reverse/:id/transaction', (req) => {
    const swap = swapOr404(req.params.id, 'reverse');
    const side = swap.serverLock!;
    if (side.kind === 'utxo') {
      if (!side.lockup) return fail(400, 'no coins were locked up yet');
      return { id: side.lockup.txid, hex: side.lockup.hex, timeoutBlockHeight: side.timeout };
    }
    if (!side.lockTx) return fail(400, 'no coins were locked up yet');
    return { id: side.lockTx, timeoutBlockHeight: side.timeout };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts claimReverse -> MusigSigner.signReverseSwapClaim
  server.post('/v2/swap/reverse/:id/claim', async (req) => {
    const swap = swapOr404(req.params.id, 'reverse');
    const b = body<Record<string, unknown>>(req);
    const preimage = hexParam(b.preimage, 'preimage');
    const toSign = [b.pubNonce, b.index, b.transaction];
    if (!toSign.every((x) => x !== undefined) && !toSign.every((x) => x === undefined)) return fail(400, 'pubNonce, index and transaction must be all set or all undefined');
    refuse(swap, 'claim');
    if (!['transaction.mempool', 'transaction.confirmed', 'invoice.settled'].includes(swap.status.status)) return fail(400, 'swap not eligible for a cooperative claim');
    if (!book.checkPreimage(swap, preimage)) return fail(400, 'incorrect preimage');
    book.settle(swap, preimage);
    if (b.transaction === undefined) return {};
    const side = swap.serverLock!;
    if (side.kind !== 'utxo' || !side.lockup) return fail(400, 'swap not eligible for a cooperative claim');
    const pubNonce = hexParam(b.pubNonce, 'pubNonce', 66);
    if (typeof b.index !== 'number') return fail(400, 'invalid parameter: index');
    let signed: { hash: Uint8Array; outpoint: { txid: string; vout: number } };
    try {
      signed = await side.chain.keyPathSighash(hexParam(b.transaction, 'transaction'), b.index);
    } catch (err) {
      return fail(400, `invalid transaction: ${(err as Error).message}`);
    }
    if (signed.outpoint.txid !== side.lockup.txid || signed.outpoint.vout !== side.lockup.vout) return fail(400, 'input does not spend the lockup of this swap');
    return side.side.signForClient(signed.hash, Buffer.from(pubNonce, 'hex'));
  });

  // --- chain ---------------------------------------------------------------------------
  // boltz-backend lib/api/v2/routers/SwapRouter.ts createChain -> lib/swap/SwapManager.ts createChainSwap
  server.post('/v2/swap/chain', async (req) => {
    const b = body<Record<string, unknown>>(req);
    const cfg = findPair(ctx, 'chain', b.from, b.to, b.pairHash);
    const from = b.from as Currency;
    const to = b.to as Currency;
    const preimageHash = hexParam(b.preimageHash, 'preimageHash', 32);
    if ([...book.swaps.values()].some((s) => s.preimageHash === preimageHash)) return fail(409, 'a swap with this preimage hash exists already');
    if (b.userLockAmount !== undefined && b.serverLockAmount !== undefined) return fail(400, 'user and server lock amount were specified');
    if (b.userLockAmount === undefined && b.serverLockAmount === undefined) return fail(400, 'this devnet serves chain swaps with an amount only');
    const amounts = chainAmounts(
      cfg,
      b.userLockAmount !== undefined ? { userLockAmount: amountParam(b.userLockAmount, 'userLockAmount') } : { serverLockAmount: amountParam(b.serverLockAmount, 'serverLockAmount') },
    );
    checkLimits(cfg, amounts.userLockAmount);
    if (amounts.serverLockAmount < 1) return fail(400, 'onchain amount is too low');
    const serverAmount = BigInt(amounts.serverLockAmount - (ctx.misbehave.wrongAmount ? 1000 : 0));
    const key = book.newServerKey();
    const serverTimeout = (await heightOf(ctx, to)) + ctx.timeouts[to].chain;
    const userTimeout = (await heightOf(ctx, from)) + Math.ceil(ctx.timeouts[from].chain * 1.5);

    let userLock: SideState;
    let lockupDetails: Record<string, unknown>;
    // expectMore: what Boltz expects of the client, above what it tells the client to lock.
    const expectedUserLock = BigInt(amounts.userLockAmount + (ctx.misbehave.expectMore ?? 0));
    if (from === 'RBTC') {
      const contract = await etherSwapOf(ctx);
      userLock = { kind: 'evm', contract, claimAddress: BOLTZ_EVM_ACCOUNT, refundAddress: '', amount: expectedUserLock, timeout: userTimeout };
      lockupDetails = { claimAddress: BOLTZ_EVM_ACCOUNT, lockupAddress: ctx.misbehave.wrongAddress ? `0x${'de'.repeat(20)}` : contract.address, timeoutBlockHeight: userTimeout, amount: amounts.userLockAmount };
    } else {
      const refundKey = compressedPublicKey(hexParam(b.refundPublicKey, 'refundPublicKey', 33)) ?? fail(400, 'invalid parameter: refundPublicKey');
      // Boltz claims the user's lock (submarine roles) from a reverse-shaped tree, as on both chain-swap sides.
      const side = await utxoSide(ctx, from, 'submarine', preimageHash, key, refundKey, userTimeout, expectedUserLock, 'reverse');
      userLock = side.state;
      lockupDetails = {
        swapTree: side.state.side.serializedTree(),
        lockupAddress: side.shownAddress,
        serverPublicKey: hexOf(key.publicKey),
        timeoutBlockHeight: userTimeout,
        amount: amounts.userLockAmount,
        ...(side.blindingKey ? { blindingKey: side.blindingKey } : {}),
        bip21: bip21(ctx, from, side.shownAddress, BigInt(amounts.userLockAmount), `Send to ${to} address`),
      };
    }
    let serverLock: SideState;
    let claimDetails: Record<string, unknown>;
    if (to === 'RBTC') {
      const contract = await etherSwapOf(ctx);
      const claimAddress = evmAddress(b.claimAddress, 'claimAddress');
      serverLock = { kind: 'evm', contract, claimAddress, refundAddress: BOLTZ_EVM_ACCOUNT, amount: serverAmount, timeout: serverTimeout } satisfies EvmSideState;
      claimDetails = { claimAddress, lockupAddress: contract.address, refundAddress: BOLTZ_EVM_ACCOUNT, timeoutBlockHeight: serverTimeout, amount: Number(serverAmount) };
    } else {
      const claimKey = compressedPublicKey(hexParam(b.claimPublicKey, 'claimPublicKey', 33)) ?? fail(400, 'invalid parameter: claimPublicKey');
      const side = await utxoSide(ctx, to, 'reverse', preimageHash, key, claimKey, serverTimeout, serverAmount);
      serverLock = side.state;
      claimDetails = {
        swapTree: side.state.side.serializedTree(),
        lockupAddress: side.shownAddress,
        serverPublicKey: hexOf(key.publicKey),
        timeoutBlockHeight: serverTimeout,
        amount: Number(serverAmount),
        ...(side.blindingKey ? { blindingKey: side.blindingKey } : {}),
      };
    }
    const swap = newRecord(ctx, {
      type: 'chain',
      from,
      to,
      preimageHash,
      keyIndex: key.index,
      ...(typeof b.claimPublicKey === 'string' ? { clientClaimPublicKey: b.claimPublicKey.toLowerCase() } : {}),
      ...(typeof b.refundPublicKey === 'string' ? { clientRefundPublicKey: b.refundPublicKey.toLowerCase() } : {}),
      status: { status: 'swap.created' },
      pair: cfg,
      userLock,
      serverLock,
    });
    book.add(swap);
    return created({ id: swap.id, claimDetails, lockupDetails });
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getChainSwapTransactions
  server.get('/v2/swap/chain/:id/transactions', (req) => {
    const swap = swapOr404(req.params.id, 'chain');
    const describe = (side: SideState) => {
      if (side.kind === 'utxo') return side.lockup ? { transaction: { id: side.lockup.txid, hex: side.lockup.hex }, timeout: { blockHeight: side.timeout } } : undefined;
      return side.lockTx ? { transaction: { id: side.lockTx }, timeout: { blockHeight: side.timeout } } : undefined;
    };
    const userLock = describe(swap.userLock!);
    const serverLock = describe(swap.serverLock!);
    return { ...(userLock ? { userLock } : {}), ...(serverLock ? { serverLock } : {}) };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getChainSwapClaimDetails -> lib/service/cooperative/ChainSwapSigner.ts
  server.get('/v2/swap/chain/:id/claim', async (req) => {
    const swap = swapOr404(req.params.id, 'chain');
    refuse(swap, 'claim');
    const user = swap.userLock!;
    if (user.kind !== 'utxo') return fail(400, 'swap has no UTXO lockup to claim cooperatively');
    if (!['transaction.server.mempool', 'transaction.server.confirmed', 'transaction.claim.pending'].includes(swap.status.status)) return fail(400, 'swap not eligible for a cooperative claim');
    const coop = await book.prepareCooperativeClaim(user);
    return { pubNonce: coop.spend.pubNonce, publicKey: hexOf(user.side.p.serverPublicKey), transactionHash: hexOf(coop.spend.hash) };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts claimChainSwap -> ChainSwapSigner.signClaim
  server.post('/v2/swap/chain/:id/claim', async (req) => {
    const swap = swapOr404(req.params.id, 'chain');
    refuse(swap, 'claim');
    const b = body<{ preimage?: unknown; signature?: { pubNonce?: unknown; partialSignature?: unknown }; toSign?: { pubNonce?: unknown; transaction?: unknown; index?: unknown } }>(req);
    const user = swap.userLock!;
    const server = swap.serverLock!;
    const applySignature = async () => {
      if (b.signature === undefined || user.kind !== 'utxo') return;
      const nonce = hexParam(b.signature.pubNonce, 'signature.pubNonce', 66);
      const partial = hexParam(b.signature.partialSignature, 'signature.partialSignature', 32);
      try {
        await book.completeCooperativeClaim(swap, user, Buffer.from(nonce, 'hex'), Buffer.from(partial, 'hex'));
      } catch (err) {
        fail(400, (err as Error).message);
      }
    };
    if (swap.status.status === 'transaction.claim.pending') {
      if (b.signature === undefined) return fail(400, 'undefined parameter: signature');
      await applySignature();
      return {};
    }
    if (!['transaction.server.mempool', 'transaction.server.confirmed'].includes(swap.status.status)) return fail(400, 'swap not eligible for a cooperative claim');
    if (b.toSign === undefined) return fail(400, 'undefined parameter: toSign');
    if (!swap.preimage) {
      const preimage = hexParam(b.preimage, 'preimage', 32);
      if (!book.checkPreimage(swap, preimage)) return fail(400, 'incorrect preimage');
      swap.preimage = preimage;
    }
    if (server.kind !== 'utxo' || !server.lockup) return fail(400, 'swap has no UTXO lockup of the server to claim cooperatively');
    const nonce = hexParam(b.toSign.pubNonce, 'toSign.pubNonce', 66);
    if (typeof b.toSign.index !== 'number') return fail(400, 'invalid parameter: toSign.index');
    let signed: { hash: Uint8Array; outpoint: { txid: string; vout: number } };
    try {
      signed = await server.chain.keyPathSighash(hexParam(b.toSign.transaction, 'toSign.transaction'), b.toSign.index);
    } catch (err) {
      return fail(400, `invalid transaction: ${(err as Error).message}`);
    }
    if (signed.outpoint.txid !== server.lockup.txid || signed.outpoint.vout !== server.lockup.vout) return fail(400, 'input does not spend the lockup of this swap');
    await applySignature();
    return server.side.signForClient(signed.hash, Buffer.from(nonce, 'hex'));
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts signUtxoRefund(chainSwapSigner) -> ChainSwapSigner.signRefund
  server.post('/v2/swap/chain/:id/refund', signRefund('chain'));
  // boltz-backend lib/api/v2/routers/SwapRouter.ts refundEvm (GET /swap/chain/{id}/refund) -> EipSigner.signSwapRefund
  server.get('/v2/swap/chain/:id/refund', signEvmRefund('chain'));

  /**
   * A new quote for a chain swap whose lockup Boltz rejected for its amount: what the pair gives
   * now for what was locked (boltz-backend lib/service/Renegotiator.ts calculateNewQuote and
   * validateEligibility, with its errors from lib/service/Errors.ts; 409 per lib/api/Utils.ts).
   */
  const renegotiation = async (swap: SwapRecord): Promise<{ locked: bigint; amount: number }> => {
    if (swap.createdRefundSignature) return fail(409, 'a refund for this swap was signed already');
    const user = swap.userLock!;
    const locked = user.kind === 'utxo' ? user.lockup?.amount : undefined;
    const reasons = locked === undefined ? [] : [`locked ${locked} is less than expected ${user.amount}`, `locked ${locked} is more than expected ${user.amount}`];
    if (swap.status.status !== 'transaction.lockupFailed' || locked === undefined || !reasons.includes(swap.status.failureReason ?? '')) {
      return fail(400, 'lockup transaction was not rejected because of the amount');
    }
    // TimeoutDeltaProvider.blockTimes (minutes per block); at most 60 minutes left is too short.
    const minutesPerBlock: Record<Currency, number> = { BTC: 10, 'L-BTC': 1, RBTC: 25 / 60 };
    if (Math.floor((user.timeout - (await heightOf(ctx, swap.from))) * minutesPerBlock[swap.from]) <= 60) return fail(400, 'time until expiry too short');
    const cfg = ctx.pairs.chain[swap.from]?.[swap.to] ?? fail(400, `could not find pair with id: ${swap.from}/${swap.to}`);
    const slippage = Math.max(10_000, Math.ceil((cfg.limits.maximal * 2) / 100));
    if (Number(locked) > cfg.limits.maximal + slippage) return fail(400, `${locked} exceeds maximal of ${cfg.limits.maximal}`);
    if (Number(locked) < cfg.limits.minimal) return fail(400, `${locked} is less than minimal of ${cfg.limits.minimal}`);
    const amount = chainAmounts(cfg, { userLockAmount: Number(locked) }).serverLockAmount - (swap.misbehave.renegotiateLess ?? 0);
    return { locked, amount };
  };

  // boltz-backend lib/api/v2/routers/SwapRouter.ts chainSwapQuote
  server.get('/v2/swap/chain/:id/quote', async (req) => {
    const swap = swapOr404(req.params.id, 'chain');
    return { amount: (await renegotiation(swap)).amount };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts chainSwapAcceptQuote -> Renegotiator.acceptQuote
  server.post('/v2/swap/chain/:id/quote', async (req) => {
    const swap = swapOr404(req.params.id, 'chain');
    const b = body<{ amount?: unknown }>(req);
    if (b.amount === undefined) return fail(400, 'undefined parameter: amount');
    if (typeof b.amount !== 'number') return fail(400, 'invalid parameter: amount');
    const { locked, amount } = await renegotiation(swap);
    if (b.amount !== amount) return fail(400, 'invalid quote');
    // setExpectedAmounts, then the lockup is checked again as if it had just been seen.
    const user = swap.userLock as UtxoSideState;
    user.amount = locked;
    swap.serverLock!.amount = BigInt(amount);
    user.lockup!.confirmed ||= await user.chain.isConfirmed(user.lockup!.txid);
    book.userLockupSeen(swap, user);
    throw new HttpReply(202, {});
  });

  // --- status and restore ----------------------------------------------------------------
  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSwapStatusMultiple
  server.get('/v2/swap/status', (req) => {
    const ids = req.query.getAll('ids');
    if (ids.length > 64) return fail(400, 'too many ids');
    return Object.fromEntries(ids.map((id) => [id, swapOr404(id).status]));
  });

  /**
   * The swaps a restore request's keys find, each with the key index of our client's key on each
   * side (boltzr/src/service/rescue.rs: submarine refund key, reverse claim key, either chain key).
   */
  const restorable = (it: KeyIterator): Found[] => {
    const { found, keys } = findSwaps(it, [...book.swaps.values()], (s) => [s.clientRefundPublicKey, s.clientClaimPublicKey].filter((k): k is string => k !== undefined));
    const indexOf = (key: string) => it.confirm(key, keys.get(key)!);
    return [...found.values()].map((swap) => ({
      swap,
      ...(swap.clientRefundPublicKey && keys.has(swap.clientRefundPublicKey) ? { refundIndex: indexOf(swap.clientRefundPublicKey) } : {}),
      ...(swap.clientClaimPublicKey && keys.has(swap.clientClaimPublicKey) ? { claimIndex: indexOf(swap.clientClaimPublicKey) } : {}),
    }));
  };
  /** SwapRescue::restore's order: by key index (refund side's, else claim side's), then creation time. */
  const byIndex = (a: Found, b: Found) => (a.refundIndex ?? a.claimIndex ?? 2 ** 32) - (b.refundIndex ?? b.claimIndex ?? 2 ** 32) || a.swap.createdAt - b.swap.createdAt;

  /**
   * restoreForgery 'liveIndex': a reverse swap to BTC at the live swap's index and preimage hash,
   * locked for real (a small amount), that a client claiming it would reveal the live swap's preimage with.
   */
  const forge = async (live: SwapRecord): Promise<SwapRecord | null> => {
    if (live.forgery) return book.get(live.forgery) ?? null;
    const clientKey = live.clientClaimPublicKey ?? live.clientRefundPublicKey;
    const chain = ctx.chains.BTC;
    if (!clientKey || !chain || FINAL.has(live.status.status)) return null;
    const key = book.newServerKey();
    const amount = 20_000n;
    const timeout = (await chain.height()) + ctx.timeouts.BTC.reverse;
    const { state } = await utxoSide({ ...ctx, misbehave: {} }, 'BTC', 'reverse', live.preimageHash, key, Buffer.from(clientKey, 'hex'), timeout, amount);
    const { txid, hex } = await chain.lock(state.address, amount);
    state.lockup = (await chain.findLockup(state.side.outputKey)) ?? undefined;
    const forged = newRecord(ctx, {
      type: 'reverse',
      from: 'BTC',
      to: 'BTC',
      preimageHash: live.preimageHash,
      keyIndex: key.index,
      clientClaimPublicKey: clientKey,
      status: { status: 'transaction.mempool', transaction: { id: txid, hex } },
      pair: ctx.pairs.reverse.BTC!.BTC!,
      serverLock: state,
      forgedFrom: live.id,
    });
    book.add(forged);
    live.forgery = forged.id;
    return forged;
  };

  // boltzr/src/api/rescue.rs swap_restore -> boltzr/src/service/rescue.rs SwapRescue::restore
  server.post('/v2/swap/restore', async (req) => {
    if (ctx.misbehave.restoreUnreachable) {
      req.raw.socket.destroy();
      return {};
    }
    const found = restorable(keyIterator(body(req)));
    if (ctx.misbehave.restoreForgery === 'liveIndex') {
      for (const f of [...found]) {
        if (f.swap.forgedFrom) continue;
        const forged = await forge(f.swap);
        if (forged && !found.some((o) => o.swap === forged)) found.push({ swap: forged, claimIndex: f.claimIndex ?? f.refundIndex! });
      }
    }
    return found.sort(byIndex).map((f) => restoreShape(ctx, f));
  });
  // boltzr/src/api/rescue.rs swap_restore_index -> SwapRescue::index (scans without the page; its cache of the last index is left out)
  server.post('/v2/swap/restore/index', (req) => {
    const { pagination: _page, ...it } = keyIterator(body(req));
    const indexes = restorable(it).flatMap((f) => [f.claimIndex, f.refundIndex].filter((i): i is number => i !== undefined));
    return { index: indexes.length ? Math.max(...indexes) : -1 };
  });

  // boltz-backend lib/api/v2/routers/SwapRouter.ts getSwapStatus -> lib/api/SwapInfos.ts
  server.get('/v2/swap/:id', (req) => swapOr404(req.params.id).status);

  // --- chain ------------------------------------------------------------------------------
  const currencyOf = (req: RouteRequest): Currency => {
    const c = req.params.currency as Currency;
    if (c === 'RBTC' ? !ctx.etherSwap : !ctx.chains[c]) return fail(404, `could not find currency: ${c}`);
    return c;
  };
  const served = (): Currency[] => [...(Object.keys(ctx.chains) as Currency[]), ...(ctx.etherSwap ? (['RBTC'] as const) : [])];
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getFees
  server.get('/v2/chain/fees', () => Object.fromEntries(served().map((c) => [c, c === 'L-BTC' ? 0.1 : c === 'RBTC' ? 0.06 : 2])));
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getHeights
  server.get('/v2/chain/heights', async () => Object.fromEntries(await Promise.all(served().map(async (c) => [c, await heightOf(ctx, c)]))));
  const contracts = async () => {
    if (!ctx.etherSwap) return fail(404, 'no EVM chain is served');
    const c = await etherSwapOf(ctx);
    return {
      network: { chainId: ctx.rootstockChainId ?? 33, name: 'Rootstock devnet' },
      swapContracts: { EtherSwap: c.address, ERC20Swap: '0x0000000000000000000000000000000000000000' },
      supportedContracts: {},
      tokens: {},
    };
  };
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getContracts
  server.get('/v2/chain/contracts', async () => ({ rsk: await contracts() }));
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getContractsForCurrency
  server.get('/v2/chain/:currency/contracts', (req) => {
    if (currencyOf(req) !== 'RBTC') return fail(400, 'not an EVM chain');
    return contracts();
  });
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getFeeForChain
  server.get('/v2/chain/:currency/fee', (req) => {
    const c = currencyOf(req);
    return { fee: c === 'L-BTC' ? 0.1 : c === 'RBTC' ? 0.06 : 2 };
  });
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getHeightForChain
  server.get('/v2/chain/:currency/height', async (req) => ({ height: await heightOf(ctx, currencyOf(req)) }));
  // boltz-backend lib/api/v2/routers/ChainRouter.ts getTransaction
  server.get('/v2/chain/:currency/transaction/:id', async (req) => {
    const c = currencyOf(req);
    const chain = ctx.chains[c] ?? fail(400, 'only UTXO chains serve raw transactions');
    try {
      return { hex: await chain.txHex(req.params.id!) };
    } catch {
      return fail(404, 'transaction not found');
    }
  });
  // boltz-backend lib/api/v2/routers/ChainRouter.ts postTransaction
  server.post('/v2/chain/:currency/transaction', async (req) => {
    const c = currencyOf(req);
    const chain = ctx.chains[c] ?? fail(400, 'only UTXO chains take raw transactions');
    const hex = hexParam(body<{ hex?: unknown }>(req).hex, 'hex');
    let id: string;
    try {
      id = await chain.broadcast(hex);
    } catch (err) {
      return fail(400, (err as Error).message);
    }
    return created({ id });
  });
}

/** A swap a restore request finds, with the key index of the client's key on each side. */
interface Found {
  swap: SwapRecord;
  claimIndex?: number;
  refundIndex?: number;
}

/**
 * RestorableSwap, as POST /swap/restore returns it (boltzr/src/service/rescue.rs): a UTXO side
 * only where one of the request's keys is the client's key in it; an EVM side only where Boltz
 * locks to a claim address (the client's own EtherSwap lock is read from the chain, not restored);
 * `amount` only once known (a reverse swap's onchain amount from the start, any other side's
 * once its lockup is seen: what was locked).
 */
function restoreShape(ctx: ApiContext, { swap, claimIndex, refundIndex }: Found): Record<string, unknown> {
  const lie = ctx.misbehave.restoreForgery;
  const otherHash = lie === 'otherPreimageHash' ? hexOf(secp256k1.utils.randomSecretKey()) : undefined;
  const details = (side: SideState | undefined, role: 'claim' | 'refund', keyIndex: number | undefined) => {
    if (!side) return undefined;
    if (side.kind === 'evm') {
      if (role === 'refund') return undefined;
      return {
        type: 'evm',
        contractAddress: side.contract.address,
        claimAddress: side.claimAddress,
        ...(side.lockTx ? { transaction: { id: side.lockTx }, amount: Number(side.amount) } : {}),
        timeoutBlockHeight: side.timeout,
      };
    }
    if (keyIndex === undefined) return undefined;
    const blindingPub = side.blindingKey ? secp256k1.getPublicKey(side.blindingKey, true) : undefined;
    // restoreForgery 'wrongLockup': the address of a tree with another server key.
    const decoy = () => {
      const k = secp256k1.utils.randomSecretKey();
      return side.chain.address(new TaprootSide({ ...side.side.p, serverKey: k, serverPublicKey: secp256k1.getPublicKey(k, true) }).outputKey, blindingPub);
    };
    // restoreForgery 'otherPreimageHash': the claim side's tree (and its address) on another hash.
    const shown = otherHash && role === 'claim' ? new TaprootSide({ ...side.side.p, preimageHash: Buffer.from(otherHash, 'hex') }) : side.side;
    const amount = swap.type === 'reverse' ? side.amount : side.lockup?.amount;
    return {
      type: 'utxo',
      tree: shown.serializedTree(),
      ...(amount !== undefined ? { amount: Number(amount) } : {}),
      keyIndex,
      ...(side.lockup ? { transaction: { id: side.lockup.txid, vout: side.lockup.vout } } : {}),
      lockupAddress: lie === 'wrongLockup' ? decoy() : shown === side.side ? side.address : side.chain.address(shown.outputKey, blindingPub),
      serverPublicKey: hexOf(side.side.p.serverPublicKey),
      timeoutBlockHeight: side.timeout,
      ...(side.blindingKey ? { blindingKey: hexOf(side.blindingKey) } : {}),
      ...(role === 'claim' ? { preimageHash: otherHash ?? swap.preimageHash } : {}),
    };
  };
  const claimDetails = swap.type === 'submarine' ? undefined : details(swap.serverLock, 'claim', claimIndex);
  const refundDetails = swap.type === 'reverse' ? undefined : details(swap.userLock, 'refund', refundIndex);
  return {
    id: swap.id,
    type: swap.type,
    // The status as stored: lib/api/SwapInfos.ts shows transaction.zeroconf.rejected as transaction.mempool with zeroConfRejected, the restore does not.
    status: swap.status.zeroConfRejected ? 'transaction.zeroconf.rejected' : swap.status.status,
    createdAt: swap.createdAt,
    from: swap.from,
    to: swap.to,
    preimageHash: otherHash ?? swap.preimageHash,
    ...(swap.invoice ? { invoice: swap.invoice } : {}),
    ...(claimDetails ? { claimDetails } : {}),
    ...(refundDetails ? { refundDetails } : {}),
  };
}
