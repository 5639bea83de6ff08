/**
 * The stand-in's swap book and what Boltz's nursery does with it: each swap is a
 * record whose status string is exactly Boltz's, advanced by `tick()` from what
 * the devnet chains and the Lightning ledger show (lockups seen, confirmations,
 * held payments, claims revealing preimages, timeouts reached), and by the
 * cooperative endpoints. Every status change is pushed to listeners (the
 * WebSocket) and kept in the record's history for tests. Follows boltz-backend's
 * lib/consts/Enums.ts (SwapUpdateEvent) and lib/swap/SwapNursery.ts.
 */
import { HDKey } from '@scure/bip32';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from 'node:crypto';
import type { DevLightningLedger, DevNode } from '../lightning/ledger';
import { EtherSwap, BOLTZ_EVM_ACCOUNT, WEI_PER_SAT } from './ether-swap';
import type { Currency, PairConfig } from './pairs';
import { TaprootSide, type CooperativeSpend } from './taproot-swap';
import type { Lockup, ReplaceableCoin, Sweep, UtxoChain } from './utxo-chains';

export type SwapKind = 'submarine' | 'reverse' | 'chain';

/** Ways a test makes the counterparty misbehave (see README of startBoltzDevnet). */
export interface Misbehaviour {
  /** Create responses name a lockup address that is not the swap tree's. */
  wrongAddress?: boolean;
  /** Create responses name amounts 1,000 sats off what the quote gives (and Boltz locks that). */
  wrongAmount?: boolean;
  /** Reverse swaps: the invoice's payment hash is not the client's. */
  wrongPaymentHash?: boolean;
  /** Reverse and chain swaps: Boltz never locks its side. */
  neverLock?: boolean;
  /** Every cooperative endpoint refuses (claims and refunds must take the script path). */
  refuseCooperation?: boolean;
  /** Submarine swaps: paying the invoice fails. */
  failPayment?: boolean;
  /** Swaps created from now on: the timeout is this many blocks ahead of the tip instead of the configured delta. */
  timeoutDelta?: number;
  /**
   * Submarine swaps from RBTC: the create response names another claim address than Boltz's EVM wallet
   * (the zero address, the EtherSwap contract itself, or a stranger's address); Boltz still claims only
   * as its own wallet, so a lock naming the lie is a failed lockup (EthereumNursery: INVALID_CLAIM_ADDRESS).
   */
  wrongClaimAddress?: 'zero' | 'contract' | 'stranger';
  /**
   * RBTC: swaps created from now on, and /chain/RBTC/contracts, name a second EtherSwap
   * deployed on the same anvil (boltz-core's real code, at another address than the
   * pinned one), and Boltz locks in it.
   */
  otherEtherSwap?: boolean;
  /**
   * POST /swap/restore lies. `liveIndex`: for each unfinished swap of the xpub it also
   * returns a forged reverse swap to BTC at that swap's key index and preimage hash,
   * with a small lockup Boltz really makes (a claim of it would hand Boltz the live
   * swap's preimage). `wrongLockup`: every UTXO side names a lockup address that is
   * not its swap tree's. `otherPreimageHash`: every swap comes back with a random
   * preimage hash, its claim side's tree (and address) built on that hash.
   */
  restoreForgery?: 'liveIndex' | 'wrongLockup' | 'otherPreimageHash';
  /**
   * Bitcoin lockups of Boltz (reverse and chain swaps) signal BIP125 and spend a coin of
   * its own; as soon as Boltz learns the preimage (or a test calls doubleSpendLockup) it
   * replaces the still unconfirmed lockup with a transaction paying itself.
   */
  doubleSpendLockup?: boolean;
  /** Submarine swaps: Boltz reports `invoice.paid` without paying the invoice (so it has no preimage to claim with). */
  fakePaid?: boolean;
  /**
   * Reverse and chain swaps: Boltz locks only this many sats on its side (the swap tree
   * unchanged), and its restore reports that amount.
   */
  lockSats?: number;
  /** Reverse and chain swaps: after Boltz refunds its own lockup, its status keeps reporting the lock. */
  hideRefund?: boolean;
  /** POST /swap/restore drops the connection: a Boltz that cannot be reached for a restore. */
  restoreUnreachable?: boolean;
  /**
   * Chain swaps: Boltz expects this many sats more than the lockup amount it tells the client,
   * so the client's exact lockup is "less than expected" (transaction.lockupFailed) and a new
   * quote for what was locked is offered (GET/POST /swap/chain/{id}/quote).
   */
  expectMore?: number;
  /** Chain swaps: the new quote offers this many sats less than the pair gives for what was locked. */
  renegotiateLess?: number;
  /** Chain swaps: the client's lockup is rejected for this reason, not its amount (e.g. 'blocked address'): no new quote. */
  rejectLockup?: string;
  /**
   * Every create (POST /swap/submarine|reverse|chain) is refused as a pair Boltz no longer
   * offers, while GET of the pairs still lists it (a pair withdrawn between quote and create).
   */
  refuseCreate?: boolean;
  /** Reverse swaps: Boltz reports minerfee.paid before the hold invoice is paid (the prepay protocol of lib/swap/LightningNursery.ts). */
  prepayMinerFee?: boolean;
  /**
   * Reverse swaps: once the hold invoice is paid, Boltz first announces transaction.direct (as
   * boltzr/src/chain/mrh_watcher.rs does when a payer pays the invoice's routing-hint address on
   * chain), over the WebSocket only: GET /swap/{id} never shows it (lib/api/SwapInfos.ts skipCache).
   */
  directPayment?: boolean;
}

export interface SwapStatus {
  status: string;
  zeroConfRejected?: boolean;
  transaction?: { id: string; hex?: string; eta?: number; confirmed?: boolean };
  failureReason?: string;
  failureDetails?: { expected: number; actual: number };
}

export interface UtxoSideState {
  kind: 'utxo';
  chain: UtxoChain;
  side: TaprootSide;
  address: string;
  blindingKey?: Uint8Array;
  amount: bigint;
  timeout: number;
  lockup?: Lockup;
  /** Boltz's own key-path spend waiting for the client's partial signature. */
  coop?: { spend: CooperativeSpend; sweep: Sweep };
  /** doubleSpendLockup: the coin Boltz's lockup spends, and the replacement that took it back. */
  replaceable?: ReplaceableCoin;
  doubleSpent?: string;
}

export interface EvmSideState {
  kind: 'evm';
  contract: EtherSwap;
  claimAddress: string;
  refundAddress: string;
  amount: bigint;
  timeout: number;
  lockTx?: string;
  /** The client's lock as its Lockup event shows it (what Boltz claims or signs a refund of). */
  lockedWei?: bigint;
}

export type SideState = UtxoSideState | EvmSideState;

export interface SwapRecord {
  id: string;
  type: SwapKind;
  from: Currency;
  to: Currency;
  createdAt: number;
  preimageHash: string;
  preimage?: string;
  keyIndex: number;
  /** The client's keys as it gave them (restore matches these against an xpub). */
  clientRefundPublicKey?: string;
  clientClaimPublicKey?: string;
  status: SwapStatus;
  history: SwapStatus[];
  misbehave: Misbehaviour;
  pair: PairConfig;
  invoice?: string;
  invoiceAmount?: number;
  /** The payment hash of the invoice Boltz issued (differs from preimageHash only when misbehaving). */
  invoicePaymentHash?: string;
  /** submarine: the client's lockup; reverse: Boltz's; chain: both. */
  userLock?: SideState;
  serverLock?: SideState;
  /** When Boltz entered transaction.claim.pending (it falls back to the script path after a while). */
  claimPendingSince?: number;
  /** How Boltz swept the client's lockup, and how its own was spent. */
  claim?: { txid: string; path: 'key' | 'script' | 'contract' };
  refund?: { txid: string };
  /** The last error the nursery hit on this swap (for test diagnostics). */
  lastError?: string;
  /** restoreForgery: the forged swap made at this swap's key index, and the live swap a forged one copies. */
  forgery?: string;
  forgedFrom?: string;
  /** Chain swaps: Boltz signed a refund of the client's lockup (no new quote after that). */
  createdRefundSignature?: boolean;
}

export const FINAL = new Set(['transaction.claimed', 'invoice.failedToPay', 'invoice.settled', 'invoice.expired', 'transaction.refunded', 'transaction.failed']);

export interface SwapBookOptions {
  ledger: DevLightningLedger;
  node: DevNode;
  chains: Partial<Record<Currency, UtxoChain>>;
  etherSwap?: EtherSwap;
  /** How long Boltz waits for the client's partial signature before claiming by script path. */
  cooperativeClaimWaitMs: number;
  /** Miner fee Boltz pays on its own sweeps, per chain. */
  sweepFee: Partial<Record<Currency, bigint>>;
}

export class SwapBook {
  readonly swaps = new Map<string, SwapRecord>();
  private readonly listeners = new Set<(id: string, status: SwapStatus) => void>();
  private readonly master = HDKey.fromMasterSeed(randomBytes(32));
  private nextKey = 0;
  private ticking: Promise<void> | null = null;

  constructor(readonly opts: SwapBookOptions) {}

  newServerKey(): { index: number; privateKey: Uint8Array; publicKey: Uint8Array } {
    const index = this.nextKey++;
    const node = this.master.derive(`m/0/${index}`);
    return { index, privateKey: node.privateKey!, publicKey: node.publicKey! };
  }

  serverKey(index: number) {
    return this.master.derive(`m/0/${index}`);
  }

  onUpdate(fn: (id: string, status: SwapStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** An update pushed to listeners (the WebSocket) without becoming the swap's status (boltz-backend's skipCache). */
  announce(swap: SwapRecord, status: SwapStatus): void {
    swap.history.push(status);
    for (const fn of this.listeners) fn(swap.id, status);
  }

  setStatus(swap: SwapRecord, status: SwapStatus): void {
    if (swap.status.status === status.status && JSON.stringify(swap.status) === JSON.stringify(status)) return;
    swap.status = status;
    swap.history.push(status);
    for (const fn of this.listeners) fn(swap.id, status);
  }

  add(swap: SwapRecord): void {
    this.swaps.set(swap.id, swap);
    swap.history.push(swap.status);
  }

  get(id: string): SwapRecord | undefined {
    return this.swaps.get(id);
  }

  /** One pass of the nursery over every swap that can still move; concurrent callers share it. */
  tick(): Promise<void> {
    if (!this.ticking) {
      this.ticking = (async () => {
        for (const swap of this.swaps.values()) {
          try {
            if (swap.type === 'submarine') await this.tickSubmarine(swap);
            else if (swap.type === 'reverse') await this.tickReverse(swap);
            else await this.tickChain(swap);
          } catch (err) {
            swap.lastError = err instanceof Error ? err.message : String(err);
          }
        }
      })().finally(() => {
        this.ticking = null;
      });
    }
    return this.ticking;
  }

  // --- helpers -------------------------------------------------------------------

  private async height(side: SideState): Promise<number> {
    return side.kind === 'utxo' ? side.chain.height() : side.contract.height();
  }

  /** Looks for the client's lockup of `side`; checks amount (and, on EVM, the contract terms). */
  private async findUserLockup(swap: SwapRecord, side: SideState): Promise<'none' | 'ok' | 'failed'> {
    if (side.kind === 'utxo') {
      if (!side.lockup) {
        const found = await side.chain.findLockup(side.side.outputKey, side.blindingKey);
        if (!found) return 'none';
        side.lockup = found;
        const rejected = this.rejectedLockup(swap, found.amount, side.amount);
        if (rejected) {
          this.setStatus(swap, { status: 'transaction.lockupFailed', failureReason: rejected, failureDetails: { expected: Number(side.amount), actual: Number(found.amount) } });
          return 'failed';
        }
        this.userLockupSeen(swap, side);
        return 'ok';
      }
      if (swap.status.status === 'transaction.lockupFailed') return 'failed';
      if (!side.lockup.confirmed && (await side.chain.isConfirmed(side.lockup.txid))) {
        side.lockup.confirmed = true;
        if (swap.status.status === 'transaction.mempool') this.setStatus(swap, { status: 'transaction.confirmed', transaction: { id: side.lockup.txid, hex: side.lockup.hex } });
      }
      return 'ok';
    }
    if (!side.lockTx) {
      // EthereumNursery.checkEtherSwapLockup: the first lock under the swap's preimage hash, then its claim address and timelock.
      const [match] = await side.contract.lockups(swap.preimageHash);
      if (!match) return 'none';
      side.lockTx = match.transactionHash;
      side.refundAddress = match.refundAddress;
      side.lockedWei = match.amountWei;
      const failed = (failureReason: string): 'failed' => {
        this.setStatus(swap, { status: 'transaction.lockupFailed', failureReason });
        return 'failed';
      };
      if (match.claimAddress !== side.claimAddress.toLowerCase()) return failed(`invalid claim address ${match.claimAddress}; expected ${side.claimAddress.toLowerCase()}`);
      if (match.timelock < side.timeout) return failed(`locked timelock ${match.timelock} is less than expected ${side.timeout}`);
      const rejected = this.rejectedLockup(swap, match.amountWei / WEI_PER_SAT, side.amount);
      if (rejected) {
        this.setStatus(swap, { status: 'transaction.lockupFailed', failureReason: rejected, failureDetails: { expected: Number(side.amount), actual: Number(match.amountWei / WEI_PER_SAT) } });
        return 'failed';
      }
      // anvil mines every transaction at once: the lockup is confirmed when seen.
      this.setStatus(swap, { status: 'transaction.confirmed', transaction: { id: match.transactionHash } });
      return 'ok';
    }
    return swap.status.status === 'transaction.lockupFailed' ? 'failed' : 'ok';
  }

  /**
   * Why Boltz rejects a client lockup of `actual` sats where it expects `expected`, or null
   * (lib/swap/UtxoNursery.ts, lib/swap/OverpaymentProtector.ts, lib/swap/Errors.ts): less than
   * expected; more, for a chain swap (renegotiated instead), or for a submarine swap beyond the
   * positive slippage (10,000 sats or 2 %, and never twice the amount); rejectLockup's reason.
   */
  private rejectedLockup(swap: SwapRecord, actual: bigint, expected: bigint): string | null {
    if (swap.type === 'chain' && swap.misbehave.rejectLockup) return swap.misbehave.rejectLockup;
    if (actual < expected) return `locked ${actual} is less than expected ${expected}`;
    const slippage = BigInt(Math.max(10_000, Math.ceil((Number(expected) * 2) / 100)));
    const overpaid = swap.type === 'chain' ? actual > expected : actual - expected > slippage || actual > expected * 2n;
    return overpaid ? `locked ${actual} is more than expected ${expected}` : null;
  }

  /** A client lockup of the right amount: transaction.mempool (with zeroConfRejected when Boltz waits for a confirmation) or .confirmed. */
  userLockupSeen(swap: SwapRecord, side: UtxoSideState): void {
    const lockup = side.lockup!;
    const transaction = { id: lockup.txid, hex: lockup.hex };
    if (lockup.confirmed) return this.setStatus(swap, { status: 'transaction.confirmed', transaction });
    this.setStatus(swap, { status: 'transaction.mempool', ...(this.zeroConfOk(swap, side) ? {} : { zeroConfRejected: true }), transaction });
  }

  /**
   * An unconfirmed client lockup is accepted only within the pair's zero-conf limit and when it
   * does not signal RBF (lib/swap/UtxoNursery.ts acceptsZeroConf; RBF inherited from unconfirmed
   * parents is not looked at here).
   */
  private zeroConfOk(swap: SwapRecord, side: SideState): boolean {
    if (side.kind === 'evm') return true;
    const lockup = side.lockup;
    if (!lockup) return false;
    if (lockup.confirmed) return true;
    if (side.chain.signalsRbf(lockup.hex)) return false;
    return lockup.amount <= BigInt(swap.pair.limits.maximalZeroConf);
  }

  /** Boltz locks its side (UTXO via the devnet faucet as its wallet, RBTC via EtherSwap.lock). */
  private async lockServerSide(swap: SwapRecord, side: SideState, statusName: string): Promise<void> {
    if (swap.misbehave.lockSats !== undefined) side.amount = BigInt(swap.misbehave.lockSats);
    if (side.kind === 'utxo') {
      const replaceable = swap.misbehave.doubleSpendLockup && side.chain.lockReplaceable ? await side.chain.lockReplaceable(side.side.outputKey, side.amount) : null;
      if (replaceable) side.replaceable = replaceable.coin;
      const { txid, hex } = replaceable ?? (await side.chain.lock(side.address, side.amount));
      side.lockup = (await side.chain.findLockup(side.side.outputKey, side.blindingKey)) ?? undefined;
      if (!side.lockup || side.lockup.txid !== txid) throw new Error('own lockup not found after locking');
      this.setStatus(swap, { status: statusName, transaction: { id: txid, hex, eta: 2 } });
    } else {
      side.lockTx = await side.contract.lock(swap.preimageHash, side.claimAddress, side.timeout, side.amount * WEI_PER_SAT);
      this.setStatus(swap, { status: statusName, transaction: { id: side.lockTx } });
    }
  }

  private async serverLockConfirmed(side: SideState): Promise<boolean> {
    if (side.kind === 'evm') return true;
    if (!side.lockup) return false;
    if (!side.lockup.confirmed) side.lockup.confirmed = await side.chain.isConfirmed(side.lockup.txid);
    return side.lockup.confirmed;
  }

  /** A preimage revealed by a claim of Boltz's lockup (script path on chain, or EtherSwap's Claim event). */
  private async revealedPreimage(swap: SwapRecord, side: SideState): Promise<string | null> {
    if (side.kind === 'evm') return (await side.contract.claimedPreimage(swap.preimageHash))?.preimage ?? null;
    if (!side.lockup) return null;
    const spender = await side.chain.spender(side.lockup.txid, side.lockup.vout);
    if (!spender) return null;
    const candidate = spender.witness.length === 4 ? Buffer.from(spender.witness[1]!).toString('hex') : null;
    return candidate && this.checkPreimage(swap, candidate) ? candidate : null;
  }

  private async serverLockSpent(side: SideState, swap: SwapRecord): Promise<boolean> {
    if (side.kind === 'evm') {
      return !(await side.contract.isLocked(swap.preimageHash, side.amount * WEI_PER_SAT, side.claimAddress, BOLTZ_EVM_ACCOUNT, side.timeout));
    }
    return !!side.lockup && !!(await side.chain.spender(side.lockup.txid, side.lockup.vout));
  }

  checkPreimage(swap: SwapRecord, preimageHex: string): boolean {
    return /^[0-9a-f]{64}$/i.test(preimageHex) && Buffer.from(sha256(Buffer.from(preimageHex, 'hex'))).toString('hex') === swap.preimageHash;
  }

  /** Refunds Boltz's own lockup after its timeout (script path / EtherSwap.refund). */
  private async refundServerSide(swap: SwapRecord, side: SideState): Promise<{ id: string; hex?: string }> {
    if (side.kind === 'evm') {
      const id = await side.contract.refund(swap.preimageHash, side.amount * WEI_PER_SAT, side.claimAddress, side.timeout);
      swap.refund = { txid: id };
      return { id };
    }
    const sweep = await side.chain.sweep(side.lockup!, { fee: this.opts.sweepFee[side.chain.symbol] ?? 500n, lockTime: side.timeout });
    const leaf = side.side.tree.refundLeaf;
    const sig = side.side.signLeaf(sweep.sighash(leaf));
    const hex = sweep.finalize([sig, leaf.output, side.side.controlBlock('refund')]);
    const id = await side.chain.broadcast(hex);
    swap.refund = { txid: id };
    return { id, hex };
  }

  /** Prepares Boltz's key-path sweep of the client's lockup (the hash and nonce GET …/claim serves). */
  async prepareCooperativeClaim(side: UtxoSideState): Promise<NonNullable<UtxoSideState['coop']>> {
    if (!side.coop) {
      const sweep = await side.chain.sweep(side.lockup!, { fee: this.opts.sweepFee[side.chain.symbol] ?? 500n });
      side.coop = { sweep, spend: side.side.startCooperative(sweep.sighash()) };
    }
    return side.coop;
  }

  /** Finishes the key-path sweep with the client's partial signature and broadcasts it. */
  async completeCooperativeClaim(swap: SwapRecord, side: UtxoSideState, pubNonce: Uint8Array, partial: Uint8Array): Promise<string> {
    const coop = await this.prepareCooperativeClaim(side);
    const sig = coop.spend.complete(pubNonce, partial);
    const txid = await side.chain.broadcast(coop.sweep.finalize([sig]));
    swap.claim = { txid, path: 'key' };
    this.setStatus(swap, { status: 'transaction.claimed' });
    return txid;
  }

  /** Claims the client's lockup alone: script path with the preimage, or EtherSwap.claim. */
  private async claimUserSide(swap: SwapRecord, side: SideState): Promise<void> {
    if (side.kind === 'evm') {
      const txid = await side.contract.claim(swap.preimage!, side.lockedWei ?? side.amount * WEI_PER_SAT, side.refundAddress, side.timeout);
      swap.claim = { txid, path: 'contract' };
    } else {
      const sweep = await side.chain.sweep(side.lockup!, { fee: this.opts.sweepFee[side.chain.symbol] ?? 500n });
      const leaf = side.side.tree.claimLeaf;
      const sig = side.side.signLeaf(sweep.sighash(leaf));
      const txid = await side.chain.broadcast(sweep.finalize([sig, Buffer.from(swap.preimage!, 'hex'), leaf.output, side.side.controlBlock('claim')]));
      swap.claim = { txid, path: 'script' };
    }
    this.setStatus(swap, { status: 'transaction.claimed' });
  }

  /** Boltz knows the preimage: claim an EVM lockup at once, or wait a while for a cooperative UTXO claim. */
  private async claimWhenPreimageKnown(swap: SwapRecord, side: SideState): Promise<void> {
    if (side.kind === 'evm') return this.claimUserSide(swap, side);
    if (swap.status.status !== 'transaction.claim.pending') {
      await this.prepareCooperativeClaim(side);
      swap.claimPendingSince = Date.now();
      this.setStatus(swap, { status: 'transaction.claim.pending' });
      return;
    }
    if (Date.now() - (swap.claimPendingSince ?? 0) >= this.opts.cooperativeClaimWaitMs) await this.claimUserSide(swap, side);
  }

  // --- submarine -------------------------------------------------------------------

  private async tickSubmarine(swap: SwapRecord): Promise<void> {
    const side = swap.userLock!;
    const st = swap.status.status;
    if (FINAL.has(st)) return;
    const height = await this.height(side);
    if (st === 'swap.expired' || (st === 'invoice.paid' && swap.misbehave.fakePaid)) return;
    if (st === 'transaction.claim.pending') return this.claimWhenPreimageKnown(swap, side);
    const found = await this.findUserLockup(swap, side);
    if (found === 'none' || found === 'failed') {
      if (height >= side.timeout) this.setStatus(swap, { status: 'swap.expired', failureReason: swap.status.failureReason ?? 'onchain HTLC timed out', ...(swap.status.failureDetails ? { failureDetails: swap.status.failureDetails } : {}) });
      return;
    }
    if (!this.zeroConfOk(swap, side)) return;
    if (height >= side.timeout) {
      this.setStatus(swap, { status: 'swap.expired', failureReason: 'onchain HTLC timed out' });
      return;
    }
    if (swap.misbehave.fakePaid) {
      // Says so without paying: no preimage, so nothing to claim the lockup with.
      this.setStatus(swap, { status: 'invoice.paid' });
      return;
    }
    this.setStatus(swap, { status: 'invoice.pending' });
    try {
      if (swap.misbehave.failPayment) throw new Error('no route found');
      const paid = await this.opts.ledger.payAsync(this.opts.node, swap.invoice!);
      swap.preimage = paid.preimage;
    } catch (err) {
      this.setStatus(swap, { status: 'invoice.failedToPay', failureReason: `invoice could not be paid: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    this.setStatus(swap, { status: 'invoice.paid' });
    await this.claimWhenPreimageKnown(swap, side);
  }

  /**
   * doubleSpendLockup: replaces Boltz's unconfirmed lockup of this swap with a transaction
   * paying Boltz (evicting any claim spending it). Null when there is nothing to take back:
   * the lockup confirmed, or it was not made replaceable.
   */
  async doubleSpend(swap: SwapRecord): Promise<string | null> {
    const side = swap.serverLock;
    if (side?.kind !== 'utxo' || !side.replaceable || !side.lockup || side.doubleSpent || !side.chain.replace) return null;
    if (await side.chain.isConfirmed(side.lockup.txid)) return null;
    side.doubleSpent = await side.chain.replace(side.replaceable, 20_000n);
    side.lockup = undefined;
    return side.doubleSpent;
  }

  /** doubleSpendLockup: once Boltz knows the preimage, the lockup goes back to Boltz if it still can. */
  private async takeBackLockup(swap: SwapRecord): Promise<void> {
    if (swap.misbehave.doubleSpendLockup && swap.preimage) await this.doubleSpend(swap);
  }

  // --- reverse ---------------------------------------------------------------------

  private async tickReverse(swap: SwapRecord): Promise<void> {
    const side = swap.serverLock!;
    await this.takeBackLockup(swap);
    const st = swap.status.status;
    if (FINAL.has(st) || st === 'swap.expired') return;
    const height = await this.height(side);
    if (side.kind === 'utxo' && side.doubleSpent) {
      // Nothing is locked any more: at the timeout the held payment is cancelled.
      if (height >= side.timeout) {
        this.opts.ledger.cancelHold(this.invoiceHash(swap));
        this.setStatus(swap, { status: 'swap.expired', failureReason: 'swap expired' });
      }
      return;
    }
    const invoice = this.opts.ledger.invoice(this.invoiceHash(swap));
    if (st === 'swap.created' && swap.misbehave.prepayMinerFee) {
      // The prepay invoice is paid (LightningNursery sets minerfee.paid); the hold invoice is still to be.
      this.setStatus(swap, { status: 'minerfee.paid' });
      return;
    }
    if (st === 'swap.created' || st === 'minerfee.paid') {
      const paid = invoice?.state === 'accepted' || invoice?.state === 'settled';
      if (!paid) {
        if (height >= side.timeout || (invoice && Date.now() / 1000 >= invoice.expiresAt)) {
          this.opts.ledger.cancelHold(this.invoiceHash(swap));
          this.setStatus(swap, { status: 'swap.expired', failureReason: 'swap expired' });
        }
        return;
      }
      if (swap.misbehave.neverLock) {
        if (height >= side.timeout) {
          this.opts.ledger.cancelHold(this.invoiceHash(swap));
          this.setStatus(swap, { status: 'invoice.expired', failureReason: 'invoice expired' });
        }
        return;
      }
      if (swap.misbehave.directPayment && !swap.history.some((h) => h.status === 'transaction.direct') && side.kind === 'utxo') {
        const direct = await side.chain.lock(side.chain.address(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true).slice(1)), 1_000n);
        this.announce(swap, { status: 'transaction.direct', transaction: { id: direct.txid, hex: direct.hex } });
      }
      await this.lockServerSide(swap, side, 'transaction.mempool');
      return;
    }
    // Locked: watch for the claim that reveals the preimage, or the timeout.
    const preimage = swap.preimage ?? (await this.revealedPreimage(swap, side));
    if (preimage) {
      this.settle(swap, preimage);
      return;
    }
    if (st === 'transaction.mempool' && (await this.serverLockConfirmed(side))) {
      this.setStatus(swap, { status: 'transaction.confirmed', transaction: this.lockTransaction(side) });
    }
    if (height >= side.timeout && !(await this.serverLockSpent(side, swap))) {
      const tx = await this.refundServerSide(swap, side);
      this.opts.ledger.cancelHold(this.invoiceHash(swap));
      if (!swap.misbehave.hideRefund) this.setStatus(swap, { status: 'transaction.refunded', failureReason: 'swap expired', transaction: { ...tx, confirmed: false } });
    }
  }

  /** The invoice the ledger knows this swap by (its own hash under the wrongPaymentHash misbehaviour). */
  invoiceHash(swap: SwapRecord): string {
    return swap.invoicePaymentHash ?? swap.preimageHash;
  }

  private lockTransaction(side: SideState): SwapStatus['transaction'] {
    return side.kind === 'utxo' ? { id: side.lockup!.txid, hex: side.lockup!.hex } : { id: side.lockTx! };
  }

  /** Reverse swaps: the preimage settles the held invoice. */
  settle(swap: SwapRecord, preimage: string): void {
    swap.preimage = preimage;
    const inv = this.opts.ledger.invoice(this.invoiceHash(swap));
    if (inv?.state === 'accepted') this.opts.ledger.settleHold(this.invoiceHash(swap), preimage);
    if (swap.status.status !== 'invoice.settled') this.setStatus(swap, { status: 'invoice.settled' });
  }

  // --- chain -----------------------------------------------------------------------

  private async tickChain(swap: SwapRecord): Promise<void> {
    const user = swap.userLock!;
    const server = swap.serverLock!;
    await this.takeBackLockup(swap);
    const st = swap.status.status;
    if (FINAL.has(st)) return;
    if (st === 'swap.expired') return;
    if (st === 'transaction.claim.pending') return this.claimWhenPreimageKnown(swap, user);
    const userHeight = await this.height(user);
    if (['swap.created', 'transaction.mempool', 'transaction.confirmed', 'transaction.lockupFailed'].includes(st)) {
      const found = await this.findUserLockup(swap, user);
      if (found !== 'ok') {
        if (userHeight >= user.timeout) this.setStatus(swap, { status: 'swap.expired', failureReason: swap.status.failureReason ?? 'onchain HTLC timed out' });
        return;
      }
      if (swap.misbehave.neverLock && userHeight >= user.timeout) {
        this.setStatus(swap, { status: 'swap.expired', failureReason: 'onchain HTLC timed out' });
        return;
      }
      if (!this.zeroConfOk(swap, user) || swap.misbehave.neverLock) return;
      await this.lockServerSide(swap, server, 'transaction.server.mempool');
      return;
    }
    // Boltz has locked: learn the preimage from the client's claim, or refund at the timeout.
    if (!swap.preimage) {
      const preimage = await this.revealedPreimage(swap, server);
      if (preimage) swap.preimage = preimage;
    }
    if (swap.preimage) return this.claimWhenPreimageKnown(swap, user);
    if (server.kind === 'utxo' && server.doubleSpent) {
      // Boltz took its lockup back: the swap just runs out.
      if ((await this.height(server)) >= server.timeout) this.setStatus(swap, { status: 'swap.expired', failureReason: 'swap expired' });
      return;
    }
    if (st === 'transaction.server.mempool' && (await this.serverLockConfirmed(server))) {
      this.setStatus(swap, { status: 'transaction.server.confirmed', transaction: this.lockTransaction(server) });
    }
    const serverHeight = await this.height(server);
    if (serverHeight >= server.timeout && !(await this.serverLockSpent(server, swap))) {
      const tx = await this.refundServerSide(swap, server);
      if (!swap.misbehave.hideRefund) this.setStatus(swap, { status: 'transaction.refunded', failureReason: 'swap expired', transaction: { ...tx, confirmed: false } });
    }
  }
}

export function randomId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

export const compressedPublicKey = (hex: string): Uint8Array | null => {
  try {
    const bytes = Buffer.from(hex, 'hex');
    if (bytes.length !== 33) return null;
    secp256k1.Point.fromHex(hex);
    return new Uint8Array(bytes);
  } catch {
    return null;
  }
};
