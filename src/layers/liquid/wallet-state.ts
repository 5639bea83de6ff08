/**
 * From a scan to what the wallet holds: the raw transaction of every transaction
 * the scan lists (range proofs live only there, and only it is bound to the txid),
 * our outputs opened with their SLIP-77 keys, the unspent ones, and each
 * transaction's net effect per asset.
 *
 * Rewinding a range proof costs milliseconds (rangeproof-rewind.ts), so each
 * output is opened once: raw transactions and full openings (with blinders) are
 * kept in memory for the life of the worker, and the asset and amount of each
 * output — chain facts, like a balance cache — in storage.local across restarts.
 * Blinders never go to storage; a coin opened in an earlier worker is rewound
 * again only when a send spends it (see `blindersOf`).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { isExplicit, readExplicitValue, txidFromBytes } from './encoding';
import type { EsploraStatus, LiquidEsplora } from './esplora';
import { blindingPrivateKey } from './keys';
import type { ScannedAddress, WalletScan } from './scan';
import { Transaction, type SpendableUtxo } from './transaction';
import { unblindOutput, ZERO32, type OpenedAmount, type RawOutput, type UnblindedOutput } from './unblind';

export interface TxEffect {
  txid: string;
  status: EsploraStatus;
  /** Net change per asset for the wallet (outputs to us minus our inputs), fee included. */
  deltas: Map<string, bigint>;
  /** The explicit fee, when we paid it (some input is ours). */
  fee: bigint | null;
  /** Scripts of outputs that are neither ours nor the fee. */
  foreignScripts: Uint8Array[];
}

export interface WalletState {
  utxos: SpendableUtxo[];
  effects: TxEffect[];
  /** Asset and amount of every output of ours, by `txid:vout` (to persist). */
  amounts: Map<string, OpenedAmount>;
}

/** Range-proof rewinds performed in this worker (benchmarks and tests read it). */
export const openingStats = { rewinds: 0 };

const MAX_CACHE = 2000;
const OP_RETURN = 0x6a;
const rawTxCache = new Map<string, Transaction>();
const openedCache = new Map<string, UnblindedOutput | null>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

/** Bounded parallelism for per-transaction fetches (browsers queue beyond ~6 per host anyway). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const rawTxFetches = new Map<string, Promise<Transaction>>();

/**
 * The raw transaction `txid`, checked to hash to it: from this worker's cache, from a
 * fetch already under way (the scan starts one for each transaction it lists, so they
 * overlap the rest of the scan), or fetched now. A failed fetch is not kept.
 */
export function rawTransaction(esplora: LiquidEsplora, txid: string): Promise<Transaction> {
  const key = `${esplora.http.baseUrl}|${txid}`;
  const cached = rawTxCache.get(key);
  if (cached) return Promise.resolve(cached);
  let fetching = rawTxFetches.get(key);
  if (!fetching) {
    fetching = esplora
      .txHex(txid)
      .then((hex) => {
        const parsed = Transaction.fromHex(hex);
        if (parsed.getId() !== txid) throw new Error(`backend sent the wrong transaction for ${txid}`);
        return remember(rawTxCache, key, parsed);
      })
      .finally(() => rawTxFetches.delete(key));
    rawTxFetches.set(key, fetching);
  }
  return fetching;
}

export function rawOutput(tx: Transaction, vout: number): RawOutput {
  const o = tx.outs[vout];
  if (!o) throw new Error(`no output ${vout}`);
  return { script: o.script, asset: o.asset, value: o.value, nonce: o.nonce, rangeProof: o.rangeProof };
}

/** Forgets the in-memory openings (tests use it to stand for a restarted worker). */
export function forgetOpenedOutputs(): void {
  openedCache.clear();
}

function open(out: RawOutput, key: Uint8Array): UnblindedOutput | null {
  openingStats.rewinds++;
  return unblindOutput(out, key);
}

/** Blinders of a coin to spend: from this worker's opening, zero for explicit coins, or rewound now. */
export function blindersOf(utxo: SpendableUtxo, masterBlindingKey: Uint8Array): UnblindedOutput {
  if (utxo.blinders) return { ...utxo.unblinded, assetBlinder: utxo.blinders.asset, valueBlinder: utxo.blinders.value };
  if (!utxo.unblinded.confidential) return { ...utxo.unblinded, assetBlinder: ZERO32, valueBlinder: ZERO32 };
  const opened = open(utxo.prevout, blindingPrivateKey(masterBlindingKey, utxo.prevout.script));
  if (!opened || opened.asset !== utxo.unblinded.asset || opened.value !== utxo.unblinded.value) {
    throw new Error(`output ${utxo.txid}:${utxo.vout} no longer opens as cached`);
  }
  return opened;
}

/**
 * Opening needs no WebAssembly (rangeproof-rewind.ts, asset-generator.ts): a
 * refresh never loads secp256k1-zkp; only a send's range proofs do.
 *
 * The server's JSON only names the transactions; what is ours, what we spent and
 * the fee are read from each raw transaction, whose txid is checked. A server can
 * still leave a transaction out, but cannot label another's output as ours.
 */
export async function openWallet(
  esplora: LiquidEsplora,
  scan: WalletScan,
  masterBlindingKey: Uint8Array,
  known: ReadonlyMap<string, OpenedAmount> = new Map(),
): Promise<WalletState> {
  const walletTag = bytesToHex(sha256(masterBlindingKey)).slice(0, 16);
  const txs = [...scan.txs.values()];

  const raw = new Map<string, Transaction>();
  await mapLimit(txs, 6, async (t) => {
    raw.set(t.txid, await rawTransaction(esplora, t.txid));
  });
  const ourScript = (script: Uint8Array) => scan.addresses.get(bytesToHex(script));

  // Every output paying one of our scripts, opened.
  const found: { txid: string; vout: number; addr: ScannedAddress; prevout: RawOutput; cacheKey: string }[] = [];
  for (const t of txs) {
    raw.get(t.txid)!.outs.forEach((o, vout) => {
      const addr = ourScript(o.script);
      if (addr) found.push({ txid: t.txid, vout, addr, prevout: rawOutput(raw.get(t.txid)!, vout), cacheKey: `${walletTag}|${t.txid}:${vout}` });
    });
  }

  const ours = new Map<string, { utxo: Omit<SpendableUtxo, 'confirmed'>; tx: string }>();
  const amounts = new Map<string, OpenedAmount>();
  for (const { txid, vout, addr, prevout, cacheKey } of found) {
    const outpoint = `${txid}:${vout}`;
    let full = openedCache.get(cacheKey);
    let amount: OpenedAmount | null | undefined = full === undefined ? known.get(outpoint) : full;
    if (amount === undefined) {
      full = remember(openedCache, cacheKey, open(prevout, blindingPrivateKey(masterBlindingKey, addr.script)));
      amount = full;
    }
    if (!amount) continue; // blinded to a key that is not ours: not spendable by this wallet
    const unblinded: OpenedAmount = { asset: amount.asset, value: amount.value, confidential: amount.confidential };
    amounts.set(outpoint, unblinded);
    const blinders = full ? { asset: full.assetBlinder, value: full.valueBlinder } : undefined;
    ours.set(outpoint, { utxo: { txid, vout, prevout, unblinded, blinders, chain: addr.chain, index: addr.index }, tx: txid });
  }

  const inputsOf = (t: Transaction) => t.ins.map((i) => `${txidFromBytes(i.hash)}:${i.index}`);
  const spent = new Set<string>();
  for (const t of raw.values()) for (const outpoint of inputsOf(t)) spent.add(outpoint);

  const utxos: SpendableUtxo[] = [];
  for (const [outpoint, { utxo }] of ours) {
    if (spent.has(outpoint)) continue;
    utxos.push({ ...utxo, confirmed: scan.txs.get(utxo.txid)!.status.confirmed });
  }

  const effects: TxEffect[] = [];
  for (const t of txs) {
    const parsed = raw.get(t.txid)!;
    const deltas = new Map<string, bigint>();
    const add = (asset: string, v: bigint) => deltas.set(asset, (deltas.get(asset) ?? 0n) + v);
    let paid = false;
    for (const outpoint of inputsOf(parsed)) {
      const mine = ours.get(outpoint);
      if (!mine) continue;
      paid = true;
      add(mine.utxo.unblinded.asset, -mine.utxo.unblinded.value);
    }
    let paysUs = false;
    const foreignScripts: Uint8Array[] = [];
    let fee = 0n;
    parsed.outs.forEach((o, vout) => {
      const mine = ours.get(`${t.txid}:${vout}`);
      if (ourScript(o.script)) paysUs = true;
      if (mine) add(mine.utxo.unblinded.asset, mine.utxo.unblinded.value);
      else if (o.script.length === 0) fee += isExplicit(o.value) ? readExplicitValue(o.value) : 0n;
      else if (!ourScript(o.script) && o.script[0] !== OP_RETURN) foreignScripts.push(Uint8Array.from(o.script));
    });
    // Listed in our history yet neither paying us nor spending ours: nothing of the wallet's.
    if (!paid && !paysUs) continue;
    effects.push({ txid: t.txid, status: t.status, deltas, fee: paid ? fee : null, foreignScripts });
  }
  return { utxos, effects, amounts };
}
