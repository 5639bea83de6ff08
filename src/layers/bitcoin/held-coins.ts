/**
 * Coins our own sends have spent while a scan may still show them unspent: a send
 * signed but not on the network yet, or one broadcast after the scan was taken
 * (another payment running at once) or too lately for the Esplora index to show;
 * and the change of a send we replaced, which its replacement takes away.
 * Planning from those coins would double-spend our own send: the node refuses one
 * (a hop then rebroadcasts a transaction that can never confirm), or under RBF a
 * later payment replaces an earlier one whose record still says "broadcast".
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { Transaction } from 'bitcoinjs-lib';
import type { ScanResult } from './discovery';
import type { SendRecord } from './pending-store';
import type { Utxo } from './wallet-state';

/**
 * A broadcast send the scan still does not show this long after it was signed is
 * taken as dropped from the mempool: its coins may be spent again. Esplora indexes
 * a broadcast within seconds; this only bounds how long a dropped send holds coins.
 */
export const UNSEEN_SEND_GRACE_MS = 30 * 60 * 1000;

const outpoint = (txid: string, vout: number) => `${txid}:${vout}`;

/** The outpoints a signed transaction spends. */
export function outpointsSpentBy(hex: string): string[] {
  return Transaction.fromHex(hex).ins.map((i) => outpoint(bytesToHex(Uint8Array.from(i.hash).reverse()), i.index));
}

/**
 * Outpoints spent by our sends that `scan` does not show (still signed, or broadcast
 * within the grace period), and the outputs of a send we replaced (Speed up) that the
 * scan still shows unconfirmed: its change goes away with it.
 */
export function heldBySends(records: readonly SendRecord[], scan: ScanResult, now: number): Set<string> {
  const held = new Set<string>();
  for (const r of records) {
    const seen = scan.txs.get(r.txid);
    if (seen && r.replacedBy && !seen.status.confirmed) seen.vout.forEach((_o, vout) => held.add(outpoint(r.txid, vout)));
    if (seen) continue;
    if (r.state === 'broadcast' && now - r.createdAt > UNSEEN_SEND_GRACE_MS) continue;
    for (const o of outpointsSpentBy(r.hex)) held.add(o);
  }
  return held;
}

/** The scan's coins less those `held`. */
export function withoutHeld<U extends Pick<Utxo, 'txid' | 'vout'>>(utxos: readonly U[], held: ReadonlySet<string>): U[] {
  return utxos.filter((u) => !held.has(outpoint(u.txid, u.vout)));
}
