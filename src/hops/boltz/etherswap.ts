/**
 * Boltz's EtherSwap contract on Rootstock: ABI encoding of the calls the wallet
 * makes (lock, claim, refund) and reads (hashValues, swaps) on the existing
 * JSON-RPC client. Hand-rolled: four static-argument functions do not justify an
 * EVM library in the background bundle. Amounts are wei.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { RootstockRpc } from '../../layers/rootstock/rpc';
import { localText } from '../../shared/local-text';

export function selector(signature: string): string {
  return bytesToHex(keccak_256(new TextEncoder().encode(signature)).slice(0, 4));
}

function word(v: bigint): string {
  if (v < 0n || v >= 1n << 256n) throw new Error('uint256 out of range');
  return v.toString(16).padStart(64, '0');
}
function bytes32(b: Uint8Array): string {
  if (b.length !== 32) throw new Error('bytes32 must be 32 bytes');
  return bytesToHex(b);
}
function address(a: string): string {
  const hex = a.replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new WalletError('backend_error', localText('err_evm_address_invalid', a));
  return hex.padStart(64, '0');
}

export const SIG = {
  lock: 'lock(bytes32,address,uint256)',
  claim: 'claim(bytes32,uint256,address,uint256)',
  refund: 'refund(bytes32,uint256,address,uint256)',
  hashValues: 'hashValues(bytes32,uint256,address,address,uint256)',
  swaps: 'swaps(bytes32)',
  version: 'version()',
  refundCooperative: 'refundCooperative(bytes32,uint256,address,uint256,uint8,bytes32,bytes32)',
  domainSeparator: 'DOMAIN_SEPARATOR()',
} as const;

/** lock(preimageHash, claimAddress, timelock), payable; msg.sender becomes the refund address. */
export function encodeLock(preimageHash: Uint8Array, claimAddress: string, timelock: number): string {
  return `0x${selector(SIG.lock)}${bytes32(preimageHash)}${address(claimAddress)}${word(BigInt(timelock))}`;
}

/** claim(preimage, amount, refundAddress, timelock); msg.sender must be the claim address. */
export function encodeClaim(preimage: Uint8Array, amountWei: bigint, refundAddress: string, timelock: number): string {
  return `0x${selector(SIG.claim)}${bytes32(preimage)}${word(amountWei)}${address(refundAddress)}${word(BigInt(timelock))}`;
}

/** refund(preimageHash, amount, claimAddress, timelock); msg.sender must be the refund address; after the timelock. */
export function encodeRefund(preimageHash: Uint8Array, amountWei: bigint, claimAddress: string, timelock: number): string {
  return `0x${selector(SIG.refund)}${bytes32(preimageHash)}${word(amountWei)}${address(claimAddress)}${word(BigInt(timelock))}`;
}

/** refundCooperative(preimageHash, amount, claimAddress, timelock, v, r, s): before the timelock, with the claim address's EIP-712 signature. */
export function encodeRefundCooperative(preimageHash: Uint8Array, amountWei: bigint, claimAddress: string, timelock: number, sig: RecoverableSignature): string {
  return `0x${selector(SIG.refundCooperative)}${bytes32(preimageHash)}${word(amountWei)}${address(claimAddress)}${word(BigInt(timelock))}${word(BigInt(sig.v))}${bytes32(sig.r)}${bytes32(sig.s)}`;
}

export interface RecoverableSignature {
  r: Uint8Array;
  s: Uint8Array;
  v: number;
}

/** A 65-byte r‖s‖v signature as Boltz's EIP-712 endpoints return it (v 27 or 28, or 0/1); null when it is not one. */
export function parseSignature(value: unknown): RecoverableSignature | null {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(value)) return null;
  const b = hexToBytes(value.slice(2));
  const v = b[64]! < 27 ? b[64]! + 27 : b[64]!;
  return v === 27 || v === 28 ? { r: b.slice(0, 32), s: b.slice(32, 64), v } : null;
}

const TYPEHASH_REFUND = keccak_256(new TextEncoder().encode('Refund(bytes32 preimageHash,uint256 amount,address claimAddress,uint256 timelock)'));

/**
 * The address whose key made `sig` over EtherSwap's EIP-712 Refund message for these values
 * (EtherSwap.sol refundCooperative), under the contract's domain separator; null when none recovers.
 */
export function refundSigner(domainSeparator: Uint8Array, v: Pick<EtherSwapValues, 'preimageHash' | 'amountWei' | 'claimAddress' | 'timelock'>, sig: RecoverableSignature): string | null {
  const struct = keccak_256(hexToBytes(`${bytesToHex(TYPEHASH_REFUND)}${bytes32(v.preimageHash)}${word(v.amountWei)}${address(v.claimAddress)}${word(BigInt(v.timelock))}`));
  const digest = keccak_256(new Uint8Array([0x19, 0x01, ...domainSeparator, ...struct]));
  try {
    const point = new secp256k1.Signature(BigInt(`0x${bytesToHex(sig.r)}`), BigInt(`0x${bytesToHex(sig.s)}`), sig.v - 27).recoverPublicKey(digest);
    return `0x${bytesToHex(keccak_256(point.toBytes(false).slice(1)).slice(12))}`;
  } catch {
    return null;
  }
}

/** EtherSwap's EIP-712 domain separator, as the contract computes it (its name, version, chain and address). */
export async function domainSeparatorOf(rpc: RootstockRpc, contract: string): Promise<Uint8Array> {
  const out = await ethCall(rpc, contract, `0x${selector(SIG.domainSeparator)}`);
  if (out.length !== 66) throw new WalletError('backend_error', localText('err_etherswap_domain', rpc.host), rpc.host);
  return hexToBytes(out.slice(2));
}

export interface EtherSwapValues {
  preimageHash: Uint8Array;
  amountWei: bigint;
  claimAddress: string;
  refundAddress: string;
  timelock: number;
}

async function ethCall(rpc: RootstockRpc, to: string, data: string): Promise<string> {
  const out = await rpc.call<string>('eth_call', [{ to: to.toLowerCase(), data }, 'latest']);
  if (typeof out !== 'string' || !/^0x[0-9a-fA-F]*$/.test(out)) throw new WalletError('backend_error', localText('err_rpc_call_not_hex', rpc.host), rpc.host);
  return out;
}

/**
 * Whether the contract holds a lock with exactly these values (the contract
 * stores only the hash of them): a lock for another amount, claim address or
 * timelock answers false.
 */
export async function isLocked(rpc: RootstockRpc, contract: string, v: EtherSwapValues): Promise<boolean> {
  const hash = await ethCall(
    rpc,
    contract,
    `0x${selector(SIG.hashValues)}${bytes32(v.preimageHash)}${word(v.amountWei)}${address(v.claimAddress)}${address(v.refundAddress)}${word(BigInt(v.timelock))}`,
  );
  const locked = await ethCall(rpc, contract, `0x${selector(SIG.swaps)}${hash.slice(2).padStart(64, '0').slice(0, 64)}`);
  return BigInt(locked === '0x' ? 0 : locked) === 1n;
}

const CLAIM_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('Claim(bytes32,bytes32)')))}`;

/** The transaction that claimed the lock of this preimage hash (EtherSwap's Claim event), or null. */
export async function claimTxOf(rpc: RootstockRpc, contract: string, preimageHash: string): Promise<string | null> {
  const logs = await rpc.call<{ transactionHash: string }[]>('eth_getLogs', [{ address: contract.toLowerCase(), fromBlock: '0x0', toBlock: 'latest', topics: [CLAIM_TOPIC, `0x${preimageHash}`] }]);
  return logs[0]?.transactionHash ?? null;
}

/** The claim of the lock of this preimage hash (EtherSwap's Claim event): its transaction and the preimage it revealed, or null. */
export async function claimOf(rpc: RootstockRpc, contract: string, preimageHash: string): Promise<{ transactionHash: string; preimage: string } | null> {
  const logs = await rpc.call<{ transactionHash: string; data: string }[]>('eth_getLogs', [{ address: contract.toLowerCase(), fromBlock: '0x0', toBlock: 'latest', topics: [CLAIM_TOPIC, `0x${preimageHash}`] }]);
  const log = logs[0];
  return log ? { transactionHash: log.transactionHash, preimage: log.data.replace(/^0x/i, '').slice(0, 64).toLowerCase() } : null;
}

const REFUND_TOPIC = `0x${bytesToHex(keccak_256(new TextEncoder().encode('Refund(bytes32)')))}`;

/** The transaction that refunded the lock of this preimage hash (EtherSwap's Refund event), or null. */
export async function refundTxOf(rpc: RootstockRpc, contract: string, preimageHash: string): Promise<string | null> {
  const logs = await rpc.call<{ transactionHash: string }[]>('eth_getLogs', [{ address: contract.toLowerCase(), fromBlock: '0x0', toBlock: 'latest', topics: [REFUND_TOPIC, `0x${preimageHash}`] }]);
  return logs[0]?.transactionHash ?? null;
}

export function hexBytes(hex: string): Uint8Array {
  return hexToBytes(hex.replace(/^0x/i, ''));
}
