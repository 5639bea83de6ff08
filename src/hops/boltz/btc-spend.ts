/**
 * Claims and refunds of Bitcoin Taproot swap outputs with boltz-core.
 *
 * Cooperative (key path): the transaction is built with a placeholder witness,
 * its BIP341 sighash is signed with MuSig2 together with Boltz (Boltz's partial
 * signature is verified before it is used), and the aggregate Schnorr signature
 * becomes the only witness item. Script path (fallback): boltz-core signs the claim
 * leaf with our key and the preimage, or the refund leaf after the timeout with
 * nLockTime set to the timeout height.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { SigHash, Transaction } from '@scure/btc-signer';
import { constructClaimTransaction, constructRefundTransaction, OutputType, targetFee, type Types } from 'boltz-core';
import { WalletError } from '../../shared/errors';
import { checkFeeCap } from '../../shared/fee-caps';
import type { PartialSignature, SigningRequest } from './api';
import { buildTree, cosignedSignature, internalKeyOf, musigOf, p2trScript, tweakMusig } from './taproot';
import { localText } from '../../shared/local-text';

export interface SwapOutput {
  txid: string;
  vout: number;
  /** The P2TR scriptPubKey of the lockup. */
  script: Uint8Array;
  value: bigint;
}

export interface SpendKeys {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  boltzPublicKey: Uint8Array;
}

export interface SpendParams extends SpendKeys {
  output: SwapOutput;
  tree: Types.SwapTree;
  destination: Uint8Array;
  /** sat/vB */
  feeRate: number;
  /** Claims: the preimage. Refunds: absent. */
  preimage?: Uint8Array;
  /** Refunds: the timeout height (nLockTime). */
  timeoutBlockHeight?: number;
}

export interface BuiltSpend {
  hex: string;
  txid: string;
  fee: bigint;
}

/** Asks Boltz for its partial signature; returns null when Boltz declines (then the script path is used). */
export type CosignFn = (req: SigningRequest) => Promise<PartialSignature | null>;

function details(p: SpendParams, cooperative: boolean) {
  // The untweaked aggregate, held by the two public keys (a MuSig state with our private key would aggregate again).
  const internalKey = internalKeyOf(p.boltzPublicKey, p.publicKey);
  return {
    type: OutputType.Taproot as const,
    transactionId: p.output.txid,
    vout: p.output.vout,
    script: p.output.script,
    amount: p.output.value,
    privateKey: p.privateKey,
    swapTree: p.tree,
    internalKey,
    cooperative,
    preimage: p.preimage ?? new Uint8Array(0),
  };
}

function build(p: SpendParams, cooperative: boolean): Transaction {
  const rate = Math.max(1, p.feeRate);
  return targetFee(rate, (fee) => {
    if (fee >= p.output.value) throw new WalletError('insufficient_funds', localText('err_swap_output_small'));
    checkFeeCap('bitcoin', fee, p.output.value, p.preimage ? 'claim' : 'refund', Number(fee) / rate);
    if (p.preimage) return constructClaimTransaction([details(p, cooperative)], p.destination, fee, true);
    if (p.timeoutBlockHeight === undefined) throw new Error('a refund needs the timeout height');
    // A key-path refund needs no timelock; the script path needs nLockTime >= timeout.
    return constructRefundTransaction([details(p, cooperative)], p.destination, cooperative ? 0 : p.timeoutBlockHeight, fee, true);
  });
}

/**
 * The fee of our key-path claim (the usual one: Boltz co-signs) at `feeRate`, paying one
 * P2WPKH output of ours (the payout address): built as build() builds it, with keys no one
 * uses, since only the transaction's size matters. A script-path claim is larger; when one
 * is signed instead, the hop's expected amount follows what it paid (utxo-sides.ts).
 */
export function keyPathClaimFee(feeRate: number): bigint {
  const rate = Math.max(1, feeRate);
  const known = claimFees.get(rate);
  if (known !== undefined) return known;
  const ours = secp256k1.getPublicKey(ESTIMATE_KEY, true);
  const theirs = secp256k1.getPublicKey(ESTIMATE_KEY.map(() => 2), true);
  const tree = buildTree({ shape: 'reverse', liquid: false, preimageHash: new Uint8Array(32), claimPublicKey: ours, refundPublicKey: theirs, timeoutBlockHeight: 1 });
  const output = { txid: '00'.repeat(32), vout: 0, script: p2trScript(ours.slice(1)), value: 21_000_000n * 100_000_000n };
  const p: SpendParams = { privateKey: ESTIMATE_KEY, publicKey: ours, boltzPublicKey: theirs, output, tree, destination: new Uint8Array([0x00, 0x14, ...new Uint8Array(20).fill(2)]), feeRate: rate, preimage: new Uint8Array(32) };
  const tx = targetFee(rate, (fee) => constructClaimTransaction([details(p, true)], p.destination, fee, true));
  const fee = result(tx, p).fee;
  if (claimFees.size < 64) claimFees.set(rate, fee);
  return fee;
}

/** Key-path claim fees by rate: the build takes a MuSig2 aggregation, a quote needs only its size. */
const claimFees = new Map<number, bigint>();

const ESTIMATE_KEY = new Uint8Array(32).fill(1);

function result(tx: Transaction, p: SpendParams): BuiltSpend {
  const out = tx.getOutput(0).amount ?? 0n;
  return { hex: tx.hex, txid: tx.id, fee: p.output.value - out };
}

/** The script-path spend, signed with our key alone. */
export function buildScriptPathSpend(p: SpendParams): BuiltSpend {
  return result(build(p, false), p);
}

/** BIP341 key-path sighash (SIGHASH_DEFAULT) of input 0 spending the swap output. */
export function keyPathSighash(tx: Transaction, output: SwapOutput): Uint8Array {
  return tx.preimageWitnessV1(0, [output.script], SigHash.DEFAULT, [output.value]);
}

/**
 * The key-path spend, co-signed with Boltz. Throws when Boltz declines or sends a
 * partial signature that does not verify; the caller then falls back to the
 * script path where the protocol allows.
 */
export async function buildCooperativeSpend(p: SpendParams, cosign: CosignFn): Promise<BuiltSpend> {
  const tx = build(p, true);
  const musig = tweakMusig(false, musigOf(p.privateKey, p.publicKey, p.boltzPublicKey), p.tree.tree);
  const signature = await cosignedSignature(musig, keyPathSighash(tx, p.output), p.boltzPublicKey, (pubNonce) => cosign({ pubNonce, transaction: tx.hex, index: 0 }));
  tx.updateInput(0, { finalScriptWitness: [signature] });
  return result(tx, p);
}

/**
 * Our partial signature for a transaction of Boltz's that spends an output we
 * co-own (Boltz's cooperative claim of our chain-swap or submarine lockup).
 */
export function partialSignatureFor(keys: SpendKeys, tree: Types.SwapTree, liquid: boolean, sighash: Uint8Array, boltzNonce: Uint8Array): PartialSignature {
  const musig = tweakMusig(liquid, musigOf(keys.privateKey, keys.publicKey, keys.boltzPublicKey), tree.tree);
  const withNonce = musig.message(sighash).generateNonce();
  const signed = withNonce.aggregateNonces([[keys.boltzPublicKey, boltzNonce]]).initializeSession().signPartial();
  return { pubNonce: bytesToHex(withNonce.publicNonce), partialSignature: bytesToHex(signed.ourPartialSignature) };
}

/** Finds the output paying `script` in a raw transaction. */
export function findOutput(hex: string, script: Uint8Array): SwapOutput | null {
  const tx = Transaction.fromRaw(hexToBytes(hex), { allowUnknownOutputs: true, allowUnknownInputs: true, disableScriptCheck: true });
  for (let i = 0; i < tx.outputsLength; i++) {
    const o = tx.getOutput(i);
    if (o.script && o.amount !== undefined && bytesToHex(o.script) === bytesToHex(script)) return { txid: tx.id, vout: i, script, value: o.amount };
  }
  return null;
}
