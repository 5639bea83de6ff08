/**
 * Ethereum JSON-RPC as Rootstock nodes (RSKj) serve it, over the shared HttpClient.
 * Only the calls the wallet makes; every quantity comes back as bigint (amounts,
 * nonces) or number (block numbers, timestamps). Errors become WalletErrors with
 * a message for a person (rpc-errors.ts).
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { HttpError, type HttpClient } from '../../shared/http';
import { fromRpcError, JsonRpcError, type RpcErrorBody } from './rpc-errors';
import { rawTxHash } from './tx';

export type BlockTag = 'latest' | 'pending' | 'earliest' | number;

export interface RpcTransaction {
  hash: string;
  from: string;
  /** null for a contract creation. */
  to: string | null;
  value: bigint;
  nonce: bigint;
  gasPrice: bigint;
  blockNumber: number | null;
}

export interface RpcBlock {
  number: number;
  timestamp: number;
  /** RSKj: the miner's floor for this block (RSKIP-09). Absent on other EVM nodes. */
  minimumGasPrice?: bigint;
  /** EIP-1559 nodes (anvil, geth): the floor a legacy gas price must meet. Absent on RSKj. */
  baseFeePerGas?: bigint;
  /** Full transactions when asked for, else hashes. */
  transactions: (RpcTransaction | string)[];
}

export interface RpcReceipt {
  transactionHash: string;
  blockNumber: number;
  /** RSKj answers "0x1"/"0x01" for success and "0x0"/"0x00" for failure. */
  success: boolean;
  gasUsed: bigint;
  /** Not on every node; fall back to the transaction's gas price. */
  effectiveGasPrice?: bigint;
}

export interface CallRequest {
  from?: string;
  to: string;
  value?: bigint;
  data?: string;
}

interface RpcResponse {
  id?: number;
  result?: unknown;
  error?: RpcErrorBody;
}

const SENDING = new Set(['eth_sendRawTransaction', 'eth_estimateGas']);

/** Calls that read the chain and change nothing: what a web page may ask the node through the wallet. */
export const READ_ONLY_METHODS = [
  'eth_blockNumber',
  'eth_getBalance',
  'eth_call',
  'eth_estimateGas',
  'eth_getTransactionReceipt',
  'eth_getTransactionByHash',
  'eth_gasPrice',
  'eth_getCode',
  'eth_getTransactionCount',
] as const;
export type ReadOnlyMethod = (typeof READ_ONLY_METHODS)[number];
/** RSKj's default cap on one batch (rpc.providers.web.max_batch_requests_size). */
const MAX_BATCH = 100;

const hex = (n: bigint | number) => `0x${n.toString(16)}`;

function tag(t: BlockTag): string {
  return typeof t === 'number' ? hex(t) : t;
}

export class RootstockRpc {
  private nextId = 1;

  constructor(readonly http: HttpClient) {}

  get host(): string {
    return this.http.host;
  }

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const body = { jsonrpc: '2.0', id: this.nextId++, method, params };
    let reply: RpcResponse;
    try {
      reply = await this.http.postJson<RpcResponse>('', body);
    } catch (err) {
      throw this.fromHttpError(err, method);
    }
    return this.unwrap<T>(reply, method);
  }

  /**
   * One call whose answer goes back as the node gave it, JSON-RPC error included (a
   * web page's read: an eth_call's revert data must reach it). Only READ_ONLY_METHODS.
   */
  async forward(method: ReadOnlyMethod, params: unknown[]): Promise<{ result: unknown } | { error: RpcErrorBody }> {
    if (!(READ_ONLY_METHODS as readonly string[]).includes(method)) throw new WalletError('unsupported', localText('err_rsk_not_read_only', method));
    const body = { jsonrpc: '2.0', id: this.nextId++, method, params };
    let reply: RpcResponse;
    try {
      reply = await this.http.postJson<RpcResponse>('', body);
    } catch (err) {
      const parsed = this.fromHttpError(err, method);
      if (parsed instanceof JsonRpcError) return { error: { code: parsed.rpcCode, message: parsed.rpcMessage } };
      throw parsed;
    }
    if (typeof reply === 'object' && reply !== null && reply.error && typeof reply.error === 'object') {
      const { code, message, data } = reply.error;
      return { error: { code: typeof code === 'number' ? code : -32603, message: typeof message === 'string' ? message.slice(0, 500) : 'error', ...(data === undefined ? {} : { data }) } };
    }
    return { result: this.unwrap(reply, method) };
  }

  /** Several calls in one HTTP request (RSKj and anvil both take JSON-RPC batches). */
  async batch<T>(method: string, paramsList: unknown[][]): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < paramsList.length; i += MAX_BATCH) {
      const chunk = paramsList.slice(i, i + MAX_BATCH);
      for (const reply of await this.sendBatch(chunk.map((params) => ({ method, params })), method)) {
        if (!reply) throw new WalletError('backend_error', localText('err_rpc_batch_partial', this.host, method), this.host);
        out.push(this.unwrap<T>(reply, method));
      }
    }
    return out;
  }

  /**
   * What a refresh reads of an account, in one request: the head, the confirmed and
   * pending balance and the mined nonce. Each answer stands alone, as four calls did:
   * a node refusing the `pending` tag (or answering it with no number) costs only the
   * pending balance (null); any other read missing or refused fails the whole.
   */
  async accountState(address: string): Promise<{ head: number; confirmed: bigint; pending: bigint | null; minedNonce: bigint }> {
    const me = address.toLowerCase();
    const calls = [
      { method: 'eth_blockNumber', params: [] },
      { method: 'eth_getBalance', params: [me, 'latest'] },
      { method: 'eth_getBalance', params: [me, 'pending'] },
      { method: 'eth_getTransactionCount', params: [me, 'latest'] },
    ];
    const replies = await this.sendBatch(calls, [...new Set(calls.map((c) => c.method))].join(', '));
    const read = (i: number): unknown => {
      const { method } = calls[i]!;
      const reply = replies[i];
      if (!reply) throw new WalletError('backend_error', localText('err_rpc_batch_partial', this.host, method), this.host);
      return this.unwrap(reply, method);
    };
    const head = Number(quantity(read(0), 'block number', this.host));
    const confirmed = quantity(read(1), 'balance', this.host);
    let pending: bigint | null;
    try {
      pending = quantity(read(2), 'balance', this.host);
    } catch {
      pending = null;
    }
    return { head, confirmed, pending, minedNonce: quantity(read(3), 'nonce', this.host) };
  }

  /** One batch request; the replies in the order of `calls`, matched by id (undefined where the node left one out). */
  private async sendBatch(calls: readonly { method: string; params: unknown[] }[], label: string): Promise<(RpcResponse | undefined)[]> {
    const firstId = this.nextId;
    this.nextId += calls.length;
    const body = calls.map(({ method, params }, j) => ({ jsonrpc: '2.0', id: firstId + j, method, params }));
    let replies: RpcResponse[];
    try {
      replies = await this.http.postJson<RpcResponse[]>('', body);
    } catch (err) {
      throw this.fromHttpError(err, label);
    }
    if (!Array.isArray(replies)) throw new WalletError('backend_error', localText('err_rpc_batch_not_list', this.host, label), this.host);
    const byId = new Map<unknown, RpcResponse>();
    for (const r of replies) {
      if (typeof r !== 'object' || r === null) continue;
      // Two answers to one of these calls contradict each other: which one the node meant cannot be told.
      if (byId.has(r.id) && typeof r.id === 'number' && r.id >= firstId && r.id < firstId + calls.length) throw new WalletError('backend_error', localText('err_rpc_batch_duplicate', this.host, label), this.host);
      byId.set(r.id, r);
    }
    return calls.map((_, j) => byId.get(firstId + j));
  }

  async chainId(): Promise<number> {
    return Number(quantity(await this.call('eth_chainId'), 'chain id', this.host));
  }

  async getBalance(address: string, at: BlockTag = 'latest'): Promise<bigint> {
    return quantity(await this.call('eth_getBalance', [address.toLowerCase(), tag(at)]), 'balance', this.host);
  }

  /** With 'pending', counts the node's pooled transactions too: the next nonce to use. */
  async getTransactionCount(address: string, at: BlockTag = 'pending'): Promise<bigint> {
    return quantity(await this.call('eth_getTransactionCount', [address.toLowerCase(), tag(at)]), 'nonce', this.host);
  }

  /** The contract code at `address` ("0x" for an account without code). */
  async getCode(address: string, at: BlockTag = 'latest'): Promise<string> {
    const code = await this.call<unknown>('eth_getCode', [address.toLowerCase(), tag(at)]);
    if (typeof code !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(code)) throw new WalletError('backend_error', localText('err_rsk_code_not_hex', this.host));
    return code;
  }

  async gasPrice(): Promise<bigint> {
    return quantity(await this.call('eth_gasPrice'), 'gas price', this.host);
  }

  async estimateGas(req: CallRequest): Promise<bigint> {
    const params: Record<string, string> = { to: req.to.toLowerCase() };
    if (req.from) params.from = req.from.toLowerCase();
    if (req.value !== undefined) params.value = hex(req.value);
    if (req.data) params.data = req.data;
    return quantity(await this.call('eth_estimateGas', [params]), 'gas estimate', this.host);
  }

  /** Returns the transaction hash. A node that already holds this exact transaction counts as success. */
  async sendRawTransaction(raw: string): Promise<string> {
    try {
      const hash = await this.call<unknown>('eth_sendRawTransaction', [raw]);
      if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
        throw new WalletError('backend_error', localText('err_rpc_no_hash', this.host), this.host);
      }
      return hash.toLowerCase();
    } catch (err) {
      if (err instanceof WalletError && /already known|known transaction|already imported|already in pool|same hash/i.test(rpcMessageOf(err))) {
        return rawTxHash(raw);
      }
      throw err;
    }
  }

  async getTransactionReceipt(hash: string): Promise<RpcReceipt | null> {
    const r = await this.call<Record<string, unknown> | null>('eth_getTransactionReceipt', [hash]);
    if (r === null || r === undefined) return null;
    // Some nodes return a receipt for a pooled transaction with a null block: not mined yet.
    if (r.blockNumber === null || r.blockNumber === undefined) return null;
    return {
      transactionHash: String(r.transactionHash ?? hash).toLowerCase(),
      blockNumber: Number(quantity(r.blockNumber, 'block number', this.host)),
      success: quantity(r.status, 'receipt status', this.host) === 1n,
      gasUsed: quantity(r.gasUsed, 'gas used', this.host),
      effectiveGasPrice: r.effectiveGasPrice === undefined || r.effectiveGasPrice === null ? undefined : quantity(r.effectiveGasPrice, 'gas price', this.host),
    };
  }

  async getTransactionByHash(hash: string): Promise<RpcTransaction | null> {
    const t = await this.call<Record<string, unknown> | null>('eth_getTransactionByHash', [hash]);
    return t ? parseTransaction(t, this.host) : null;
  }

  async blockNumber(): Promise<number> {
    return Number(quantity(await this.call('eth_blockNumber'), 'block number', this.host));
  }

  async getBlockByNumber(at: BlockTag, fullTransactions = false): Promise<RpcBlock | null> {
    const b = await this.call<Record<string, unknown> | null>('eth_getBlockByNumber', [tag(at), fullTransactions]);
    return b ? parseBlock(b, this.host) : null;
  }

  /** Many blocks in batched requests, in the order asked; a block the node lacks is null. */
  async getBlocks(numbers: number[], fullTransactions: boolean): Promise<(RpcBlock | null)[]> {
    const raw = await this.batch<Record<string, unknown> | null>(
      'eth_getBlockByNumber',
      numbers.map((n) => [hex(n), fullTransactions]),
    );
    return raw.map((b) => (b ? parseBlock(b, this.host) : null));
  }

  private unwrap<T>(reply: RpcResponse, method: string): T {
    if (typeof reply !== 'object' || reply === null) {
      throw new WalletError('backend_error', localText('err_rpc_not_jsonrpc', this.host, method), this.host);
    }
    if (reply.error) throw fromRpcError(this.host, method, reply.error, SENDING.has(method));
    if (!('result' in reply)) throw new WalletError('backend_error', localText('err_rpc_no_result', this.host, method), this.host);
    return reply.result as T;
  }

  /** Some nodes send JSON-RPC errors with an HTTP error status; read the JSON-RPC error when there is one. */
  private fromHttpError(err: unknown, method: string): unknown {
    if (!(err instanceof HttpError)) return err;
    try {
      const body = JSON.parse(err.body) as RpcResponse;
      if (body && typeof body === 'object' && body.error) return fromRpcError(this.host, method, body.error, SENDING.has(method));
    } catch {
      // not JSON: keep the HTTP error
    }
    return err;
  }
}

/** An eth_getBlockByNumber result (RSKj or any EVM node). */
export function parseBlock(b: Record<string, unknown>, host: string): RpcBlock {
  const optional = (v: unknown, what: QuantityField) => (v === undefined || v === null || v === '' ? undefined : quantity(v, what, host));
  const txs = Array.isArray(b.transactions) ? b.transactions : [];
  return {
    number: Number(quantity(b.number, 'block number', host)),
    timestamp: Number(quantity(b.timestamp, 'block time', host)),
    minimumGasPrice: optional(b.minimumGasPrice, 'minimum gas price'),
    baseFeePerGas: optional(b.baseFeePerGas, 'base fee'),
    transactions: txs.map((t) => (typeof t === 'string' ? t : parseTransaction(t as Record<string, unknown>, host))),
  };
}

/** An eth_getTransactionByHash result, or a full transaction inside a block. */
export function parseTransaction(t: Record<string, unknown>, host: string): RpcTransaction {
  const optional = (v: unknown, what: QuantityField) => (v === undefined || v === null ? undefined : quantity(v, what, host));
  const blockNumber = optional(t.blockNumber, 'block number');
  return {
    hash: String(t.hash).toLowerCase(),
    from: String(t.from).toLowerCase(),
    to: typeof t.to === 'string' && t.to !== '' ? t.to.toLowerCase() : null,
    value: quantity(t.value, 'value', host),
    nonce: quantity(t.nonce, 'nonce', host),
    gasPrice: optional(t.gasPrice, 'gas price') ?? 0n,
    blockNumber: blockNumber === undefined ? null : Number(blockNumber),
  };
}

function rpcMessageOf(err: WalletError): string {
  return 'rpcMessage' in err && typeof err.rpcMessage === 'string' ? err.rpcMessage : err.message;
}

/**
 * A JSON-RPC QUANTITY. Accepts "0x…" hex (the spec, and RSKj today) and plain
 * decimal strings, which older RSKj versions used for `minimumGasPrice`.
 */
export function quantity(value: unknown, what: QuantityField, host: string): bigint {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)) return value === '0x' ? 0n : BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new WalletError('backend_error', localText('err_rpc_not_number', host, QUANTITY_FIELDS[what], String(JSON.stringify(value)).slice(0, 40)), host);
}

/** The fields read as quantities, by the name each is shown under. */
const QUANTITY_FIELDS = {
  'chain id': localText('rpcField_chainId'),
  balance: localText('rpcField_balance'),
  nonce: localText('rpcField_nonce'),
  'gas price': localText('rpcField_gasPrice'),
  'gas estimate': localText('rpcField_gasEstimate'),
  'block number': localText('rpcField_blockNumber'),
  'receipt status': localText('rpcField_receiptStatus'),
  'gas used': localText('rpcField_gasUsed'),
  'block time': localText('rpcField_blockTime'),
  'minimum gas price': localText('rpcField_minimumGasPrice'),
  'base fee': localText('rpcField_baseFee'),
  value: localText('rpcField_value'),
};
export type QuantityField = keyof typeof QUANTITY_FIELDS;
