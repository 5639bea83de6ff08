/**
 * The reclaim spend of an sBTC deposit: a version-2 transaction whose input's
 * sequence carries the relative lock (BIP68; the reclaim leaf's
 * OP_CHECKSEQUENCEVERIFY checks it), signed along the reclaim leaf (BIP342).
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { address as baddress, crypto as bcrypto, Transaction, type Network } from 'bitcoinjs-lib';
import { WalletError } from '../../shared/errors';
import { checkFeeCap } from '../../shared/fee-caps';
import { feeForWeight, type FeeRate } from '../../layers/bitcoin/fee-rate';
import { TAPSCRIPT_LEAF_VERSION } from './scripts';
import { localText } from '../../shared/local-text';

export interface ReclaimInput {
  fundingTxid: string;
  fundingVout: number;
  amount: bigint;
  depositAddress: string;
  reclaimScript: Uint8Array;
  controlBlock: Uint8Array;
  lockTime: number;
  to: string;
  feeRate: FeeRate;
  privateKey: Uint8Array;
  network: Network;
}

function leafHash(script: Uint8Array): Uint8Array {
  const body = new Uint8Array(2 + script.length);
  body[0] = TAPSCRIPT_LEAF_VERSION;
  body[1] = script.length; // reclaim scripts are far below 253 bytes
  body.set(script, 2);
  return bcrypto.taggedHash('TapLeaf', body);
}

function build(input: ReclaimInput, fee: bigint, sign: boolean): Transaction {
  const value = input.amount - fee;
  if (value < 330n) throw new WalletError('below_dust', localText('err_sbtc_reclaim_dust'));
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(hexToBytes(input.fundingTxid).reverse(), input.fundingVout, input.lockTime);
  tx.addOutput(baddress.toOutputScript(input.to, input.network), value);
  const prevScript = baddress.toOutputScript(input.depositAddress, input.network);
  const sighash = tx.hashForWitnessV1(0, [prevScript], [input.amount], Transaction.SIGHASH_DEFAULT, leafHash(input.reclaimScript));
  const sig = sign ? schnorr.sign(sighash, input.privateKey) : new Uint8Array(64);
  tx.setWitness(0, [sig, input.reclaimScript, input.controlBlock]);
  return tx;
}

export function buildReclaim(input: ReclaimInput): { txid: string; hex: string; fee: bigint } {
  const weight = build(input, 0n, false).weight();
  const fee = feeForWeight(weight, input.feeRate);
  checkFeeCap('bitcoin', fee, input.amount, 'reclaim', weight / 4);
  const tx = build(input, fee, true);
  return { txid: tx.getId(), hex: bytesToHex(tx.toBuffer()), fee };
}
