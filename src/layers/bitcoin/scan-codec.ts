/**
 * A Bitcoin refresh (its discovery and the tip height) as plain JSON, for the kept
 * scan a new worker starts from (scan-memo.ts `MemoStore`): each address by scheme,
 * chain, index and script (rebuilt as `BitcoinKeys.watched`, whose public key is
 * derived only when read), the transactions as the Esplora client gave them (amounts
 * as decimal strings), the next indexes and the used count. No key.
 */
import type { EsploraTx, TxIn, TxOut, TxStatus } from './esplora';
import type { ScanResult } from './discovery';
import type { BitcoinKeys, OwnedAddress } from './keys';

export type BitcoinRefresh = [ScanResult, number];

type EncodedOut = [string, string | null, string];
type EncodedIn = [string, number, EncodedOut | null, number, boolean];
interface EncodedRefresh {
  /** [scheme, chain, index, scriptPubKey hex] */
  addresses: [string, number, number, string][];
  /** [txid, vin, vout, weight, fee, [confirmed, height, time]] */
  txs: [string, EncodedIn[], EncodedOut[], number, string, [boolean, number | null, number | null]][];
  next: { p2wpkh: [number, number]; p2tr: [number, number] };
  used: number;
  tip: number;
}

const HEX = /^(?:[0-9a-f]{2})*$/;
const TXID = /^[0-9a-f]{64}$/;
const AMOUNT = /^(0|[1-9][0-9]{0,18})$/;
const isIndex = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const pair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every(isIndex);

const encodeOut = (o: TxOut): EncodedOut => [o.script, o.address ?? null, o.value.toString()];

export function encodeRefresh([scan, tip]: BitcoinRefresh): EncodedRefresh {
  return {
    addresses: [...scan.addresses.values()].map((a) => [a.scheme, a.chain, a.index, a.script]),
    txs: [...scan.txs.values()].map((t) => [
      t.txid,
      t.vin.map((i): EncodedIn => [i.txid, i.vout, i.prevout && encodeOut(i.prevout), i.sequence, i.coinbase]),
      t.vout.map(encodeOut),
      t.weight,
      t.fee.toString(),
      [t.status.confirmed, t.status.height ?? null, t.status.time ?? null],
    ]),
    next: { p2wpkh: [...scan.nextIndex.p2wpkh], p2tr: [...scan.nextIndex.p2tr] },
    used: scan.usedCount,
    tip,
  };
}

function decodeOut(v: unknown): TxOut | undefined {
  if (!Array.isArray(v) || v.length !== 3) return undefined;
  const [script, address, value] = v as unknown[];
  if (typeof script !== 'string' || !HEX.test(script) || (address !== null && typeof address !== 'string') || typeof value !== 'string' || !AMOUNT.test(value)) return undefined;
  return address === null ? { script, value: BigInt(value) } : { script, address, value: BigInt(value) };
}

function decodeIn(v: unknown): TxIn | undefined {
  if (!Array.isArray(v) || v.length !== 5) return undefined;
  const [txid, vout, prevout, sequence, coinbase] = v as unknown[];
  if (typeof txid !== 'string' || !HEX.test(txid) || !isIndex(vout) || !isIndex(sequence) || typeof coinbase !== 'boolean') return undefined;
  const out = prevout === null ? null : decodeOut(prevout);
  return out === undefined ? undefined : { txid, vout, prevout: out, sequence, coinbase };
}

function decodeTx(v: unknown): EsploraTx | undefined {
  if (!Array.isArray(v) || v.length !== 6) return undefined;
  const [txid, vin, vout, weight, fee, status] = v as unknown[];
  if (typeof txid !== 'string' || !TXID.test(txid) || !Array.isArray(vin) || !Array.isArray(vout) || !isIndex(weight) || typeof fee !== 'string' || !AMOUNT.test(fee)) return undefined;
  if (!Array.isArray(status) || status.length !== 3) return undefined;
  const [confirmed, height, time] = status as unknown[];
  if (typeof confirmed !== 'boolean' || (height !== null && !isIndex(height)) || (time !== null && !isIndex(time))) return undefined;
  const ins = vin.map(decodeIn);
  const outs = vout.map(decodeOut);
  if (ins.some((i) => !i) || outs.some((o) => !o)) return undefined;
  const s: TxStatus = { confirmed, ...(height !== null && { height }), ...(time !== null && { time }) };
  return { txid, vin: ins as TxIn[], vout: outs as TxOut[], weight, fee: BigInt(fee), status: s };
}

/** The refresh `encodeRefresh` gave, or undefined for anything not of its shape; addresses come back as `keys` watches them. */
export function decodeRefresh(raw: unknown, keys: BitcoinKeys): BitcoinRefresh | undefined {
  const e = raw as Partial<EncodedRefresh> | null;
  if (!e || typeof e !== 'object' || !Array.isArray(e.addresses) || !Array.isArray(e.txs) || !e.next || !pair(e.next.p2wpkh) || !pair(e.next.p2tr)) return undefined;
  if (!isIndex(e.used) || !isIndex(e.tip)) return undefined;
  const addresses = new Map<string, OwnedAddress>();
  for (const entry of e.addresses as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 4) return undefined;
    const [scheme, chain, index, script] = entry as unknown[];
    if ((scheme !== 'p2wpkh' && scheme !== 'p2tr') || (chain !== 0 && chain !== 1) || !isIndex(index) || typeof script !== 'string') return undefined;
    const owned = keys.watched(scheme, chain, index, script);
    // An index this worker derived already must have the stored script (watched hands back the derived one).
    if (!owned || owned.script !== script) return undefined;
    addresses.set(owned.script, owned);
  }
  const txs = new Map<string, EsploraTx>();
  for (const entry of e.txs as unknown[]) {
    const tx = decodeTx(entry);
    if (!tx) return undefined;
    txs.set(tx.txid, tx);
  }
  return [{ addresses, txs, nextIndex: { p2wpkh: [...e.next.p2wpkh], p2tr: [...e.next.p2tr] }, usedCount: e.used }, e.tip];
}
