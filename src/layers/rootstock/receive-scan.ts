/**
 * Incoming RBTC transfers, found by reading blocks: plain JSON-RPC offers no
 * history per address. Each refresh reads the blocks mined since the last one
 * (at most `window` of the newest, in one batched request) and keeps what it
 * found in storage.local. Limits, said plainly: only top-level transfers are
 * seen (not value moved by a contract call, such as a PowPeg peg-in), and blocks
 * that fall out of the window while the wallet is closed are never read; the
 * balance is always right regardless.
 */
import type { KeyValueArea } from '../../shared/storage';
import { layerStoreKey } from '../types';
import type { RootstockRpc, RpcTransaction } from './rpc';

export interface ReceiveRecord {
  hash: string;
  from: string;
  amount: string;
  blockNumber: number;
  time: number;
}

interface ScanState {
  /** The next block to read. */
  next: number;
  receives: ReceiveRecord[];
}

const KEEP = 200;

export class ReceiveScanner {
  private readonly key: string;

  constructor(
    private readonly store: KeyValueArea,
    network: string,
    private readonly address: string,
    private readonly window: number,
  ) {
    this.key = layerStoreKey('rootstock', network, `receives.${address.toLowerCase()}`);
  }

  async known(): Promise<ReceiveRecord[]> {
    return (await this.state()).receives;
  }

  /** Reads blocks up to `head` not read before and returns every receive known. */
  async scan(rpc: RootstockRpc, head: number): Promise<ReceiveRecord[]> {
    const state = await this.state();
    if (this.window <= 0) return state.receives;
    // A node reset (devnet restarted) puts the head behind the cursor: start over.
    const reset = state.next > head + 1;
    const next = reset ? 0 : state.next;
    const from = Math.max(next, head - this.window + 1, 0);
    if (from > head) return state.receives;
    const numbers = Array.from({ length: head - from + 1 }, (_, i) => from + i);
    const blocks = await rpc.getBlocks(numbers, true);
    const me = this.address.toLowerCase();
    const found: ReceiveRecord[] = [];
    for (const block of blocks) {
      if (!block) continue;
      for (const tx of block.transactions) {
        if (typeof tx === 'string' || !isReceive(tx, me)) continue;
        found.push({ hash: tx.hash, from: tx.from, amount: tx.value.toString(), blockNumber: block.number, time: block.timestamp });
      }
    }
    const seen = new Set(found.map((r) => r.hash));
    const previous = reset ? [] : state.receives;
    const receives = [...found.reverse(), ...previous.filter((r) => !seen.has(r.hash))].slice(0, KEEP);
    await this.store.set({ [this.key]: { next: head + 1, receives } satisfies ScanState });
    return receives;
  }

  private async state(): Promise<ScanState> {
    const got = (await this.store.get([this.key]))[this.key] as ScanState | undefined;
    return got && typeof got.next === 'number' && Array.isArray(got.receives) ? got : { next: 0, receives: [] };
  }
}

/** Value sent to us by someone else (our own sends to ourselves are in the send log). */
function isReceive(tx: RpcTransaction, me: string): boolean {
  return tx.to === me && tx.from !== me && tx.value > 0n;
}
