/**
 * JSON-RPC errors from Rootstock (RSKj) and other EVM nodes, turned into messages
 * a person can act on. Nodes word the same refusal differently (RSKj: "transaction's
 * gas price lower than block's minimum"; geth/anvil: "transaction underpriced",
 * "max fee per gas less than block base fee"), so matching is on key phrases.
 */
import { WalletError, type ErrorCode } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';

/** The node answered, and said no: nothing was accepted. */
export class JsonRpcError extends WalletError {
  constructor(
    code: ErrorCode,
    text: string | LocalText,
    readonly rpcCode: number,
    readonly rpcMessage: string,
  ) {
    super(code, text);
  }
}

export interface RpcErrorBody {
  code?: number;
  message?: string;
  data?: unknown;
}

/** `raw` is the node's own wording, quoted as the node's where it is shown. */
const RULES: { test: RegExp; code: ErrorCode; text: (host: string, raw: string) => LocalText }[] = [
  {
    // RSKj says "the sender account doesn't exist" for an account that never received anything.
    test: /insufficient funds|not enough (?:balance|funds)|balance too low|sender account doesn'?t exist/i,
    code: 'insufficient_funds',
    text: () => localText('err_rsk_rpc_funds'),
  },
  {
    test: /replacement transaction underpriced|gas price.*(?:bump|replace)/i,
    code: 'bad_fee_rate',
    text: () => localText('err_rsk_rpc_replace_price'),
  },
  {
    test: /minimum gas price|lower than (?:the )?block'?s? minimum|underpriced|less than (?:the )?block base fee|gas ?price too low|fee cap less than block base fee/i,
    code: 'bad_fee_rate',
    text: (host) => localText('err_rsk_rpc_below_min', host),
  },
  {
    test: /nonce too low|nonce.*(?:already|lower|used)|invalid nonce/i,
    code: 'broadcast_rejected',
    text: () => localText('err_rsk_rpc_nonce_used'),
  },
  {
    test: /nonce too high|nonce.*gap/i,
    code: 'broadcast_rejected',
    text: () => localText('err_rsk_rpc_nonce_gap'),
  },
  {
    test: /intrinsic gas too low|gas limit reached|exceeds block gas limit|out of gas/i,
    code: 'broadcast_rejected',
    text: (host, raw) => localText('err_rsk_rpc_gas_limit', host, raw),
  },
  {
    test: /chain ?id|replay.?protect|invalid sender/i,
    code: 'wrong_network',
    text: (host) => localText('err_rsk_rpc_chain', host),
  },
  {
    test: /execution reverted|revert/i,
    code: 'broadcast_rejected',
    text: (host, raw) => localText('err_rsk_rpc_reverted', host, raw),
  },
];

/** A JSON-RPC `error` object as a WalletError; `sending` says whether a transaction was submitted. */
export function fromRpcError(host: string, method: string, error: RpcErrorBody, sending: boolean): JsonRpcError {
  const rpcCode = typeof error.code === 'number' ? error.code : 0;
  const raw = typeof error.message === 'string' ? error.message.slice(0, 200) : 'no message';
  if (rpcCode === -32601) {
    return new JsonRpcError('unsupported', localText('err_rsk_rpc_no_method', host, method), rpcCode, raw);
  }
  for (const rule of RULES) {
    if (rule.test.test(raw)) return new JsonRpcError(rule.code, rule.text(host, raw), rpcCode, raw);
  }
  return sending
    ? new JsonRpcError('broadcast_rejected', localText('err_rsk_rpc_refused', host, raw), rpcCode, raw)
    : new JsonRpcError('backend_error', localText('err_rsk_rpc_error', host, method, raw), rpcCode, raw);
}
