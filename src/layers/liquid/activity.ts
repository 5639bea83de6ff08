/**
 * Views for the popup: balances per asset (confirmed, and the net of unconfirmed
 * transactions as pending) and one activity line per asset a transaction moved,
 * amounts from the unblinded outputs.
 */
import type { ActivityItem, AssetBalance } from '../../shared/layer-views';
import { txUrl } from '../../shared/links';
import type { LiquidParams } from '../../shared/networks';
import { toAmountString } from '../../shared/units';
import { scriptToAddress } from './address';
import type { AssetInfo } from './assets';
import type { PendingSend } from './pending';
import type { TxEffect } from './wallet-state';

export interface ViewContext {
  policy: AssetInfo;
  info: (asset: string) => AssetInfo;
  params: LiquidParams;
  tip: number;
  explorer: string;
}

export function balancesOf(effects: readonly TxEffect[], ctx: ViewContext): AssetBalance[] {
  const rows = new Map<string, { confirmed: bigint; pending: bigint }>([[ctx.policy.id, { confirmed: 0n, pending: 0n }]]);
  for (const e of effects) {
    for (const [asset, delta] of e.deltas) {
      const row = rows.get(asset) ?? { confirmed: 0n, pending: 0n };
      if (e.status.confirmed) row.confirmed += delta;
      else row.pending += delta;
      rows.set(asset, row);
    }
  }
  return [...rows]
    .filter(([asset, r]) => asset === ctx.policy.id || r.confirmed !== 0n || r.pending !== 0n)
    .map(([asset, r]) => {
      const info = ctx.info(asset);
      return { asset, symbol: info.ticker, decimals: info.precision, confirmed: toAmountString(r.confirmed), pending: toAmountString(r.pending) };
    });
}

export function activityOf(effects: readonly TxEffect[], pending: readonly PendingSend[], ctx: ViewContext): ActivityItem[] {
  const height = (e: TxEffect) => (e.status.confirmed ? (e.status.block_height ?? 0) : Number.MAX_SAFE_INTEGER);
  const sorted = [...effects].sort((a, b) => height(b) - height(a));
  const items: ActivityItem[] = pending.map((p) => line(p.txid, p.txid, 'out', p.asset, BigInt(p.amount), ctx, { fee: BigInt(p.fee), counterparty: p.to }));
  for (const e of sorted) {
    const status = e.status.confirmed ? 'confirmed' : 'pending';
    const confirmations = e.status.confirmed && e.status.block_height != null ? Math.max(1, ctx.tip - e.status.block_height + 1) : 0;
    const extra = { status, confirmations, time: e.status.block_time ?? undefined } as const;
    const counterparty = e.foreignScripts.map((s) => scriptToAddress(s, ctx.params)).find((a) => a !== null) ?? undefined;
    const lines: ActivityItem[] = [];
    for (const [asset, delta] of e.deltas) {
      const moved = delta + (asset === ctx.policy.id && e.fee !== null ? e.fee : 0n);
      if (moved === 0n) continue;
      const direction = moved > 0n ? 'in' : 'out';
      lines.push(line(lines.length ? `${e.txid}:${asset}` : e.txid, e.txid, direction, asset, moved < 0n ? -moved : moved, ctx, {
        ...extra,
        counterparty: direction === 'out' ? counterparty : undefined,
      }));
    }
    if (lines.length === 0) lines.push(line(e.txid, e.txid, 'self', ctx.policy.id, 0n, ctx, extra));
    if (e.fee !== null) {
      const payer = lines.find((l) => l.direction !== 'in') ?? lines[0]!;
      payer.fee = toAmountString(e.fee);
    }
    items.push(...lines);
  }
  return items;
}

function line(
  id: string,
  txid: string,
  direction: ActivityItem['direction'],
  asset: string,
  amount: bigint,
  ctx: ViewContext,
  more: { fee?: bigint; counterparty?: string; status?: ActivityItem['status']; confirmations?: number; time?: number },
): ActivityItem {
  const info = ctx.info(asset);
  const item: ActivityItem = {
    id,
    direction,
    asset,
    symbol: info.ticker,
    decimals: info.precision,
    amount: toAmountString(amount),
    status: more.status ?? 'pending',
    explorerUrl: txUrl(ctx.explorer, txid),
  };
  if (more.fee !== undefined) item.fee = toAmountString(more.fee);
  if (more.counterparty) item.counterparty = more.counterparty;
  if (more.confirmations !== undefined) item.confirmations = more.confirmations;
  if (more.time !== undefined) item.time = more.time;
  return item;
}
