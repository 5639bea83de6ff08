/**
 * Builds and signs a transaction from chosen coins with bitcoinjs-lib's PSBT, in
 * the background only. P2WPKH inputs sign with ECDSA (low-S); P2TR inputs sign on
 * the key path with the BIP341-tweaked key. Every input signals RBF (BIP125).
 */
import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { crypto as btcCrypto, Psbt, type Signer } from 'bitcoinjs-lib';
import type { BitcoinKeys, OwnedAddress } from './keys';

/** nSequence that signals replaceability (BIP125) and allows nLockTime. */
export const RBF_SEQUENCE = 0xfffffffd;

export interface SpendInput {
  txid: string;
  vout: number;
  value: bigint;
  owner: OwnedAddress;
}

export interface SpendOutput {
  script: Uint8Array;
  value: bigint;
}

export interface SignedTx {
  txid: string;
  hex: string;
  weight: number;
  fee: bigint;
}

const N = secp256k1.Point.Fn.ORDER;

/** BIP341 key-path signer: d' = (d or n-d for odd P) + H_TapTweak(P.x). */
function taprootSigner(privateKey: Uint8Array): Signer {
  const P = secp256k1.getPublicKey(privateKey, true);
  let d = bytesToNumberBE(privateKey);
  if (P[0] === 3) d = N - d;
  const t = bytesToNumberBE(btcCrypto.taggedHash('TapTweak', P.slice(1)));
  const tweaked = numberToBytesBE((d + t) % N, 32);
  const xOnly = schnorr.getPublicKey(tweaked);
  return {
    publicKey: new Uint8Array([0x02, ...xOnly]),
    sign: () => {
      throw new Error('ECDSA is not used on the Taproot key path');
    },
    signSchnorr: (hash: Uint8Array) => schnorr.sign(hash, tweaked),
  };
}

function ecdsaSigner(privateKey: Uint8Array, publicKey: Uint8Array): Signer {
  return { publicKey, sign: (hash: Uint8Array) => secp256k1.sign(hash, privateKey, { prehash: false }) };
}

/** The signer of one of the wallet's addresses: ECDSA for P2WPKH, the tweaked key-path Schnorr signer for P2TR. */
export function signerFor(keys: BitcoinKeys, owner: OwnedAddress): Signer {
  const priv = keys.privateKey(owner);
  return owner.scheme === 'p2tr' ? taprootSigner(priv) : ecdsaSigner(priv, owner.publicKey);
}

export function signTransaction(keys: BitcoinKeys, inputs: SpendInput[], outputs: SpendOutput[], locktime = 0): SignedTx {
  const psbt = new Psbt({ network: keys.network });
  psbt.setLocktime(locktime);
  for (const input of inputs) {
    psbt.addInput({
      hash: input.txid,
      index: input.vout,
      sequence: RBF_SEQUENCE,
      witnessUtxo: { script: hexToBytes(input.owner.script), value: input.value },
      ...(input.owner.scheme === 'p2tr' ? { tapInternalKey: input.owner.publicKey.slice(1, 33) } : {}),
    });
  }
  for (const o of outputs) psbt.addOutput({ script: o.script, value: o.value });
  inputs.forEach((input, i) => psbt.signInput(i, signerFor(keys, input.owner)));
  psbt.finalizeAllInputs();
  const tx = psbt.extractTransaction();
  return { txid: tx.getId(), hex: tx.toHex(), weight: tx.weight(), fee: psbt.getFee() };
}
