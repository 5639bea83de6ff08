/**
 * The little Solidity ABI the wallet needs for contract reads and calls (Bridge
 * precompile, swap contracts): selectors, static words, one dynamic string or
 * bytes argument, and decoding of single return values. Tested against
 * micro-eth-signer's full ABI coder.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export type AbiValue = { type: 'uint256' | 'int256' | 'bool'; value: bigint | boolean } | { type: 'address' | 'bytes32'; value: string } | { type: 'string' | 'bytes'; value: string | Uint8Array };

export function selector(signature: string): string {
  return bytesToHex(keccak_256(new TextEncoder().encode(signature)).slice(0, 4));
}

function word(n: bigint): string {
  const v = n < 0n ? (1n << 256n) + n : n;
  return v.toString(16).padStart(64, '0');
}

function dynamic(bytes: Uint8Array): string {
  const padded = bytesToHex(bytes).padEnd(Math.ceil(bytes.length / 32) * 64, '0');
  return word(BigInt(bytes.length)) + padded;
}

/** 0x-prefixed calldata for `signature` with `args` (heads, then the tails of dynamic args). */
export function encodeCall(signature: string, args: AbiValue[] = []): string {
  const heads: string[] = [];
  const tails: string[] = [];
  let offset = 32 * args.length;
  for (const a of args) {
    switch (a.type) {
      case 'uint256':
      case 'int256':
        heads.push(word(a.value as bigint));
        break;
      case 'bool':
        heads.push(word(a.value ? 1n : 0n));
        break;
      case 'address':
        heads.push(a.value.replace(/^0x/i, '').toLowerCase().padStart(64, '0'));
        break;
      case 'bytes32':
        heads.push(a.value.replace(/^0x/i, '').toLowerCase().padEnd(64, '0'));
        break;
      case 'string':
      case 'bytes': {
        const bytes = typeof a.value === 'string' ? new TextEncoder().encode(a.value) : a.value;
        heads.push(word(BigInt(offset)));
        const tail = dynamic(bytes);
        tails.push(tail);
        offset += tail.length / 2;
        break;
      }
    }
  }
  return `0x${selector(signature)}${heads.join('')}${tails.join('')}`;
}

function words(hex: string): string {
  const h = hex.replace(/^0x/i, '');
  if (h.length % 64 !== 0 || h.length === 0) throw new Error('not an ABI-encoded value');
  return h;
}

export function decodeUint(hex: string): bigint {
  return BigInt(`0x${words(hex).slice(0, 64)}`);
}

export function decodeInt(hex: string): bigint {
  const v = decodeUint(hex);
  return v >= 1n << 255n ? v - (1n << 256n) : v;
}

export function decodeBool(hex: string): boolean {
  return decodeUint(hex) !== 0n;
}

/** A single returned `bytes`. */
export function decodeBytes(hex: string): Uint8Array {
  const h = words(hex);
  const offset = Number(BigInt(`0x${h.slice(0, 64)}`)) * 2;
  const length = Number(BigInt(`0x${h.slice(offset, offset + 64)}`));
  const body = h.slice(offset + 64, offset + 64 + length * 2);
  if (body.length !== length * 2) throw new Error('not an ABI-encoded value');
  return hexToBytes(body);
}

/** A single returned `string`. */
export function decodeString(hex: string): string {
  return new TextDecoder().decode(decodeBytes(hex));
}
