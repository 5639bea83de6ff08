/** The activity list the popup shows: own sends from the send log and receives found in blocks. */
import type { ActivityItem } from '../../shared/layer-views';
import { UNITS } from '../../shared/units';
import { toChecksumAddress } from './address';
import type { ReceiveRecord } from './receive-scan';
import { latestAttempts, type SendRecord } from './send-log';

export interface ActivityContext {
  chainId: number;
  /** Best block number, for confirmations. */
  head: number;
  explorerUrl: (hash: string) => string | undefined;
}

const UNIT = { asset: 'RBTC', symbol: UNITS.RBTC.symbol, decimals: UNITS.RBTC.decimals };

export function buildActivity(sends: SendRecord[], receives: ReceiveRecord[], ctx: ActivityContext): ActivityItem[] {
  const latest = latestAttempts(sends);
  const confirmations = (block?: number) => (block === undefined ? undefined : Math.max(0, ctx.head - block + 1));
  const out: ActivityItem[] = sends.map((r) => ({
    id: r.hash,
    direction: r.to === r.from ? 'self' : 'out',
    ...UNIT,
    amount: r.amount,
    // Mined: what the gas actually cost. Pending: the most it can cost.
    fee: (r.gasUsed && r.effectiveGasPrice ? BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice) : BigInt(r.gasLimit) * BigInt(r.gasPrice)).toString(),
    status: r.status,
    confirmations: confirmations(r.blockNumber),
    time: Math.floor(r.createdAt / 1000),
    counterparty: toChecksumAddress(r.to, ctx.chainId),
    explorerUrl: ctx.explorerUrl(r.hash),
    canSpeedUp: r.status === 'pending' && latest.get(r.nonce)?.hash === r.hash,
  }));
  for (const r of receives) {
    out.push({
      id: r.hash,
      direction: 'in',
      ...UNIT,
      amount: r.amount,
      status: 'confirmed',
      confirmations: confirmations(r.blockNumber),
      time: r.time,
      counterparty: toChecksumAddress(r.from, ctx.chainId),
      explorerUrl: ctx.explorerUrl(r.hash),
    });
  }
  // Pending first, then newest first.
  return out.sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || (b.time ?? 0) - (a.time ?? 0));
}
