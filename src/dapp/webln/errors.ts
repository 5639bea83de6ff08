/**
 * WebLN has no error codes: its providers reject with an Error whose message says why
 * (the `webln` package names RejectionError, UnsupportedMethodError, InvalidDataError,
 * InternalError). Alby's extension rejects a refused prompt with the message
 * "User rejected" and no code. We keep Alby's message and add a numeric `code` from
 * EIP-1193 / JSON-RPC, which wallet-agnostic pages already test for.
 */
import type { DappErrorShape, DappRefusal } from '../../shared/dapp/protocol';
import { WalletError, type ErrorCode } from '../../shared/errors';
import { DappError } from '../family';

const CODES: Record<DappRefusal, number> = {
  user_rejected: 4001, // EIP-1193 "User Rejected Request"
  unauthorized: 4100, // EIP-1193 "Unauthorized"
  unsupported_method: 4200, // EIP-1193 "Unsupported Method"
  disconnected: 4900, // EIP-1193 "Disconnected"
  wrong_network: 4901, // EIP-1193 "Chain Disconnected": not on the network asked for
  invalid_params: -32602, // JSON-RPC "Invalid params"
  busy: -32002, // JSON-RPC "Resource unavailable", as MetaMask answers a request already pending
  internal: -32603, // JSON-RPC "Internal error"
};

export function weblnError(refusal: DappRefusal, message: string, data?: unknown): DappErrorShape {
  return { code: CODES[refusal], message: refusal === 'user_rejected' ? 'User rejected' : message, ...(data !== undefined ? { data } : {}) };
}

/** The wallet's own words about what the site handed over (an invoice, an LNURL): safe and useful to the site. */
const ABOUT_THE_INPUT: Partial<Record<ErrorCode, DappRefusal>> = {
  bad_invoice: 'invalid_params',
  invoice_expired: 'invalid_params',
  invoice_mismatch: 'invalid_params',
  bad_amount: 'invalid_params',
  bad_memo: 'invalid_params',
  bad_address: 'invalid_params',
  bad_lnurl: 'invalid_params',
  bad_params: 'invalid_params',
  lnurl_error: 'invalid_params',
  wrong_network: 'wrong_network',
};

/**
 * About the connected wallet: said in fixed words, since the wallet's own texts name
 * the user's NWC link (its Lightning Address) or relay, which a site need not learn.
 */
const ABOUT_THE_WALLET: Partial<Record<ErrorCode, string>> = {
  no_funding: 'No Lightning wallet is connected to Layerhop; nothing was sent.',
  insufficient_funds: 'The connected Lightning wallet does not hold enough for this payment; nothing was sent.',
  payment_failed: "The payment failed, or the connected wallet's proof of payment did not match the invoice; see Layerhop's Lightning activity before paying again.",
  payment_unknown: 'The payment was handed to the connected wallet but its outcome is not known yet; Layerhop will not pay this invoice again until it knows.',
  timeout: 'The connected Lightning wallet did not answer in time.',
  network_error: 'The connected Lightning wallet could not be reached.',
  backend_error: 'The connected Lightning wallet refused or could not answer.',
  host_permission: 'Layerhop may not contact this service yet: open it once from the Lightning screen to allow its host; nothing was sent.',
  locked: 'The wallet is locked.',
};

/** Any failure as the DappError the router turns into WebLN's error; a DappError passes unchanged. */
export function asDappError(err: unknown): DappError {
  if (err instanceof DappError) return err;
  if (err instanceof WalletError) {
    const refusal = ABOUT_THE_INPUT[err.code];
    if (refusal) return new DappError(refusal, err.message);
    if (err.code === 'unsupported') return new DappError('unsupported_method', 'The connected Lightning wallet does not offer this.');
    const fixed = ABOUT_THE_WALLET[err.code];
    if (fixed) return new DappError('internal', fixed);
  }
  return new DappError('internal', 'Layerhop could not complete the request.');
}
