/**
 * The sBTC deposit output (sBTC's v1 deposit format, stacks-sbtc/sbtc
 * `sbtc/src/deposits.rs`): a Taproot output whose key path is unspendable (the
 * BIP341 NUMS point) and whose two leaves are
 *   deposit: <max fee (8 bytes BE) || recipient principal (SIP-005)> OP_DROP <signers' x-only key> OP_CHECKSIG
 *   reclaim: <lock time> OP_CHECKSEQUENCEVERIFY OP_DROP <our x-only key> OP_CHECKSIG
 * The signers sweep through the deposit leaf and mint sBTC to the recipient; if
 * they never do, the reclaim leaf returns the coins to us after `lockTime` blocks.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { payments, script as bscript, type Network } from 'bitcoinjs-lib';
import { principalCV, serializeCVBytes } from '@stacks/transactions';

/** BIP341's "nothing up my sleeve" point: no one knows its private key. */
export const NUMS_X_ONLY = hexToBytes('50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0');
export const TAPSCRIPT_LEAF_VERSION = 0xc0;
const OP_DROP = 0x75;
const OP_CHECKSIG = 0xac;
const OP_CSV = 0xb2;

/** `max fee || principal`, the data the deposit leaf carries (SIP-005 principal serialization). */
export function depositData(maxFee: bigint, recipient: string): Uint8Array {
  const fee = new Uint8Array(8);
  new DataView(fee.buffer).setBigUint64(0, maxFee, false);
  const principal = serializeCVBytes(principalCV(recipient));
  const out = new Uint8Array(8 + principal.length);
  out.set(fee);
  out.set(principal, 8);
  return out;
}

export function depositScript(maxFee: bigint, recipient: string, signersXOnly: Uint8Array): Uint8Array {
  return bscript.compile([depositData(maxFee, recipient), OP_DROP, signersXOnly, OP_CHECKSIG]);
}

export function reclaimScript(lockTime: number, ourXOnly: Uint8Array): Uint8Array {
  if (!Number.isInteger(lockTime) || lockTime < 1 || lockTime > 0xffff) throw new RangeError('reclaim lock time must be 1..65535 blocks');
  return bscript.compile([bscript.number.encode(lockTime), OP_CSV, OP_DROP, ourXOnly, OP_CHECKSIG]);
}

export interface DepositOutput {
  address: string;
  output: Uint8Array;
  depositScript: Uint8Array;
  reclaimScript: Uint8Array;
  /** Control block proving the reclaim leaf is in the output's tree (script-path spend). */
  reclaimControlBlock: Uint8Array;
}

export function depositOutput(
  opts: { maxFee: bigint; recipient: string; signersXOnly: Uint8Array; lockTime: number; ourXOnly: Uint8Array },
  network: Network,
): DepositOutput {
  const deposit = depositScript(opts.maxFee, opts.recipient, opts.signersXOnly);
  const reclaim = reclaimScript(opts.lockTime, opts.ourXOnly);
  const scriptTree: [{ output: Uint8Array }, { output: Uint8Array }] = [{ output: deposit }, { output: reclaim }];
  const p2tr = payments.p2tr({ internalPubkey: NUMS_X_ONLY, scriptTree, network });
  const redeem = payments.p2tr({
    internalPubkey: NUMS_X_ONLY,
    scriptTree,
    redeem: { output: reclaim, redeemVersion: TAPSCRIPT_LEAF_VERSION },
    network,
  });
  const witness = redeem.witness!;
  return {
    address: p2tr.address!,
    output: p2tr.output!,
    depositScript: deposit,
    reclaimScript: reclaim,
    reclaimControlBlock: witness[witness.length - 1]!,
  };
}

/** A Taproot address of `network` (key path NUMS): pays like a deposit address, for pricing one before its scripts are known. */
export function taprootStandIn(network: Network): string {
  return payments.p2tr({ internalPubkey: NUMS_X_ONLY, network }).address!;
}

/** The x-only key of a compressed secp256k1 public key. */
export function xOnly(compressed: Uint8Array): Uint8Array {
  return compressed.length === 32 ? compressed : compressed.slice(1, 33);
}
