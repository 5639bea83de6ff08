/**
 * Legacy (type 0) Ethereum transactions with EIP-155 replay protection, the only
 * kind Rootstock accepts (it has no EIP-1559). Hand-rolled on @noble/curves and
 * @noble/hashes, already in the bundle for addresses: an EVM library would add
 * 13 KB gzipped or more for these few lines (see bench/rootstock.ts). The unit
 * tests check every byte against micro-eth-signer and the EIP-155 vector.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeFlatList, encodeList, type RlpItem } from './rlp';

export interface LegacyTx {
  nonce: bigint;
  gasPrice: bigint;
  gasLimit: bigint;
  /** 0x-prefixed 20-byte address, any case. */
  to: string;
  value: bigint;
  /** Call data; empty for a plain RBTC transfer. */
  data?: Uint8Array;
  chainId: number;
}

export interface SignedTx {
  /** 0x-prefixed RLP of the signed transaction, for eth_sendRawTransaction. */
  raw: string;
  /** Transaction hash: keccak-256 of the raw bytes. */
  hash: string;
}

function fields(tx: LegacyTx): RlpItem[] {
  const to = hexToBytes(tx.to.replace(/^0x/i, '').toLowerCase());
  if (to.length !== 20) throw new Error('to must be a 20-byte address');
  return [tx.nonce, tx.gasPrice, tx.gasLimit, to, tx.value, tx.data ?? new Uint8Array(0)];
}

/** EIP-155: the signed payload ends with (chainId, 0, 0) so the signature only fits one chain. */
export function signingHash(tx: LegacyTx): Uint8Array {
  return keccak_256(encodeList([...fields(tx), BigInt(tx.chainId), 0n, 0n]));
}

export function signLegacyTx(tx: LegacyTx, privateKey: Uint8Array): SignedTx {
  // noble signs deterministically (RFC 6979) with low s, as EIP-2 requires.
  const sig = secp256k1.sign(signingHash(tx), privateKey, { prehash: false, format: 'recovered' });
  const recovery = BigInt(sig[0]!);
  const r = BigInt(`0x${bytesToHex(sig.subarray(1, 33))}`);
  const s = BigInt(`0x${bytesToHex(sig.subarray(33, 65))}`);
  const v = BigInt(tx.chainId) * 2n + 35n + recovery;
  const bytes = encodeList([...fields(tx), v, r, s]);
  return { raw: `0x${bytesToHex(bytes)}`, hash: `0x${bytesToHex(keccak_256(bytes))}` };
}

/** Hash of an already-signed raw transaction (to recognise it when a node says "already known"). */
export function rawTxHash(raw: string): string {
  return `0x${bytesToHex(keccak_256(hexToBytes(raw.replace(/^0x/i, ''))))}`;
}

/** The call data of a signed legacy transaction (empty for a plain transfer). */
export function rawTxData(raw: string): Uint8Array {
  const fields = decodeFlatList(hexToBytes(raw.replace(/^0x/i, '')));
  if (fields.length !== 9) throw new Error('not a signed legacy transaction');
  return fields[5]!;
}
