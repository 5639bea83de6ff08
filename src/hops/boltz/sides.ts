/**
 * Acting on one side of a swap, whatever the kind: fund our lockup, claim
 * Boltz's, refund ours. Every action looks at the chain first, so calling it
 * again after a crash finds what was already done instead of doing it twice.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { WEI_PER_SAT } from '../../shared/units';
import type { HopContext } from '../mechanism';
import type { HopKey } from '../keys';
import type { HopRecord } from '../types';
import { BoltzApi, BoltzHttpError, type PartialSignature, type SigningRequest } from './api';
import { explorerLink, layerOfCurrency, type OnchainLayer } from './assets';
import type { CosignFn } from './btc-spend';
import { checkClaimable, claimGate } from './claim-guard';
import { BtcChain, LiquidChain, RskChain } from './chains';
import {
  claimTxOf,
  domainSeparatorOf,
  encodeClaim,
  encodeLock,
  encodeRefund,
  encodeRefundCooperative,
  isLocked,
  parseSignature,
  refundSigner,
  refundTxOf,
  type EtherSwapValues,
  type RecoverableSignature,
} from './etherswap';
import { checkEtherSwap } from './etherswap-pin';
import { dataOf, POLL_MS, withSide } from './record';
import { ownEvmLockTxid } from './restore';
import type { SideData } from './shapes';
import type { RefundOutcome, SideResult } from './side-result';
import { setStep } from '../steps';
import { side, type SideName } from './spends';
import { claimUtxo, refundUtxo, UTXO_SIDES, type UtxoSide } from './utxo-sides';

export type { SideName };


/**
 * What a Boltz swap does on each kind of chain, one entry per layer a swap side
 * can be on. Every action looks at the chain first (see the file comment).
 */
interface ChainSide {
  /** The side's lockup output on chain; absent where lockups are contract state (EtherSwap). */
  locate?(ctx: HopContext, s: SideData): Promise<{ txid: string; vout: number; confirmed: boolean } | null>;
  /** Sats of our own lockup on chain, null when it is not there. */
  locked(ctx: HopContext, lock: SideData): Promise<bigint | null>;
  fund(ctx: HopContext, r: HopRecord, s: SideData, key: HopKey): Promise<SideResult>;
  claim(ctx: HopContext, r: HopRecord, name: SideName, key: HopKey, cosign: CosignFn | null): Promise<SideResult>;
  refund(ctx: HopContext, r: HopRecord, key: HopKey, cosign: CosignFn | null, eip712: EvmRefundSigner | null): Promise<RefundOutcome>;
}

/** Asks Boltz for its EIP-712 signature of a cooperative refund of our EtherSwap lock. */
export type EvmRefundSigner = () => Promise<{ signature?: unknown }>;

const utxoChainSide = (of: (ctx: HopContext) => UtxoSide): ChainSide => ({
  locate: (ctx, s) => of(ctx).find(s),
  locked: async (ctx, lock) => (await of(ctx).find(lock))?.value ?? null,
  fund: async (ctx, r, s) => {
    const side = of(ctx);
    const { txid, record } = await side.fund(r, s);
    return { record: withSide(record, 'lock', { txid }), txid, link: explorerLink(ctx, side.chain.layer, txid) };
  },
  claim: (ctx, r, name, key, cosign) => claimUtxo(ctx, of(ctx), r, name, key, cosign),
  refund: (ctx, r, key, cosign) => refundUtxo(ctx, of(ctx), r, key, cosign),
});

const CHAIN_SIDES: { [L in OnchainLayer]: ChainSide } = {
  bitcoin: utxoChainSide(UTXO_SIDES.bitcoin),
  liquid: utxoChainSide(UTXO_SIDES.liquid),
  rootstock: {
    // EtherSwap's Lockup event is what the recorded lock txid stands for.
    locked: async (_ctx, lock) => (lock.txid ? BigInt(lock.amount) : null),
    fund: (ctx, r, s) => fundRbtc(ctx, r, s),
    claim: claimRbtc,
    refund: refundRbtc,
  },
};

function chainOf(s: SideData): ChainSide {
  return CHAIN_SIDES[layerOfCurrency(s.currency)];
}

/** Looks for a side's lockup on chain (Bitcoin or Liquid); records its outpoint when found. */
export async function locateLockup(ctx: HopContext, r: HopRecord, name: SideName): Promise<{ record: HopRecord; output: { txid: string; vout: number; confirmed: boolean } | null }> {
  const s = side(r, name);
  const locate = chainOf(s).locate;
  if (!locate) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_evm_not_located', s.currency)));
  const output = await locate(ctx, s);
  if (!output) return { record: r, output: null };
  return { record: withSide(r, name, { txid: output.txid, vout: output.vout }), output };
}

/** Sats of our own lockup on chain (Bitcoin and Liquid: the output at its address; Rootstock: its Lockup event), null when not there. */
export function lockedOnChain(ctx: HopContext, lock: SideData): Promise<bigint | null> {
  return chainOf(lock).locked(ctx, lock);
}

/**
 * Boltz ended the swap (or it was restored) before our lockup was seen. A lockup we
 * signed earlier (saved on the hop) is only looked for, never sent into a dead swap:
 * on the network, the hop looks again soon (found at the address, it is refunded);
 * unseen, the Bitcoin wallet drops it (no refresh sends it, its coins are free; an
 * unseen L-BTC lockup stays in the Liquid pending store, which never sends it) and
 * the hop ends as expired.
 */
export async function endUnfunded(ctx: HopContext, r: HopRecord, status: string, now: number): Promise<HopRecord> {
  const lock = dataOf(r).lock!;
  const saved = lock.fundingTxid;
  const kept = lock.currency === 'RBTC' ? await dropUnsentRbtcLock(ctx, r, saved) : saved ? await savedLockupOut(ctx, lock, saved) : false;
  if (kept) return { ...r, nextCheckAt: now + POLL_MS.soon };
  const closed = saved ? withSide(r, 'lock', { fundingHex: undefined }) : r;
  const why = saved ? localText('hopNote_boltz_ended_unsent', status, saved) : localText('hopNote_boltz_ended_unfunded', status);
  return { ...setStep(closed, 'fund', { status: 'skipped' }, now), state: 'expired', outcome: 'expired', lastError: why };
}

/** Whether our saved Bitcoin or L-BTC lockup `txid` of a dead swap is on the network (Bitcoin drops it from its send store when not). */
function savedLockupOut(ctx: HopContext, lock: SideData, txid: string): Promise<boolean> {
  return lock.currency === 'L-BTC' ? new LiquidChain(ctx).knows(txid) : new BtcChain(ctx).dropUnsentLockup(txid);
}

/** Our EtherSwap lock of a dead swap, signed and not on the network: dropped, by its saved hash or (never saved) its call data; true when the node has it. */
async function dropUnsentRbtcLock(ctx: HopContext, r: HopRecord, saved: string | undefined): Promise<boolean> {
  const s = side(r, 'lock');
  const rsk = await new RskChain(ctx).service();
  if (saved && (await rsk.dropUnsent(saved))) return true;
  return s.counterpartyAddress ? rsk.dropUnsentCalls(s.address, encodeLock(lockHash(r), s.counterpartyAddress, s.timeoutBlockHeight)) : false;
}

/**
 * Funds our side: BTC or L-BTC through the layer's wallet (after checking the
 * address is still empty), RBTC through EtherSwap.lock signed by the Rootstock
 * account (after checking the contract does not hold that lock yet).
 */
export function fundSide(ctx: HopContext, r: HopRecord, key: HopKey): Promise<SideResult> {
  const s = side(r, 'lock');
  return chainOf(s).fund(ctx, r, s, key);
}

/** The preimage hash an EtherSwap lock of this hop is made under: ours, or a submarine swap's invoice's payment hash. */
function lockHash(r: HopRecord): Uint8Array {
  return hexToBytes(dataOf(r).preimageHash);
}

/**
 * Our EtherSwap lock of this hop: its transaction once mined (`txid`, also saved on the side),
 * `pending` while the lock we signed (saved before its broadcast) may still be mined, else
 * neither. A signed lock the node has forgotten is sent again first (settle); one it does not
 * know even then is looked for in the pinned EtherSwap's Lockup events under the hop's preimage
 * hash, which also find a lock whose hash a dead worker never saved.
 */
export async function rbtcLockState(ctx: HopContext, r: HopRecord, opts: { resend: boolean } = { resend: true }): Promise<{ record: HopRecord; txid?: string; pending?: boolean }> {
  const s = side(r, 'lock');
  if (s.txid) return { record: r, txid: s.txid };
  const rsk = new RskChain(ctx);
  // Not for a swap Boltz ended: a lock signed for it and never seen must not go out now (endUnfunded drops it).
  if (opts.resend) await (await rsk.service()).settle();
  if (s.fundingTxid) {
    const ok = await rsk.receiptOk(s.fundingTxid);
    if (ok === true) return { record: withSide(r, 'lock', { txid: s.fundingTxid }), txid: s.fundingTxid };
    if (ok === null && (await rsk.rpc.getTransactionByHash(s.fundingTxid))) return { record: r, pending: true };
  }
  const txid = await ownEvmLockTxid(ctx, r);
  return txid ? { record: withSide(r, 'lock', { txid }), txid } : { record: r };
}

async function fundRbtc(ctx: HopContext, r: HopRecord, s: SideData): Promise<SideResult> {
  const rsk = new RskChain(ctx);
  await checkEtherSwap(ctx, rsk, s.address);
  const found = await rbtcLockState(ctx, r); // sends a call a dead worker left signed before looking
  if (found.txid) return { record: found.record, txid: found.txid, link: explorerLink(ctx, 'rootstock', found.txid) };
  if (found.pending) return { record: r };
  const service = await rsk.service();
  const hash = lockHash(r);
  const values = { preimageHash: hash, amountWei: BigInt(s.amount) * WEI_PER_SAT, claimAddress: s.counterpartyAddress!, refundAddress: service.address, timelock: s.timeoutBlockHeight };
  if (await isLocked(rsk.rpc, s.address, values)) return { record: r };
  let record = r;
  const sent = await service.callContract(
    { to: s.address, data: encodeLock(hash, s.counterpartyAddress!, s.timeoutBlockHeight), value: values.amountWei },
    {
      // On the hop before it is on the network: a restart follows this lock instead of signing another.
      beforeBroadcast: async ({ hash: txid }) => {
        record = withSide(record, 'lock', { fundingTxid: txid });
        await ctx.save?.(record);
      },
    },
  );
  return { record: withSide(record, 'lock', { txid: sent.hash }), txid: sent.hash, link: explorerLink(ctx, 'rootstock', sent.hash) };
}

/** Boltz's co-signature, or null when it declines (4xx): the caller falls back to the script path. */
export async function cosignOrNull(fn: () => Promise<PartialSignature | Partial<PartialSignature>>): Promise<PartialSignature | null> {
  try {
    const sig = await fn();
    return sig.pubNonce && sig.partialSignature ? (sig as PartialSignature) : null;
  } catch (err) {
    if (err instanceof BoltzHttpError && err.status < 500) return null;
    throw err;
  }
}

export type Cosigner = (req: SigningRequest) => Promise<PartialSignature | Partial<PartialSignature>>;

/**
 * Claims Boltz's lockup on `name` with our key and preimage: on Bitcoin with
 * MuSig2 when Boltz co-signs, else by the script path; on Rootstock through
 * EtherSwap.claim after checking the contract holds exactly the agreed lock.
 * A spend of the lockup counts as our claim only if it is one we signed (its
 * txid saved before broadcast, or its witness carrying our preimage); any other
 * is Boltz taking its lockup back (`takenBack`). Our claim is followed until it
 * confirms, and on Bitcoin re-sent at a higher fee if it has not as Boltz's
 * timeout nears (claimBump).
 */
export async function claimSide(ctx: HopContext, r: HopRecord, name: SideName, key: HopKey, cosigner: Cosigner | null): Promise<SideResult> {
  const s = side(r, name);
  checkClaimable(ctx, r, s, key);
  return chainOf(s).claim(ctx, r, name, key, cosigner ? (req) => cosignOrNull(() => cosigner(req)) : null);
}

async function claimRbtc(ctx: HopContext, r: HopRecord, name: SideName, key: HopKey): Promise<SideResult> {
  const s = side(r, name);
  const rsk = new RskChain(ctx);
  await checkEtherSwap(ctx, rsk, s.address);
  if (s.spendTxid) {
    // Our claim call: mined (done), pending (wait for it), or failed (claim again below).
    const ok = await rsk.receiptOk(s.spendTxid);
    const link = explorerLink(ctx, 'rootstock', s.spendTxid);
    if (ok === true) return { record: withSide(r, name, { spendConfirmed: true }), txid: s.spendTxid, link, confirmed: true };
    if (ok === null) return { record: r, txid: s.spendTxid, link, confirmed: false };
  }
  const service = await rsk.service();
  await service.settle();
  const amountWei = BigInt(s.amount) * WEI_PER_SAT;
  const values = { preimageHash: key.preimageHash, amountWei, claimAddress: service.address, refundAddress: s.counterpartyAddress!, timelock: s.timeoutBlockHeight };
  // Read from our node's latest block: a lock seen there is mined, whatever Boltz's status says.
  if (!(await isLocked(rsk.rpc, s.address, values))) {
    // Not locked yet, or gone: claimed (by a call of ours whose hash was lost) or refunded to Boltz.
    const hash = bytesToHex(key.preimageHash);
    const claimed = await claimTxOf(rsk.rpc, s.address, hash);
    if (claimed) return { record: withSide(r, name, { spendTxid: claimed, spendConfirmed: true }), txid: claimed, link: explorerLink(ctx, 'rootstock', claimed), confirmed: true };
    const refunded = await refundTxOf(rsk.rpc, s.address, hash);
    if (refunded) return { record: withSide(r, name, { takenBack: refunded }), takenBack: refunded };
    return { record: r };
  }
  const gate = claimGate(ctx, r, s, { value: BigInt(s.amount), confirmed: true }, await rsk.tip());
  if (gate.refused) return { record: r, note: gate.note, refused: gate.refused };
  const sent = await service.callContract({ to: s.address, data: encodeClaim(key.preimage, amountWei, s.counterpartyAddress!, s.timeoutBlockHeight), releases: amountWei });
  return { record: withSide(r, name, { spendTxid: sent.hash, spendTxids: [...(s.spendTxids ?? []), sent.hash] }), txid: sent.hash, link: explorerLink(ctx, 'rootstock', sent.hash), note: gate.note, confirmed: false };
}

/**
 * The record after a claim attempt: its claim step done once our claim confirms,
 * active while it waits (for the lockup, a confirmation of it, or of our claim);
 * with the rule that applied.
 */
export function afterClaim(res: SideResult, now: number): HopRecord {
  const note = res.note ? { note: res.note } : {};
  if (res.txid && res.confirmed) return setStep(res.record, 'claim', { status: 'done', txid: res.txid, explorerUrl: res.link, ...note }, now);
  if (res.txid) {
    // The rule the claim went out under stays the step's note.
    const shown = res.note ?? res.record.steps.find((st) => st.key === 'claim')?.note ?? localText('hopNote_claim_sent');
    return setStep(res.record, 'claim', { status: 'active', txid: res.txid, explorerUrl: res.link, note: shown }, now);
  }
  return res.note ? setStep(res.record, 'claim', { status: 'active', ...note }, now) : res.record;
}


/**
 * Refunds our lockup: on Bitcoin cooperatively when Boltz agrees, else by the
 * script path once the timeout has passed; on Rootstock through EtherSwap.refund
 * after the timelock.
 */
export function refundSide(ctx: HopContext, r: HopRecord, key: HopKey, cosigner: Cosigner | null, eip712: EvmRefundSigner | null = null): Promise<RefundOutcome> {
  return chainOf(side(r, 'lock')).refund(ctx, r, key, cosigner ? (req) => cosignOrNull(() => cosigner(req)) : null, eip712);
}

/**
 * Refunds our EtherSwap lock: at once with Boltz's EIP-712 signature when it gives one made by
 * the lock's claim address (checked here: a bad one would only cost gas), else once the timelock
 * is reached. The refund call is on the hop before it is broadcast, and followed while pending.
 */
async function refundRbtc(ctx: HopContext, r: HopRecord, _key: HopKey, _cosign: CosignFn | null, eip712: EvmRefundSigner | null): Promise<RefundOutcome> {
  const s = side(r, 'lock');
  const rsk = new RskChain(ctx);
  await checkEtherSwap(ctx, rsk, s.address);
  const service = await rsk.service();
  await service.settle();
  if (s.spendTxid) {
    // Our refund call, mined or on its way (never a second one beside it).
    const ok = await rsk.receiptOk(s.spendTxid);
    if (ok === true || (ok === null && (await rsk.rpc.getTransactionByHash(s.spendTxid)))) return { record: r, txid: s.spendTxid, link: explorerLink(ctx, 'rootstock', s.spendTxid) };
  }
  const hash = lockHash(r);
  const amountWei = BigInt(s.amount) * WEI_PER_SAT;
  const values = { preimageHash: hash, amountWei, claimAddress: s.counterpartyAddress!, refundAddress: service.address, timelock: s.timeoutBlockHeight };
  if (!(await isLocked(rsk.rpc, s.address, values))) {
    // Gone: refunded (EtherSwap's Refund event: by a call of ours whose hash was lost, or sent for us with Boltz's signature), or claimed, or never there.
    const refunded = await refundTxOf(rsk.rpc, s.address, dataOf(r).preimageHash);
    return refunded ? { record: withSide(r, 'lock', { spendTxid: refunded }), txid: refunded, link: explorerLink(ctx, 'rootstock', refunded) } : { record: r };
  }
  let record = r;
  const send = (data: string) =>
    service.callContract(
      { to: s.address, data, releases: amountWei },
      {
        beforeBroadcast: async ({ hash: txid }) => {
          record = withSide(record, 'lock', { spendTxid: txid, spendTxids: [...(s.spendTxids ?? []), txid] });
          await ctx.save?.(record);
        },
      },
    );
  const sig = eip712 ? await cooperativeRefundSignature(rsk, s.address, values, eip712) : null;
  // The refund executes in the next block; without Boltz's signature EtherSwap requires it to be at or past the timelock.
  if (!sig && (await rsk.tip()) + 1 < s.timeoutBlockHeight) return { record: r, waitUntilHeight: s.timeoutBlockHeight };
  const sent = await send(sig ? encodeRefundCooperative(hash, amountWei, values.claimAddress, s.timeoutBlockHeight, sig) : encodeRefund(hash, amountWei, values.claimAddress, s.timeoutBlockHeight));
  return { record, txid: sent.hash, link: explorerLink(ctx, 'rootstock', sent.hash) };
}

/** Boltz's EIP-712 refund signature, if it gives one and it recovers to the lock's claim address; else null (declined, 4xx, or not its signature). */
async function cooperativeRefundSignature(rsk: RskChain, contract: string, values: EtherSwapValues, eip712: EvmRefundSigner): Promise<RecoverableSignature | null> {
  let answer: { signature?: unknown };
  try {
    answer = await eip712();
  } catch (err) {
    if (err instanceof BoltzHttpError && err.status < 500) return null;
    throw err;
  }
  const sig = parseSignature(answer?.signature);
  if (!sig) return null;
  const signer = refundSigner(await domainSeparatorOf(rsk.rpc, contract), values, sig);
  return signer === values.claimAddress.toLowerCase() ? sig : null;
}

/**
 * What a refund attempt means for the hop: refunded (the step `marks.failed`
 * failed, `marks.skipped` skipped), waiting for the timeout (the user is told from
 * which block; a refund asked for by hand is refused with that), or nothing locked yet.
 */
export function afterRefund(ctx: HopContext, out: RefundOutcome, byUser: boolean, marks: { failed: string; skipped?: string }): HopRecord {
  const now = ctx.now();
  if (out.txid) {
    let r = setStep(setStep(out.record, marks.failed, { status: 'failed' }, now), 'refund', { status: 'done', txid: out.txid, explorerUrl: out.link }, now);
    if (marks.skipped) r = setStep(r, marks.skipped, { status: 'skipped' }, now);
    return { ...r, state: 'refunded', outcome: 'refunded', nextCheckAt: undefined };
  }
  if (out.waitUntilHeight !== undefined) {
    const at = String(out.waitUntilHeight);
    const msg = dataOf(out.record).lock!.currency === 'RBTC' ? localText('err_boltz_refund_wait_rbtc', at) : localText('err_boltz_refund_wait', at);
    if (byUser) throw new WalletError('unsupported', msg);
    return { ...setStep(out.record, 'refund', { status: 'active' }, now), state: 'refunding', lastError: msg, nextCheckAt: now + POLL_MS.timeout };
  }
  if (byUser) throw new WalletError('not_found', localText('err_nothing_to_refund'));
  return { ...out.record, nextCheckAt: now + POLL_MS.waiting };
}

export function apiOf(ctx: HopContext, r: HopRecord): BoltzApi {
  return new BoltzApi(ctx.http(dataOf(r).boltz));
}
