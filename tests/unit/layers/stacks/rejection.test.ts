/**
 * A node's refusals as stacks-core's MemPoolRejection::into_json writes them
 * (stackslib/src/chainstate/stacks/db/blocks.rs), read by the wallet.
 */
import { describe, expect, it } from 'vitest';
import { isRejection, rejectionError, StacksRejection } from '../../../../src/layers/stacks/rejection';

const refusal = (reason: string, reason_data?: Record<string, unknown>) => ({ error: 'transaction rejected', reason, reason_data, txid: 'ab'.repeat(32) });

describe('rejectionError', () => {
  it.each([
    [refusal('BadNonce', { expected: 7, actual: 3, principal: 'ST…', is_origin: true }), 'broadcast_rejected', /nonce 3 is already used by a confirmed transaction \(next free nonce: 7\)\. Nothing was sent/],
    [refusal('ConflictingNonceInMempool'), 'broadcast_rejected', /same nonce is already waiting to be mined\. Nothing was sent/],
    [refusal('TooMuchChaining', { message: 'Nonce would exceed chaining limit in mempool', expected: 31, actual: 40, principal: 'ST…', is_origin: true }), 'broadcast_rejected', /too many transactions .* up to 31\)\. Nothing was sent/],
    [refusal('NotEnoughFunds', { expected: '0x10', actual: '0x01' }), 'insufficient_funds', /not have enough STX/],
    [refusal('SomethingNew'), 'broadcast_rejected', /\(SomethingNew\)/],
  ])('%o', (body, code, message) => {
    expect(isRejection(body)).toBe(true);
    const err = rejectionError(body);
    expect(err).toBeInstanceOf(StacksRejection);
    expect(err).toMatchObject({ code, reason: body.reason });
    expect(err.message).toMatch(message);
  });
});
