/**
 * What the scanned transactions mean for the wallet: its coins, balances and
 * activity. Pure functions over a ScanResult.
 */
import type { ActivityItem } from '../../shared/layer-views';
import { txUrl } from '../../shared/links';
import type { ScanResult } from './discovery';
import type { EsploraTx } from './esplora';
import type { OwnedAddress } from './keys';

export interface Utxo {
  txid: string;
  vout: number;
  value: bigint;
  owner: OwnedAddress;
  confirmed: boolean;
  height?: number;
  /** Confirmed, or our own unconfirmed change: safe to spend. */
  trusted: boolean;
}

const key = (txid: string, vout: number) => `${txid}:${vout}`;

function spentOutpoints(scan: ScanResult): Map<string, EsploraTx> {
  const spent = new Map<string, EsploraTx>();
  for (const tx of scan.txs.values()) for (const i of tx.vin) if (!i.coinbase) spent.set(key(i.txid, i.vout), tx);
  return spent;
}

function allInputsOurs(tx: EsploraTx, scan: ScanResult): boolean {
  return tx.vin.length > 0 && tx.vin.every((i) => i.prevout && scan.addresses.has(i.prevout.script));
}

export function utxosOf(scan: ScanResult): Utxo[] {
  const spent = spentOutpoints(scan);
  const out: Utxo[] = [];
  for (const tx of scan.txs.values()) {
    tx.vout.forEach((o, vout) => {
      const owner = scan.addresses.get(o.script);
      if (!owner || spent.has(key(tx.txid, vout))) return;
      out.push({
        txid: tx.txid,
        vout,
        value: o.value,
        owner,
        confirmed: tx.status.confirmed,
        height: tx.status.height,
        trusted: tx.status.confirmed || allInputsOurs(tx, scan),
      });
    });
  }
  return out;
}

export interface Balance {
  /** The chain's view: our confirmed outputs not spent by confirmed transactions. */
  confirmed: bigint;
  /** What the mempool changes: may be negative. */
  pending: bigint;
  /** What the next send may use. */
  spendable: bigint;
}

export function balanceOf(scan: ScanResult): Balance {
  let confirmed = 0n;
  let total = 0n;
  let spendable = 0n;
  const spentInChain = new Set<string>();
  for (const tx of scan.txs.values()) {
    if (!tx.status.confirmed) continue;
    for (const i of tx.vin) if (!i.coinbase) spentInChain.add(key(i.txid, i.vout));
  }
  for (const tx of scan.txs.values()) {
    if (!tx.status.confirmed) continue;
    tx.vout.forEach((o, vout) => {
      if (scan.addresses.has(o.script) && !spentInChain.has(key(tx.txid, vout))) confirmed += o.value;
    });
  }
  for (const u of utxosOf(scan)) {
    total += u.value;
    if (u.trusted) spendable += u.value;
  }
  return { confirmed, pending: total - confirmed, spendable };
}

export function activityOf(scan: ScanResult, tip: number, explorerUrl: string): ActivityItem[] {
  const items: ActivityItem[] = [];
  for (const tx of scan.txs.values()) {
    let fromUs = 0n;
    let toUs = 0n;
    let toOthers = 0n;
    let counterparty: string | undefined;
    for (const i of tx.vin) if (i.prevout && scan.addresses.has(i.prevout.script)) fromUs += i.prevout.value;
    for (const o of tx.vout) {
      if (scan.addresses.has(o.script)) toUs += o.value;
      else {
        toOthers += o.value;
        counterparty ??= o.address;
      }
    }
    const ours = fromUs > 0n;
    const direction: ActivityItem['direction'] = !ours ? 'in' : toOthers === 0n ? 'self' : 'out';
    const amount = direction === 'in' ? toUs : direction === 'out' ? toOthers : 0n;
    if (direction === 'in') counterparty = tx.vin[0]?.prevout?.address;
    const confirmed = tx.status.confirmed && tx.status.height !== undefined;
    items.push({
      id: tx.txid,
      direction,
      asset: 'BTC',
      symbol: 'BTC',
      decimals: 8,
      amount: amount.toString(),
      fee: ours ? tx.fee.toString() : undefined,
      status: confirmed ? 'confirmed' : 'pending',
      confirmations: confirmed ? tip - tx.status.height! + 1 : 0,
      time: tx.status.time,
      counterparty,
      explorerUrl: txUrl(explorerUrl, tx.txid),
      canSpeedUp: !confirmed && ours && allInputsOurs(tx, scan) && tx.vin.some((i) => i.sequence < 0xfffffffe),
    });
  }
  // Pending first, then newest confirmed.
  return items.sort((a, b) => (a.confirmations ?? 0) - (b.confirmations ?? 0));
}
