/**
 * Transfer memos. An STX transfer carries at most 34 bytes of memo, and SIP-010
 * `transfer` takes an `(optional (buff 34))`; the limit is in UTF-8 bytes, not
 * characters, so an emoji counts for four.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';

export const MEMO_MAX_BYTES = 34;

/** The memo as bytes, or undefined for none. Throws `bad_memo` past 34 bytes. */
export function encodeMemo(memo: string | undefined): Uint8Array | undefined {
  if (memo === undefined || memo === '') return undefined;
  const bytes = utf8ToBytes(memo);
  if (bytes.length > MEMO_MAX_BYTES) {
    throw new WalletError('bad_memo', localText('err_stx_memo_too_long', String(bytes.length), String(MEMO_MAX_BYTES)));
  }
  return bytes;
}
