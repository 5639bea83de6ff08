/**
 * A Liquid refresh (its wallet scan and the tip height) as plain JSON, for the kept
 * scan a new worker starts from (scan-memo.ts `MemoStore`): each scanned script by
 * chain and index, each transaction's id and status (all a scan's reader takes of
 * Esplora's JSON), and the next indexes. No key and no blinding key: the addresses
 * are rebuilt from their scripts.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { LiquidParams } from '../../shared/networks';
import type { EsploraStatus } from './esplora';
import { unconfidentialAddress } from './keys';
import type { ScannedAddress, ScannedTx, WalletScan } from './scan';

export type LiquidRefresh = [WalletScan, number];

interface EncodedRefresh {
  /** [scriptPubKey hex, chain, index] */
  addresses: [string, number, number][];
  /** [txid, confirmed, block height, block hash, block time]; the last three null when unconfirmed. */
  txs: [string, boolean, number | null, string | null, number | null][];
  next: [number, number];
  tip: number;
}

const P2WPKH_HEX = /^0014[0-9a-f]{40}$/;
const TXID = /^[0-9a-f]{64}$/;
const isIndex = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

export function encodeRefresh([scan, tip]: LiquidRefresh): EncodedRefresh {
  return {
    addresses: [...scan.addresses].map(([hex, a]) => [hex, a.chain, a.index]),
    txs: [...scan.txs.values()].map(({ txid, status: s }) => [txid, s.confirmed, s.block_height ?? null, s.block_hash ?? null, s.block_time ?? null]),
    next: [scan.nextIndex[0], scan.nextIndex[1]],
    tip,
  };
}

/** The refresh `encodeRefresh` gave, or undefined for anything not of its shape. */
export function decodeRefresh(raw: unknown, params: LiquidParams): LiquidRefresh | undefined {
  const e = raw as Partial<EncodedRefresh> | null;
  if (!e || typeof e !== 'object' || !Array.isArray(e.addresses) || !Array.isArray(e.txs) || !Array.isArray(e.next)) return undefined;
  if (!isIndex(e.tip) || e.next.length !== 2 || !e.next.every(isIndex)) return undefined;
  const addresses = new Map<string, ScannedAddress>();
  for (const entry of e.addresses as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 3) return undefined;
    const [hex, chain, index] = entry as [unknown, unknown, unknown];
    if (typeof hex !== 'string' || !P2WPKH_HEX.test(hex) || (chain !== 0 && chain !== 1) || !isIndex(index)) return undefined;
    const script = hexToBytes(hex);
    addresses.set(hex, { chain, index, script, unconfidential: unconfidentialAddress(params, script) });
  }
  const txs = new Map<string, ScannedTx>();
  for (const entry of e.txs as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 5) return undefined;
    const [txid, confirmed, height, hash, time] = entry as unknown[];
    if (typeof txid !== 'string' || !TXID.test(txid) || typeof confirmed !== 'boolean') return undefined;
    if (!confirmed) {
      if (height !== null || hash !== null || time !== null) return undefined;
      txs.set(txid, { txid, status: { confirmed } });
      continue;
    }
    if (!isIndex(height) || typeof hash !== 'string' || !TXID.test(hash) || !isIndex(time)) return undefined;
    const status: EsploraStatus = { confirmed, block_height: height, block_hash: hash, block_time: time };
    txs.set(txid, { txid, status });
  }
  return [{ addresses, txs, nextIndex: { 0: e.next[0]!, 1: e.next[1]! } }, e.tip];
}
