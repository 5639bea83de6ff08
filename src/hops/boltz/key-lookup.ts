/**
 * Which hop key index a public key or a preimage hash belongs to, among the first
 * `limit` indexes. A restore asks this for every swap and every EtherSwap lock it
 * sees: keys are derived once, in order, and only as far as a question needs.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HopKeys } from '../keys';

/** How far restores look, here and in the page of keys Boltz is asked to scan (api.ts restore). */
export const KEY_LOOKUP_LIMIT = 1000;

export class KeyLookup {
  private readonly byXOnly = new Map<string, number>();
  private readonly byHash = new Map<string, number>();
  private derived = 0;

  constructor(
    private readonly keys: HopKeys,
    private readonly limit = KEY_LOOKUP_LIMIT,
  ) {}

  /** The index whose public key has this x coordinate (hex), if one of the first `limit`. */
  indexOfXOnly(xOnlyHex: string): number | undefined {
    return this.find(this.byXOnly, xOnlyHex.toLowerCase());
  }

  /** The index whose preimage hashes to `hashHex`, if one of the first `limit`. */
  indexOfPreimageHash(hashHex: string): number | undefined {
    return this.find(this.byHash, hashHex.toLowerCase());
  }

  private find(map: Map<string, number>, want: string): number | undefined {
    while (!map.has(want) && this.derived < this.limit) {
      const k = this.keys.at(this.derived);
      this.byXOnly.set(bytesToHex(k.publicKey).slice(2), this.derived);
      this.byHash.set(bytesToHex(k.preimageHash), this.derived);
      this.derived++;
    }
    return map.get(want);
  }
}
