/**
 * Claims and refunds of Liquid Taproot swap outputs (Boltz's L-BTC lockups).
 *
 * The same two paths as on Bitcoin (see btc-spend.ts), in Elements' variant:
 * the lockup is usually confidential, so it is opened with the blinding key Boltz
 * hands out and the one paying output is blinded again to our own address (its
 * value blinder solved so the commitments balance, fee output explicit); the
 * signature hash is Elements' Taproot one (genesis hash, spent assets and
 * values as serialised, output witnesses); script-path leaves carry version 0xc4.
 * boltz-core's Liquid helpers need a newer liquidjs-lib than the one we bundle,
 * so the transaction is put together here with the Liquid layer's blinder.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Types } from 'boltz-core';
import { blindOutputs } from '../../layers/liquid/blind';
import { feeFor } from '../../layers/liquid/plan';
import { assembleTransaction, Transaction } from '../../layers/liquid/transaction';
import type { RawOutput, UnblindedOutput } from '../../layers/liquid/unblind';
import { buf, type ZKP } from '../../layers/liquid/zkp';
import { WalletError } from '../../shared/errors';
import { checkFeeCap } from '../../shared/fee-caps';
import type { BuiltSpend, CosignFn, SpendKeys } from './btc-spend';
import { cosignedSignature, liquidControlBlock, liquidLeafHash, musigOf, tweakMusig } from './taproot';
import { localText } from '../../shared/local-text';

/** A Liquid lockup found on chain and opened with its blinding key. */
export interface LiquidLockup {
  txid: string;
  vout: number;
  output: RawOutput;
  opened: UnblindedOutput;
}

export interface LiquidSpendParams extends SpendKeys {
  zkp: ZKP;
  /** Display hex, as the chain constants hold it. */
  genesisBlockHash: string;
  policyAsset: string;
  lockup: LiquidLockup;
  tree: Types.SwapTree;
  /** Our address's script and blinding public key (our payout addresses are confidential). */
  destination: { script: Uint8Array; blindingKey?: Uint8Array };
  /** sat/vB (Liquid's floor is 0.1). */
  feeRate: number;
  /** Claims: the preimage. Refunds: absent. */
  preimage?: Uint8Array;
  /** Refunds: the timeout height (nLockTime on the script path). */
  timeoutBlockHeight?: number;
}

/**
 * Discounted vsize (ELIP-200, proofs not counted) of a one-input spend to one
 * P2WPKH output plus the fee output, with the largest witness we write: the claim
 * leaf (signature, preimage, ~100-byte leaf, 65-byte control block).
 */
const SWEEP_VSIZE = 4 + 1 + 1 + 41 + 1 + (33 + 9 + 1 + 1 + 22) + (33 + 9 + 1 + 1) + 4 + Math.ceil((1 + 65 + 33 + 101 + 66 + 3 + 2 * 2) / 4);

export function sweepFee(feeRate: number): bigint {
  return feeFor(SWEEP_VSIZE, feeRate);
}

/**
 * Elements' Taproot signature hash of input 0. liquidjs-lib 6.0.1 hashes each
 * output's proofs as (range proof, surjection proof), while Elements hashes its
 * output witness as serialised: surjection proof first. Hashing a copy with the
 * two swapped gives Elements' message (checked against the devnet's independent
 * implementation in tests/unit/hops-liquid-spend.test.ts).
 */
export function liquidSighash(tx: Transaction, spent: RawOutput, genesisBlockHash: string, leafHash?: Uint8Array): Uint8Array {
  const copy = tx.clone();
  for (const o of copy.outs) [o.rangeProof, o.surjectionProof] = [o.surjectionProof ?? Buffer.alloc(0), o.rangeProof ?? Buffer.alloc(0)];
  const genesis = buf(hexToBytes(genesisBlockHash).reverse());
  return copy.hashForWitnessV1(0, [buf(spent.script)], [{ asset: buf(spent.asset), value: buf(spent.value) }], Transaction.SIGHASH_DEFAULT, genesis, leafHash ? buf(leafHash) : undefined);
}

function assemble(p: LiquidSpendParams, cooperative: boolean): Transaction {
  const { opened } = p.lockup;
  if (opened.asset !== p.policyAsset) throw new WalletError('backend_error', localText('err_swap_output_not_lbtc'));
  const fee = sweepFee(p.feeRate);
  if (fee >= opened.value) throw new WalletError('insufficient_funds', localText('err_swap_output_small'));
  checkFeeCap('liquid', fee, opened.value, p.preimage ? 'claim' : 'refund');
  if (opened.confidential && !p.destination.blindingKey) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_sweep_unconfidential')));
  const outputs = blindOutputs(
    p.zkp,
    [{ asset: opened.asset, value: opened.value, assetBlinder: opened.assetBlinder, valueBlinder: opened.valueBlinder }],
    [{ script: p.destination.script, asset: p.policyAsset, value: opened.value - fee, blindingKey: p.destination.blindingKey }],
  );
  const tx = assembleTransaction([p.lockup], outputs, fee, p.policyAsset);
  if (!p.preimage) {
    if (p.timeoutBlockHeight === undefined) throw new Error('a refund needs the timeout height');
    // The script path's CLTV needs nLockTime at the timeout; the key path needs none.
    if (!cooperative) tx.locktime = p.timeoutBlockHeight;
  }
  return tx;
}

function result(tx: Transaction, p: LiquidSpendParams): BuiltSpend {
  return { hex: tx.toHex(), txid: tx.getId(), fee: sweepFee(p.feeRate) };
}

/** The script-path spend (claim leaf with the preimage, or refund leaf after the timeout), signed with our key alone. */
export function buildLiquidScriptPathSpend(p: LiquidSpendParams): BuiltSpend {
  const tx = assemble(p, false);
  const leaf = p.preimage ? p.tree.claimLeaf : p.tree.refundLeaf;
  const sighash = liquidSighash(tx, p.lockup.output, p.genesisBlockHash, liquidLeafHash(leaf));
  const signature = schnorr.sign(sighash, p.privateKey);
  const control = liquidControlBlock(p.boltzPublicKey, p.publicKey, p.tree, p.preimage ? 'claim' : 'refund');
  const witness = p.preimage ? [signature, p.preimage, leaf.output, control] : [signature, leaf.output, control];
  tx.setWitness(0, witness.map((w) => buf(w)));
  return result(tx, p);
}

/** The key-path spend, co-signed with Boltz (its partial signature verified before use). */
export async function buildLiquidCooperativeSpend(p: LiquidSpendParams, cosign: CosignFn): Promise<BuiltSpend> {
  const tx = assemble(p, true);
  const musig = tweakMusig(true, musigOf(p.privateKey, p.publicKey, p.boltzPublicKey), p.tree.tree);
  const signature = await cosignedSignature(musig, liquidSighash(tx, p.lockup.output, p.genesisBlockHash), p.boltzPublicKey, (pubNonce) =>
    cosign({ pubNonce, transaction: tx.toHex(), index: 0 }),
  );
  tx.setWitness(0, [buf(signature)]);
  return result(tx, p);
}
