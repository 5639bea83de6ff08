/**
 * Assembling and signing an Elements transaction with liquidjs-lib's Transaction
 * (imported alone: the package index would pull axios, bip32 and an eager WASM
 * load). Inputs are our P2WPKH outputs, signed with the Elements segwit v0
 * sighash over the spent output's value field (explicit or committed).
 */
import { Transaction } from 'liquidjs-lib/src/transaction';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '@noble/curves/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { BuiltOutput } from './blind';
import { explicitAsset, explicitValue, txidToBytes } from './encoding';
import { p2wpkhScript } from './keys';
import type { OpenedAmount, RawOutput } from './unblind';
import { buf } from './zkp';

export { Transaction };

/** Signals replaceability (BIP125), so a stuck send can later be bumped. */
export const RBF_SEQUENCE = 0xfffffffd;

/** One of our outputs, opened, with the address it pays (for its signing key). */
export interface SpendableUtxo {
  txid: string;
  vout: number;
  prevout: RawOutput;
  unblinded: OpenedAmount;
  /** Present when opened in this worker; otherwise the range proof is rewound again at signing. */
  blinders?: { asset: Uint8Array; value: Uint8Array };
  chain: 0 | 1;
  index: number;
  confirmed: boolean;
}

export function assembleTransaction(inputs: readonly Pick<SpendableUtxo, 'txid' | 'vout'>[], outputs: readonly BuiltOutput[], fee: bigint, policyAsset: string): Transaction {
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = 0;
  for (const input of inputs) tx.addInput(buf(txidToBytes(input.txid)), input.vout, RBF_SEQUENCE);
  for (const o of outputs) {
    tx.addOutput(buf(o.script), buf(o.value), buf(o.asset), buf(o.nonce), buf(o.rangeProof), buf(o.surjectionProof));
  }
  tx.addOutput(Buffer.alloc(0), buf(explicitValue(fee)), buf(explicitAsset(policyAsset)), Buffer.of(0));
  return tx;
}

/** The P2WPKH script code: the P2PKH script of the key hash. */
function scriptCode(pubkey: Uint8Array): Uint8Array {
  return new Uint8Array([0x76, 0xa9, 0x14, ...ripemd160(sha256(pubkey)), 0x88, 0xac]);
}

export function signTransaction(
  tx: Transaction,
  inputs: readonly SpendableUtxo[],
  privateKeyOf: (chain: 0 | 1, index: number) => Uint8Array,
): void {
  inputs.forEach((input, i) => {
    const priv = privateKeyOf(input.chain, input.index);
    const pub = secp256k1.getPublicKey(priv, true);
    if (!equalBytes(p2wpkhScript(pub), input.prevout.script)) throw new Error(`input ${i} is not paid to the key derived for it`);
    const hash = tx.hashForWitnessV0(i, buf(scriptCode(pub)), buf(input.prevout.value), Transaction.SIGHASH_ALL);
    const sig = secp256k1.sign(hash, priv, { prehash: false, format: 'der', lowS: true });
    tx.setWitness(i, [Buffer.from([...sig, Transaction.SIGHASH_ALL]), buf(pub)]);
  });
}
