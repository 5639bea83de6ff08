/**
 * Builds and signs the two sends with @stacks/transactions: an STX token-transfer,
 * and a SIP-010 `transfer(amount, sender, recipient, memo)` contract call guarded by
 * a deny-mode post-condition that the sender sends exactly `amount` of the token
 * (so a token contract that moves anything else aborts instead of spending).
 * Nonce and fee are always given, so the library never reaches the network itself.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  Cl,
  deserializeTransaction,
  estimateTransactionByteLength,
  makeContractCall,
  makeSTXTokenTransfer,
  makeUnsignedContractCall,
  makeUnsignedSTXTokenTransfer,
  Pc,
  PostConditionMode,
  serializeCV,
  serializePayloadBytes,
  type ClarityValue,
  type PostCondition,
  type StacksTransactionWire,
} from '@stacks/transactions';
import { principalString, type Principal } from './address';
import type { StacksAsset } from './assets';
import { encodeMemo } from './memo';

export interface TransferSpec {
  asset: StacksAsset;
  /** The sending account (ST…). */
  sender: string;
  recipient: Principal;
  amount: bigint;
  memo?: string;
  nonce: bigint;
  fee: bigint;
}

export interface SignedTransfer {
  txid: string;
  hex: string;
  bytes: number;
}

/** Stacks testnet and the local devnet share the testnet version byte and chain id. */
const NETWORK = 'testnet';

function contractCallOptions(spec: TransferSpec & { asset: Extract<StacksAsset, { kind: 'sip010' }> }) {
  const memo = encodeMemo(spec.memo);
  const functionArgs: ClarityValue[] = [Cl.uint(spec.amount), Cl.standardPrincipal(spec.sender), Cl.principal(principalString(spec.recipient)), memo ? Cl.some(Cl.buffer(memo)) : Cl.none()];
  return {
    contractAddress: spec.asset.contractAddress,
    contractName: spec.asset.contractName,
    functionName: 'transfer',
    functionArgs,
    postConditions: [Pc.principal(spec.sender).willSendEq(spec.amount).ft(spec.asset.contract, spec.asset.asset)] as PostCondition[],
    postConditionMode: PostConditionMode.Deny,
    validateWithAbi: false,
    network: NETWORK,
    nonce: spec.nonce,
    fee: spec.fee,
  } as const;
}

function stxOptions(spec: TransferSpec) {
  encodeMemo(spec.memo); // the 34-byte check, with our wording
  return { recipient: principalString(spec.recipient), amount: spec.amount, memo: spec.memo ?? '', network: NETWORK, nonce: spec.nonce, fee: spec.fee } as const;
}

/** The transaction without a signature: what fee estimation measures. */
export function unsignedTransfer(spec: TransferSpec, publicKeyHex: string): Promise<StacksTransactionWire> {
  const a = spec.asset;
  return a.kind === 'stx'
    ? makeUnsignedSTXTokenTransfer({ ...stxOptions(spec), publicKey: publicKeyHex })
    : makeUnsignedContractCall({ ...contractCallOptions({ ...spec, asset: a }), publicKey: publicKeyHex });
}

/** Signs with the account key (32 bytes); returns the serialized transaction and its txid. */
export async function signTransfer(spec: TransferSpec, privateKey: Uint8Array): Promise<SignedTransfer> {
  // @stacks/transactions marks a compressed-pubkey key with a trailing 01.
  const senderKey = `${bytesToHex(privateKey)}01`;
  const a = spec.asset;
  const tx =
    a.kind === 'stx'
      ? await makeSTXTokenTransfer({ ...stxOptions(spec), senderKey })
      : await makeContractCall({ ...contractCallOptions({ ...spec, asset: a }), senderKey });
  const bytes = tx.serializeBytes();
  return { txid: tx.txid(), hex: bytesToHex(bytes), bytes: bytes.length };
}

/** What `/v2/fees/transaction` wants: the payload's hex and the signed length. */
export function feeInputs(tx: StacksTransactionWire): { payloadHex: string; estimatedLength: number } {
  return { payloadHex: bytesToHex(serializePayloadBytes(tx.payload)), estimatedLength: estimateTransactionByteLength(tx) };
}

export interface ContractCallSpec {
  contractAddress: string;
  contractName: string;
  functionName: string;
  functionArgs: ClarityValue[];
  /** Deny mode: every asset the call moves must be covered by one of these. */
  postConditions: PostCondition[];
  /** Deny unless a caller asks for allow (a web page may, after a warning): allow lets the call move assets no post-condition names. */
  mode?: 'deny' | 'allow';
  nonce: bigint;
  fee: bigint;
}

function callOptions({ mode, ...spec }: ContractCallSpec) {
  return { ...spec, postConditionMode: mode === 'allow' ? PostConditionMode.Allow : PostConditionMode.Deny, validateWithAbi: false, network: NETWORK } as const;
}

export function unsignedContractCall(spec: ContractCallSpec, publicKeyHex: string): Promise<StacksTransactionWire> {
  return makeUnsignedContractCall({ ...callOptions(spec), publicKey: publicKeyHex });
}

export async function signContractCall(spec: ContractCallSpec, privateKey: Uint8Array): Promise<SignedTransfer> {
  const tx = await makeContractCall({ ...callOptions(spec), senderKey: `${bytesToHex(privateKey)}01` });
  const bytes = tx.serializeBytes();
  return { txid: tx.txid(), hex: bytesToHex(bytes), bytes: bytes.length };
}

/** A Clarity value as the API shows it in `function_args[].hex`, without the 0x. */
export function clarityHex(value: ClarityValue): string {
  return serializeCV(value).toLowerCase();
}

/** The arguments of a signed contract call (hex), as `clarityHex` writes them; empty for any other transaction. */
export function contractCallArgs(rawHex: string): string[] {
  const payload = deserializeTransaction(rawHex).payload as { functionArgs?: ClarityValue[] };
  return (payload.functionArgs ?? []).map(clarityHex);
}
