/**
 * Rootstock addresses: Ethereum-style (keccak of the public key) with EIP-1191
 * checksums, which mix the chain id into the case pattern so an address copied
 * from another chain fails the check.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';

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

/** Rootstock chains whose checksum a pasted address may carry, by name, for error messages. */
const CHAIN_NAMES: Record<number, string> = { 30: 'Rootstock mainnet', 31: 'Rootstock testnet', 33: 'Rootstock regtest' };

/**
 * Parses a destination typed or pasted by the user for `chainId`. Accepts an
 * address without checksum (all lower or all upper case), with the EIP-1191
 * checksum of this chain, or with a plain EIP-55 checksum (what Ethereum tools
 * produce). Returns it with this chain's EIP-1191 checksum. Any other mix of
 * cases is a typo or an address from another chain, so it is refused.
 */
export function parseAddress(input: string, chainId: number): string {
  const text = input.trim();
  if (text === '') throw new WalletError('bad_address', localText('err_rsk_address_empty'));
  if (!/^0x/i.test(text)) throw new WalletError('bad_address', localText('err_rsk_address_0x'));
  const hex = text.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    throw new WalletError('bad_address', localText('err_rsk_address_hex'));
  }
  if (hex.length !== 40) {
    throw new WalletError('bad_address', localText('err_rsk_address_length', String(hex.length)));
  }
  if (/^0+$/.test(hex)) throw new WalletError('bad_address', localText('err_rsk_address_zero'));
  const address = `0x${hex}`;
  const expected = toChecksumAddress(address, chainId);
  const unchecksummed = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  if (unchecksummed || address === expected || address === toChecksumAddress(address, 1)) return expected;
  for (const [other, name] of Object.entries(CHAIN_NAMES)) {
    if (Number(other) !== chainId && address === toChecksumAddress(address, Number(other))) {
      throw new WalletError(
        'wrong_network',
        localText('err_rsk_checksum_network', name, CHAIN_NAMES[chainId] ?? `chain ${chainId}`),
      );
    }
  }
  throw new WalletError(
    'bad_address',
    localText('err_rsk_checksum_case'),
  );
}
