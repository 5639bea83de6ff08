/**
 * Elements' serialisation of explicit values and assets: a one-byte prefix 0x01,
 * then the value as 8 bytes big-endian or the asset id in internal byte order
 * (display hex is reversed, like txids). Commitments use prefixes 0x08/0x09
 * (values) and 0x0a/0x0b (assets), 33 bytes in all.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export const MAX_MONEY = 21_000_000n * 100_000_000n;

export function assetIdToBytes(id: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`not an asset id: ${id}`);
  return hexToBytes(id).reverse();
}

export function assetIdFromBytes(internal: Uint8Array): string {
  return bytesToHex(Uint8Array.from(internal).reverse());
}

export function explicitAsset(id: string): Uint8Array {
  return new Uint8Array([0x01, ...assetIdToBytes(id)]);
}

export function explicitValue(value: bigint): Uint8Array {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new Error('value out of range');
  const out = new Uint8Array(9);
  out[0] = 0x01;
  new DataView(out.buffer).setBigUint64(1, value, false);
  return out;
}

export function isExplicit(field: Uint8Array): boolean {
  return field[0] === 0x01;
}

/** The amount of a 9-byte explicit value field. */
export function readExplicitValue(field: Uint8Array): bigint {
  if (field.length !== 9 || field[0] !== 0x01) throw new Error('not an explicit value');
  return new DataView(field.buffer, field.byteOffset, 9).getBigUint64(1, false);
}

/** The asset id of a 33-byte explicit asset field. */
export function readExplicitAsset(field: Uint8Array): string {
  if (field.length !== 33 || field[0] !== 0x01) throw new Error('not an explicit asset');
  return assetIdFromBytes(field.slice(1));
}

export function txidToBytes(txid: string): Uint8Array {
  return assetIdToBytes(txid);
}

/** Display txid of an input's outpoint hash (internal byte order). */
export function txidFromBytes(hash: Uint8Array): string {
  return assetIdFromBytes(hash);
}
