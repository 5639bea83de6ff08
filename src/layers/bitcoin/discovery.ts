/**
 * Account discovery with a gap limit: for each scheme and chain, look at
 * addresses until `gap` consecutive ones have never been used (gap-scan.ts). Each
 * address costs one request (its transaction list, which both tells whether it is
 * used and carries its history), plus one per further page of 25 confirmed
 * transactions. All four chains are scanned concurrently under one request limit.
 */
import { Limiter, walkGap } from '../gap-scan';
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

/** Where each chain's last walk ended (ScanResult.nextIndex), to open the next walk's window that far at once. */
export type ScanHints = Partial<Record<BitcoinScheme, readonly [number, number]>>;

/** Scripts (hex, by index) of each chain's addresses, by `scheme/chain`, as an earlier scan saw them. */
export type KnownScripts = Partial<Record<`${BitcoinScheme}/${Chain}`, readonly string[]>>;

/** A stored script turned out not to be this wallet's at its index: the scan is not to be trusted. */
export class KnownScriptMismatch extends Error {}

/** The scripts a scan looked at, by `scheme/chain` and index (what `known` takes back). */
export function scannedScripts(scan: ScanResult): Record<`${BitcoinScheme}/${Chain}`, string[]> {
  const out: Record<`${BitcoinScheme}/${Chain}`, string[]> = { 'p2wpkh/0': [], 'p2wpkh/1': [], 'p2tr/0': [], 'p2tr/1': [] };
  for (const a of scan.addresses.values()) out[`${a.scheme}/${a.chain}`][a.index] = a.script;
  return out;
}

/** At most this many of a chain's addresses are derived together, as its walk reaches them. */
const DERIVED_TOGETHER = 20;

export async function discover(
  keys: BitcoinKeys,
  esplora: EsploraClient,
  opts: {
    gap?: number;
    concurrency?: number;
    schemes?: readonly BitcoinScheme[];
    hints?: ScanHints;
    /**
     * Scripts an earlier worker derived: an address listed here is watched without
     * deriving it (a Taproot address costs a tweak), and derived only once it has a
     * history, which must then give the same script (else KnownScriptMismatch).
     */
    known?: KnownScripts;
  } = {},
): Promise<ScanResult> {
  const gap = opts.gap ?? GAP_LIMIT;
  const limiter = new Limiter(opts.concurrency ?? 8);
  const result: ScanResult = {
    addresses: new Map(),
    txs: new Map(),
    nextIndex: { p2wpkh: [0, 0], p2tr: [0, 0] },
    usedCount: 0,
  };

  // One chain's failure fails the scan: the others stop launching lookups.
  let failed = false;
  const scanChain = async (scheme: BitcoinScheme, chain: Chain) => {
    const storedScripts = opts.known?.[`${scheme}/${chain}`];
    const isStored = (index: number) => typeof storedScripts?.[index] === 'string';
    let derivedUntil = 0;
    const used = (index: number, windowEnd: number) =>
      limiter.run(async () => {
        if (failed) throw new Error('scan stopped');
        const watched = isStored(index) ? keys.watched(scheme, chain, index, storedScripts![index]!) : undefined;
        // The window's next addresses derived with this one (they share field inversions); one with a stored script stays underived.
        if (!watched && index >= derivedUntil) {
          derivedUntil = Math.min(windowEnd, index + DERIVED_TOGETHER);
          const next = Array.from({ length: derivedUntil - index }, (_, i) => index + i);
          keys.prefetch(scheme, chain, next.filter((i) => !isStored(i)));
        }
        let owned = watched ?? keys.address(scheme, chain, index);
        result.addresses.set(owned.script, owned);
        const txs = await allTxs(esplora, owned.address);
        if (txs.length > 0 && watched) {
          owned = keys.address(scheme, chain, index);
          if (owned.script !== watched.script) throw new KnownScriptMismatch(`stored script of ${scheme}/${chain}/${index} is not this wallet's`);
          result.addresses.set(owned.script, owned);
        }
        for (const tx of txs) result.txs.set(tx.txid, tx);
        if (txs.length > 0) result.usedCount++;
        return txs.length > 0;
      });
    try {
      result.nextIndex[scheme][chain] = await walkGap(used, gap, opts.hints?.[scheme]?.[chain]);
    } catch (err) {
      failed = true;
      throw err;
    }
  };

  await Promise.all(SCHEMES.filter((s) => !opts.schemes || opts.schemes.includes(s)).flatMap((s) => [scanChain(s, 0), scanChain(s, 1)]));
  return result;
}
