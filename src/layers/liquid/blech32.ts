/**
 * Blech32 (Elements' confidential-address encoding): bech32's structure with a
 * 60-bit checksum (12 characters) so it can carry the 33-byte blinding key.
 * Generator constants are those of Elements' blech32.cpp.
 */
import { bech32 } from '@scure/base';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x7d52fba40bd886n, 0x5e8dbf1a03950cn, 0x1c3a3c74072a18n, 0x385d72fa0e5139n, 0x7093e5a608865bn];
const BLECH32_CONST = 1n; // witness v0
const BLECH32M_CONST = 0x455972a3350f7a1n; // witness v1+

function polymod(values: number[]): bigint {
  let c = 1n;
  for (const v of values) {
    const c0 = c >> 55n;
    c = ((c & 0x7fffffffffffffn) << 5n) ^ BigInt(v);
    for (let i = 0; i < 5; i++) if ((c0 >> BigInt(i)) & 1n) c ^= GENERATORS[i]!;
  }
  return c;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const ch of hrp) out.push(ch.charCodeAt(0) >> 5);
  out.push(0);
  for (const ch of hrp) out.push(ch.charCodeAt(0) & 31);
  return out;
}

export function blech32Encode(hrp: string, version: number, program: Uint8Array): string {
  const data = [version, ...bech32.toWords(program)];
  const constant = version === 0 ? BLECH32_CONST : BLECH32M_CONST;
  const mod = polymod([...hrpExpand(hrp), ...data, ...new Array(12).fill(0)]) ^ constant;
  const checksum: number[] = [];
  for (let i = 0; i < 12; i++) checksum.push(Number((mod >> BigInt(5 * (11 - i))) & 31n));
  return `${hrp}1${[...data, ...checksum].map((d) => CHARSET[d]).join('')}`;
}

export interface Blech32Decoded {
  hrp: string;
  version: number;
  program: Uint8Array;
}

/** Decodes and verifies a blech32/blech32m string; returns null for anything invalid. */
export function blech32Decode(address: string): Blech32Decoded | null {
  if (address.length > 1000) return null;
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return null;
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 13 > lower.length) return null;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const v = CHARSET.indexOf(ch);
    if (v < 0) return null;
    values.push(v);
  }
  const version = values[0];
  if (version === undefined || version > 16) return null;
  const constant = version === 0 ? BLECH32_CONST : BLECH32M_CONST;
  if (polymod([...hrpExpand(hrp), ...values]) !== constant) return null;
  try {
    const program = bech32.fromWords(values.slice(1, -12));
    return { hrp, version, program };
  } catch {
    return null;
  }
}
