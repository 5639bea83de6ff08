/**
 * Rootstock addresses: Ethereum-style (keccak of the public key) with EIP-1191
 * checksums, which mix the chain id into the case pattern so an address copied
 * from another chain fails the check.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** Chains that adopted EIP-1191 (Rootstock mainnet, testnet, and its regtest). */
const EIP1191_CHAINS = new Set([30, 31, 33]);

export function addressFromPublicKey(pubkey: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(pubkey).toBytes(false);
  return `0x${bytesToHex(keccak_256(uncompressed.slice(1)).slice(-20))}`;
}

/** EIP-1191 checksum for Rootstock chain ids, EIP-55 for any other chain id. */
export function toChecksumAddress(address: string, chainId: number): string {
  const hex = address.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error('not a 20-byte hex address');
  const input = EIP1191_CHAINS.has(chainId) ? `${chainId}0x${hex}` : hex;
  const hash = bytesToHex(keccak_256(new TextEncoder().encode(input)));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const ch = hex[i]!;
    out += parseInt(hash[i]!, 16) >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}
