/**
 * Brings the stored pending sends up to date with the node: mined ones get their
 * receipt, ones whose nonce another transaction used become replaced (a sibling
 * attempt was mined) or dropped, and the newest attempt for a nonce the node has
 * forgotten (restart, eviction, lost broadcast) is broadcast again.
 */
import type { RootstockRpc } from './rpc';
import { latestAttempts, type SendRecord } from './send-log';

/** Returns the updated records; `minedNonce` is eth_getTransactionCount(address, 'latest'). */
export async function trackPending(rpc: RootstockRpc, records: SendRecord[], minedNonce: bigint): Promise<SendRecord[]> {
  const pending = records.filter((r) => r.status === 'pending');
  if (pending.length === 0) return records;
  const receipts = await Promise.all(pending.map((r) => rpc.getTransactionReceipt(r.hash)));
  const receiptOf = new Map(pending.map((r, i) => [r.hash, receipts[i]]));
  const next = records.map((r): SendRecord => {
    const receipt = receiptOf.get(r.hash);
    if (!receipt) return { ...r };
    return {
      ...r,
      status: receipt.success ? 'confirmed' : 'failed',
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
      effectiveGasPrice: (receipt.effectiveGasPrice ?? BigInt(r.gasPrice)).toString(),
    };
  });
  // minedNonce was read before the receipts, so a nonce below it has its mined transaction's receipt by now.
  for (const r of next) {
    if (r.status !== 'pending' || BigInt(r.nonce) >= minedNonce) continue;
    const sibling = next.some((o) => o.nonce === r.nonce && (o.status === 'confirmed' || o.status === 'failed'));
    r.status = sibling ? 'replaced' : 'dropped';
  }
  const latest = latestAttempts(next);
  const waiting = next.filter((r) => r.status === 'pending' && latest.get(r.nonce)?.hash === r.hash);
  await Promise.all(
    waiting.map(async (r) => {
      const known = await rpc.getTransactionByHash(r.hash).catch(() => undefined);
      if (known === null) await rpc.sendRawTransaction(r.raw).catch(() => undefined);
    }),
  );
  return next;
}
