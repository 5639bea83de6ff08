/**
 * Finding Boltz hops again after the local records are gone (a restore from the
 * recovery phrase on a fresh profile). The wallet relies on Boltz's swap restore,
 * not on an exported rescue file: POST /v2/swap/restore with the xpub of the hop
 * key tree returns every swap made with those keys; each one's key is matched to
 * an index of HopKeys (checked against the key inside the swap tree, so a wrong
 * answer from Boltz cannot point us at keys that are not in the swap), and the
 * record is rebuilt from public data. The engine then continues it: claims what
 * is ours to claim, refunds what failed. Preimages are sha256(key), so claims work.
 *
 * Boltz's answer is checked as a new swap's is before anything is stored: tree,
 * lockup address and amount, our preimage hash. A swap whose key index or preimage
 * hash a hop of the wallet already has is never restored: claiming it would hand
 * Boltz that hop's preimage (a forged small lockup could settle a live hop's
 * payment, or let Boltz take a live chain swap's lockup).
 *
 * Rootstock sides carry no tree; their missing values are read back from the
 * pinned EtherSwap's Lockup event (indexed by the preimage hash), as Boltz's docs advise.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { extractClaimPublicKeyFromReverseSwapTree, extractRefundPublicKeyFromReverseSwapTree, extractRefundPublicKeyFromSwapTree } from 'boltz-core';
import { decodeBolt11 } from '../../layers/lightning/bolt11';
import { WalletError } from '../../shared/errors';
import type { HopContext } from '../mechanism';
import type { HopStore } from '../records';
import type { AssetRef, HopRecord, HopStep, MechanismId } from '../types';
import type { BoltzCurrency, RestorableSwap, RestoreEvmDetails, RestoreUtxoDetails } from './api';
import { BTC_LIGHTNING, boltzApi, layerOfCurrency, RBTC, WEI_PER_SAT } from './assets';
import { isLocked } from './etherswap';
import { checkEtherSwapNode, checkNamedEtherSwap, etherSwapUnpinned } from './etherswap-pin';
import { RskChain, utxoChain } from './chains';
import { dataOf, step, withSide, type BoltzHopData, type SideData } from './record';
import { parseTree } from './taproot';
import { checkUtxoLockup, mismatch, publicKeyFrom } from './verify';

const LOCKUP_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('Lockup(bytes32,uint256,address,address,uint256)')))}`;

/** Swaps in these states have nothing of ours left to claim or refund. */
const DONE: Record<RestorableSwap['type'], Set<string>> = {
  submarine: new Set(['transaction.claimed', 'invoice.paid', 'transaction.claim.pending']),
  reverse: new Set(['invoice.expired', 'swap.expired', 'transaction.failed', 'transaction.refunded']),
  chain: new Set(['transaction.claimed']),
};

export interface RestoreResult {
  restored: HopRecord[];
  /** Swaps Boltz knows that need nothing more (finished, or never funded), or that did not check out (`reason`). */
  skipped: { id: string; status: string; reason?: string }[];
}

export async function restoreBoltzHops(ctx: HopContext, store: HopStore): Promise<RestoreResult> {
  const api = boltzApi(ctx);
  const swaps = await api.restore(ctx.keys.xpub);
  const existing = await store.all();
  const known = new Set(existing.map((r) => (r.data as Partial<BoltzHopData>).swapId).filter(Boolean));
  const restored: HopRecord[] = [];
  const skipped: RestoreResult['skipped'] = [];
  const candidates: HopRecord[] = [];
  const statusOf = new Map(swaps.map((s) => [s.id, s.status]));
  for (const swap of swaps) {
    if (known.has(swap.id)) continue;
    if (DONE[swap.type]?.has(swap.status)) {
      skipped.push({ id: swap.id, status: swap.status });
      continue;
    }
    let record: HopRecord | null;
    try {
      record = await rebuild(ctx, api.http.baseUrl, swap);
    } catch (err) {
      // One swap that does not check out is left out; the others are still restored.
      if (!(err instanceof WalletError)) throw err;
      skipped.push({ id: swap.id, status: swap.status, reason: err.message });
      continue;
    }
    if (!record) {
      skipped.push({ id: swap.id, status: swap.status });
      continue;
    }
    candidates.push(record);
  }
  const used = usedKeys(existing);
  for (const record of candidates) {
    const clash = clashOf(record, used, candidates);
    const id = dataOf(record).swapId;
    if (clash) {
      skipped.push({ id, status: statusOf.get(id) ?? '', reason: clash });
      continue;
    }
    await store.bumpIndexPast(record.index);
    await store.put(record);
    restored.push(record);
  }
  for (const r of restored) {
    used.index.set(r.index, r.id);
    used.hash.set(dataOf(r).preimageHash, r.id);
  }
  for (const record of await evmReverseClaims(ctx, api.http.baseUrl, used)) {
    await store.bumpIndexPast(record.index);
    await store.put(record);
    restored.push(record);
  }
  return { restored, skipped };
}

/** Key indexes and preimage hashes the wallet's hops use (every mechanism: they share the index). */
function usedKeys(records: HopRecord[]): { index: Map<number, string>; hash: Map<string, string> } {
  const index = new Map<number, string>();
  const hash = new Map<string, string>();
  for (const r of records) {
    index.set(r.index, r.id);
    const h = (r.data as Partial<BoltzHopData>).preimageHash;
    if (h) hash.set(h, r.id);
  }
  return { index, hash };
}

/**
 * Why a restored swap may not be kept: its key index or preimage hash is a hop's
 * the wallet has (claiming it would reveal that hop's preimage), or another swap of
 * the same answer has it too. The wallet never gives two hops one index, and Boltz
 * refuses a second swap with a preimage hash it knows: either is a lie.
 */
function clashOf(record: HopRecord, used: { index: Map<number, string>; hash: Map<string, string> }, all: HopRecord[]): string | null {
  const hash = dataOf(record).preimageHash;
  const holder = used.index.get(record.index) ?? used.hash.get(hash);
  if (holder) return `Boltz restored a swap with key index ${record.index}, which the hop ${holder} already uses; restoring it could reveal that hop's preimage. It was left out.`;
  if (all.some((o) => o !== record && (o.index === record.index || dataOf(o).preimageHash === hash))) {
    return `Boltz restored more than one swap with key index ${record.index}; none of them was restored.`;
  }
  return null;
}

/**
 * Reverse swaps to RBTC hold no key of ours (Boltz locks to our Rootstock address),
 * so /v2/swap/restore cannot return them. They are found on chain instead:
 * EtherSwap Lockup events naming our account as the claim address, whose preimage
 * hash is one of our hop keys', and that are still locked. Boltz's swap id is not
 * on chain, so the hop carries none and follows the lock itself.
 */
async function evmReverseClaims(ctx: HopContext, boltz: string, used: { index: Map<number, string>; hash: Map<string, string> }): Promise<HopRecord[]> {
  // Only the pinned EtherSwap's logs count (anyone can deploy a copy and lock in it under our hashes).
  if (!ctx.presets.rootstock.endpoints.rpc || etherSwapUnpinned(ctx)) return [];
  const rsk = new RskChain(ctx);
  const contract = await checkEtherSwapNode(ctx, rsk);
  const ours = (await rsk.service()).address.toLowerCase();
  const logs = await rsk.rpc.call<{ topics: string[]; data: string }[]>('eth_getLogs', [
    { address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [LOCKUP_TOPIC, null, `0x${ours.slice(2).padStart(64, '0')}`] },
  ]);
  const out: HopRecord[] = [];
  for (const log of logs) {
    const preimageHash = log.topics[1]!.slice(2).toLowerCase();
    if (used.hash.has(preimageHash)) continue;
    const index = preimageIndex(ctx, preimageHash);
    if (index === undefined) continue; // someone else's preimage hash
    if (used.index.has(index)) continue; // a hop of ours has that key: never claim under it twice
    const data = log.data.replace(/^0x/, '');
    const amountWei = BigInt(`0x${data.slice(0, 64)}`);
    const timelock = Number(BigInt(`0x${data.slice(64, 128)}`));
    const refundAddress = `0x${log.topics[3]!.slice(-40)}`.toLowerCase();
    const values = { preimageHash: hexToBytes(preimageHash), amountWei, claimAddress: ours, refundAddress, timelock };
    if (!(await isLocked(rsk.rpc, contract, values))) continue; // claimed or refunded already
    used.hash.set(preimageHash, `hop-restored-evm-${preimageHash.slice(0, 16)}`);
    used.index.set(index, `hop-restored-evm-${preimageHash.slice(0, 16)}`);
    const now = ctx.now();
    const hopData: BoltzHopData = {
      kind: 'reverse',
      boltz,
      swapId: '',
      preimageHash,
      payoutAddress: ours,
      claim: { currency: 'RBTC', address: contract, amount: (amountWei / WEI_PER_SAT).toString(), timeoutBlockHeight: timelock, counterpartyAddress: refundAddress },
      restored: true,
      // The invoice was paid by the old profile (Boltz locked after it was).
      paymentStartedAt: now,
    };
    out.push({
      id: `hop-restored-evm-${preimageHash.slice(0, 16)}`,
      index,
      mechanism: 'boltz-reverse',
      from: BTC_LIGHTNING,
      to: RBTC,
      send: hopData.claim!.amount,
      expectedReceive: hopData.claim!.amount,
      network: { lightning: ctx.presets.lightning.id, rootstock: ctx.presets.rootstock.id },
      createdAt: now,
      updatedAt: now,
      state: 'restored',
      outcome: 'in-progress',
      steps: [
        { ...step('restore', 'Found again on Rootstock with the recovery phrase'), status: 'done', at: now },
        { ...step('pay', 'Pay the Lightning invoice'), status: 'done', at: now },
        { ...step('lock', 'Boltz locks RBTC for us'), status: 'done', at: now },
        step('claim', 'Claim the RBTC'),
      ],
      data: hopData as unknown as Record<string, unknown>,
    });
  }
  return out;
}

function currency(symbol: string): BoltzCurrency {
  if (symbol === 'BTC' || symbol === 'L-BTC' || symbol === 'RBTC') return symbol;
  throw new WalletError('unsupported', `Boltz restored a swap in ${symbol}, which this wallet does not handle.`);
}

function assetOf(symbol: string, lightning: boolean): AssetRef {
  if (lightning) return BTC_LIGHTNING;
  const c = currency(symbol);
  return { layer: layerOfCurrency(c), asset: c };
}

/** The hop key index whose public key sits in the tree in our role. */
function matchIndex(ctx: HopContext, details: RestoreUtxoDetails, ourXOnly: Uint8Array): number {
  const x = bytesToHex(ourXOnly);
  const at = (i: number) => bytesToHex(ctx.keys.at(i).publicKey).slice(2) === x;
  if (Number.isSafeInteger(details.keyIndex) && details.keyIndex >= 0 && at(details.keyIndex)) return details.keyIndex;
  for (const prefix of ['02', '03']) {
    const found = ctx.keys.findIndex(hexToBytes(prefix + x));
    if (found !== null) return found;
  }
  throw new WalletError('backend_error', 'Boltz restored a swap whose key is not one of this wallet’s.');
}

/**
 * A UTXO side as Boltz restores it, checked as a new swap is: the tree rebuilt from
 * our key at the matched index and Boltz's key (`preimageHash` for submarine trees,
 * else our own preimage hash at that index), the lockup address that tree's output
 * (and, on Liquid, its blinding key the one Boltz hands out), a whole amount.
 */
async function utxoSide(ctx: HopContext, symbol: string, d: RestoreUtxoDetails, role: 'lock-submarine' | 'lock-chain' | 'claim', invoiceHash?: string): Promise<{ side: SideData; index: number }> {
  const tree = parseTree(d.tree);
  const ours =
    role === 'lock-submarine' ? extractRefundPublicKeyFromSwapTree(tree) : role === 'lock-chain' ? extractRefundPublicKeyFromReverseSwapTree(tree) : extractClaimPublicKeyFromReverseSwapTree(tree);
  const index = matchIndex(ctx, d, ours);
  const c = currency(symbol);
  if (c === 'RBTC') throw new WalletError('backend_error', 'Boltz restored an RBTC side with a swap tree.');
  // A confidential lockup cannot be opened (nor swept) without its blinding key.
  if (c === 'L-BTC' && !d.blindingKey) throw new WalletError('backend_error', 'Boltz restored an L-BTC swap without the blinding key of its lockup.');
  const key = ctx.keys.at(index);
  const boltzKey = publicKeyFrom(d.serverPublicKey, "Boltz's key");
  checkUtxoLockup({
    shape: role === 'lock-submarine' ? 'submarine' : 'reverse',
    net: utxoChain(ctx, c).net,
    tree: d.tree,
    address: d.lockupAddress,
    blindingKey: d.blindingKey,
    ourPublicKey: key.publicKey,
    boltzPublicKey: boltzKey,
    weClaim: role === 'claim',
    preimageHash: role === 'lock-submarine' ? hashBytes(invoiceHash) : key.preimageHash,
    timeoutBlockHeight: d.timeoutBlockHeight,
  });
  return {
    index,
    side: {
      currency: c,
      address: d.lockupAddress,
      amount: restoredAmount(d.amount).toString(),
      timeoutBlockHeight: d.timeoutBlockHeight,
      tree: d.tree,
      boltzPublicKey: bytesToHex(boltzKey),
      ...(d.blindingKey ? { blindingKey: d.blindingKey } : {}),
      ...(d.transaction ? { txid: d.transaction.id, vout: d.transaction.vout } : {}),
    },
  };
}

/** A restored amount: whole sats, more than nothing (a claim checks the lockup holds at least this). */
function restoredAmount(amount: unknown): bigint {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) throw mismatch(`the restored amount ${String(amount)} is not a whole number of sats`);
  return BigInt(amount);
}

function hashBytes(hex: string | undefined): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) throw mismatch('the preimage hash is not 32 bytes of hex');
  return hexToBytes(hex);
}

/** Our preimage at `index` must hash to the swap's preimage hash: a claim reveals that preimage. */
function checkOurPreimageHash(ctx: HopContext, index: number, preimageHash: string): void {
  if (bytesToHex(ctx.keys.at(index).preimageHash) !== preimageHash.toLowerCase()) throw mismatch(`the preimage hash is not the hash of our preimage at key index ${index}`);
}

/**
 * A restored swap's invoice: of our Lightning network, locked to `preimageHash`; its
 * amount (sats, when it names one) bounds what the swap locks on chain for us.
 */
function checkRestoredInvoice(ctx: HopContext, invoice: string | undefined, preimageHash: string): bigint | undefined {
  if (!invoice) return undefined;
  let decoded;
  try {
    decoded = decodeBolt11(invoice, ctx.presets.lightning.params.bolt11);
  } catch (err) {
    throw mismatch(`the invoice cannot be used (${err instanceof Error ? err.message : 'unreadable'})`);
  }
  if (decoded.paymentHash.toLowerCase() !== preimageHash.toLowerCase()) throw mismatch("the invoice's payment hash is not the swap's preimage hash");
  return decoded.amountMsat === null ? undefined : decoded.amountMsat / 1000n;
}

/**
 * Reads the EtherSwap Lockup event of this preimage hash: amount, both addresses, timelock.
 * Only a lock naming our account in our role counts (anyone can lock under our preimage hash).
 * A side we claim that Boltz has not locked yet is kept without Boltz's refund address, which
 * only that event gives: withBoltzEvmLock reads it once the lock is there. (It used to throw,
 * which failed the whole restore, so a chain swap BTC -> RBTC whose RBTC Boltz never locked
 * could not be found again and its BTC never refunded.)
 */
async function evmSide(ctx: HopContext, preimageHash: string, d: RestoreEvmDetails, weClaim: boolean): Promise<SideData> {
  const contract = checkNamedEtherSwap(ctx, d.contractAddress);
  const rsk = new RskChain(ctx);
  const ours = (await rsk.service()).address.toLowerCase();
  const logs = await rsk.rpc.call<{ topics: string[]; data: string; transactionHash: string }[]>('eth_getLogs', [
    { address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [LOCKUP_TOPIC, `0x${preimageHash}`] },
  ]);
  const addr = (topic: string | undefined) => (topic ? `0x${topic.slice(-40)}`.toLowerCase() : undefined);
  const log = logs.find((l) => addr(l.topics[weClaim ? 2 : 3]) === ours);
  const data = log ? log.data.replace(/^0x/, '') : '';
  const amountWei = log ? BigInt(`0x${data.slice(0, 64)}`) : BigInt(d.amount ?? 0) * 10_000_000_000n;
  const timelock = log ? Number(BigInt(`0x${data.slice(64, 128)}`)) : d.timeoutBlockHeight;
  const counterparty = weClaim ? addr(log?.topics[3]) : (addr(log?.topics[2]) ?? d.claimAddress?.toLowerCase());
  if (!counterparty && !weClaim) throw new WalletError('not_found', 'The Rootstock side of this swap was never locked.');
  return {
    currency: 'RBTC',
    address: contract,
    amount: (amountWei / 10_000_000_000n).toString(),
    timeoutBlockHeight: timelock,
    ...(counterparty ? { counterpartyAddress: counterparty } : {}),
    ...(log && !weClaim ? { txid: log.transactionHash } : {}),
  };
}

/**
 * The claim side of a hop restored before Boltz locked its RBTC, completed from EtherSwap's
 * Lockup event; null while Boltz's lock is not there. Other hops come back unchanged.
 */
export async function withBoltzEvmLock(ctx: HopContext, r: HopRecord): Promise<HopRecord | null> {
  const d = dataOf(r);
  const s = d.claim;
  if (!s || s.currency !== 'RBTC' || s.counterpartyAddress) return r;
  const found = await evmSide(ctx, d.preimageHash, { type: 'evm', contractAddress: s.address, amount: Number(s.amount), timeoutBlockHeight: s.timeoutBlockHeight }, true);
  return found.counterpartyAddress ? withSide(r, 'claim', found) : null;
}

/** The transaction of our own EtherSwap lock of this hop, read from its Lockup event (none yet: undefined). */
export async function ownEvmLockTxid(ctx: HopContext, r: HopRecord): Promise<string | undefined> {
  const d = dataOf(r);
  const s = d.lock;
  if (!s || s.currency !== 'RBTC') return undefined;
  const details: RestoreEvmDetails = { type: 'evm', contractAddress: s.address, amount: Number(s.amount), timeoutBlockHeight: s.timeoutBlockHeight, ...(s.counterpartyAddress ? { claimAddress: s.counterpartyAddress } : {}) };
  return (await evmSide(ctx, d.preimageHash, details, false)).txid;
}

async function rebuild(ctx: HopContext, boltz: string, swap: RestorableSwap): Promise<HopRecord | null> {
  const now = ctx.now();
  let mechanism: MechanismId;
  let from: AssetRef;
  let to: AssetRef;
  let index: number | undefined;
  let lock: SideData | undefined;
  let claim: SideData | undefined;
  const steps: HopStep[] = [{ ...step('restore', `Swap ${swap.id} found again with the recovery phrase`), status: 'done', at: now }];
  let invoiceSats: bigint | undefined;
  if (swap.type === 'submarine') {
    if (!swap.refundDetails || swap.refundDetails.type === 'evm') return null;
    mechanism = 'boltz-submarine';
    from = assetOf(swap.from, false);
    to = BTC_LIGHTNING;
    hashBytes(swap.preimageHash);
    invoiceSats = checkRestoredInvoice(ctx, swap.invoice, swap.preimageHash);
    ({ side: lock, index } = await utxoSide(ctx, swap.from, swap.refundDetails, 'lock-submarine', swap.preimageHash));
    steps.push(step('fund', `Lock ${swap.from} in the swap address`), step('pay', 'Boltz pays the Lightning invoice'), step('refund', 'Refund (only if the payment fails)'));
  } else if (swap.type === 'reverse') {
    if (!swap.claimDetails) return null;
    mechanism = 'boltz-reverse';
    from = BTC_LIGHTNING;
    to = assetOf(swap.to, false);
    if (swap.claimDetails.type === 'evm') {
      claim = await evmSide(ctx, swap.preimageHash, swap.claimDetails, true);
      index = indexOfPreimageHash(ctx, swap.preimageHash);
    } else {
      ({ side: claim, index } = await utxoSide(ctx, swap.to, swap.claimDetails, 'claim'));
    }
    checkOurPreimageHash(ctx, index, swap.preimageHash);
    invoiceSats = checkRestoredInvoice(ctx, swap.invoice, swap.preimageHash);
    // Claiming settles the whole invoice: what is locked for us can be less (fees), never more.
    if (invoiceSats !== undefined && BigInt(claim.amount) > invoiceSats) throw mismatch(`the swap locks ${claim.amount} sats for an invoice of ${invoiceSats}`);
    steps.push(step('pay', 'Pay the Lightning invoice'), step('lock', 'Boltz locks the coins for us'), step('claim', 'Claim the coins'));
  } else {
    if (!swap.claimDetails || !swap.refundDetails) return null;
    mechanism = 'boltz-chain';
    from = assetOf(swap.from, false);
    to = assetOf(swap.to, false);
    if (swap.refundDetails.type === 'evm') lock = await evmSide(ctx, swap.preimageHash, swap.refundDetails, false);
    else ({ side: lock, index } = await utxoSide(ctx, swap.from, swap.refundDetails, 'lock-chain'));
    if (swap.claimDetails.type === 'evm') claim = await evmSide(ctx, swap.preimageHash, swap.claimDetails, true);
    else {
      const c = await utxoSide(ctx, swap.to, swap.claimDetails, 'claim');
      claim = c.side;
      if (index !== undefined && index !== c.index) throw mismatch('the two sides of the chain swap use different keys of ours');
      index ??= c.index;
    }
    index ??= indexOfPreimageHash(ctx, swap.preimageHash);
    checkOurPreimageHash(ctx, index, swap.preimageHash);
    steps.push(step('fund', `Lock ${swap.from}`), step('lock', `Boltz locks ${swap.to} for us`), step('claim', `Claim the ${swap.to}`), step('refund', 'Refund (only if Boltz does not lock)'));
  }
  const payoutLayer = swap.type === 'submarine' ? from.layer : to.layer;
  const payoutAddress = payoutLayer === 'rootstock' ? (await new RskChain(ctx).service()).address : await utxoChain(ctx, payoutLayer === 'liquid' ? 'L-BTC' : 'BTC').payoutAddress();
  const data: BoltzHopData = {
    kind: swap.type,
    boltz,
    swapId: swap.id,
    preimageHash: swap.preimageHash.toLowerCase(),
    status: swap.status,
    ...(swap.invoice ? { invoice: swap.invoice } : {}),
    ...(invoiceSats !== undefined ? { invoiceSats: invoiceSats.toString() } : {}),
    payoutAddress,
    ...(lock ? { lock } : {}),
    ...(claim ? { claim } : {}),
    restored: true,
    // Never pay a restored reverse swap's invoice again: the old profile may have.
    ...(swap.type === 'reverse' ? { paymentStartedAt: now } : {}),
  };
  const amount = lock?.amount ?? claim?.amount ?? '0';
  return {
    id: `hop-restored-${swap.id}`,
    index: index!,
    mechanism,
    from,
    to,
    send: amount,
    expectedReceive: claim?.amount ?? '0',
    network: Object.fromEntries([from.layer, to.layer].map((l) => [l, ctx.presets[l].id])),
    createdAt: swap.createdAt ? swap.createdAt * 1000 : now,
    updatedAt: now,
    state: 'restored',
    outcome: 'in-progress',
    steps,
    data: data as unknown as Record<string, unknown>,
  };
}

/** For sides without a tree (Rootstock): the hop index whose preimage hashes to `preimageHash`, among the first `limit`. */
function preimageIndex(ctx: HopContext, preimageHash: string, limit = 1000): number | undefined {
  const want = preimageHash.toLowerCase();
  for (let i = 0; i < limit; i++) if (bytesToHex(ctx.keys.at(i).preimageHash) === want) return i;
  return undefined;
}

function indexOfPreimageHash(ctx: HopContext, preimageHash: string): number {
  const index = preimageIndex(ctx, preimageHash);
  if (index === undefined) throw new WalletError('backend_error', 'Boltz restored a swap whose preimage hash is not one of this wallet’s.');
  return index;
}


