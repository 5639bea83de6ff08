/**
 * 5-bit word helpers for bolt11 and LNURL, which read bech32 data in ways the
 * strict `fromWords` refuses: bolt11 tag data carries up to 4 padding bits to drop,
 * and the bolt11 signature covers the data part padded with zero bits.
 */

/** Big-endian integer from 5-bit words (timestamps, lengths, expiry). */
export function wordsToNumber(words: readonly number[]): number {
  let n = 0;
  for (const w of words) n = n * 32 + w;
  if (!Number.isSafeInteger(n)) throw new RangeError('number too large');
  return n;
}

/** 5-bit words to bytes; `pad` appends zero bits to the last byte, otherwise leftover bits are dropped. */
export function wordsToBytes(words: readonly number[], pad: boolean): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if (pad && bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}
