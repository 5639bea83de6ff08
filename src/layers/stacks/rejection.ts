/**
 * A node's broadcast refusal (`{error, reason, reason_data, txid}`, the reasons of
 * stacks-core's MemPoolRejection, stackslib/src/chainstate/stacks/db/blocks.rs) as a
 * sentence a user can act on.
 */
import { WalletError, type ErrorCode } from '../../shared/errors';
import type { HiroRejection } from './hiro-types';

/** The node looked at the transaction and will not hold it (unlike an unreachable node or a 5xx, where it may have). */
export class StacksRejection extends WalletError {
  constructor(
    code: ErrorCode,
    message: string,
    /** stacks-core's reason code (`BadNonce`, `ConflictingNonceInMempool`, `NotEnoughFunds`...). */
    readonly reason: string,
  ) {
    super(code, message);
  }
}

export function isRejection(value: unknown): value is HiroRejection {
  return typeof value === 'object' && value !== null && typeof (value as HiroRejection).reason === 'string' && typeof (value as HiroRejection).error === 'string';
}

export function rejectionError(r: HiroRejection): StacksRejection {
  const data = r.reason_data ?? {};
  const refused = (code: ErrorCode, message: string) => new StacksRejection(code, message, r.reason);
  switch (r.reason) {
    case 'BadNonce':
      return refused(
        'broadcast_rejected',
        `The network refused the transaction: its nonce${typeof data.actual === 'number' ? ` ${data.actual}` : ''} is already used by a confirmed transaction${typeof data.expected === 'number' ? ` (next free nonce: ${data.expected})` : ''}. Nothing was sent; refresh and try again.`,
      );
    case 'ConflictingNonceInMempool':
      return refused(
        'broadcast_rejected',
        'The network refused the transaction: another transaction from this account with the same nonce is already waiting to be mined. Nothing was sent; refresh and try again.',
      );
    case 'TooMuchChaining':
      return refused(
        'broadcast_rejected',
        `The network refused the transaction: too many transactions from this account are already waiting to be mined${typeof data.expected === 'number' ? ` (it takes nonces up to ${data.expected})` : ''}. Nothing was sent; try again once some are mined.`,
      );
    case 'FeeTooLow':
      return refused('broadcast_rejected', `The network refused the transaction: the fee is below its minimum${typeof data.expected === 'number' ? ` of ${data.expected} micro-STX` : ''}.`);
    case 'NotEnoughFunds':
      return refused('insufficient_funds', 'The network refused the transaction: the account does not have enough STX for the amount and the fee.');
    case 'NoSuchContract':
    case 'NoSuchPublicFunction':
      return refused('broadcast_rejected', 'The network refused the transaction: the token contract or its transfer function does not exist on this network.');
    case 'BadAddressVersionByte':
      return refused('wrong_network', 'The network refused the transaction: an address in it belongs to another network.');
    case 'SignatureValidation':
      return refused('broadcast_rejected', 'The network refused the transaction: its signature did not verify.');
    default:
      return refused('broadcast_rejected', `The network refused the transaction (${r.reason}).`);
  }
}
