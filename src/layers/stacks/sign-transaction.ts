/**
 * Signs, without broadcasting, a serialized transaction someone else built (a web
 * page's `stx_signTransaction`), and only when it spends from this account: one
 * signature, P2PKH, whose signer is our key's hash. Parsing is strict (the bytes
 * must be exactly one transaction), and only testnet transactions are signed (Stacks
 * testnet and the devnet share its version and chain id).
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { AddressHashMode, deserializeTransaction, isSingleSig, PubKeyEncoding, TransactionSigner, type StacksTransactionWire } from '@stacks/transactions';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';

/** Stacks testnet's transaction version and chain id (@stacks/network TransactionVersion.Testnet, ChainId.Testnet). */
export const TESTNET_TX_VERSION = 0x80;
export const TESTNET_CHAIN_ID = 0x80000000;

/** Decodes exactly one transaction from hex (no 0x, no trailing bytes), or throws `bad_params`. */
export function decodeTransaction(hex: string): StacksTransactionWire {
  const clean = hex.toLowerCase();
  if (!/^([0-9a-f]{2})+$/.test(clean)) throw new WalletError('bad_params', localText('err_stx_tx_not_hex'));
  let tx: StacksTransactionWire;
  try {
    tx = deserializeTransaction(clean);
  } catch {
    throw new WalletError('bad_params', localText('err_stx_tx_undecodable'));
  }
  // The library stops at the end of a transaction: bytes after it would be signed over by nobody and shown by no one.
  if (tx.serialize().toLowerCase() !== clean) throw new WalletError('bad_params', localText('err_stx_tx_undecodable'));
  return tx;
}

/** Whether the transaction's origin is this key alone (single signature, P2PKH, compressed). */
export function spendsFrom(tx: StacksTransactionWire, publicKey: Uint8Array): boolean {
  const cond = tx.auth.spendingCondition;
  if (!isSingleSig(cond) || cond.hashMode !== AddressHashMode.P2PKH || cond.keyEncoding !== PubKeyEncoding.Compressed) return false;
  return cond.signer.toLowerCase() === bytesToHex(ripemd160(sha256(publicKey)));
}

/** Signs the origin; throws `wrong_network` or `bad_params` (nothing signed) for a transaction not ours on this network. */
export function signOwnTransaction(tx: StacksTransactionWire, privateKey: Uint8Array, publicKey: Uint8Array): { txid: string; hex: string } {
  if (tx.transactionVersion !== TESTNET_TX_VERSION || tx.chainId !== TESTNET_CHAIN_ID) throw new WalletError('wrong_network', localText('err_stx_tx_not_testnet'));
  if (!spendsFrom(tx, publicKey)) throw new WalletError('bad_params', localText('err_stx_tx_not_ours'));
  const signer = new TransactionSigner(tx);
  signer.signOrigin(`${bytesToHex(privateKey)}01`);
  const signed = signer.getTxInComplete();
  return { txid: signed.txid(), hex: signed.serialize() };
}
