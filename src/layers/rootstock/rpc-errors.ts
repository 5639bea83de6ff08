/**
 * JSON-RPC errors from Rootstock (RSKj) and other EVM nodes, turned into messages
 * a person can act on. Nodes word the same refusal differently (RSKj: "transaction's
 * gas price lower than block's minimum"; geth/anvil: "transaction underpriced",
 * "max fee per gas less than block base fee"), so matching is on key phrases.
 */
import { WalletError, type ErrorCode } from '../../shared/errors';

/** The node answered, and said no: nothing was accepted. */
export class JsonRpcError extends WalletError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly rpcCode: number,
    readonly rpcMessage: string,
  ) {
    super(code, message);
  }
}

export interface RpcErrorBody {
  code?: number;
  message?: string;
  data?: unknown;
}

const RULES: { test: RegExp; code: ErrorCode; message: (host: string, raw: string) => string }[] = [
  {
    // RSKj says "the sender account doesn't exist" for an account that never received anything.
    test: /insufficient funds|not enough (?:balance|funds)|balance too low|sender account doesn'?t exist/i,
    code: 'insufficient_funds',
    message: () => 'The balance does not cover the amount plus the gas. Lower the amount or add RBTC.',
  },
  {
    test: /replacement transaction underpriced|gas price.*(?:bump|replace)/i,
    code: 'bad_fee_rate',
    message: () => 'The node wants a higher gas price to replace the pending transaction. Try a higher gas price.',
  },
  {
    test: /minimum gas price|lower than (?:the )?block'?s? minimum|underpriced|less than (?:the )?block base fee|gas ?price too low|fee cap less than block base fee/i,
    code: 'bad_fee_rate',
    message: (host) => `${host} refused the gas price as below the network minimum. Refresh the quote and send again.`,
  },
  {
    test: /nonce too low|nonce.*(?:already|lower|used)|invalid nonce/i,
    code: 'broadcast_rejected',
    message: () => 'Another transaction from this account already used this nonce (it may have confirmed meanwhile). Refresh and try again.',
  },
  {
    test: /nonce too high|nonce.*gap/i,
    code: 'broadcast_rejected',
    message: () => 'The node expects an earlier transaction from this account first. Refresh and try again.',
  },
  {
    test: /intrinsic gas too low|gas limit reached|exceeds block gas limit|out of gas/i,
    code: 'broadcast_rejected',
    message: (_host, raw) => `The gas limit does not fit this transaction (${raw}).`,
  },
  {
    test: /chain ?id|replay.?protect|invalid sender/i,
    code: 'wrong_network',
    message: (host) => `${host} is on another chain than this wallet's network. Check the RPC URL in settings.`,
  },
  {
    test: /execution reverted|revert/i,
    code: 'broadcast_rejected',
    message: (_host, raw) => `The destination contract refuses this transfer (${raw}).`,
  },
];

/** A JSON-RPC `error` object as a WalletError; `sending` says whether a transaction was submitted. */
export function fromRpcError(host: string, method: string, error: RpcErrorBody, sending: boolean): JsonRpcError {
  const rpcCode = typeof error.code === 'number' ? error.code : 0;
  const raw = typeof error.message === 'string' ? error.message.slice(0, 200) : 'no message';
  if (rpcCode === -32601) {
    return new JsonRpcError('unsupported', `${host} does not offer ${method}. Is this a Rootstock or EVM JSON-RPC endpoint?`, rpcCode, raw);
  }
  for (const rule of RULES) {
    if (rule.test.test(raw)) return new JsonRpcError(rule.code, rule.message(host, raw), rpcCode, raw);
  }
  return sending
    ? new JsonRpcError('broadcast_rejected', `${host} refused the transaction: ${raw}`, rpcCode, raw)
    : new JsonRpcError('backend_error', `${host} answered ${method} with an error: ${raw}`, rpcCode, raw);
}
