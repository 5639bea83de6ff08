/**
 * Finding Boltz hops again after the local records are gone (a restore from the
 * recovery phrase on a fresh profile). The wallet relies on Boltz's swap restore,
 * not on an exported rescue file: POST /v2/swap/restore with the master xpub of the
 * hop key tree (Boltz derives its keys below it, as keys.ts says) returns every swap
 * made with those keys; each one's key is matched to
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
 *
 * A restore also syncs the key index: every index Boltz shows this seed used (any
 * status, checked or not) and every index whose preimage hash an EtherSwap lock of
 * our account names is marked used, so a new hop never takes a key (and preimage)
 * an earlier one gave out. The first Boltz hop of a profile runs it (index-sync.ts).
 * And what Boltz locks for us must be what we paid or locked less Boltz's fees at
 * most (restoreFloor): a restored swap carries no quote of ours.
 *
 * A restore runs while no hop is created (HopStore.creating), and stores each record
 * only if, at that moment, no stored hop has its swap, key index or preimage hash.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { extractClaimPublicKeyFromReverseSwapTree, extractRefundPublicKeyFromReverseSwapTree, extractRefundPublicKeyFromSwapTree } from 'boltz-core';
import { decodeBolt11 } from '../../layers/lightning/bolt11';
import type { InvoiceStatus } from '../../layers/lightning/funding';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { WEI_PER_SAT } from '../../shared/units';
import type { HopContext, RestoreResult } from '../mechanism';
import type { HopStore } from '../records';
import type { AssetRef, HopRecord, HopStep } from '../types';
import type { RestorableSwap, RestoreEvmDetails, RestoreUtxoDetails } from './api';
import { BTC_LIGHTNING, boltzApi, counterpartyOf, fromSats, layerOfCurrency, RBTC } from './assets';
import { isLocked } from './etherswap';
import { checkEtherSwapNode, checkNamedEtherSwap, etherSwapUnpinned, pinnedEtherSwap } from './etherswap-pin';
import { RskChain, utxoChain } from './chains';
import { restoreFloor } from './fees';
import { lockedOnChain } from './sides';
import { KeyLookup } from './key-lookup';
import type { BoltzApi } from './api';
import { dataOf, withSide } from './record';
import type { BoltzCurrency, BoltzHopData, BoltzId, SideData } from './shapes';
import { step } from '../steps';
import { parseTree } from './taproot';
import { causeOf, checkUtxoLockup, mismatch, publicKeyFrom } from './verify';

const LOCKUP_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('Lockup(bytes32,uint256,address,address,uint256)')))}`;

/**
 * Swaps in these states have nothing of ours left to claim or refund. A submarine
 * swap Boltz says it paid is restored all the same: the hop completes only with
 * the proof of payment, else refunds our lockup after its timeout.
 */
const DONE: Record<RestorableSwap['type'], Set<string>> = {
  submarine: new Set(['transaction.claimed']),
  reverse: new Set(['invoice.settled', 'invoice.expired', 'swap.expired', 'transaction.failed', 'transaction.refunded']),
  chain: new Set(['transaction.claimed']),
};

export type { RestoreResult };

/** Swaps Boltz knows for this seed's hop keys that this profile has no record of, stored as hops to finish. */
export function restoreBoltzHops(ctx: HopContext, store: HopStore): Promise<RestoreResult> {
  return store.creating(() => restore(ctx, store, boltzApi(ctx)));
}

/** The key under which HopStore notes the index synced with the Boltz at `url`. */
export function indexSyncKey(url: string): string {
  return `boltz:${url.replace(/\/+$/, '')}`;
}

async function restore(ctx: HopContext, store: HopStore, api: BoltzApi): Promise<RestoreResult> {
  return restoreAnswered(ctx, store, api, await api.restore(ctx.keys.xpub));
}

/** The restore with Boltz's answer to POST /swap/restore already in hand (an index sync asks for it before it may run: index-sync.ts). */
export async function restoreAnswered(ctx: HopContext, store: HopStore, api: BoltzApi, swaps: RestorableSwap[]): Promise<RestoreResult> {
  if (!Array.isArray(swaps)) throw new WalletError('backend_error', localText('err_boltz_restore_not_list', counterpartyOf(api.http.baseUrl)));
  const lookup = new KeyLookup(ctx.keys);
  // Every index Boltz shows this seed used is used, whatever its swap's status and whether it checks out.
  const indexOf = new Map<string, number>();
  for (const swap of swaps) {
    const index = usedIndex(swap, lookup);
    if (index === undefined) continue;
    indexOf.set(swap.id, index);
    await store.bumpIndexPast(index);
  }
  const existing = await store.all();
  const known = new Set(existing.map((r) => r.data.swapId).filter(Boolean));
  const used = usedKeys(existing);
  const restored: HopRecord[] = [];
  const skipped: RestoreResult['skipped'] = [];
  const candidates: HopRecord[] = [];
  const statusOf = new Map(swaps.map((s) => [s.id, s.status]));
  for (const swap of swaps) {
    if (known.has(swap.id)) continue;
    // A key or preimage hash a hop of ours holds: left out before anything else is looked at.
    const index = indexOf.get(swap.id);
    const holder = (index !== undefined ? used.index.get(index) : undefined) ?? used.hash.get(String(swap.preimageHash).toLowerCase());
    if (holder) {
      skipped.push({ id: swap.id, status: swap.status, reason: heldBy(index, holder) });
      continue;
    }
    if (DONE[swap.type]?.has(swap.status)) {
      skipped.push({ id: swap.id, status: swap.status });
      continue;
    }
    let record: HopRecord | null;
    try {
      record = await rebuild(ctx, api.http.baseUrl, swap, lookup);
    } catch (err) {
      // One swap that does not check out is left out; the others are still restored.
      if (!(err instanceof WalletError) || err.code === 'locked') throw err;
      skipped.push({ id: swap.id, status: swap.status, reason: err.text ?? err.message });
      continue;
    }
    if (!record) {
      skipped.push({ id: swap.id, status: swap.status });
      continue;
    }
    candidates.push(record);
  }
  for (const record of candidates) {
    const id = dataOf(record).swapId;
    // Checked against the records stored when it is written, in the same step as the write.
    const clash = clashOf(record, used, candidates) ?? (await store.putNew(record, (stored) => clashOf(record, usedKeys(stored), candidates)));
    if (clash) {
      skipped.push({ id, status: statusOf.get(id) ?? '', reason: clash });
      continue;
    }
    restored.push(record);
    await store.bumpIndexPast(record.index);
    used.index.set(record.index, record.id);
    used.hash.set(dataOf(record).preimageHash, record.id);
  }
  for (const record of await evmReverseClaims(ctx, api.http.baseUrl, used, lookup, store, skipped)) {
    const clash = await store.putNew(record, (stored) => clashOf(record, usedKeys(stored), []));
    if (clash) skipped.push({ id: record.id, status: 'locked', reason: clash });
    else restored.push(record);
  }
  await store.markIndexSynced(indexSyncKey(api.http.baseUrl), ctx.now());
  return { restored, skipped };
}

/**
 * The highest key index of ours a swap Boltz returns shows: its preimage hash's, or
 * a key of ours in one of its trees (the index Boltz names is never taken on its
 * word: it is looked for). Undefined when none of the first indexes is in it.
 */
function usedIndex(swap: RestorableSwap, lookup: KeyLookup): number | undefined {
  const found: number[] = [];
  if (swap.type !== 'submarine' && typeof swap.preimageHash === 'string' && /^[0-9a-fA-F]{64}$/.test(swap.preimageHash)) {
    const i = lookup.indexOfPreimageHash(swap.preimageHash);
    if (i !== undefined) found.push(i);
  }
  const sides: [RestoreUtxoDetails | RestoreEvmDetails | undefined, (tree: ReturnType<typeof parseTree>) => Uint8Array][] = [
    [swap.claimDetails, extractClaimPublicKeyFromReverseSwapTree],
    [swap.refundDetails, swap.type === 'submarine' ? extractRefundPublicKeyFromSwapTree : extractRefundPublicKeyFromReverseSwapTree],
  ];
  for (const [d, ours] of sides) {
    if (!d || d.type === 'evm') continue;
    let key: Uint8Array;
    try {
      key = ours(parseTree(d.tree));
    } catch {
      // not a tree: no key of ours to read from it
      continue;
    }
    // Outside the try: a key tree wiped by a lock throws, and the sync must not then be noted done with this index unseen.
    const i = lookup.indexOfXOnly(bytesToHex(key));
    if (i !== undefined) found.push(i);
  }
  return found.length ? Math.max(...found) : undefined;
}

/** Key indexes and preimage hashes the wallet's hops use (every mechanism: they share the index). */
function usedKeys(records: HopRecord[]): { index: Map<number, string>; hash: Map<string, string>; swap: Map<string, string> } {
  const index = new Map<number, string>();
  const hash = new Map<string, string>();
  const swap = new Map<string, string>();
  for (const r of records) {
    index.set(r.index, r.id);
    const { preimageHash, swapId } = r.data;
    if (typeof preimageHash === 'string' && preimageHash) hash.set(preimageHash, r.id);
    if (typeof swapId === 'string' && swapId) swap.set(swapId, r.id);
  }
  return { index, hash, swap };
}

/**
 * Why a restored swap may not be kept: its key index or preimage hash is a hop's
 * the wallet has (claiming it would reveal that hop's preimage), or another swap of
 * the same answer has it too. The wallet never gives two hops one index, and Boltz
 * refuses a second swap with a preimage hash it knows: either is a lie.
 */
function clashOf(record: HopRecord, used: { index: Map<number, string>; hash: Map<string, string>; swap?: Map<string, string> }, all: HopRecord[]): LocalText | null {
  const hash = dataOf(record).preimageHash;
  const swapId = dataOf(record).swapId;
  const sameSwap = swapId ? used.swap?.get(swapId) : undefined;
  if (sameSwap) return localText('hopNote_restore_same_swap', swapId, sameSwap);
  const holder = used.index.get(record.index) ?? used.hash.get(hash);
  if (holder) return heldBy(record.index, holder);
  if (all.some((o) => o !== record && (o.index === record.index || dataOf(o).preimageHash === hash))) {
    return localText('hopNote_restore_index_twice', String(record.index));
  }
  return null;
}

function heldBy(index: number | undefined, holder: string): LocalText {
  return index === undefined ? localText('hopNote_restore_hash_held', holder) : localText('hopNote_restore_index_held', String(index), holder);
}

/**
 * Reverse swaps to RBTC hold no key of ours (Boltz locks to our Rootstock address),
 * so /v2/swap/restore cannot return them. They are found on chain instead:
 * EtherSwap Lockup events naming our account as the claim address, whose preimage
 * hash is one of our hop keys', and that are still locked. Boltz's swap id is not
 * on chain, so the hop carries none and follows the lock itself. No invoice comes
 * with them either: what was paid is asked of the connected Lightning wallet
 * (lookup_invoice by payment hash), and a lock that cannot be held to it is not
 * claimed. Every Lockup event naming our account, either side, claimed or refunded
 * since, marks its preimage hash's index used.
 */
async function evmReverseClaims(
  ctx: HopContext,
  boltz: string,
  used: { index: Map<number, string>; hash: Map<string, string> },
  lookup: KeyLookup,
  store: HopStore,
  skipped: RestoreResult['skipped'],
): Promise<HopRecord[]> {
  // Only the pinned EtherSwap's logs count (anyone can deploy a copy and lock in it under our hashes).
  if (!ctx.presets.rootstock.endpoints.rpc || etherSwapUnpinned(ctx)) return [];
  const rsk = new RskChain(ctx);
  const contract = await checkEtherSwapNode(ctx, rsk);
  const ours = (await rsk.service()).address.toLowerCase();
  const topic = `0x${ours.slice(2).padStart(64, '0')}`;
  const logsOf = (topics: (string | null)[]) => rsk.rpc.call<{ topics: string[]; data: string; transactionHash?: string }[]>('eth_getLogs', [{ address: contract, fromBlock: '0x0', toBlock: 'latest', topics }]);
  const [asClaimer, asRefunder] = await Promise.all([logsOf([LOCKUP_TOPIC, null, topic]), logsOf([LOCKUP_TOPIC, null, null, topic])]);
  for (const log of [...asClaimer, ...asRefunder]) {
    const index = lookup.indexOfPreimageHash(log.topics[1]!.slice(2));
    if (index !== undefined) await store.bumpIndexPast(index);
  }
  const out: HopRecord[] = [];
  // Every lock for us under one hash is weighed before one is taken (pickClaimLock), not the first found.
  const byHash = new Map<string, LockupLog[]>();
  for (const log of asClaimer) {
    const preimageHash = log.topics[1]!.slice(2).toLowerCase();
    byHash.set(preimageHash, [...(byHash.get(preimageHash) ?? []), lockupOf(log)]);
  }
  for (const [preimageHash, logs] of byHash) {
    if (used.hash.has(preimageHash)) continue;
    const index = lookup.indexOfPreimageHash(preimageHash);
    if (index === undefined) continue; // someone else's preimage hash
    if (used.index.has(index)) continue; // a hop of ours has that key: never claim under it twice
    const held = await stillLocked(rsk, contract, preimageHash, logs); // claimed or refunded already: not there
    const lock = pickClaimLock(held);
    if (!lock) continue;
    const { amountWei, timelock, refundAddress } = lock;
    const id = `hop-restored-evm-${preimageHash.slice(0, 16)}`;
    const locked = amountWei / WEI_PER_SAT;
    const paid = await paidFor(ctx, preimageHash);
    const floor = paid.sats === undefined ? undefined : restoreFloor(paid.sats, ['RBTC']);
    if (floor === undefined || locked < floor) {
      const why = floor === undefined ? localText('hopText_restore_paid_unknown', paid.why!) : localText('hopText_restore_rbtc_low', String(locked), String(paid.sats), String(floor));
      skipped.push({ id, status: 'locked', reason: localText('hopNote_restore_rbtc_unclaimed', preimageHash.slice(0, 16), why) });
      continue;
    }
    used.hash.set(preimageHash, id);
    used.index.set(index, id);
    const now = ctx.now();
    const hopData: BoltzHopData = {
      kind: 'reverse',
      boltz,
      swapId: '',
      preimageHash,
      payoutAddress: ours,
      claim: { currency: 'RBTC', address: contract, amount: locked.toString(), timeoutBlockHeight: timelock, counterpartyAddress: refundAddress, minSats: floor.toString() },
      invoiceSats: paid.sats!.toString(),
      restored: true,
      // The invoice was paid by the old profile (Boltz locked after it was).
      paymentStartedAt: now,
    };
    out.push({
      id,
      index,
      mechanism: 'boltz-reverse',
      from: BTC_LIGHTNING,
      to: RBTC,
      send: paid.sats!.toString(),
      // In wei, as a live hop counts RBTC (the claim side is in sats, like Boltz).
      expectedReceive: fromSats(RBTC, BigInt(hopData.claim!.amount)).toString(),
      network: { lightning: ctx.presets.lightning.id, rootstock: ctx.presets.rootstock.id },
      createdAt: now,
      updatedAt: now,
      state: 'restored',
      outcome: 'in-progress',
      steps: [
        { ...step('restore', localText('hopStep_boltz_restored_rsk')), status: 'done', at: now },
        { ...step('pay', localText('hopStep_boltz_pay_invoice')), status: 'done', at: now },
        { ...step('lock', localText('hopStep_boltz_lock_for_us', 'RBTC')), status: 'done', at: now },
        step('claim', localText('hopStep_boltz_claim', 'RBTC')),
      ],
      data: hopData,
    });
  }
  return [...out, ...(await evmSubmarineLocks(ctx, boltz, used, lookup, store, asRefunder, contract, rsk))];
}

/**
 * Our own EtherSwap locks of submarine swaps to Lightning: locked under an invoice's payment hash
 * (none of our keys), so neither /v2/swap/restore nor our preimage hashes find them. A Lockup event
 * naming our account as the refund address, under a hash that is not one of our keys' and no hop's,
 * whose lock is still there and that our account sent, is restored as a submarine hop that has no Boltz swap id: it completes
 * if Boltz claims the lock with the invoice's preimage, else it is refunded (Boltz's EIP-712 signature
 * is asked for by the preimage hash, which Boltz takes in place of the id; else after the timelock).
 * It takes a fresh key index (the swap used none of ours).
 */
async function evmSubmarineLocks(
  ctx: HopContext,
  boltz: string,
  used: { index: Map<number, string>; hash: Map<string, string> },
  lookup: KeyLookup,
  store: HopStore,
  asRefunder: { topics: string[]; data: string; transactionHash?: string }[],
  contract: string,
  rsk: RskChain,
): Promise<HopRecord[]> {
  const ours = (await rsk.service()).address.toLowerCase();
  const out: HopRecord[] = [];
  for (const log of asRefunder) {
    const preimageHash = log.topics[1]!.slice(2).toLowerCase();
    if (used.hash.has(preimageHash) || lookup.indexOfPreimageHash(preimageHash) !== undefined || !log.transactionHash) continue;
    const { amountWei, timelock, claimAddress } = lockupOf(log);
    if (!(await isLocked(rsk.rpc, contract, { preimageHash: hexToBytes(preimageHash), amountWei, claimAddress, refundAddress: ours, timelock }))) continue; // claimed or refunded already
    // Ours only if our account sent it: anyone can lock naming us as refund address (a move of nobody's, whose refund would cost us gas and a key index).
    if ((await rsk.rpc.getTransactionByHash(log.transactionHash))?.from !== ours) continue;
    const id = `hop-restored-evm-lock-${preimageHash.slice(0, 16)}`;
    const now = ctx.now();
    const index = await store.reserveIndex();
    used.hash.set(preimageHash, id);
    used.index.set(index, id);
    const sats = (amountWei / WEI_PER_SAT).toString();
    out.push({
      id,
      index,
      mechanism: 'boltz-submarine',
      from: RBTC,
      to: BTC_LIGHTNING,
      send: amountWei.toString(),
      expectedReceive: '0',
      network: { rootstock: ctx.presets.rootstock.id, lightning: ctx.presets.lightning.id },
      createdAt: now,
      updatedAt: now,
      state: 'restored',
      outcome: 'in-progress',
      steps: [
        { ...step('restore', localText('hopStep_boltz_restored_rsk')), status: 'done', at: now },
        { ...step('fund', localText('hopStep_boltz_fund_swap', 'RBTC')), status: 'done', at: now, txid: log.transactionHash },
        step('pay', localText('hopStep_boltz_pays_invoice')),
        step('refund', localText('hopStep_boltz_refund_if_unpaid')),
      ],
      data: {
        kind: 'submarine',
        boltz,
        swapId: '',
        preimageHash,
        payoutAddress: ours,
        lock: { currency: 'RBTC', address: contract, amount: sats, timeoutBlockHeight: timelock, counterpartyAddress: claimAddress, txid: log.transactionHash, payoutAddress: ours },
        restored: true,
      } satisfies BoltzHopData,
    });
  }
  return out;
}

/**
 * What was paid for a payment hash, as the connected Lightning wallet reports it
 * (lookup_invoice), in sats; or why that cannot be told.
 */
async function paidFor(ctx: HopContext, paymentHash: string): Promise<{ sats?: bigint; why?: LocalText }> {
  let funding;
  try {
    funding = await ctx.side('lightning');
  } catch {
    return { why: localText('hopText_restore_no_ln_wallet') };
  }
  if (!funding.lookupInvoice) return { why: localText('hopText_restore_ln_no_lookup', funding.label) };
  let status: InvoiceStatus;
  try {
    status = await funding.lookupInvoice(paymentHash);
  } catch (err) {
    return { why: localText('hopText_restore_ln_unknown_payment', funding.label, causeOf(err, localText('hopText_no_answer'))) };
  }
  const msat = status.amountMsat;
  if (msat === undefined || msat <= 0n) return { why: localText('hopText_restore_ln_no_amount', funding.label) };
  return { sats: msat / 1000n };
}

function currency(symbol: string): BoltzCurrency {
  if (symbol === 'BTC' || symbol === 'L-BTC' || symbol === 'RBTC') return symbol;
  throw new WalletError('unsupported', localText('err_boltz_restore_symbol', symbol));
}

function assetOf(symbol: string, lightning: boolean): AssetRef {
  if (lightning) return BTC_LIGHTNING;
  const c = currency(symbol);
  return { layer: layerOfCurrency(c), asset: c };
}

/** The hop key index whose public key sits in the tree in our role. */
function matchIndex(ctx: HopContext, details: RestoreUtxoDetails, ourXOnly: Uint8Array, lookup: KeyLookup): number {
  const x = bytesToHex(ourXOnly);
  const at = (i: number) => bytesToHex(ctx.keys.at(i).publicKey).slice(2) === x;
  if (Number.isSafeInteger(details.keyIndex) && details.keyIndex >= 0 && at(details.keyIndex)) return details.keyIndex;
  const found = lookup.indexOfXOnly(x);
  if (found !== undefined) return found;
  throw new WalletError('backend_error', localText('err_boltz_restore_foreign_key'));
}

/**
 * A UTXO side as Boltz restores it, checked as a new swap is: the tree rebuilt from
 * our key at the matched index and Boltz's key (`preimageHash` for submarine trees,
 * else our own preimage hash at that index), the lockup address that tree's output
 * (and, on Liquid, its blinding key the one Boltz hands out), a whole amount when
 * Boltz names one. Boltz names it only once the lockup is seen (a reverse swap's from
 * the start: boltzr src/service/rescue.rs); until then `known` is false and the amount 0.
 */
async function utxoSide(
  ctx: HopContext,
  lookup: KeyLookup,
  symbol: string,
  d: RestoreUtxoDetails,
  role: 'lock-submarine' | 'lock-chain' | 'claim',
  invoiceHash?: string,
): Promise<{ side: SideData; index: number; known: boolean }> {
  const tree = parseTree(d.tree);
  const ours =
    role === 'lock-submarine' ? extractRefundPublicKeyFromSwapTree(tree) : role === 'lock-chain' ? extractRefundPublicKeyFromReverseSwapTree(tree) : extractClaimPublicKeyFromReverseSwapTree(tree);
  const index = matchIndex(ctx, d, ours, lookup);
  const c = currency(symbol);
  if (c === 'RBTC') throw new WalletError('backend_error', localText('err_boltz_restore_rbtc_tree'));
  // A confidential lockup cannot be opened (nor swept) without its blinding key.
  if (c === 'L-BTC' && !d.blindingKey) throw new WalletError('backend_error', localText('err_boltz_restore_no_blinding'));
  const key = ctx.keys.at(index);
  const boltzKey = publicKeyFrom(d.serverPublicKey, localText('hopText_boltzWhat_boltz_key'));
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
  const known = d.amount !== undefined && d.amount !== null;
  return {
    index,
    known,
    side: {
      currency: c,
      address: d.lockupAddress,
      amount: known ? restoredAmount(d.amount).toString() : '0',
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
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) throw mismatch(localText('hopText_mismatch_restored_amount', String(amount)));
  return BigInt(amount);
}

function hashBytes(hex: string | undefined): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) throw mismatch(localText('hopText_mismatch_hash_not_hex'));
  return hexToBytes(hex);
}

/** Our preimage at `index` must hash to the swap's preimage hash: a claim reveals that preimage. */
function checkOurPreimageHash(ctx: HopContext, index: number, preimageHash: string): void {
  if (bytesToHex(ctx.keys.at(index).preimageHash) !== preimageHash.toLowerCase()) throw mismatch(localText('hopText_mismatch_hash_not_ours', String(index)));
}

/**
 * A restored swap's invoice: of our Lightning network, locked to `preimageHash`; its
 * amount (sats, when it names one) bounds what the swap locks on chain for us.
 */
function checkRestoredInvoice(ctx: HopContext, invoice: string | undefined, preimageHash: string): bigint | undefined {
  if (!invoice) return undefined;
  return decodeRestoredInvoice(ctx, invoice, preimageHash);
}

/**
 * A restored reverse swap's invoice, which must be there and name an amount: it is
 * what the old profile paid, and what a claim (revealing the preimage) settles.
 */
function paidInvoice(ctx: HopContext, swap: RestorableSwap): bigint {
  if (!swap.invoice) throw new WalletError('backend_error', localText('err_boltz_restore_no_invoice', swap.id));
  const sats = decodeRestoredInvoice(ctx, swap.invoice, swap.preimageHash);
  if (sats === undefined) throw new WalletError('backend_error', localText('err_boltz_restore_invoice_no_amount', swap.id));
  return sats;
}

function decodeRestoredInvoice(ctx: HopContext, invoice: string, preimageHash: string): bigint | undefined {
  let decoded;
  try {
    decoded = decodeBolt11(invoice, ctx.presets.lightning.params.bolt11);
  } catch (err) {
    throw mismatch(localText('hopText_mismatch_invoice_unusable', causeOf(err, localText('hopText_unreadable'))));
  }
  if (decoded.paymentHash.toLowerCase() !== preimageHash.toLowerCase()) throw mismatch(localText('hopText_mismatch_invoice_hash_swap'));
  return decoded.amountMsat === null ? undefined : decoded.amountMsat / 1000n;
}

/** A Lockup event's values (amount in wei, addresses lowercase) and the log it came from. */
interface LockupLog {
  log: { topics: string[]; data: string; transactionHash?: string };
  amountWei: bigint;
  timelock: number;
  claimAddress: string;
  refundAddress: string;
}

/** An EtherSwap Lockup event read: amount and timelock from its data, claim and refund addresses from its topics. */
function lockupOf<L extends LockupLog['log']>(log: L): LockupLog & { log: L } {
  const data = log.data.replace(/^0x/, '');
  const address = (topic: string | undefined) => `0x${(topic ?? '').slice(-40)}`.toLowerCase();
  return {
    log,
    amountWei: BigInt(`0x${data.slice(0, 64) || '0'}`),
    timelock: Number(BigInt(`0x${data.slice(64, 128) || '0'}`)),
    claimAddress: address(log.topics[2]),
    refundAddress: address(log.topics[3]),
  };
}

/** The locks for our account (as claimer) that EtherSwap still holds. */
async function stillLocked<T extends LockupLog>(rsk: RskChain, contract: string, preimageHash: string, locks: T[]): Promise<T[]> {
  const ours = (await rsk.service()).address.toLowerCase();
  const held: T[] = [];
  for (const l of locks) {
    if (await isLocked(rsk.rpc, contract, { preimageHash: hexToBytes(preimageHash), amountWei: l.amountWei, claimAddress: ours, refundAddress: l.refundAddress, timelock: l.timelock })) held.push(l);
  }
  return held;
}

/**
 * Of the locks for us under one preimage hash, the one a restored hop claims. Anyone can lock
 * under our hash naming us, so being first says nothing: a claim reveals the preimage, Boltz then
 * takes what we paid or locked, and a stranger's smaller lock claimed in place of Boltz's costs us
 * the difference (Boltz's is refunded to it at its timeout). So the largest; on a tie the latest
 * timelock, which cannot be refunded from under our claim sooner.
 */
function pickClaimLock<T extends LockupLog>(locks: readonly T[]): T | undefined {
  return [...locks].sort((a, b) => (a.amountWei === b.amountWei ? b.timelock - a.timelock : a.amountWei > b.amountWei ? -1 : 1))[0];
}

/**
 * Boltz's lock for us among `named` (the Lockup events naming our account as claimer): of those
 * EtherSwap still holds, the ones of the amount and timelock Boltz's restore data gives (when it
 * gives them), else any, by pickClaimLock. None still held (claimed or refunded since): the one
 * Boltz's data describes, else the first, as a record of what was there.
 */
async function boltzLockFor<L extends LockupLog['log']>(rsk: RskChain, contract: string, preimageHash: string, named: L[], d: RestoreEvmDetails): Promise<L | undefined> {
  const locks = named.map((l) => lockupOf(l));
  const described = (l: LockupLog) => (d.amount === undefined || l.amountWei === BigInt(d.amount) * WEI_PER_SAT) && (!d.timeoutBlockHeight || l.timelock === d.timeoutBlockHeight);
  const held = await stillLocked(rsk, contract, preimageHash, locks);
  const picked = pickClaimLock(held.some(described) ? held.filter(described) : held) ?? locks.find(described) ?? locks[0];
  return picked?.log;
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
  const named = logs.filter((l) => addr(l.topics[weClaim ? 2 : 3]) === ours);
  // Our own lock only if our account sent it: anyone can lock under our preimage hash naming us as refund address (as evmSubmarineLocks).
  let log = weClaim ? await boltzLockFor(rsk, contract, preimageHash, named, d) : undefined;
  for (const l of weClaim ? [] : named) {
    if ((await rsk.rpc.getTransactionByHash(l.transactionHash))?.from?.toLowerCase() === ours) {
      log = l;
      break;
    }
  }
  const lock = log ? lockupOf(log) : undefined;
  const amountWei = lock ? lock.amountWei : BigInt(d.amount ?? 0) * WEI_PER_SAT;
  const timelock = lock ? lock.timelock : d.timeoutBlockHeight;
  const counterparty = weClaim ? addr(log?.topics[3]) : (addr(log?.topics[2]) ?? d.claimAddress?.toLowerCase());
  if (!counterparty && !weClaim) throw new WalletError('not_found', localText('err_boltz_rbtc_never_locked'));
  return {
    currency: 'RBTC',
    address: contract,
    amount: (amountWei / WEI_PER_SAT).toString(),
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
  // No amount: the side's may be only the floor restore set (Boltz had named none), which a stranger could lock exactly.
  const found = await evmSide(ctx, d.preimageHash, { type: 'evm', contractAddress: s.address, timeoutBlockHeight: s.timeoutBlockHeight }, true);
  return found.counterpartyAddress ? withSide(r, 'claim', found) : null;
}

/**
 * The transaction of our own EtherSwap lock of this hop, read from its Lockup event (none yet: undefined).
 * Only a lock of exactly the hop's values counts: anyone can lock under its preimage hash naming us as
 * refund address (EtherSwap's lock with a refundAddress), and taking such a lock for ours would leave
 * the swap unfunded.
 */
export async function ownEvmLockTxid(ctx: HopContext, r: HopRecord): Promise<string | undefined> {
  const d = dataOf(r);
  const s = d.lock;
  if (!s || s.currency !== 'RBTC') return undefined;
  const contract = checkNamedEtherSwap(ctx, s.address);
  const rsk = new RskChain(ctx);
  const ours = (await rsk.service()).address.toLowerCase();
  const logs = await rsk.rpc.call<{ topics: string[]; data: string; transactionHash: string }[]>('eth_getLogs', [
    { address: contract, fromBlock: '0x0', toBlock: 'latest', topics: [LOCKUP_TOPIC, `0x${d.preimageHash}`, null, `0x${ours.slice(2).padStart(64, '0')}`] },
  ]);
  const wei = BigInt(s.amount) * WEI_PER_SAT;
  const claimAddress = s.counterpartyAddress?.toLowerCase();
  const lock = logs.map((l) => lockupOf(l)).find(
    (l) => l.refundAddress === ours && (claimAddress === undefined || l.claimAddress === claimAddress) && l.amountWei === wei && l.timelock === s.timeoutBlockHeight,
  );
  return lock?.log.transactionHash;
}

async function rebuild(ctx: HopContext, boltz: string, swap: RestorableSwap, lookup: KeyLookup): Promise<HopRecord | null> {
  const now = ctx.now();
  let mechanism: BoltzId;
  let from: AssetRef;
  let to: AssetRef;
  let index: number | undefined;
  let lock: SideData | undefined;
  let claim: SideData | undefined;
  const steps: HopStep[] = [{ ...step('restore', localText('hopStep_boltz_restored', swap.id)), status: 'done', at: now }];
  let invoiceSats: bigint | undefined;
  let refundOnly: LocalText | undefined;
  if (swap.type === 'submarine') {
    if (!swap.refundDetails || swap.refundDetails.type === 'evm') return null;
    mechanism = 'boltz-submarine';
    from = assetOf(swap.from, false);
    to = BTC_LIGHTNING;
    hashBytes(swap.preimageHash);
    invoiceSats = checkRestoredInvoice(ctx, swap.invoice, swap.preimageHash);
    const ours = await utxoSide(ctx, lookup, swap.from, swap.refundDetails, 'lock-submarine', swap.preimageHash);
    ({ side: lock, index } = ours);
    if (!ours.known) {
      // Boltz has not seen our lockup: the chain says whether there is one.
      const onChain = await lockedOnChain(ctx, lock);
      if (onChain === null) return null;
      lock = { ...lock, amount: onChain.toString() };
    }
    steps.push(step('fund', localText('hopStep_boltz_fund_swap', swap.from)), step('pay', localText('hopStep_boltz_pays_invoice')), step('refund', localText('hopStep_boltz_refund_if_unpaid')));
  } else if (swap.type === 'reverse') {
    if (!swap.claimDetails) return null;
    mechanism = 'boltz-reverse';
    from = BTC_LIGHTNING;
    to = assetOf(swap.to, false);
    if (swap.claimDetails.type === 'evm') {
      claim = await evmSide(ctx, swap.preimageHash, swap.claimDetails, true);
      index = indexOfPreimageHash(lookup, swap.preimageHash);
    } else {
      const c = await utxoSide(ctx, lookup, swap.to, swap.claimDetails, 'claim');
      // Boltz names a reverse swap's onchain amount from the start.
      if (!c.known) throw mismatch(localText('hopText_mismatch_reverse_no_amount'));
      ({ side: claim, index } = c);
    }
    checkOurPreimageHash(ctx, index, swap.preimageHash);
    invoiceSats = paidInvoice(ctx, swap);
    // Claiming settles the whole invoice: what is locked for us can be less (fees), never more, and never much less.
    if (BigInt(claim.amount) > invoiceSats) throw mismatch(localText('hopText_mismatch_locks_more', claim.amount, String(invoiceSats)));
    const floor = restoreFloor(invoiceSats, [claim.currency]);
    if (BigInt(claim.amount) < floor) {
      throw new WalletError('backend_error', localText('err_boltz_restore_reverse_low', swap.id, claim.amount, String(invoiceSats), String(floor)));
    }
    claim = { ...claim, minSats: floor.toString() };
    steps.push(step('pay', localText('hopStep_boltz_pay_invoice')), step('lock', localText('hopStep_boltz_lock_coins')), step('claim', localText('hopStep_boltz_claim_coins')));
  } else {
    if (!swap.claimDetails) return null;
    mechanism = 'boltz-chain';
    from = assetOf(swap.from, false);
    to = assetOf(swap.to, false);
    let lockKnown = true;
    if (!swap.refundDetails) {
      // Boltz restores only sides with a key of ours: our own EtherSwap lock is read from the pinned contract.
      if (swap.from !== 'RBTC') return null;
      lock = await evmSide(ctx, swap.preimageHash, { type: 'evm', contractAddress: pinnedEtherSwap(ctx), timeoutBlockHeight: 0 }, false);
    } else if (swap.refundDetails.type === 'evm') lock = await evmSide(ctx, swap.preimageHash, swap.refundDetails, false);
    else ({ side: lock, index, known: lockKnown } = await utxoSide(ctx, lookup, swap.from, swap.refundDetails, 'lock-chain'));
    let claimKnown: boolean;
    if (swap.claimDetails.type === 'evm') {
      claim = await evmSide(ctx, swap.preimageHash, swap.claimDetails, true);
      // Boltz's lock is there (its Lockup event named the refund address), or Boltz named its amount.
      claimKnown = claim.counterpartyAddress !== undefined || swap.claimDetails.amount !== undefined;
    } else {
      const c = await utxoSide(ctx, lookup, swap.to, swap.claimDetails, 'claim');
      claim = c.side;
      claimKnown = c.known;
      if (index !== undefined && index !== c.index) throw mismatch(localText('hopText_mismatch_chain_keys'));
      index ??= c.index;
    }
    index ??= indexOfPreimageHash(lookup, swap.preimageHash);
    checkOurPreimageHash(ctx, index, swap.preimageHash);
    // What we locked, as the chain shows it (Boltz's restore says it too, but that is Boltz's word).
    const ours = await lockedOnChain(ctx, lock);
    if (!lockKnown) lock = { ...lock, amount: (ours ?? 0n).toString() };
    if (ours !== null) {
      const floor = restoreFloor(ours, [lock.currency, claim.currency]);
      // Not locked by Boltz yet: the least it must lock for us stands for the amount until it does.
      claim = { ...claim, minSats: floor.toString(), ...(claimKnown ? {} : { amount: floor.toString() }) };
      if (BigInt(claim.amount) < floor) {
        // Kept, to refund our lockup after its timeout; never claimed (which would hand Boltz our lockup).
        refundOnly = localText('hopNote_restore_chain_low', swap.id, claim.amount, claim.currency, String(ours), lock.currency, String(floor), String(lock.timeoutBlockHeight));
      }
    }
    steps.push(step('fund', localText('hopStep_boltz_fund', swap.from)), step('lock', localText('hopStep_boltz_lock_for_us', swap.to)), step('claim', localText('hopStep_boltz_claim', swap.to)), step('refund', localText('hopStep_boltz_refund_if_unlocked')));
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
    ...(refundOnly ? { refundOnly } : {}),
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
    // The sides are in sats, like Boltz; a hop counts each asset in its own smallest unit (wei on Rootstock).
    send: fromSats(from, BigInt(amount)).toString(),
    expectedReceive: claim ? fromSats(to, BigInt(claim.amount)).toString() : '0',
    network: Object.fromEntries([from.layer, to.layer].map((l) => [l, ctx.presets[l].id])),
    createdAt: swap.createdAt ? swap.createdAt * 1000 : now,
    updatedAt: now,
    state: 'restored',
    outcome: 'in-progress',
    steps,
    data,
    ...(refundOnly ? { lastError: refundOnly } : {}),
  };
}

/** For sides without a tree (Rootstock): the hop index whose preimage hashes to `preimageHash`. */
function indexOfPreimageHash(lookup: KeyLookup, preimageHash: string): number {
  const index = lookup.indexOfPreimageHash(preimageHash);
  if (index === undefined) throw new WalletError('backend_error', localText('err_boltz_restore_foreign_hash'));
  return index;
}


