// Follows ElementsProject/elements src/consensus/tx_verify.cpp (VerifyAmounts) and src/script/interpreter.cpp (witness v0 sighash).
/**
 * What the devnet checks before accepting a broadcast, from the raw transaction
 * alone and with libraries the wallet does not use for these checks:
 *   - liquidjs-lib parses it;
 *   - every input spends an existing, unspent output;
 *   - every range proof and surjection proof verifies (secp256k1-zkp 3.x verify);
 *   - input commitments equal output commitments plus the explicit fee
 *     (the points summed on elliptic; explicit amounts committed with a zero blinder);
 *   - the fee meets Liquid's 0.1 sat/vB on the discounted vsize;
 *   - each input is a P2WPKH spend whose signature verifies (own Elements sighash,
 *     strict low-S DER ECDSA on elliptic, where the wallet signs with @noble/curves).
 * A failure throws TxRejected with an Elements-style reason.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Output, Transaction } from 'liquidjs-lib/src/transaction';
import { ecdsaVerifyLowS } from '../secp256k1-checks';
import { elementsSegwitV0Sighash, SIGHASH_ALL } from './sighash';
import { isTaprootOutput, verifyLiquidTaprootInput } from './taproot';
import { commitmentsBalance, explicitCommitment, explicitGenerator, GENERATOR_PREFIXES, pointOf, type Secp256k1ZKP } from './zkp';

export class TxRejected extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type PrevoutState = { output: Output } | { spentBy: string } | undefined;

export interface VerifyOptions {
  policyAsset: string;
  /** sat/vB. */
  minFeeRate: number;
  /** For Taproot inputs (Boltz swap lockups): the chain's genesis hash (signature messages) and tip height (refund lock times). */
  genesisBlockHash?: Uint8Array;
  height?: number;
}

const MAX_MONEY = 21_000_000n * 100_000_000n;
const reject = (message: string, code = -26) => new TxRejected(code, message);

function assetIdOf(field: Buffer): string {
  return Buffer.from(field.subarray(1)).reverse().toString('hex');
}

function explicitAmount(field: Buffer): bigint {
  return field.readBigUInt64BE(1);
}

/** The serialized generator of an asset field; a blinded one must be a point on the curve. */
function generatorOf(zkp: Secp256k1ZKP, asset: Buffer, where: string): Uint8Array {
  if (asset.length === 33 && asset[0] === 0x01) return explicitGenerator(zkp, asset.subarray(1));
  if (asset.length === 33 && (asset[0] === 0x0a || asset[0] === 0x0b)) {
    if (!pointOf(asset, GENERATOR_PREFIXES)) throw reject(`bad-txns-asset-commitment-invalid (${where})`);
    return asset;
  }
  throw reject(`bad-txns-asset-invalid (${where})`);
}

/**
 * The serialised commitment of a value field (explicit amounts with a zero blinder); null for an
 * explicit zero, which commits to nothing: VerifyAmounts leaves it out of the sum where the
 * script is unspendable and refuses it where it could be spent.
 */
function commitmentOf(zkp: Secp256k1ZKP, value: Buffer, generator: Uint8Array, where: string, script: Buffer): Uint8Array | null {
  if (value.length === 9 && value[0] === 0x01) {
    const amount = explicitAmount(value);
    if (amount > MAX_MONEY) throw reject(`bad-txns-vout-toolarge (${where})`);
    if (amount === 0n) {
      if (isUnspendable(script)) return null;
      throw reject(`bad-txns-in-ne-out (${where}: a spendable output of zero)`);
    }
    return explicitCommitment(zkp, amount, generator);
  }
  if (value.length === 33 && (value[0] === 0x08 || value[0] === 0x09)) return value;
  throw reject(`bad-txns-value-invalid (${where})`);
}

/** Elements' CScript::IsUnspendable (src/script/script.h): OP_RETURN first, longer than MAX_SCRIPT_SIZE, or empty (a fee). */
function isUnspendable(script: Buffer): boolean {
  return script.length === 0 || script[0] === 0x6a || script.length > 10_000;
}

/**
 * Whether every output's asset, value and nonce field reads as Elements reads it (src/primitives/confidential.h
 * CConfidentialCommitment::Unserialize: null, explicit, or one of two commitment prefixes, else "Unrecognized
 * serialization prefix"); liquidjs-lib's reader also takes 0xff, and any other prefix as a field of one byte.
 */
export function decodesAsElements(tx: Transaction): boolean {
  const field = (b: Buffer, explicitSize: number, prefixes: [number, number]) =>
    (b.length === 1 && b[0] === 0x00) || (b.length === explicitSize && b[0] === 0x01) || (b.length === 33 && prefixes.includes(b[0]!));
  return tx.outs.every((o) => field(o.asset, 33, [0x0a, 0x0b]) && field(o.value, 9, [0x08, 0x09]) && field(o.nonce, 33, [0x02, 0x03]));
}

/** Elements' discounted weight (policy/discount.h): output witnesses and commitments counted as explicit. */
export function discountVsize(tx: Transaction): number {
  let weight = tx.weight();
  for (const o of tx.outs) {
    const witness = varSize(o.surjectionProof?.length ?? 0) + (o.surjectionProof?.length ?? 0) + varSize(o.rangeProof?.length ?? 0) + (o.rangeProof?.length ?? 0);
    weight -= witness - 2;
    if (o.value.length === 33) weight -= 24 * 4;
    if (o.nonce.length === 33) weight -= 32 * 4;
  }
  return Math.ceil(weight / 4);
}

function varSize(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : 5;
}

export function verifyTransaction(zkp: Secp256k1ZKP, tx: Transaction, prevout: (txid: string, vout: number) => PrevoutState, opts: VerifyOptions): { fee: bigint } {
  if (tx.ins.length === 0) throw reject('bad-txns-vin-empty');
  if (tx.outs.length === 0) throw reject('bad-txns-vout-empty');

  // Inputs exist and are unspent.
  const seen = new Set<string>();
  const spent: Output[] = tx.ins.map((input, i) => {
    if (input.isPegin || input.issuance) throw reject(`devnet-unsupported (input ${i}: peg-ins and issuances are not served here)`);
    const txid = Buffer.from(input.hash).reverse().toString('hex');
    const key = `${txid}:${input.index}`;
    if (seen.has(key)) throw reject('bad-txns-inputs-duplicate');
    seen.add(key);
    const state = prevout(txid, input.index);
    if (!state) throw reject('bad-txns-inputs-missingorspent', -25);
    if ('spentBy' in state) throw reject(`txn-mempool-conflict (input ${i} already spent by ${state.spentBy})`);
    return state.output;
  });

  const inputGenerators = spent.map((o, i) => generatorOf(zkp, o.asset, `input ${i}`));
  const inputCommitments = spent.map((o, i) => commitmentOf(zkp, o.value, inputGenerators[i]!, `input ${i}`, o.script));

  // Outputs: proofs for everything blinded, fee explicit in the policy asset.
  let fee = 0n;
  const outputCommitments = tx.outs.map((o, i) => {
    const where = `output ${i}`;
    if (o.script.length === 0) {
      if (o.asset[0] !== 0x01 || o.value[0] !== 0x01) throw reject(`bad-txns-fee-not-explicit (${where})`);
      if (assetIdOf(o.asset) !== opts.policyAsset) throw reject(`bad-txns-fee-not-policy-asset (${where})`);
      const amount = explicitAmount(o.value);
      // Elements src/consensus/tx_verify.cpp CheckTxInputs, HasValidFee: a fee output of nothing is out of range.
      if (amount === 0n) throw reject(`bad-txns-fee-outofrange (${where})`);
      fee += amount;
    }
    const generator = generatorOf(zkp, o.asset, where);
    // Elements src/confidential_validation.cpp VerifyAmounts: an explicit value has no range proof, an explicit asset no surjection proof.
    if (o.value[0] === 0x01 && o.rangeProof?.length) throw reject(`bad-txns-in-ne-out (${where}: a range proof on an explicit value)`);
    if (o.asset[0] === 0x01 && o.surjectionProof?.length) throw reject(`bad-txns-in-ne-out (${where}: a surjection proof on an explicit asset)`);
    if (o.asset[0] !== 0x01) {
      const proof = o.surjectionProof;
      let ok = false;
      try {
        ok = !!proof?.length && zkp.surjectionproof.verify(proof, inputGenerators, generator);
      } catch {
        ok = false;
      }
      if (!ok) throw reject(`bad-txns-in-ne-out (${where}: surjection proof does not verify)`);
    }
    const commitment = commitmentOf(zkp, o.value, generator, where, o.script);
    if (o.value[0] !== 0x01) {
      const proof = o.rangeProof;
      let ok = false;
      try {
        ok = !!proof?.length && zkp.rangeproof.verify(proof, o.value, generator, o.script);
      } catch {
        ok = false;
      }
      if (!ok) throw reject(`bad-txns-in-ne-out (${where}: range proof does not verify)`);
      // Elements src/script/sigcache.cpp VerifyRangeProof: a lowest value of 0 is refused where the script can be spent.
      if (!isUnspendable(o.script) && zkp.rangeproof.info(proof!).minValue === '0') {
        throw reject(`bad-txns-in-ne-out (${where}: range proof lets the value be zero on a spendable script)`);
      }
    }
    return commitment;
  });

  if (!commitmentsBalance(inputCommitments.filter((c) => c !== null), outputCommitments.filter((c) => c !== null))) {
    throw reject('bad-txns-in-ne-out (input commitments do not equal outputs plus fee)');
  }

  const vsize = discountVsize(tx);
  const minFee = BigInt(Math.ceil(vsize * opts.minFeeRate));
  if (fee < minFee) throw reject(`min relay fee not met, ${fee} < ${minFee}`);

  // Signatures: P2WPKH, and Taproot (Boltz swap outputs) through taproot.ts.
  tx.ins.forEach((input, i) => {
    const script = spent[i]!.script;
    if (isTaprootOutput(script) && opts.genesisBlockHash) {
      const reason = verifyLiquidTaprootInput(tx, i, spent, opts.genesisBlockHash, opts.height ?? 0);
      if (reason) throw reject(`mandatory-script-verify-flag-failed (${reason}) (input ${i})`);
      return;
    }
    if (!(script.length === 22 && script[0] === 0x00 && script[1] === 0x14)) throw reject(`devnet-unsupported (input ${i}: only P2WPKH outputs can be spent here)`);
    if (input.script.length !== 0) throw reject(`non-mandatory-script-verify-flag (Witness requires empty scriptSig) (input ${i})`);
    const [sig, pub, ...rest] = input.witness;
    if (!sig || !pub || rest.length || pub.length !== 33) throw reject(`non-mandatory-script-verify-flag (Witness program hash mismatch) (input ${i})`);
    if (!equalBytes(ripemd160(sha256(pub)), script.subarray(2))) throw reject(`non-mandatory-script-verify-flag (Witness program hash mismatch) (input ${i})`);
    if (sig[sig.length - 1] !== SIGHASH_ALL) throw reject(`devnet-unsupported (input ${i}: only SIGHASH_ALL)`);
    const scriptCode = Uint8Array.from([0x76, 0xa9, 0x14, ...script.subarray(2), 0x88, 0xac]);
    const hash = elementsSegwitV0Sighash(tx, i, scriptCode, spent[i]!.value);
    const valid = ecdsaVerifyLowS(sig.subarray(0, -1), hash, pub);
    if (!valid) throw reject(`mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation) (input ${i})`);
  });
  return { fee };
}
