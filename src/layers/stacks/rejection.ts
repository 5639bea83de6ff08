/**
 * A node's broadcast refusal (`{error, reason, reason_data, txid}`, the reasons of
 * stacks-core's MemPoolRejection, stackslib/src/chainstate/stacks/db/blocks.rs) as a
 * sentence a user can act on.
 */
import { WalletError, type ErrorCode } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { formatAmountText, UNITS } from '../../shared/units';
import type { HiroRejection } from './hiro-types';

/** The node looked at the transaction and will not hold it (unlike an unreachable node or a 5xx, where it may have). */
export class StacksRejection extends WalletError {
  constructor(
    code: ErrorCode,
    text: string | LocalText,
    /** stacks-core's reason code (`BadNonce`, `ConflictingNonceInMempool`, `NotEnoughFunds`...). */
    readonly reason: string,
  ) {
    super(code, text);
  }
}

export function isRejection(value: unknown): value is HiroRejection {
  return typeof value === 'object' && value !== null && typeof (value as HiroRejection).reason === 'string' && typeof (value as HiroRejection).error === 'string';
}

/** A whole number the node put in `reason_data`, as text; undefined for anything else. */
const count = (v: unknown): string | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined);

export function rejectionError(r: HiroRejection): StacksRejection {
  const data = r.reason_data ?? {};
  const refused = (code: ErrorCode, text: LocalText) => new StacksRejection(code, text, r.reason);
  const actual = count(data.actual);
  const expected = count(data.expected);
  switch (r.reason) {
    case 'BadNonce':
      return refused(
        'broadcast_rejected',
        actual !== undefined && expected !== undefined ? localText('err_stx_rejected_nonce_used_n', actual, expected) : localText('err_stx_rejected_nonce_used'),
      );
    case 'ConflictingNonceInMempool':
      return refused('broadcast_rejected', localText('err_stx_rejected_nonce_conflict'));
    case 'TooMuchChaining':
      return refused('broadcast_rejected', expected !== undefined ? localText('err_stx_rejected_chaining_n', expected) : localText('err_stx_rejected_chaining'));
    case 'FeeTooLow':
      return refused(
        'broadcast_rejected',
        expected !== undefined ? localText('err_stx_rejected_fee_low_n', formatAmountText(BigInt(expected), UNITS.STX.decimals, UNITS.STX.symbol)) : localText('err_stx_rejected_fee_low'),
      );
    case 'NotEnoughFunds':
      return refused('insufficient_funds', localText('err_stx_rejected_funds'));
    case 'NoSuchContract':
    case 'NoSuchPublicFunction':
      return refused('broadcast_rejected', localText('err_stx_rejected_no_contract'));
    case 'BadAddressVersionByte':
      return refused('wrong_network', localText('err_stx_rejected_address_network'));
    case 'SignatureValidation':
      return refused('broadcast_rejected', localText('err_stx_rejected_signature'));
    default:
      // The node's own reason code, quoted as it sent it.
      return refused('broadcast_rejected', localText('err_stx_rejected_reason', r.reason.slice(0, 80)));
  }
}
