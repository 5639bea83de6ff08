/**
 * Refusals as the JSON-RPC errors @stacks/connect v8 reads (its JsonRpcErrorCode,
 * from SIP-030 "Error Codes"): -32000 user rejection, -32002 access denied, -32601
 * method not found, -32602 invalid params, -32603 internal. SIP-030 has no code for
 * a request on another network: it is an invalid param for this wallet (-32602),
 * with `data.network` naming the wallet's. The layer's own errors (WalletError) become
 * refusals here, keeping their English sentence.
 */
import { WalletError, type ErrorCode } from '../../shared/errors';
import type { DappErrorShape, DappRefusal } from '../../shared/dapp/protocol';
import type { NetworkPreset } from '../../shared/networks';
import { DappError } from '../family';

export const STACKS_RPC_CODES: Record<DappRefusal, number> = {
  user_rejected: -32000,
  unauthorized: -32002,
  disconnected: -32002,
  unsupported_method: -32601,
  invalid_params: -32602,
  wrong_network: -32602,
  busy: -32603,
  internal: -32603,
};

export function stacksError(refusal: DappRefusal, message: string, data?: unknown): DappErrorShape {
  return data === undefined ? { code: STACKS_RPC_CODES[refusal], message } : { code: STACKS_RPC_CODES[refusal], message, data };
}

/** Errors of the request itself (what the site sent); any other failure (funds, the node) is internal. */
const INVALID: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['bad_params', 'bad_amount', 'bad_address', 'bad_memo', 'bad_fee_rate', 'fee_too_high', 'below_dust', 'unsupported']);

/**
 * Runs `work`, turning a WalletError into the refusal a page understands. The
 * sentence keeps what happened but not where: the hosts of the preset's endpoints
 * (a node the user runs, perhaps on their own network) are not the site's to learn.
 */
export async function asDappErrors<T>(preset: NetworkPreset<'stacks'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof WalletError)) throw err;
    const refusal: DappRefusal = err.code === 'wrong_network' ? 'wrong_network' : INVALID.has(err.code) ? 'invalid_params' : 'internal';
    throw new DappError(refusal, withoutHosts(err.message, preset), { reason: err.code });
  }
}

export function withoutHosts(message: string, preset: NetworkPreset<'stacks'>): string {
  let out = message;
  for (const url of Object.values(preset.endpoints)) {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      continue;
    }
    if (host) out = out.split(url.replace(/\/+$/, '')).join('the Stacks node').split(host).join('the Stacks node');
  }
  return out;
}
