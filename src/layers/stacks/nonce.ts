/**
 * The nonce of the next send: the API's `possible_next_nonce`, but never one a
 * send of ours still pending already uses (the API may not have seen it yet, so
 * two quick sends would otherwise collide).
 */
import type { HiroNonces } from './hiro-types';
import type { StacksSendRecord } from './send-log';

export function nextNonce(api: HiroNonces, sends: readonly StacksSendRecord[]): bigint {
  let next = BigInt(api.possible_next_nonce);
  for (const s of sends) {
    if (s.status === 'pending' && BigInt(s.nonce) >= next) next = BigInt(s.nonce) + 1n;
  }
  return next;
}
