/**
 * The Stacks layer: the account at m/44'/5757'/0'/0/0, STX and SIP-010 token
 * balances (sBTC first), activity, and sends built and signed with
 * @stacks/transactions. Background-only: it derives the private key when it signs
 * and returns public data.
 *
 * Nonces (nonce.ts): the API's next nonce, raised past our own pending sends, or
 * the lowest nonce missing below transactions already waiting; our sends the API
 * does not hold are sent again first; one send at a time per account (serialize),
 * so two quick sends never collide.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { checkFeeCap } from '../../shared/fee-caps';
import { formatAmount, formatAmountText } from '../../shared/units';
import type { ActivityItem, AssetBalance, LayerOverview } from '../../shared/layer-views';
import { serialize } from '../serialize';
import type { LayerDeps, LayerService, ReceiveView } from '../types';
import { parsePrincipal, principalString } from './address';
import { findAsset, stacksAssets, STX, type StacksAsset } from './assets';
import { HiroClient, txFate } from './hiro-client';
import type { HiroNonces, HiroTx } from './hiro-types';
import { stacksAddress } from './keys';
import { encodeMemo } from './memo';
import { nextNonce, unseenSends } from './nonce';
import { StacksRejection } from './rejection';
import { pendingSpend, stacksSends, type StacksSendRecord, type StacksSendStatus } from './send-log';
import type { SendStore } from '../send-store';
import { contractCallArgs, feeInputs, signContractCall, signTransfer, unsignedContractCall, unsignedTransfer, type ContractCallSpec, type TransferSpec } from './transfer';
import type { ClarityValue, PostCondition, StacksTransactionWire } from '@stacks/transactions';
import { signHashRsv, stacksMessageHash, structuredMessageHash } from './message-signing';
import { signOwnTransaction } from './sign-transaction';

export interface StacksDraft {
  /** `STX`, a token's symbol (`sBTC`), contract id or Hiro id. */
  asset: string;
  to: string;
  /** In the asset's smallest unit (micro-STX, sats for sBTC). */
  amount: bigint;
  memo?: string;
  /** Micro-STX: the fee the user reviewed, signed as it is (no re-estimate at send time). */
  fee?: bigint;
}

export interface StacksQuote {
  from: string;
  to: string;
  asset: { id: string; symbol: string; decimals: number };
  amount: bigint;
  memo?: string;
  /** Micro-STX. */
  fee: bigint;
  nonce: bigint;
  /** What leaves the account in the asset (plus the fee in STX for a token). */
  balance: bigint;
  stxBalance: bigint;
}

export interface StacksContractCall {
  /** `ADDRESS.contract-name`. */
  contract: string;
  functionName: string;
  functionArgs: ClarityValue[];
  postConditions: PostCondition[];
  /** Deny (the default) unless asked otherwise: see ContractCallSpec.mode. */
  postConditionMode?: 'deny' | 'allow';
}

/** What a contract call would cost now: the fee (micro-STX) and the STX the account has for it. */
export interface StacksCallQuote {
  fee: bigint;
  nonce: bigint;
  stxBalance: bigint;
}

export interface StacksSendResult extends StacksQuote {
  txid: string;
  /** The signed transaction, as broadcast (hex). */
  hex: string;
}

/** A call of one contract function made from this account. */
export interface OwnContractCall {
  txid: string;
  /** The signed transaction, when the send log still holds it (to broadcast it again). */
  raw?: string;
  /** Each argument as serialized Clarity, hex without 0x. */
  args: string[];
  /** When it was mined, reached the mempool or was signed (ms). */
  at: number;
}

/** The least fee the wallet offers: Stacks nodes refuse transactions below about one micro-STX per byte. */
const MIN_FEE = 180n;
/** A node's least fee rate, micro-STX per byte (stacks-core MINIMUM_TX_FEE_RATE_PER_BYTE): the rate when the node has no estimate at all. */
const MIN_FEE_RATE = 1n;
/** A send the API has not seen this long after broadcast is sent again. */
const REBROADCAST_AFTER_MS = 60_000;

export class StacksService implements LayerService {
  readonly layer = 'stacks' as const;
  readonly address: string;
  readonly path: string;
  private readonly hiro: HiroClient;
  private readonly sends: SendStore<StacksSendRecord>;
  private readonly lockKey: string;

  constructor(private readonly deps: LayerDeps<'stacks'>) {
    const { address, path } = stacksAddress(deps.root, deps.preset.params);
    this.address = address;
    this.path = path;
    const url = deps.preset.endpoints.api;
    if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_stacks')));
    this.hiro = new HiroClient(deps.http(url));
    this.sends = stacksSends(deps.store, deps.preset.id, address);
    this.lockKey = `stacks:${deps.preset.id}:${address}`;
  }

  /** The assets this network shows (STX, then the preset's tokens). */
  assets(): StacksAsset[] {
    return stacksAssets(this.deps.preset.params);
  }

  /** An asset by id, contract or symbol; throws for one this network does not know. */
  asset(key: string): StacksAsset {
    return findAsset(this.deps.preset.params, key);
  }

  explorerLink(txid: string): string | undefined {
    return this.explorerUrl(txid);
  }

  async receive(): Promise<ReceiveView> {
    return { address: this.address, uri: this.address, path: this.path };
  }

  /** Test STX from the network's faucet (Hiro's on testnet, the stand-in's on the devnet). */
  async faucet(): Promise<{ txid: string }> {
    const r = await this.hiro.faucetStx(this.address);
    if (!r.success) throw new WalletError('backend_error', localText('err_stx_faucet_failed', this.hiro.host), this.hiro.host);
    return { txid: r.txId.replace(/^0x/, '') };
  }

  overview(): Promise<LayerOverview> {
    return serialize(this.lockKey, async () => {
      const [balances, mined, records] = await Promise.all([
        this.hiro.balances(this.address),
        this.hiro.transactions(this.address),
        this.sends.list(),
      ]);
      const sends = await this.trackPending(records);
      const assets = stacksAssets(this.deps.preset.params);
      const view: AssetBalance[] = assets.map((a) => ({
        asset: a.id,
        symbol: a.symbol,
        decimals: a.decimals,
        confirmed: this.confirmedOf(a, balances).toString(),
        pending: (-pendingSpend(sends, a.id)).toString(),
      }));
      return {
        layer: 'stacks',
        network: this.deps.preset.id,
        balances: view,
        activity: this.activity(mined.results, sends, assets),
        updatedAt: this.deps.now(),
      };
    });
  }

  quote(draft: StacksDraft): Promise<StacksQuote> {
    return serialize(this.lockKey, () => this.prepare(draft));
  }

  /** Builds, signs, records, then broadcasts. A refused broadcast leaves no record. */
  send(draft: StacksDraft): Promise<StacksSendResult> {
    return serialize(this.lockKey, async () => {
      const q = await this.prepare(draft, { resend: true });
      const signed = await signTransfer(this.spec(q, draft), this.privateKey());
      const record: StacksSendRecord = {
        txid: signed.txid,
        nonce: q.nonce.toString(),
        asset: q.asset.id,
        to: q.to,
        amount: q.amount.toString(),
        fee: q.fee.toString(),
        memo: q.memo,
        raw: signed.hex,
        createdAt: this.deps.now(),
        status: 'pending',
      };
      await this.sends.put(record);
      try {
        await this.hiro.broadcast(signed.hex);
      } catch (err) {
        // Refused: it will never be mined. Unreachable: keep it; it is sent again before the next send, or on refresh.
        if (err instanceof WalletError && (err.code === 'network_error' || err.code === 'timeout')) {
          throw new WalletError(err.code, localText('err_stx_send_kept', err.text ?? err.message), err.host);
        }
        // Only the node's own refusal means nothing was sent; any other answer (a 5xx after
        // retries, an unreadable body) may follow an accepted broadcast: keep it pending.
        if (err instanceof StacksRejection) await this.sends.remove(signed.txid);
        throw err;
      }
      return { ...q, txid: signed.txid, hex: signed.hex };
    });
  }

  /** The fee a contract call would pay now (`fee` if given, else the node's estimate), for a review before `callContract` with that fee. */
  quoteContractCall(call: StacksContractCall, fee?: bigint): Promise<StacksCallQuote> {
    return serialize(this.lockKey, () => this.prepareCall(call, { fee }));
  }

  /**
   * Signs and broadcasts a contract call from this account (deny-mode post-conditions
   * unless the call asks for allow), with the same nonce care as sends. `fee`: the fee
   * the user reviewed, signed as it is (held to the same floor and cap); else the
   * node's estimate. `beforeBroadcast` sees the txid first, so a caller (a hop) can
   * store it before the network has the transaction.
   */
  callContract(
    call: StacksContractCall,
    opts: { fee?: bigint; beforeBroadcast?: (signed: { txid: string; hex: string }) => Promise<void> } = {},
  ): Promise<{ txid: string; fee: bigint; nonce: bigint; hex: string }> {
    return serialize(this.lockKey, async () => {
      const { spec, fee, nonce } = await this.prepareCall(call, { resend: true, fee: opts.fee });
      const signed = await signContractCall({ ...spec, fee }, this.privateKey());
      await this.sends.put({ txid: signed.txid, nonce: nonce.toString(), asset: `call:${call.contract}`, to: call.contract, amount: '0', fee: fee.toString(), memo: call.functionName, raw: signed.hex, createdAt: this.deps.now(), status: 'pending' });
      await opts.beforeBroadcast?.(signed);
      try {
        await this.hiro.broadcast(signed.hex);
      } catch (err) {
        if (err instanceof StacksRejection) await this.sends.remove(signed.txid);
        throw err;
      }
      return { txid: signed.txid, fee, nonce, hex: signed.hex };
    });
  }

  /** Numbers a call after our pending sends and prices it (or takes `fee`), refusing a fee outside the floor and cap or above the STX held. */
  private async prepareCall(call: StacksContractCall, opts: { resend?: boolean; fee?: bigint }): Promise<{ spec: ContractCallSpec; fee: bigint; nonce: bigint; stxBalance: bigint }> {
    const [address, contractName] = call.contract.split('.') as [string, string];
    const [balances, nonces, records] = await Promise.all([this.hiro.balances(this.address), this.hiro.nonces(this.address), this.sends.list()]);
    const { pending, freed } = await this.settleNonces(nonces, records, { resend: opts.resend });
    const nonce = nextNonce(nonces, pending, freed);
    const spec: ContractCallSpec = {
      contractAddress: address,
      contractName,
      functionName: call.functionName,
      functionArgs: call.functionArgs,
      postConditions: call.postConditions,
      mode: call.postConditionMode ?? 'deny',
      nonce,
      fee: 0n,
    };
    const fee = opts.fee ?? (await this.feeFor(await unsignedContractCall(spec, bytesToHex(this.publicKey()))));
    checkFeeFloor(fee);
    checkFeeCap('stacks', fee, undefined, localText('feeWhat_functionCall', call.functionName));
    const stxBalance = this.confirmedOf(STX, balances) - pendingSpend(pending, STX.id);
    if (fee > stxBalance) throw new WalletError('insufficient_funds', localText('err_stx_fee_above_balance', fmt(fee, STX), fmt(stxBalance, STX)));
    return { spec, fee, nonce, stxBalance };
  }

  /**
   * This account's calls of `contract`'s `functionName`, oldest first: mined (the
   * API's latest 50 of the account), in the mempool, or signed and in the send log
   * while pending (perhaps never broadcast).
   */
  async contractCalls(contract: string, functionName: string): Promise<OwnContractCall[]> {
    const [mined, mempool, records] = await Promise.all([this.hiro.transactions(this.address, 50), this.hiro.mempool(this.address, 50), this.sends.list()]);
    const calls = new Map<string, OwnContractCall>();
    for (const tx of [...mined.results, ...mempool.results]) {
      if (tx.tx_type !== 'contract_call' || tx.sender_address !== this.address) continue;
      if (tx.contract_call.contract_id !== contract || tx.contract_call.function_name !== functionName) continue;
      const txid = tx.tx_id.replace(/^0x/, '').toLowerCase();
      const seconds = tx.block_time ?? tx.burn_block_time ?? tx.receipt_time ?? 0;
      calls.set(txid, { txid, args: (tx.contract_call.function_args ?? []).map((a) => a.hex.replace(/^0x/, '').toLowerCase()), at: seconds * 1000 });
    }
    for (const r of records) {
      if (r.status !== 'pending' || r.to !== contract || r.memo !== functionName) continue;
      const known = calls.get(r.txid);
      if (known) known.raw = r.raw;
      else calls.set(r.txid, { txid: r.txid, raw: r.raw, args: contractCallArgs(r.raw), at: r.createdAt });
    }
    return [...calls.values()].sort((a, b) => a.at - b.at);
  }

  /** A transaction's fate: pending, mined (with its Clarity result), failed, or unknown to the API. */
  async transaction(txid: string): Promise<{ status: ReturnType<typeof txFate>; result?: string } | null> {
    const tx = await this.hiro.tx(txid);
    if (!tx) return null;
    return { status: txFate(tx.tx_status), result: tx.tx_result?.repr };
  }

  /** Sends the signed transaction again (the API lost it). */
  rebroadcast(hex: string): Promise<string> {
    return this.hiro.broadcast(hex);
  }

  /** What the account holds of an asset (confirmed, less its own pending sends). */
  spendable(assetKey: string): Promise<bigint> {
    const asset = this.asset(assetKey);
    return serialize(this.lockKey, async () => {
      const [balances, nonces, records] = await Promise.all([this.hiro.balances(this.address), this.hiro.nonces(this.address), this.sends.list()]);
      return this.confirmedOf(asset, balances) - pendingSpend((await this.settleNonces(nonces, records)).pending, asset.id);
    });
  }

  /** `resend`: when about to send, our sends the API does not hold are sent again first (see settleNonces). */
  private async prepare(draft: StacksDraft, opts: { resend?: boolean } = {}): Promise<StacksQuote> {
    const asset = findAsset(this.deps.preset.params, draft.asset);
    const recipient = parsePrincipal(draft.to, { allowContract: asset.kind === 'sip010' });
    if (principalString(recipient) === this.address) throw new WalletError('bad_address', localText('err_stx_own_address'));
    if (typeof draft.amount !== 'bigint' || draft.amount <= 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
    encodeMemo(draft.memo);
    const [balances, nonces, records] = await Promise.all([this.hiro.balances(this.address), this.hiro.nonces(this.address), this.sends.list()]);
    const { pending, freed } = await this.settleNonces(nonces, records, opts);
    const nonce = nextNonce(nonces, pending, freed);
    const stxBalance = this.confirmedOf(STX, balances) - pendingSpend(pending, STX.id);
    const balance = asset.kind === 'stx' ? stxBalance : this.confirmedOf(asset, balances) - pendingSpend(pending, asset.id);
    const base: StacksQuote = {
      from: this.address,
      to: principalString(recipient),
      asset: { id: asset.id, symbol: asset.symbol, decimals: asset.decimals },
      amount: draft.amount,
      memo: draft.memo || undefined,
      fee: 0n,
      nonce,
      balance,
      stxBalance,
    };
    const fee = draft.fee ?? (await this.estimateFee(base, draft));
    checkFeeFloor(fee);
    checkFeeCap('stacks', fee, asset.kind === 'stx' ? draft.amount : undefined, 'send');
    const q = { ...base, fee };
    const stxNeeded = fee + (asset.kind === 'stx' ? draft.amount : 0n);
    if (asset.kind === 'sip010' && draft.amount > balance) {
      throw new WalletError('insufficient_funds', localText('err_token_above_balance', asset.symbol, fmt(balance, asset)));
    }
    if (stxNeeded > stxBalance) {
      if (asset.kind === 'stx') throw new WalletError('insufficient_funds', localText('err_stx_amount_fee_above_balance', fmt(stxNeeded, STX), fmt(stxBalance, STX)));
      throw new WalletError('insufficient_funds', localText('err_stx_fee_above_balance', fmt(fee, STX), fmt(stxBalance, STX)));
    }
    return q;
  }

  private spec(q: StacksQuote, draft: StacksDraft): TransferSpec {
    return {
      asset: findAsset(this.deps.preset.params, q.asset.id),
      sender: this.address,
      recipient: parsePrincipal(q.to, { allowContract: true }),
      amount: q.amount,
      memo: draft.memo || undefined,
      nonce: q.nonce,
      fee: q.fee,
    };
  }

  private async estimateFee(q: StacksQuote, draft: StacksDraft): Promise<bigint> {
    return this.feeFor(await unsignedTransfer(this.spec({ ...q, fee: 0n }, draft), bytesToHex(this.publicKey())));
  }

  /**
   * The node's estimate for this unsigned transaction (the middle one), else its
   * transfer byte rate (else the least rate a node takes) times the length; never
   * below MIN_FEE. Callers hold the result to the fee cap, whichever way it came.
   */
  private async feeFor(unsigned: StacksTransactionWire): Promise<bigint> {
    const { payloadHex, estimatedLength } = feeInputs(unsigned);
    const estimates = await this.hiro.feeEstimates(payloadHex, estimatedLength);
    const fee = estimates ? estimates[Math.min(1, estimates.length - 1)]! : ((await this.hiro.transferFeeRate()) ?? MIN_FEE_RATE) * BigInt(estimatedLength);
    return fee > MIN_FEE ? fee : MIN_FEE;
  }

  private confirmedOf(asset: StacksAsset, b: Awaited<ReturnType<HiroClient['balances']>>): bigint {
    if (asset.kind === 'stx') return BigInt(b.stx.balance) - BigInt(b.stx.locked ?? '0');
    return BigInt(b.fungible_tokens[asset.id]?.balance ?? '0');
  }

  /**
   * Our sends still pending, brought in line with the API's nonces before a new send
   * is numbered. Those at or below its last executed nonce are no longer waiting:
   * their fate is looked up (mined, perhaps without effect; or, unknown to the API,
   * their nonce taken by another transaction: dropped), so a new send neither counts
   * their amounts nor numbers itself after them. With `resend`, those the API does
   * not hold at all are sent again from the log, so the new send does not wait behind
   * their gap; one the node refuses is marked dropped and, unless another transaction
   * holds its nonce, `freed` for the new send to fill. Costs a round trip per such
   * send, none when the log agrees with the API.
   */
  private async settleNonces(api: HiroNonces, records: StacksSendRecord[], opts: { resend?: boolean } = {}): Promise<{ pending: StacksSendRecord[]; freed: bigint[] }> {
    const executed = api.last_executed_tx_nonce;
    let settled = executed === null ? records : await this.trackPending(records, BigInt(executed));
    const freed: bigint[] = [];
    if (opts.resend) {
      const refused = new Map<string, StacksSendRecord>();
      for (const r of unseenSends(api, settled)) {
        const outcome = await this.resend(r);
        // BadNonce: its nonce is confirmed, perhaps by this very send, which the API has not indexed yet; its fate is looked up later.
        if (outcome === 'held' || outcome.reason === 'BadNonce') continue;
        refused.set(r.txid, { ...r, status: 'dropped' });
        if (outcome.reason !== 'ConflictingNonceInMempool') freed.push(BigInt(r.nonce));
      }
      if (refused.size > 0) {
        settled = settled.map((r) => refused.get(r.txid) ?? r);
        await this.sends.updateAll(settled);
      }
    }
    return { pending: settled.filter((r) => r.status === 'pending'), freed };
  }

  /** Broadcasts one of our signed sends again: 'held' by the node, or its refusal. Throws when the node could not be asked. */
  private async resend(r: StacksSendRecord): Promise<'held' | StacksRejection> {
    try {
      await this.hiro.broadcast(r.raw);
      return 'held';
    } catch (err) {
      if (err instanceof StacksRejection) return err;
      throw err;
    }
  }

  /**
   * Updates our pending sends from the API: all of them, or with `executedUpTo` only
   * those at or below that nonce, where one the API does not know has lost its nonce
   * to another transaction. Elsewhere one the API does not know is sent again a
   * minute after it was signed (sooner, the API may just not have indexed it), and
   * marked dropped if the node refuses it (a minute on, BadNonce too: a send of ours
   * mined that long ago would be in the API).
   */
  private async trackPending(records: StacksSendRecord[], executedUpTo?: bigint): Promise<StacksSendRecord[]> {
    let changed = false;
    const update = (r: StacksSendRecord, status: StacksSendStatus, blockHeight?: number): StacksSendRecord => {
      changed = true;
      return { ...r, status, blockHeight };
    };
    const next = await Promise.all(
      records.map(async (r) => {
        if (r.status !== 'pending' || (executedUpTo !== undefined && BigInt(r.nonce) > executedUpTo)) return r;
        const tx = await this.hiro.tx(r.txid).catch(() => undefined);
        if (tx === undefined) return r;
        if (tx === null) {
          if (executedUpTo !== undefined) return update(r, 'dropped');
          if (this.deps.now() - r.createdAt <= REBROADCAST_AFTER_MS) return r;
          const outcome = await this.resend(r).catch(() => 'held' as const);
          return outcome === 'held' ? r : update(r, 'dropped');
        }
        const status = txFate(tx.tx_status);
        return status === r.status ? r : update(r, status, tx.block_height);
      }),
    );
    if (changed) await this.sends.updateAll(next);
    return next;
  }

  private activity(mined: HiroTx[], sends: StacksSendRecord[], assets: StacksAsset[]): ActivityItem[] {
    const items: ActivityItem[] = [];
    const seen = new Set<string>();
    for (const tx of mined) {
      const item = this.activityItem(tx, assets);
      if (!item) continue;
      items.push(item);
      seen.add(item.id);
    }
    for (const s of sends) {
      if (seen.has(s.txid)) continue;
      const a = assets.find((x) => x.id === s.asset) ?? STX;
      items.push({
        id: s.txid,
        direction: 'out',
        asset: a.id,
        symbol: a.symbol,
        decimals: a.decimals,
        amount: s.amount,
        fee: s.fee,
        status: s.status === 'confirmed' ? 'confirmed' : s.status,
        time: Math.floor(s.createdAt / 1000),
        counterparty: s.to,
        explorerUrl: this.explorerUrl(s.txid),
      });
    }
    return items.sort((a, b) => (b.status === 'pending' ? 1 : 0) - (a.status === 'pending' ? 1 : 0) || (b.time ?? 0) - (a.time ?? 0));
  }

  private activityItem(tx: HiroTx, assets: StacksAsset[]): ActivityItem | null {
    const me = this.address;
    const status = txFate(tx.tx_status);
    const time = tx.block_time ?? tx.burn_block_time;
    const id = tx.tx_id.replace(/^0x/, '');
    const common = { id, status, time, explorerUrl: this.explorerUrl(id) } as const;
    if (tx.tx_type === 'token_transfer') {
      const out = tx.sender_address === me;
      const to = tx.token_transfer.recipient_address;
      return {
        ...common,
        direction: out ? (to === me ? 'self' : 'out') : 'in',
        asset: STX.id,
        symbol: STX.symbol,
        decimals: STX.decimals,
        amount: this.uint(tx.token_transfer.amount),
        fee: out ? this.uint(tx.fee_rate) : undefined,
        counterparty: out ? to : tx.sender_address,
      };
    }
    if (tx.tx_type === 'contract_call' && tx.contract_call.function_name === 'transfer') {
      const token = assets.find((a) => a.kind === 'sip010' && a.contract === tx.contract_call.contract_id);
      const args = tx.contract_call.function_args ?? [];
      const amount = /^u(\d+)$/.exec(args[0]?.repr ?? '')?.[1];
      const to = args[2]?.repr.replace(/^'/, '');
      if (!token || !amount || !to) return null;
      const out = tx.sender_address === me;
      return {
        ...common,
        direction: out ? 'out' : 'in',
        asset: token.id,
        symbol: token.symbol,
        decimals: token.decimals,
        amount,
        fee: out ? this.uint(tx.fee_rate) : undefined,
        counterparty: out ? to : tx.sender_address,
      };
    }
    return null;
  }

  /** An amount as the API writes a u64 (digits); anything else makes the whole answer unreadable, as a popup could not show it. */
  private uint(v: unknown): string {
    if (typeof v === 'string' && /^\d+$/.test(v)) return v;
    throw new WalletError('backend_error', localText('err_overview_unreadable', this.hiro.host), this.hiro.host);
  }

  private explorerUrl(txid: string): string | undefined {
    const base = this.deps.preset.endpoints.explorer;
    if (!base || this.deps.preset.id === 'devnet') return undefined;
    return `${base.replace(/\/+$/, '')}/txid/0x${txid}?chain=testnet`;
  }

  /** The account's public key (compressed, hex): what a web page connecting may see. */
  publicKeyHex(): string {
    return bytesToHex(this.publicKey());
  }

  /** Signs a text message under the Stacks message prefix (message-signing.ts). */
  signMessage(message: string): { signature: string; publicKey: string } {
    return { signature: signHashRsv(stacksMessageHash(message), this.privateKey()), publicKey: this.publicKeyHex() };
  }

  /** Signs SIP-018 structured data; the caller has checked the domain's chain id. */
  signStructuredMessage(domain: ClarityValue, message: ClarityValue): { signature: string; publicKey: string } {
    return { signature: signHashRsv(structuredMessageHash(domain, message), this.privateKey()), publicKey: this.publicKeyHex() };
  }

  /** Signs a decoded transaction that spends from this account, without broadcasting it (sign-transaction.ts). */
  signTransaction(tx: StacksTransactionWire): { txid: string; hex: string } {
    return signOwnTransaction(tx, this.privateKey(), this.publicKey());
  }

  private privateKey(): Uint8Array {
    const key = this.deps.root.derive(this.path).privateKey;
    if (!key) throw new WalletError('internal', localText('err_key_not_derived', localText('layer_stacks')));
    return key;
  }

  private publicKey(): Uint8Array {
    const key = this.deps.root.derive(this.path).publicKey;
    if (!key) throw new WalletError('internal', localText('err_key_not_derived', localText('layer_stacks')));
    return key;
  }
}

/** Nodes refuse a fee under about one micro-STX per byte: a smaller one (a reviewed or a site's) is refused before signing. */
function checkFeeFloor(fee: bigint): void {
  if (fee < MIN_FEE) throw new WalletError('bad_fee_rate', localText('err_stx_fee_below_min', fmt(MIN_FEE, STX)));
}

function fmt(amount: bigint, asset: { decimals: number; symbol: string }): string {
  return formatAmountText(amount, asset.decimals, asset.symbol);
}
