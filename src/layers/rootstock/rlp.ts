/**
 * The part of RLP (Ethereum yellow paper, appendix B) a legacy transaction needs:
 * encoding byte strings, unsigned integers and one flat list, and decoding that
 * flat list back (a speed-up rebuilds a call from the signed transaction it
 * stored). The tests check both against an independent library.
 */

export type RlpItem = Uint8Array | bigint;

/** Big-endian bytes of a non-negative integer with no leading zeros (0 is the empty string). */
export function bigintToBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('RLP integers are non-negative');
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Prefix for a payload of `length` bytes: short form below 56 bytes, else length-of-length. */
function header(length: number, shortBase: number): Uint8Array {
  if (length < 56) return Uint8Array.of(shortBase + length);
  const len = bigintToBytes(BigInt(length));
  return concat([Uint8Array.of(shortBase + 55 + len.length), len]);
}

export function encodeBytes(bytes: Uint8Array): Uint8Array {
  // A single byte below 0x80 is its own encoding.
  if (bytes.length === 1 && bytes[0]! < 0x80) return bytes;
  return concat([header(bytes.length, 0x80), bytes]);
}

export function encodeList(items: readonly RlpItem[]): Uint8Array {
  const payload = concat(items.map((item) => encodeBytes(typeof item === 'bigint' ? bigintToBytes(item) : item)));
  return concat([header(payload.length, 0xc0), payload]);
}

/** The byte strings of one flat RLP list (a legacy transaction); throws on anything else. */
export function decodeFlatList(bytes: Uint8Array): Uint8Array[] {
  const read = (at: number, shortBase: number): { start: number; length: number } => {
    const prefix = bytes[at]!;
    if (prefix < shortBase + 56) return { start: at + 1, length: prefix - shortBase };
    const lenOfLen = prefix - shortBase - 55;
    let length = 0;
    for (let i = 1; i <= lenOfLen; i++) length = length * 256 + bytes[at + i]!;
    return { start: at + 1 + lenOfLen, length };
  };
  if (bytes.length === 0 || bytes[0]! < 0xc0) throw new Error('not an RLP list');
  const list = read(0, 0xc0);
  if (list.start + list.length !== bytes.length) throw new Error('RLP list length does not match');
  const items: Uint8Array[] = [];
  for (let at = list.start; at < bytes.length; ) {
    const prefix = bytes[at]!;
    if (prefix >= 0xc0) throw new Error('nested RLP lists are not expected here');
    if (prefix < 0x80) {
      items.push(bytes.subarray(at, at + 1));
      at += 1;
      continue;
    }
    const item = read(at, 0x80);
    if (item.start + item.length > bytes.length) throw new Error('RLP item runs past the end');
    items.push(bytes.subarray(item.start, item.start + item.length));
    at = item.start + item.length;
  }
  return items;
}
