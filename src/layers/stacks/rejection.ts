/**
 * A node's broadcast refusal (`{error, reason, reason_data, txid}`, the reasons of
 * stacks-core's MemPoolRejection) as a sentence a user can act on.
 */
import { WalletError } from '../../shared/errors';
import type { HiroRejection } from './hiro-types';

export function isRejection(value: unknown): value is HiroRejection {
  return typeof value === 'object' && value !== null && typeof (value as HiroRejection).reason === 'string' && typeof (value as HiroRejection).error === 'string';
}

export function rejectionError(r: HiroRejection): WalletError {
  const data = r.reason_data ?? {};
  switch (r.reason) {
    case 'BadNonce':
    case 'ConflictingNonceInMempool':
      return new WalletError(
        'broadcast_rejected',
        `The network refused the transaction: its nonce${typeof data.actual === 'number' ? ` ${data.actual}` : ''} is already used${typeof data.expected === 'number' ? ` (next free nonce: ${data.expected})` : ''}. Refresh and try again.`,
      );
    case 'FeeTooLow':
      return new WalletError('broadcast_rejected', `The network refused the transaction: the fee is below its minimum${typeof data.expected === 'number' ? ` of ${data.expected} micro-STX` : ''}.`);
    case 'NotEnoughFunds':
      return new WalletError('insufficient_funds', 'The network refused the transaction: the account does not have enough STX for the amount and the fee.');
    case 'NoSuchContract':
    case 'NoSuchPublicFunction':
      return new WalletError('broadcast_rejected', 'The network refused the transaction: the token contract or its transfer function does not exist on this network.');
    case 'BadAddressVersionByte':
      return new WalletError('wrong_network', 'The network refused the transaction: an address in it belongs to another network.');
    case 'SignatureValidation':
      return new WalletError('broadcast_rejected', 'The network refused the transaction: its signature did not verify.');
    default:
      return new WalletError('broadcast_rejected', `The network refused the transaction (${r.reason}).`);
  }
}
