/**
 * z-base-32 (Zooko's human-oriented base 32), the text form of LND's message
 * signatures (lnd `lnrpc` SignMessage, through github.com/tv42/zbase32): 5 bits per
 * character, most significant first, the last character's unused low bits zero.
 */
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function zbase32Encode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** The bytes, or null for a character outside the alphabet or non-zero padding bits. */
export function zbase32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return Uint8Array.from(out);
}
