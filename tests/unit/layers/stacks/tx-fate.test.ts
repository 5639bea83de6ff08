/**
 * Hiro's `tx_status` values (stacks-blockchain-api src/api/schemas/v1/entities/transactions.ts,
 * mined and mempool) and the fate the wallet reads from each.
 */
import { describe, expect, it } from 'vitest';
import { txFate } from '../../../../src/layers/stacks/hiro-client';

describe('txFate', () => {
  it.each([
    ['success', 'confirmed'],
    ['abort_by_response', 'failed'],
    ['abort_by_post_condition', 'failed'],
    // Epoch 4.0: mined, payload skipped, fee paid and nonce used.
    ['problematic_skipped', 'failed'],
    ['pending', 'pending'],
    ['dropped_replace_by_fee', 'dropped'],
    ['dropped_replace_across_fork', 'dropped'],
    ['dropped_too_expensive', 'dropped'],
    ['dropped_stale_garbage_collect', 'dropped'],
    ['dropped_problematic', 'dropped'],
  ])('%s is %s', (status, fate) => {
    expect(txFate(status)).toBe(fate);
  });
});
