/**
 * A node's refusals as stacks-core's MemPoolRejection::into_json writes them
 * (stackslib/src/chainstate/stacks/db/blocks.rs), read by the wallet.
 */
import { describe, expect, it } from 'vitest';
import { isRejection, rejectionError, StacksRejection } from '../../../../src/layers/stacks/rejection';
import { shownError } from '../../../helpers/locale';

const refusal = (reason: string, reason_data?: Record<string, unknown>) => ({ error: 'transaction rejected', reason, reason_data, txid: 'ab'.repeat(32) });

describe('rejectionError', () => {
  it.each([
    [refusal('BadNonce', { expected: 7, actual: 3, principal: 'ST…', is_origin: true }), 'broadcast_rejected', /nonce 3 is already used by a confirmed transaction \(next free nonce: 7\)\. Nothing was sent/],
    [refusal('ConflictingNonceInMempool'), 'broadcast_rejected', /same nonce is already waiting to be mined\. Nothing was sent/],
    [refusal('TooMuchChaining', { message: 'Nonce would exceed chaining limit in mempool', expected: 31, actual: 40, principal: 'ST…', is_origin: true }), 'broadcast_rejected', /too many transactions .* up to 31\)\. Nothing was sent/],
    [refusal('NotEnoughFunds', { expected: '0x10', actual: '0x01' }), 'insufficient_funds', /not have enough STX/],
    [refusal('SomethingNew'), 'broadcast_rejected', /the node gave the reason “SomethingNew”\. Nothing was sent/],
  ])('%o', (body, code, message) => {
    expect(isRejection(body)).toBe(true);
    const err = rejectionError(body);
    expect(err).toBeInstanceOf(StacksRejection);
    expect(err).toMatchObject({ code, reason: body.reason });
    expect(err.message).toMatch(message);
  });
});

describe('a refusal in the user\'s language', () => {
  it('names the minimum fee in STX as the popup shows amounts, and reads in Chinese', () => {
    const err = rejectionError(refusal('FeeTooLow', { expected: 180, actual: 1 }));
    expect(err.message).toBe('The network refused the transaction: the fee is below its minimum of 0.00018 STX. Nothing was sent.');
    expect(shownError(err)).toBe('网络拒绝了这笔交易：手续费低于它的最低要求 0.00018 STX。未发送任何资金。');
  });

  it('leaves out a number the node sent that is not a whole count, rather than printing it', () => {
    expect(rejectionError(refusal('FeeTooLow', { expected: 1.5 })).message).toBe('The network refused the transaction: the fee is below its minimum. Nothing was sent.');
    expect(rejectionError(refusal('BadNonce', { expected: -1, actual: 3 })).message).not.toMatch(/-1|next free nonce/);
  });

  it('quotes a reason code it does not know as the node\'s, in Chinese too', () => {
    const err = rejectionError(refusal('SomethingNew'));
    expect(shownError(err)).toBe('网络拒绝了这笔交易；节点给出的原因是“SomethingNew”。未发送任何资金。');
  });
});
