/**
 * Segwit v1 (Taproot) addresses on the Liquid stand-in. liquidjs-lib 6.0.1 reads
 * and writes only v0 confidential addresses (it encodes a v1 program as v0 and
 * refuses `el1p…`), yet Boltz's L-BTC lockup addresses are confidential Taproot
 * ones. Blech32m per Elements' blech32.cpp (bech32's structure, 12-character
 * checksum, generator constants below, constant 0x455972a3350f7a1 for v1+);
 * unconfidential v1 addresses are plain bech32m.
 */
import { bech32, bech32m } from '@scure/base';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x7d52fba40bd886n, 0x5e8dbf1a03950cn, 0x1c3a3c74072a18n, 0x385d72fa0e5139n, 0x7093e5a608865bn];
const BLECH32M = 0x455972a3350f7a1n;

function polymod(values: number[]): bigint {
  let chk = 1n;
  for (const v of values) {
    const top = chk >> 55n;
    chk = ((chk & 0x7fffffffffffffn) << 5n) ^ BigInt(v);
    GEN.forEach((g, i) => {
      if ((top >> BigInt(i)) & 1n) chk ^= g;
    });
  }
  return chk;
}

const expand = (hrp: string) => [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];

/** `el1p…` for a Taproot output key and a blinding public key (33 bytes). */
export function confidentialTaprootAddress(outputKey: Uint8Array, blindingPubkey: Uint8Array, hrp = 'el'): string {
  const data = [1, ...bech32.toWords(Uint8Array.from([...blindingPubkey, ...outputKey]))];
  const mod = polymod([...expand(hrp), ...data, ...new Array(12).fill(0)]) ^ BLECH32M;
  const checksum = Array.from({ length: 12 }, (_, i) => Number((mod >> BigInt(5 * (11 - i))) & 31n));
  return `${hrp}1${[...data, ...checksum].map((d) => CHARSET[d]).join('')}`;
}

/** `ert1p…` (regtest) for a Taproot output key. */
export function unconfidentialTaprootAddress(outputKey: Uint8Array, hrp = 'ert'): string {
  return bech32m.encode(hrp, [1, ...bech32m.toWords(outputKey)]);
}

/** Reads a v1 address, confidential or not; null when it is not one. */
export function decodeTaprootAddress(address: string): { script: Buffer; blindingPubkey?: Buffer } | null {
  const lower = address.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1) return null;
  const hrp = lower.slice(0, sep);
  const words = [...lower.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (words.some((w) => w < 0)) return null;
  const script = (key: Uint8Array) => Buffer.concat([Buffer.of(0x51, 0x20), Buffer.from(key)]);
  if (words.length > 12 + 1 && polymod([...expand(hrp), ...words]) === BLECH32M && words[0] === 1) {
    const bytes = bech32.fromWords(words.slice(1, -12));
    if (bytes.length === 65) return { script: script(bytes.slice(33)), blindingPubkey: Buffer.from(bytes.slice(0, 33)) };
    return null;
  }
  try {
    const dec = bech32m.decode(lower as `${string}1${string}`);
    if (dec.words[0] !== 1) return null;
    const key = bech32m.fromWords(dec.words.slice(1));
    return key.length === 32 ? { script: script(key) } : null;
  } catch {
    return null;
  }
}
