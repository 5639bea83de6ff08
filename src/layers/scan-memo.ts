/**
 * A wallet scan kept while the Esplora it came from has not changed. Every address
 * history an Esplora serves is a function of its chain (named by the tip's hash) and
 * its mempool (the set of txids in it): while both are what they were just before the
 * last scan began, that scan is what every one of its lookups would answer again, so
 * two requests stand in for the whole gap walk. Any new transaction, block or reorg
 * changes one of them and the next refresh scans in full.
 *
 * The state is read before the scan starts, never after: a transaction arriving
 * during the scan then makes the next state differ, instead of being hidden behind
 * a scan that missed it.
 *
 * One block on the kept tip whose transactions all came from the kept mempool (its
 * coinbase aside), with every other kept mempool transaction still there and none
 * new, changes no address's set of transactions: only those in the block become
 * confirmed. Then the kept scan is brought forward (`NextBlock`) for the block and
 * its txids (and its coinbase, on a chain whose blocks have one) instead of a new
 * walk. Any other change scans in full.
 *
 * MV3 stops an idle worker after 30 s, and a new one would walk the whole gap again:
 * given a `MemoStore`, the kept state also goes to storage.session (memory only, gone
 * with the browser, dropped at lock) with its server and account, and a new worker
 * starts from it exactly as the old one would have gone on.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../shared/errors';
import type { HttpClient } from '../shared/http';
import { PRESETS } from '../shared/networks';
import type { KeyValueArea } from '../shared/storage';
import { layerStoreKey } from './types';

/** Past this many mempool txids the probe weighs more than it saves (electrs lists them all). */
export const MEMPOOL_PROBE_MAX = 2_000;
/** How long a server whose mempool was too large, or which has no such route, is not probed. */
export const PROBE_PAUSE_MS = 10 * 60_000;

const HASH = /^[0-9a-f]{64}$/;

interface ChainState {
  tip: string;
  /** The mempool's txids (at most MEMPOOL_PROBE_MAX). */
  mempool: ReadonlySet<string>;
}

/** Tip hash and mempool txids (electrs src/rest.rs `blocks/tip/hash`, `mempool/txids`), or 'unusable' for an answer not to build on. */
async function chainState(http: HttpClient): Promise<ChainState | 'unusable'> {
  const [tip, txids] = await Promise.all([http.getText('/blocks/tip/hash'), http.getJson<unknown>('/mempool/txids')]);
  const hash = tip.trim();
  if (!HASH.test(hash) || !Array.isArray(txids) || txids.length > MEMPOOL_PROBE_MAX) return 'unusable';
  if (!txids.every((t) => typeof t === 'string' && HASH.test(t))) return 'unusable';
  return { tip: hash, mempool: new Set(txids as string[]) };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((t) => b.has(t));

/** The block just mined on the kept tip, as `advance` is told it. */
export interface NextBlock {
  hash: string;
  height: number;
  /** The header's time (what Esplora gives as a confirmed transaction's `block_time`). */
  time: number;
  /** Its transactions, every one of them in the kept mempool but `outside`. */
  txids: ReadonlySet<string>;
  /** Its first transaction when the kept mempool did not hold it: a coinbase, which `advance` must check pays none of the wallet's scripts. */
  outside: readonly string[];
  /** The kept mempool: every unconfirmed transaction the kept scan shows must be in it. */
  before: ReadonlySet<string>;
}

/** Block header fields of electrs src/rest.rs `block/:hash` (BlockValue) this memo reads. */
interface BlockJson {
  id: string;
  height: number;
  timestamp: number;
  tx_count: number;
  merkle_root: string;
  previousblockhash?: string | null;
}

function blockJson(v: unknown, hash: string): BlockJson | undefined {
  const b = v as Partial<BlockJson> | null;
  if (!b || typeof b !== 'object' || b.id !== hash) return undefined;
  if (!Number.isSafeInteger(b.height) || b.height! < 0 || !Number.isSafeInteger(b.timestamp) || b.timestamp! < 0 || !Number.isSafeInteger(b.tx_count)) return undefined;
  if (typeof b.merkle_root !== 'string' || !HASH.test(b.merkle_root)) return undefined;
  return b as BlockJson;
}

const sha256d = (b: Uint8Array) => sha256(sha256(b));

/** The merkle root a header commits to over these txids (display hex in, display hex out); all zero for none. */
export function merkleRoot(txids: readonly string[]): string {
  if (txids.length === 0) return '0'.repeat(64);
  let level: Uint8Array[] = txids.map((t) => hexToBytes(t).reverse());
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const pair = new Uint8Array(64);
      pair.set(level[i]!, 0);
      pair.set(level[i + 1] ?? level[i]!, 32);
      next.push(sha256d(pair));
    }
    level = next;
  }
  return bytesToHex(level[0]!.reverse());
}

/** Electrs lists at most this many mempool transactions in an address's history (src/rest.rs MAX_MEMPOOL_TXS). */
const MEMPOOL_HISTORY_MAX = 50;

/**
 * A kept scan's transactions brought forward by `block`: those in it confirmed with
 * `confirm`. Undefined when the kept scan is not what the kept state explains: an
 * unconfirmed transaction the kept mempool did not hold (it came during the scan), one
 * confirmed that the kept mempool held or above the kept tip (the scan saw a block the
 * probed chain lacks), or as many unconfirmed as one address's history lists (it may
 * have left some out, which a walk finds once they are mined).
 */
export function confirmedIn<Tx>(
  txs: ReadonlyMap<string, Tx>,
  block: NextBlock,
  statusOf: (tx: Tx) => { confirmed: boolean; height?: number | null },
  confirm: (tx: Tx) => Tx,
): Map<string, Tx> | undefined {
  const out = new Map<string, Tx>();
  let unconfirmed = 0;
  for (const [txid, tx] of txs) {
    const s = statusOf(tx);
    if (s.confirmed ? !(typeof s.height === 'number' && s.height < block.height) || block.txids.has(txid) || block.before.has(txid) : !block.before.has(txid)) return undefined;
    if (!s.confirmed && ++unconfirmed >= MEMPOOL_HISTORY_MAX) return undefined;
    out.set(txid, block.txids.has(txid) ? confirm(tx) : tx);
  }
  return out;
}

/** Past this size (JSON characters) a kept scan is not stored: storage.session holds 10 MB for everything. */
export const STORED_MEMO_MAX_CHARS = 1_000_000;

/**
 * Where a kept scan outlives its worker. `owner` names the account and the server (a
 * memo stored for any other is never read); `encode` must give plain JSON of public
 * data only (scripts, transactions: never a key), which `decode` checks and turns back,
 * or undefined for anything else.
 */
export interface MemoStore<T> {
  area: KeyValueArea;
  key: string;
  owner: string;
  encode(value: T): unknown;
  decode(raw: unknown): T | undefined;
}

/** The storage.session key of a layer's kept scan on one network. */
export const scanMemoKey = (layer: 'bitcoin' | 'liquid', network: string) => layerStoreKey(layer, network, 'scanMemo');
/**
 * The store of one layer's kept scan on one network, for `owner` (its account and server), in
 * `session` (storage.session); none without it (tests that stand for a single worker).
 */
export function sessionMemoStore<T>(
  session: KeyValueArea | undefined,
  layer: 'bitcoin' | 'liquid',
  network: string,
  owner: string,
  codec: Pick<MemoStore<T>, 'encode' | 'decode'>,
): MemoStore<T> | undefined {
  return session && { area: session, key: scanMemoKey(layer, network), owner, ...codec };
}

/** Every key a kept scan may be stored under: what a lock removes. */
export const SCAN_MEMO_KEYS: readonly string[] = [
  ...PRESETS.bitcoin.map((p) => scanMemoKey('bitcoin', p.id)),
  ...PRESETS.liquid.map((p) => scanMemoKey('liquid', p.id)),
];

interface StoredMemo {
  owner: string;
  tip: string;
  mempool: string[];
  height: number | null;
  value: unknown;
}

/** What moves a kept scan forward by one block, or undefined to scan in full instead. */
export type Advance<T> = (kept: T, block: NextBlock) => Promise<T | undefined>;

export class ScanMemo<T> {
  /** `height`: the kept tip's, when its block answer was read (a block on it can then be checked to be the next). */
  private kept: { state: ChainState; value: T; height?: number } | undefined;
  private pausedUntil = 0;
  /** The stored memo read once, by the first read of this worker. */
  private restored: Promise<void> | undefined;
  /** Counts keep() calls: a stored memo read back after one is older than what this worker decided. */
  private keeps = 0;
  private closed = false;

  constructor(
    private readonly http: HttpClient,
    private readonly now: () => number,
    private readonly store?: MemoStore<T>,
  ) {}

  /**
   * What `scan` would give now: the kept scan while the server's state is unchanged,
   * the kept scan moved on by `advance` when one block explains the change, else a new one.
   */
  async read(scan: () => Promise<T>, advance?: Advance<T>): Promise<T> {
    // A stored memo that cannot be read is only a walk more: never a failed refresh.
    const [state] = await Promise.all([this.now() < this.pausedUntil ? undefined : this.probe(), (this.restored ??= this.restore().catch(() => undefined))]);
    const kept = this.kept;
    if (state && kept && kept.state.tip === state.tip && sameSet(kept.state.mempool, state.mempool)) return kept.value;
    // Only a new tip can be one block on the kept one: a mempool change alone scans at once, asking for no block.
    if (state && kept && advance && kept.height !== undefined && state.tip !== kept.state.tip) {
      const moved = await this.oneBlock(kept as Required<typeof kept>, state, advance).catch(() => undefined);
      if (moved) {
        await this.keep({ state, ...moved });
        return moved.value;
      }
    }
    // The tip's height is read beside the scan, so that a block on it can later be told to be the next one.
    const [value, height] = await Promise.all([scan(), state && advance ? this.heightOf(state.tip) : undefined]);
    if (state) await this.keep({ state, value, height });
    return value;
  }

  /** On lock: nothing is kept from now on, here or in the store (a refresh still under way included). */
  close(): void {
    this.closed = true;
    this.kept = undefined;
    this.keeps++;
  }

  /** Keeps (or, undefined, forgets) a scan here and in the store; a store that refuses it costs only the next worker's walk. */
  private async keep(kept: ScanMemo<T>['kept']): Promise<void> {
    if (this.closed) return;
    this.kept = kept;
    this.keeps++;
    if (!this.store) return;
    const { area, key, owner, encode } = this.store;
    const stored: StoredMemo | undefined = kept && { owner, tip: kept.state.tip, mempool: [...kept.state.mempool], height: kept.height ?? null, value: encode(kept.value) };
    try {
      if (stored && JSON.stringify(stored).length <= STORED_MEMO_MAX_CHARS) await area.set({ [key]: stored });
      else await area.remove([key]);
    } catch {
      // Not stored: a new worker scans in full.
    }
  }

  /** The stored memo, when it is this owner's and reads back whole; anything else is ignored (and scanned over). */
  private async restore(): Promise<void> {
    if (!this.store || this.closed) return;
    const { area, key, owner, decode } = this.store;
    const keeps = this.keeps;
    const s = (await area.get([key]).catch(() => ({})) as Record<string, unknown>)[key] as Partial<StoredMemo> | undefined;
    if (!s || typeof s !== 'object' || s.owner !== owner || typeof s.tip !== 'string' || !HASH.test(s.tip)) return;
    if (!Array.isArray(s.mempool) || s.mempool.length > MEMPOOL_PROBE_MAX || !s.mempool.every((t) => typeof t === 'string' && HASH.test(t))) return;
    if (s.height !== null && !(Number.isSafeInteger(s.height) && s.height! >= 0)) return;
    const value = decode(s.value);
    // A read of this worker that kept (or dropped) a scan meanwhile is newer than the stored one.
    if (value !== undefined && this.keeps === keeps) this.kept = { state: { tip: s.tip, mempool: new Set(s.mempool) }, value, height: s.height ?? undefined };
  }

  /**
   * The kept value moved on by the one block `state` adds to it, or undefined when the
   * change is anything else or an answer does not hold together. Requests only when no
   * txid is new to the mempool: the tip's block and its txids (electrs src/rest.rs
   * `block/:hash`, `block/:hash/txids`), then whatever `advance` asks.
   */
  private async oneBlock(kept: Required<NonNullable<ScanMemo<T>['kept']>>, state: ChainState, advance: Advance<T>): Promise<{ value: T; height: number } | undefined> {
    const before = kept.state.mempool;
    if ([...state.mempool].some((t) => !before.has(t))) return undefined;
    const [raw, list] = await Promise.all([this.http.getJson<unknown>(`/block/${state.tip}`), this.http.getJson<unknown>(`/block/${state.tip}/txids`)]);
    const block = blockJson(raw, state.tip);
    if (!block || block.height !== kept.height + 1 || block.previousblockhash !== kept.state.tip) return undefined;
    if (!Array.isArray(list) || list.length > MEMPOOL_PROBE_MAX + 1 || list.length !== block.tx_count) return undefined;
    if (!list.every((t) => typeof t === 'string' && HASH.test(t))) return undefined;
    const ids = list as string[];
    const txids = new Set(ids);
    if (txids.size !== ids.length || merkleRoot(ids) !== block.merkle_root) return undefined;
    // In the block: each was in the kept mempool and has left it; only the first (a coinbase, which `advance` checks) may come from elsewhere.
    if (ids.some((t, i) => state.mempool.has(t) || (i > 0 && !before.has(t)))) return undefined;
    const outside = ids.length > 0 && !before.has(ids[0]!) ? [ids[0]!] : [];
    // Gone from the mempool: each is in the block (nothing vanished unexplained).
    if ([...before].some((t) => !state.mempool.has(t) && !txids.has(t))) return undefined;
    const value = await advance(kept.value, { hash: state.tip, height: block.height, time: block.timestamp, txids, outside, before });
    return value === undefined ? undefined : { value, height: block.height };
  }

  /** The height of block `hash` (electrs src/rest.rs `block/:hash`), or undefined when its answer is not to build on. */
  private async heightOf(hash: string): Promise<number | undefined> {
    try {
      return blockJson(await this.http.getJson<unknown>(`/block/${hash}`), hash)?.height;
    } catch {
      return undefined;
    }
  }

  private async probe(): Promise<ChainState | undefined> {
    let state: ChainState | 'unusable';
    try {
      state = await chainState(this.http);
    } catch (err) {
      // A server that answered (no such route, an error status, not JSON) or was too slow to list its mempool is scanned as before;
      // one that cannot be reached fails the refresh as the scan would.
      if (!(err instanceof WalletError && (err.code === 'backend_error' || err.code === 'timeout'))) throw err;
      state = 'unusable';
    }
    if (state !== 'unusable') return state;
    await this.keep(undefined);
    this.pausedUntil = this.now() + PROBE_PAUSE_MS;
    return undefined;
  }
}
