/**
 * The next nonce and the sends to broadcast again, from Hiro's nonces (shaped as
 * stacks-blockchain-api src/datastore/pg-store.ts getAddressNonces computes them)
 * and our send log.
 */
import { describe, expect, it } from 'vitest';
import type { HiroNonces } from '../../../../src/layers/stacks/hiro-types';
import { nextNonce, unseenSends } from '../../../../src/layers/stacks/nonce';
import type { StacksSendRecord, StacksSendStatus } from '../../../../src/layers/stacks/send-log';

const nonces = (o: Partial<HiroNonces>): HiroNonces => ({
  last_executed_tx_nonce: null,
  last_mempool_tx_nonce: null,
  possible_next_nonce: 0,
  detected_missing_nonces: [],
  detected_mempool_nonces: [],
  ...o,
});
const send = (nonce: number, status: StacksSendStatus = 'pending'): StacksSendRecord => ({
  txid: `tx${nonce}`,
  nonce: String(nonce),
  asset: 'STX',
  to: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG',
  amount: '1',
  fee: '180',
  raw: '00',
  createdAt: 0,
  status,
});

describe('nextNonce', () => {
  it('takes the API\'s next nonce, raised past our pending sends', () => {
    expect(nextNonce(nonces({ last_executed_tx_nonce: 4, possible_next_nonce: 5 }), [])).toBe(5n);
    expect(nextNonce(nonces({ last_executed_tx_nonce: 4, possible_next_nonce: 5 }), [send(5), send(6)])).toBe(7n);
    expect(nextNonce(nonces({ last_executed_tx_nonce: 4, possible_next_nonce: 5 }), [send(5, 'dropped'), send(4, 'confirmed')])).toBe(5n);
  });

  it('fills the lowest nonce missing below a waiting transaction, not above it', () => {
    const api = nonces({ last_executed_tx_nonce: 4, last_mempool_tx_nonce: 8, possible_next_nonce: 9, detected_missing_nonces: [7, 5], detected_mempool_nonces: [6] });
    expect(nextNonce(api, [])).toBe(5n);
    // Our own pending send holds 5 (sent again, not replaced): the next gap.
    expect(nextNonce(api, [send(5)])).toBe(7n);
    expect(nextNonce(api, [send(5), send(7)])).toBe(9n);
  });

  it('fills a nonce freed by a send of ours the node refused', () => {
    const api = nonces({ last_executed_tx_nonce: null, last_mempool_tx_nonce: 1, possible_next_nonce: 2 });
    expect(nextNonce(api, [], [0n])).toBe(0n);
  });

  it('ignores a "missing" nonce that is confirmed or above the next one (an API not to be believed there)', () => {
    expect(nextNonce(nonces({ last_executed_tx_nonce: 4, possible_next_nonce: 5, detected_missing_nonces: [3, 9] }), [])).toBe(5n);
    expect(nextNonce(nonces({ last_executed_tx_nonce: 4, possible_next_nonce: 5 }), [], [2n])).toBe(5n);
  });
});

describe('unseenSends', () => {
  it('lists our pending sends the API shows neither executed nor in its mempool, lowest first', () => {
    const api = nonces({ last_executed_tx_nonce: 4, last_mempool_tx_nonce: 8, possible_next_nonce: 9, detected_missing_nonces: [5, 7], detected_mempool_nonces: [6] });
    const sends = [send(9), send(3), send(4), send(5), send(6), send(7, 'dropped'), send(8)];
    expect(unseenSends(api, sends).map((s) => s.nonce)).toEqual(['5', '9']);
  });

  it('without an executed nonce, the API lists only its highest mempool nonce: every other pending send is sent again', () => {
    const api = nonces({ last_mempool_tx_nonce: 2, possible_next_nonce: 3 });
    expect(unseenSends(api, [send(2), send(1), send(0)]).map((s) => s.nonce)).toEqual(['0', '1']);
  });

  it('nothing when the log agrees with the API', () => {
    const api = nonces({ last_executed_tx_nonce: 4, last_mempool_tx_nonce: 6, possible_next_nonce: 7, detected_mempool_nonces: [5] });
    expect(unseenSends(api, [send(5), send(6), send(4)])).toEqual([]);
  });
});
