/**
 * Nonces as a Stacks node treats them (stacks-core stackslib/src/chainstate/stacks/db/blocks.rs
 * `can_include_tx`, stackslib/src/core/mempool.rs): one below the confirmed nonce is
 * refused; one above the next is admitted but is not mined until every nonce below it
 * is (a gap); a second transaction at a nonce in the mempool conflicts. Hiro reports
 * the gaps it sees between its last executed and last mempool nonce
 * (`detected_missing_nonces`), and only once the account has an executed nonce
 * (stacks-blockchain-api src/datastore/pg-store.ts getAddressNonces).
 *
 * So a new send never goes above a gap: it fills the lowest nonce missing below the
 * transactions waiting on it, and our own sends the API does not hold are sent again
 * from the log first (unseenSends), since filling their nonce with a new send would
 * replace what the user already signed.
 */
import type { HiroNonces } from './hiro-types';
import type { StacksSendRecord } from './send-log';

/**
 * The nonce of the next send: the lowest nonce missing below transactions already
 * waiting (reported by the API, or `freed` by a send of ours the node refused) that no
 * pending send of ours holds; else the API's next nonce, raised past our pending sends
 * (the API may not have seen them yet, so two quick sends would otherwise collide).
 */
export function nextNonce(api: HiroNonces, sends: readonly StacksSendRecord[], freed: readonly bigint[] = []): bigint {
  const held = new Set(sends.filter((s) => s.status === 'pending').map((s) => BigInt(s.nonce)));
  let next = BigInt(api.possible_next_nonce);
  for (const n of held) if (n >= next) next = n + 1n;
  const confirmed = api.last_executed_tx_nonce === null ? 0n : BigInt(api.last_executed_tx_nonce) + 1n;
  for (const n of [...api.detected_missing_nonces.map(BigInt), ...freed]) {
    if (n >= confirmed && n < next && !held.has(n)) next = n;
  }
  return next;
}

/**
 * Our pending sends the API's nonces do not show as mined or waiting in its mempool,
 * lowest nonce first: a broadcast lost on the way, or one the mempool forgot. Each is
 * sent again before a new send, so the new one does not wait behind its gap. Where
 * the API cannot tell (no executed nonce yet: it then lists only its highest mempool
 * nonce), the send is sent again anyway; a node answers a transaction it already
 * holds with its txid.
 */
export function unseenSends(api: HiroNonces, sends: readonly StacksSendRecord[]): StacksSendRecord[] {
  const inMempool = new Set(api.detected_mempool_nonces ?? []);
  if (api.last_mempool_tx_nonce !== null) inMempool.add(api.last_mempool_tx_nonce);
  const executed = api.last_executed_tx_nonce;
  return sends
    .filter((s) => s.status === 'pending')
    .filter((s) => !(executed !== null && BigInt(s.nonce) <= BigInt(executed)) && !inMempool.has(Number(s.nonce)))
    .sort((a, b) => (BigInt(a.nonce) < BigInt(b.nonce) ? -1 : 1));
}
