/**
 * Refusals as EIP-1193 / EIP-1474 errors. Codes: 4001 user rejected, 4100
 * unauthorized, 4200 unsupported method, 4900 disconnected, 4901 not connected to
 * the requested chain (EIP-1193 "Provider Errors"); 4902 unrecognized chain for
 * wallet_switchEthereumChain (EIP-3326); -32602 invalid params, -32603 internal,
 * -32002 resource unavailable for a busy wallet (EIP-1474).
 */
import type { DappErrorShape, DappRefusal } from '../../shared/dapp/protocol';
import { WalletError } from '../../shared/errors';
import { DappError } from '../family';

const CODES: Record<DappRefusal, number> = {
  user_rejected: 4001,
  unauthorized: 4100,
  unsupported_method: 4200,
  disconnected: 4900,
  wrong_network: 4901,
  invalid_params: -32602,
  busy: -32002,
  internal: -32603,
};

/** EIP-3326: a switch to a chain the wallet does not know. */
export const UNRECOGNIZED_CHAIN = 4902;

/** A code other than the refusal's own, carried in DappError.data (a node's error, or 4902). */
interface CodeOverride {
  rootstockCode: number;
  data?: unknown;
}

function isOverride(x: unknown): x is CodeOverride {
  return typeof x === 'object' && x !== null && typeof (x as CodeOverride).rootstockCode === 'number';
}

export function withCode(refusal: DappRefusal, message: string, code: number, data?: unknown): DappError {
  return new DappError(refusal, message, { rootstockCode: code, ...(data === undefined ? {} : { data }) } satisfies CodeOverride);
}

/**
 * A node's own JSON-RPC error for a forwarded read. Only codes a node may give pass
 * (3 with revert data, and the server range); a node cannot make the page believe
 * the user refused (4001) or the site is not connected (4100).
 */
export function nodeError(error: { code?: number; message?: string; data?: unknown }): DappError {
  const code = typeof error.code === 'number' && (error.code === 3 || (error.code <= -32000 && error.code >= -32099)) ? error.code : -32603;
  return withCode('internal', typeof error.message === 'string' ? error.message : 'The node refused the call.', code, error.data);
}

export function rootstockError(refusal: DappRefusal, message: string, data?: unknown): DappErrorShape {
  if (isOverride(data)) return { code: data.rootstockCode, message, ...(data.data === undefined ? {} : { data: data.data }) };
  return { code: CODES[refusal], message, ...(data === undefined ? {} : { data }) };
}

/** A layer's WalletError as the refusal a page understands; its English sentence goes along. */
export function fromWalletError(err: unknown): unknown {
  if (!(err instanceof WalletError)) return err;
  switch (err.code) {
    case 'wrong_network':
      return new DappError('wrong_network', err.message);
    case 'bad_address':
    case 'bad_amount':
    case 'bad_params':
      return new DappError('invalid_params', err.message);
    case 'locked':
      return new DappError('unauthorized', err.message);
    default:
      return new DappError('internal', err.message);
  }
}
