/**
 * Account discovery with a gap limit: for each scheme and chain, look at
 * addresses until `gap` consecutive ones have never been used. Each address costs
 * one request (its transaction list, which both tells whether it is used and
 * carries its history), plus one per further page of 25 confirmed transactions.
 * All four chains are scanned concurrently under one request limit.
 */
import type { EsploraClient, EsploraTx } from './esplora';
import { CHAIN_PAGE_SIZE } from './esplora';
import { SCHEMES, type BitcoinKeys, type BitcoinScheme, type Chain, type OwnedAddress } from './keys';

export const GAP_LIMIT = 20;

export interface ScanResult {
  /** Every address looked at, by scriptPubKey hex. */
  addresses: Map<string, OwnedAddress>;
  /** Every transaction touching a used address. */
  txs: Map<string, EsploraTx>;
  /** Index of the first address after the last used one, per scheme and chain. */
  nextIndex: Record<BitcoinScheme, [number, number]>;
  usedCount: number;
}

/** Runs async jobs with at most `limit` in flight. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

async function allTxs(esplora: EsploraClient, address: string): Promise<EsploraTx[]> {
  const first = await esplora.addressTxs(address);
  const out = [...first];
  let page = first.filter((t) => t.status.confirmed);
  while (page.length >= CHAIN_PAGE_SIZE) {
    page = await esplora.addressTxsAfter(address, page[page.length - 1]!.txid);
    out.push(...page);
  }
  return out;
}

export async function discover(
  keys: BitcoinKeys,
  esplora: EsploraClient,
  opts: { gap?: number; concurrency?: number; schemes?: readonly BitcoinScheme[] } = {},
): Promise<ScanResult> {
  const gap = opts.gap ?? GAP_LIMIT;
  const limiter = new Limiter(opts.concurrency ?? 8);
  const result: ScanResult = {
    addresses: new Map(),
    txs: new Map(),
    nextIndex: { p2wpkh: [0, 0], p2tr: [0, 0] },
    usedCount: 0,
  };

  const scanChain = async (scheme: BitcoinScheme, chain: Chain) => {
    let lastUsed = -1;
    let scanned = 0;
    while (scanned < lastUsed + 1 + gap) {
      const batch: number[] = [];
      for (let i = scanned; i < lastUsed + 1 + gap; i++) batch.push(i);
      scanned += batch.length;
      const found = await Promise.all(
        batch.map((index) =>
          limiter.run(async () => {
            const owned = keys.address(scheme, chain, index);
            result.addresses.set(owned.script, owned);
            const txs = await allTxs(esplora, owned.address);
            for (const tx of txs) result.txs.set(tx.txid, tx);
            return txs.length > 0 ? index : -1;
          }),
        ),
      );
      for (const i of found) {
        if (i >= 0) result.usedCount++;
        lastUsed = Math.max(lastUsed, i);
      }
    }
    result.nextIndex[scheme][chain] = lastUsed + 1;
  };

  await Promise.all(SCHEMES.filter((s) => !opts.schemes || opts.schemes.includes(s)).flatMap((s) => [scanChain(s, 0), scanChain(s, 1)]));
  return result;
}
