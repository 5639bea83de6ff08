/**
 * Sats Connect's JSON-RPC error codes (@sats-connect/core `RpcErrorCode`) for the
 * router's refusals, and the layer's WalletErrors as refusals with their English text.
 */
import { englishText } from '../../shared/english';
import { WalletError } from '../../shared/errors';
import type { DappErrorShape, DappRefusal } from '../../shared/dapp/protocol';
import { PsbtRefusal } from '../../layers/bitcoin/foreign-psbt';
import { DappError } from '../family';

export const RPC_ERROR = {
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  USER_REJECTION: -32000,
  ACCESS_DENIED: -32002,
} as const;

/**
 * Sats Connect has no code of its own for "another network" or "disconnected":
 * a wrong network is a request the wallet cannot take as given (INVALID_PARAMS,
 * `data.reason` says which), a disconnected site is denied access like one never
 * connected (ACCESS_DENIED).
 */
const CODES: Record<DappRefusal, number> = {
  user_rejected: RPC_ERROR.USER_REJECTION,
  unauthorized: RPC_ERROR.ACCESS_DENIED,
  disconnected: RPC_ERROR.ACCESS_DENIED,
  unsupported_method: RPC_ERROR.METHOD_NOT_FOUND,
  invalid_params: RPC_ERROR.INVALID_PARAMS,
  wrong_network: RPC_ERROR.INVALID_PARAMS,
  busy: RPC_ERROR.INTERNAL_ERROR,
  internal: RPC_ERROR.INTERNAL_ERROR,
};

export function satsConnectError(refusal: DappRefusal, message: string, data?: unknown): DappErrorShape {
  const extra = refusal === 'wrong_network' ? { reason: 'wrong_network', ...(typeof data === 'object' && data ? data : {}) } : data;
  return { code: CODES[refusal], message, ...(extra !== undefined ? { data: extra } : {}) };
}

/** What the request asked that the wallet cannot do as given, by the layer's error codes; the rest is the wallet's own failure. */
const INVALID: readonly string[] = ['bad_address', 'bad_amount', 'below_dust', 'insufficient_funds', 'bad_fee_rate', 'fee_too_high'];

/** Runs `work`, turning the layer's refusals into the family's (a DappError passes as it is). */
export async function asDappErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DappError) throw err;
    if (err instanceof PsbtRefusal) throw new DappError('invalid_params', `${err.message} Nothing was signed.`);
    if (err instanceof WalletError) {
      // Pages get English (the standard's message), whatever the popup's language.
      const message = err.text ? englishText(err.text) : err.message;
      if (err.code === 'wrong_network') throw new DappError('wrong_network', message);
      throw new DappError(INVALID.includes(err.code) ? 'invalid_params' : 'internal', message, { code: err.code });
    }
    throw err;
  }
}
