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
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../shared/errors';
import type { HttpClient } from '../shared/http';

/** Past this many mempool txids the probe weighs more than it saves (electrs lists them all). */
export const MEMPOOL_PROBE_MAX = 2_000;
/** How long a server whose mempool was too large, or which has no such route, is not probed. */
export const PROBE_PAUSE_MS = 10 * 60_000;

const HASH = /^[0-9a-f]{64}$/;

interface ChainState {
  tip: string;
  mempool: string;
}

/** Tip hash and mempool digest (electrs src/rest.rs `blocks/tip/hash`, `mempool/txids`), or 'unusable' for an answer not to build on. */
async function chainState(http: HttpClient): Promise<ChainState | 'unusable'> {
  const [tip, txids] = await Promise.all([http.getText('/blocks/tip/hash'), http.getJson<unknown>('/mempool/txids')]);
  const hash = tip.trim();
  if (!HASH.test(hash) || !Array.isArray(txids) || txids.length > MEMPOOL_PROBE_MAX) return 'unusable';
  if (!txids.every((t) => typeof t === 'string' && HASH.test(t))) return 'unusable';
  return { tip: hash, mempool: bytesToHex(sha256(utf8ToBytes([...(txids as string[])].sort().join(',')))) };
}

export class ScanMemo<T> {
  private kept: { state: ChainState; value: T } | undefined;
  private pausedUntil = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly now: () => number,
  ) {}

  /** What `scan` would give now: the kept scan while the server's state is unchanged, else a new one. */
  async read(scan: () => Promise<T>): Promise<T> {
    const state = this.now() < this.pausedUntil ? undefined : await this.probe();
    const kept = this.kept;
    if (state && kept && kept.state.tip === state.tip && kept.state.mempool === state.mempool) return kept.value;
    const value = await scan();
    if (state) this.kept = { state, value };
    return value;
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
    this.kept = undefined;
    this.pausedUntil = this.now() + PROBE_PAUSE_MS;
    return undefined;
  }
}
