/**
 * The Rootstock layer: one account at m/44'/37310'/0'/0/0, RBTC balance and
 * activity, and legacy-transaction sends with a speed-up. Background-only: it
 * derives the private key when it signs and returns public data.
 *
 * Activity = the wallet's own sends (send-log.ts, kept current by
 * pending-tracker.ts) plus incoming transfers found by reading recent blocks
 * (receive-scan.ts).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { checkGasCap } from '../../shared/fee-caps';
import type { LayerOverview } from '../../shared/layer-views';
import { presetPageExplorer } from '../../shared/explorer';
import { txUrl } from '../../shared/links';
import { formatAmount, formatAmountText, UNITS } from '../../shared/units';
import type { LayerDeps, LayerService, ReceiveView } from '../types';
import { buildActivity } from './activity';
import { parseAddress, toChecksumAddress } from './address';
import { payFromDevAccount } from './devnet-faucet';
import { ceilPercent, gasPrices, max, replacementGasPrice, type GasPrices } from './gas';
import { rootstockAddress } from './keys';
import { serialize } from '../serialize';
import { trackPending } from './pending-tracker';
import { ReceiveScanner } from './receive-scan';
import { RootstockRpc } from './rpc';
import { JsonRpcError } from './rpc-errors';
import { latestAttempts, rootstockSends, type SendRecord } from './send-log';
import type { SendStore } from '../send-store';
import { rawTxData, signLegacyTx } from './tx';
import { signPersonalMessage, signTypedData } from './message-sign';
import { typedDataChainId, type TypedData } from './typed-data';
import type { ReadOnlyMethod } from './rpc';
import type { RpcErrorBody } from './rpc-errors';

export interface RootstockDraft {
  /** Destination as typed: lower case, EIP-1191 for this chain, or EIP-55. */
  to: string;
  /** Wei. */
  amount: bigint;
  /** Wei per gas; default: the network's suggestion, never below the block minimum. */
  gasPrice?: bigint;
  /** On send: the gas limit the user reviewed, signed as it is unless the transfer now needs more. */
  gasLimit?: bigint;
  /** Call data, 0x-hex (a web page's eth_sendTransaction); absent or "0x" for a plain transfer. */
  data?: string;
}

export interface RootstockQuote {
  from: string;
  /** The destination with this chain's EIP-1191 checksum. */
  to: string;
  amount: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  /** The latest block's floor; `gasPrice` is never below it. */
  minimumGasPrice: bigint;
  /** gasLimit × gasPrice: the most the gas can cost (unused gas is not charged). */
  fee: bigint;
  total: bigint;
  /** What the account can spend now (confirmed, less its own pending sends). */
  balance: bigint;
  nonce: bigint;
  chainId: number;
}

export interface RootstockSendResult {
  hash: string;
  nonce: bigint;
  from: string;
  to: string;
  amount: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  fee: bigint;
  total: bigint;
  /** For a speed-up: the pending send this one replaces. */
  replaces?: string;
}

const PLAIN_TRANSFER_GAS = 21_000n;
/** A user gas price this far above the suggestion is surely a slip of units. */
const MAX_GAS_PRICE_FACTOR = 100n;

const rbtc = (wei: bigint) => formatAmountText(wei, UNITS.RBTC.decimals, UNITS.RBTC.symbol);
const gwei = (wei: bigint) => `${formatAmount(wei, 9)} gwei`;

/** Call data as bytes; refuses text that is not whole 0x-hex bytes. */
function callData(data: string | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) throw new WalletError('bad_params', localText('err_rsk_call_data'));
  return hexToBytes(data.slice(2));
}

export class RootstockService implements LayerService {
  readonly layer = 'rootstock' as const;
  /** EIP-1191 checksummed for the preset's chain. */
  readonly address: string;
  readonly path: string;
  readonly chainId: number;
  private readonly rpc: RootstockRpc;
  private readonly sends: SendStore<SendRecord>;
  private readonly receives: ReceiveScanner;
  private readonly lockKey: string;

  constructor(private readonly deps: LayerDeps<'rootstock'>) {
    const { address, path } = rootstockAddress(deps.root, deps.preset.params);
    this.address = address;
    this.path = path;
    this.chainId = deps.preset.params.chainId;
    const url = deps.preset.endpoints.rpc;
    if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_rootstock')));
    this.rpc = new RootstockRpc(deps.http(url));
    this.sends = rootstockSends(deps.store, deps.preset.id, address);
    this.receives = new ReceiveScanner(deps.store, deps.preset.id, address, deps.preset.params.receiveScanBlocks ?? 0);
    this.lockKey = `rootstock:${deps.preset.id}:${address.toLowerCase()}`;
  }

  async receive(): Promise<ReceiveView> {
    // The bare address: wallets read it more widely than an EIP-681 URI.
    return { address: this.address, uri: this.address, path: this.path };
  }

  /** Local devnet only: `wei` from the node's prefunded dev account to this wallet. */
  async devnetFaucet(wei: bigint): Promise<{ hash: string; address: string; amount: bigint }> {
    if (this.deps.preset.id !== 'devnet') throw new WalletError('unsupported', localText('err_faucet_devnet_only'));
    // The URL is editable: make sure it still points at a node of the devnet's chain.
    this.checkChain(await this.rpc.chainId());
    const hash = await payFromDevAccount(this.rpc, this.address, wei);
    return { hash, address: this.address, amount: wei };
  }

  /** Checks a destination as typed and returns it with this chain's checksum. */
  validateAddress(input: string): string {
    return parseAddress(input, this.chainId);
  }

  overview(): Promise<LayerOverview> {
    return serialize(this.lockKey, async () => {
      const me = this.address;
      // One batched request, not four: each costs the worker about a millisecond of its thread, shared with the other layers' refreshes.
      const [{ head, confirmed, pending, minedNonce }, records] = await Promise.all([this.rpc.accountState(me), this.sends.list()]);
      const [sends, receives] = await Promise.all([this.trackPending(records, minedNonce), this.receives.scan(this.rpc, head)]);
      return {
        layer: 'rootstock',
        network: this.deps.preset.id,
        balances: [
          {
            asset: 'RBTC',
            symbol: UNITS.RBTC.symbol,
            decimals: UNITS.RBTC.decimals,
            confirmed: confirmed.toString(),
            pending: ((pending ?? confirmed) - confirmed).toString(),
          },
        ],
        activity: buildActivity(sends, receives, { chainId: this.chainId, head, explorerUrl: (hash) => this.explorerUrl(hash) }),
        updatedAt: this.deps.now(),
      };
    });
  }

  /** Gas limit, gas price and totals for a draft. Sends nothing. */
  async quote(draft: RootstockDraft): Promise<RootstockQuote> {
    return this.prepare(draft);
  }

  /** Whether `address` holds contract code on this chain. */
  async isContract(address: string): Promise<boolean> {
    return (await this.rpc.getCode(parseAddress(address, this.chainId))) !== '0x';
  }

  /** A read a web page asks of this network's node, answered as the node answered it. */
  forwardRead(method: ReadOnlyMethod, params: unknown[]): Promise<{ result: unknown } | { error: RpcErrorBody }> {
    return this.rpc.forward(method, params);
  }

  /** EIP-191 personal_sign by this account: 0x r ‖ s ‖ v. */
  signPersonalMessage(message: Uint8Array): string {
    return signPersonalMessage(message, this.privateKey());
  }

  /** EIP-712 typed data signed by this account, when it is for this chain (or names none). */
  signTypedData(data: TypedData): string {
    const chainId = typedDataChainId(data);
    if (chainId !== undefined && chainId !== BigInt(this.chainId)) {
      throw new WalletError('wrong_network', localText('err_rsk_typed_data_chain', chainId.toString(), String(this.chainId)));
    }
    return signTypedData(data, this.privateKey());
  }

  /**
   * Builds, signs and broadcasts. The signed send is stored before it is
   * broadcast, so a worker stopped mid-way still knows of it.
   */
  send(draft: RootstockDraft, hooks: { beforeBroadcast?: (signed: { hash: string }) => Promise<void> } = {}): Promise<RootstockSendResult> {
    return serialize(this.lockKey, async () => {
      const q = await this.prepare(draft);
      const record = this.sign(q.to, q.amount, q.nonce, q.gasPrice, q.gasLimit, callData(draft.data));
      await this.sends.put(record);
      // A hop persists the hash before anything reaches the network.
      await hooks.beforeBroadcast?.({ hash: record.hash });
      await this.broadcast(record);
      return { hash: record.hash, nonce: q.nonce, from: this.address, to: q.to, amount: q.amount, gasPrice: q.gasPrice, gasLimit: q.gasLimit, fee: q.fee, total: q.total };
    });
  }

  /**
   * Signs and broadcasts a contract call from this account (hops: Boltz's
   * EtherSwap lock, claim and refund). Same path as send(): gas from the node's
   * estimate with headroom, stored before broadcast, refused calls leave no record.
   */
  callContract(
    call: {
      to: string;
      data: string;
      value?: bigint;
      /** What the call releases to this account (a claim's or refund's lockup), for the fee cap; default: its value. */
      releases?: bigint;
    },
    hooks: { beforeBroadcast?: (signed: { hash: string }) => Promise<void> } = {},
  ): Promise<RootstockSendResult> {
    return serialize(this.lockKey, async () => {
      const to = parseAddress(call.to, this.chainId);
      const value = call.value ?? 0n;
      const me = this.address;
      const [chainId, balance, nonce, prices] = await Promise.all([
        this.rpc.chainId(),
        this.rpc.getBalance(me, 'latest'),
        this.rpc.getTransactionCount(me, 'pending'),
        gasPrices(this.rpc),
      ]);
      this.checkChain(chainId);
      const estimate = await this.rpc.estimateGas({ from: me, to, value, data: call.data });
      const gasLimit = ceilPercent(estimate, 20n);
      checkGasCap(prices.suggested, gasLimit, call.releases ?? value, 'contract call');
      const fee = gasLimit * prices.suggested;
      if (value + fee > balance) {
        throw new WalletError('insufficient_funds', localText('err_rsk_gas_above_balance', rbtc(value), rbtc(fee), rbtc(balance)));
      }
      const data = hexToBytes(call.data.replace(/^0x/i, ''));
      const record = this.sign(to, value, nonce, prices.suggested, gasLimit, data);
      await this.sends.put(record);
      // A hop persists the hash before anything reaches the network.
      await hooks.beforeBroadcast?.({ hash: record.hash });
      await this.broadcast(record);
      return { hash: record.hash, nonce, from: me, to, amount: value, gasPrice: prices.suggested, gasLimit, fee, total: value + fee };
    });
  }

  /**
   * Gives up a call of ours that its hop no longer wants out (a lock whose swap ended before it
   * was seen), unless the network has it: true when the node knows it (kept); else its record is
   * dropped, so no refresh broadcasts it and its nonce is free again. Under the account's lock, so
   * no send or refresh broadcasts it between the look and the drop.
   */
  dropUnsent(hash: string): Promise<boolean> {
    return serialize(this.lockKey, () => this.dropUnknown([hash.toLowerCase()]));
  }

  /**
   * The same for every pending call of ours to `to` carrying `data` (a call whose hash its hop never
   * saved: the worker died between storing it and broadcasting it); true when the node has one.
   */
  dropUnsentCalls(to: string, data: string): Promise<boolean> {
    return serialize(this.lockKey, async () => {
      const target = to.toLowerCase();
      const body = data.replace(/^0x/i, '').toLowerCase();
      // The legacy transaction's RLP holds the call data as it is.
      const hashes = (await this.sends.list()).filter((r) => r.status === 'pending' && r.to === target && r.raw.toLowerCase().includes(body)).map((r) => r.hash);
      return this.dropUnknown(hashes);
    });
  }

  private async dropUnknown(hashes: string[]): Promise<boolean> {
    let kept = false;
    for (const h of hashes) {
      const [known, receipt] = await Promise.all([this.rpc.getTransactionByHash(h), this.rpc.getTransactionReceipt(h)]);
      if (known || receipt) kept = true;
      else await this.sends.remove(h);
    }
    return kept;
  }

  /**
   * Replaces a pending send with the same nonce, destination and amount at a
   * higher gas price: at least REPLACEMENT_BUMP_PERCENT more, and above the
   * current suggestion (so above the block minimum).
   */
  speedUp(txHash: string, gasPrice?: bigint): Promise<RootstockSendResult> {
    return serialize(this.lockKey, async () => {
      const hash = txHash.toLowerCase();
      const records = await this.sends.list();
      const original = records.find((r) => r.hash === hash);
      if (!original) throw new WalletError('not_found', localText('err_tx_not_ours'));
      const latest = latestAttempts(records).get(original.nonce);
      if (latest && latest.hash !== original.hash) {
        throw new WalletError('not_bumpable', localText('err_rsk_already_replaced'));
      }
      if (original.status !== 'pending') throw new WalletError('not_bumpable', localText('err_rsk_not_pending', original.status));

      const [chainId, receipt, minedNonce, balance, prices] = await Promise.all([
        this.rpc.chainId(),
        this.rpc.getTransactionReceipt(original.hash),
        this.rpc.getTransactionCount(this.address, 'latest'),
        this.rpc.getBalance(this.address, 'latest'),
        gasPrices(this.rpc),
      ]);
      this.checkChain(chainId);
      if (receipt || minedNonce > BigInt(original.nonce)) {
        await this.trackPending(records, minedNonce);
        throw new WalletError('not_bumpable', localText('err_rsk_already_mined'));
      }

      const least = replacementGasPrice(BigInt(original.gasPrice), prices);
      const price = gasPrice ?? least;
      if (price < least) {
        throw new WalletError('bad_fee_rate', localText('err_rsk_replace_min_gas', gwei(least), gwei(BigInt(original.gasPrice))));
      }
      this.checkNotAbsurd(price, prices);
      const amount = BigInt(original.amount);
      const gasLimit = BigInt(original.gasLimit);
      checkGasCap(price, gasLimit, amount, 'speed-up');
      const fee = gasLimit * price;
      // The replacement displaces the original, but other pending sends still need their funds.
      const others = [...latestAttempts(records).values()].filter((r) => r.status === 'pending' && r.nonce !== original.nonce);
      const reserved = others.reduce((sum, r) => sum + BigInt(r.amount) + BigInt(r.gasLimit) * BigInt(r.gasPrice), 0n);
      const spendable = balance - reserved;
      if (amount + fee > spendable) {
        throw new WalletError('insufficient_funds', localText('err_rsk_bump_funds', rbtc(amount), rbtc(fee), rbtc(spendable < 0n ? 0n : spendable)));
      }

      const to = toChecksumAddress(original.to, this.chainId);
      // A call keeps its data: rebuilt from the signed transaction, never as a plain transfer to the contract.
      const data = rawTxData(original.raw);
      const record = { ...this.sign(to, amount, BigInt(original.nonce), price, gasLimit, data), replaces: original.hash };
      await this.sends.put(record);
      await this.broadcast(record);
      return { hash: record.hash, nonce: BigInt(original.nonce), from: this.address, to, amount, gasPrice: price, gasLimit, fee, total: amount + fee, replaces: original.hash };
    });
  }

  private async prepare(draft: RootstockDraft): Promise<RootstockQuote> {
    const to = parseAddress(draft.to, this.chainId);
    const data = callData(draft.data);
    // A call may move nothing; a plain transfer of nothing is a slip.
    if (typeof draft.amount !== 'bigint' || draft.amount < 0n || (draft.amount === 0n && data.length === 0)) {
      throw new WalletError('bad_amount', localText('err_amount_zero'));
    }
    const me = this.address;
    const [chainId, confirmed, pending, nonce, prices] = await Promise.all([
      this.rpc.chainId(),
      this.rpc.getBalance(me, 'latest'),
      this.rpc.getBalance(me, 'pending').catch(() => null),
      this.rpc.getTransactionCount(me, 'pending'),
      gasPrices(this.rpc),
    ]);
    this.checkChain(chainId);
    // Pending sends of our own already took their share in the pending state.
    const balance = pending !== null && pending < confirmed ? pending : confirmed;
    if (draft.amount > balance) {
      throw new WalletError('insufficient_funds', localText('err_rsk_above_balance', rbtc(draft.amount), rbtc(balance)));
    }
    const gasPrice = draft.gasPrice ?? prices.suggested;
    if (gasPrice < prices.minimum) {
      if (draft.gasLimit === undefined) throw new WalletError('bad_fee_rate', localText('err_rsk_gas_below_min', gwei(prices.minimum)));
      throw new WalletError('fee_changed', localText('err_rsk_gas_below_min_review', gwei(prices.minimum)));
    }
    this.checkNotAbsurd(gasPrice, prices);
    const estimate = await this.rpc.estimateGas({ from: me, to, value: draft.amount, data: data.length ? draft.data : undefined });
    // A plain transfer costs exactly 21,000; a contract's estimate gets headroom.
    const needed = estimate === PLAIN_TRANSFER_GAS ? estimate : ceilPercent(estimate, 20n);
    if (draft.gasLimit !== undefined && estimate > draft.gasLimit) {
      throw new WalletError('fee_changed', localText('err_rsk_gas_changed', String(estimate), String(draft.gasLimit)));
    }
    // The reviewed limit is signed as it is: what the user saw is the most the gas can cost.
    const gasLimit = draft.gasLimit ?? needed;
    checkGasCap(gasPrice, gasLimit, draft.amount, 'send');
    const fee = gasLimit * gasPrice;
    const total = draft.amount + fee;
    if (total > balance) {
      throw new WalletError(
        'insufficient_funds',
        localText('err_rsk_above_balance_gas', rbtc(draft.amount), rbtc(fee), rbtc(balance), rbtc(max(balance - fee, 0n))),
      );
    }
    return { from: me, to, amount: draft.amount, gasLimit, gasPrice, minimumGasPrice: prices.minimum, fee, total, balance, nonce, chainId };
  }

  private checkChain(nodeChainId: number): void {
    if (nodeChainId !== this.chainId) {
      throw new WalletError(
        'wrong_network',
        localText('err_rsk_node_chain', this.rpc.host, String(nodeChainId), String(this.chainId)),
      );
    }
  }

  private checkNotAbsurd(gasPrice: bigint, prices: GasPrices): void {
    if (gasPrice > prices.suggested * MAX_GAS_PRICE_FACTOR) {
      throw new WalletError('fee_too_high', localText('err_rsk_gas_absurd', gwei(gasPrice), String(MAX_GAS_PRICE_FACTOR), gwei(prices.suggested)));
    }
  }

  private privateKey(): Uint8Array {
    const key = this.deps.root.derive(this.path).privateKey;
    if (!key) throw new WalletError('locked', localText('err_locked'));
    return key;
  }

  private sign(to: string, amount: bigint, nonce: bigint, gasPrice: bigint, gasLimit: bigint, data?: Uint8Array): SendRecord {
    const signed = signLegacyTx({ nonce, gasPrice, gasLimit, to, value: amount, data, chainId: this.chainId }, this.privateKey());
    return {
      hash: signed.hash,
      nonce: nonce.toString(),
      from: this.address.toLowerCase(),
      to: to.toLowerCase(),
      amount: amount.toString(),
      gasPrice: gasPrice.toString(),
      gasLimit: gasLimit.toString(),
      raw: signed.raw,
      createdAt: this.deps.now(),
      status: 'pending',
    };
  }

  private async broadcast(record: SendRecord): Promise<void> {
    try {
      await this.rpc.sendRawTransaction(record.raw);
    } catch (err) {
      if (err instanceof JsonRpcError) {
        // The node said no: nothing is out there, so nothing stays recorded.
        await this.sends.remove(record.hash);
        throw err;
      }
      throw new WalletError(
        'network_error',
        localText('err_rsk_broadcast_unconfirmed', this.rpc.host),
      );
    }
  }

  private async trackPending(records: SendRecord[], minedNonce: bigint): Promise<SendRecord[]> {
    const next = await trackPending(this.rpc, records, minedNonce);
    if (next !== records) await this.sends.updateAll(next);
    return next;
  }

  /** The explorer page of a transaction, when the network has an explorer. */
  explorerUrl(hash: string): string | undefined {
    return txUrl(presetPageExplorer(this.deps.preset), hash);
  }
}
