/**
 * Which hop key index a public key or a preimage hash belongs to, among the first
 * `limit` indexes. A restore asks this for every swap and every EtherSwap lock it
 * sees: keys are derived once, in order, and only as far as a question needs. A
 * preimage hash that is not ours (an invoice's, a stranger's lock) walks the whole
 * range, so hashes alone are derived without public keys (HopKeys.preimageHashAt).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { HopKeys } from '../keys';

/** How far restores look, here and in the page of keys Boltz is asked to scan (api.ts restore). */
export const KEY_LOOKUP_LIMIT = 1000;

export class KeyLookup {
  private readonly byXOnly = new Map<string, number>();
  private readonly byHash = new Map<string, number>();
  private keysDerived = 0;
  private hashesDerived = 0;

  constructor(
    private readonly keys: HopKeys,
    private readonly limit = KEY_LOOKUP_LIMIT,
  ) {}

  /** The index whose public key has this x coordinate (hex), if one of the first `limit`. */
  indexOfXOnly(xOnlyHex: string): number | undefined {
    const want = xOnlyHex.toLowerCase();
    while (!this.byXOnly.has(want) && this.keysDerived < this.limit) {
      const k = this.keys.at(this.keysDerived);
      this.byXOnly.set(bytesToHex(k.publicKey).slice(2), this.keysDerived);
      this.byHash.set(bytesToHex(k.preimageHash), this.keysDerived);
      this.keysDerived++;
    }
    return this.byXOnly.get(want);
  }

  /** The index whose preimage hashes to `hashHex`, if one of the first `limit`. */
  indexOfPreimageHash(hashHex: string): number | undefined {
    const want = hashHex.toLowerCase();
    while (!this.byHash.has(want) && this.hashesDerived < this.limit) {
      this.byHash.set(bytesToHex(this.keys.preimageHashAt(this.hashesDerived)), this.hashesDerived);
      this.hashesDerived++;
    }
    return this.byHash.get(want);
  }
}
