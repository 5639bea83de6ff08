/**
 * The params of the `stx_*` methods as @stacks/connect v8 sends them (its
 * `serializeParams`: bigints as decimal strings, Clarity values and post-conditions
 * as hex), or as SIP-030 allows (numbers, JSON forms). Read strictly: unknown
 * fields, fractions, unsafe integers and malformed hex are refused, never guessed.
 */
import type { ClarityValue } from '@stacks/transactions';
import { DappError } from '../family';
import { parseClarity } from './clarity';
import { parsePostCondition, type TokenPostCondition } from './post-conditions';

type Fields = Record<string, unknown>;

/** Transaction fields SIP-030 defines for every transaction method (CommonTxParams in @stacks/connect). */
const COMMON_TX = ['address', 'network', 'fee', 'nonce', 'sponsored', 'postConditions', 'postConditionMode'] as const;
/** The largest amount a Stacks transaction carries (u64), and more than any fee. */
const U64_MAX = 2n ** 64n - 1n;
const MAX_ARGS = 64;
const MAX_POST_CONDITIONS = 64;
/** Clarity names (stacks-core clarity/src/vm/representations.rs CLARITY_NAME_REGEX), at most 128 characters. */
const CLARITY_NAME = /^([a-zA-Z]([a-zA-Z0-9]|[-_!?+<>=/*])*|[-+=/*]|[<>]=?)$/;

function fields(params: unknown, allowed: readonly string[]): Fields {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new DappError('invalid_params', 'The params must be an object.');
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k)) throw new DappError('invalid_params', `Unknown parameter "${k}".`);
  }
  return params as Fields;
}

function text(v: unknown, name: string, opts: { optional?: boolean; max: number }): string | undefined {
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > opts.max) throw new DappError('invalid_params', `"${name}" must be a string of 1 to ${opts.max} characters.`);
  return v;
}

/** A whole number as SIP-030 writes one: a decimal string or a safe integer, never a fraction or an exponent. */
export function wholeNumber(v: unknown, name: string, max = U64_MAX): bigint {
  let n: bigint;
  if (typeof v === 'string' && /^(0|[1-9][0-9]{0,38})$/.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  else throw new DappError('invalid_params', `"${name}" must be a whole number, as a decimal string or a safe integer.`);
  if (n > max) throw new DappError('invalid_params', `"${name}" is too large.`);
  return n;
}

export interface TxOptions {
  address?: string;
  network?: string;
  /** micro-STX, the fee the site proposes (shown, and signed if approved). */
  fee?: bigint;
  postConditions: TokenPostCondition[];
  postConditionMode: 'deny' | 'allow';
}

/** The common fields; `nonce` is read (so a bad one is refused) but the wallet numbers its transactions itself. */
function txOptions(f: Fields): TxOptions {
  if (f.sponsored !== undefined && f.sponsored !== false) throw new DappError('invalid_params', 'Sponsored transactions are not supported by this wallet.');
  if (f.nonce !== undefined) wholeNumber(f.nonce, 'nonce');
  const mode = f.postConditionMode ?? 'deny';
  if (mode !== 'deny' && mode !== 'allow') throw new DappError('invalid_params', '"postConditionMode" must be "deny" or "allow".');
  const pcs = f.postConditions ?? [];
  if (!Array.isArray(pcs) || pcs.length > MAX_POST_CONDITIONS) throw new DappError('invalid_params', `"postConditions" must be a list of at most ${MAX_POST_CONDITIONS}.`);
  return {
    address: text(f.address, 'address', { optional: true, max: 200 }),
    network: text(f.network, 'network', { optional: true, max: 200 }),
    fee: f.fee === undefined ? undefined : wholeNumber(f.fee, 'fee'),
    postConditions: pcs.map((pc, i) => parsePostCondition(pc, `postConditions[${i}]`)),
    postConditionMode: mode,
  };
}

export function getAddressesParams(params: unknown): { network?: string } {
  const f = fields(params, ['network']);
  return { network: text(f.network, 'network', { optional: true, max: 200 }) };
}

export interface TransferStxParams extends TxOptions {
  recipient: string;
  amount: bigint;
  memo?: string;
}

export function transferStxParams(params: unknown): TransferStxParams {
  const f = fields(params, ['recipient', 'amount', 'memo', ...COMMON_TX.filter((k) => k !== 'postConditions' && k !== 'postConditionMode')]);
  const memo = f.memo === undefined || f.memo === '' ? undefined : text(f.memo, 'memo', { max: 200 });
  return { ...txOptions(f), recipient: text(f.recipient, 'recipient', { max: 200 })!, amount: wholeNumber(f.amount, 'amount'), memo };
}

export interface TransferFtParams extends TxOptions {
  recipient: string;
  /** `ADDRESS.contract::token` (or `ADDRESS.contract`). */
  asset: string;
  amount: bigint;
}

export function transferFtParams(params: unknown): TransferFtParams {
  const f = fields(params, ['recipient', 'asset', 'amount', ...COMMON_TX]);
  return { ...txOptions(f), recipient: text(f.recipient, 'recipient', { max: 200 })!, asset: text(f.asset, 'asset', { max: 300 })!, amount: wholeNumber(f.amount, 'amount') };
}

export interface CallContractParams extends TxOptions {
  contract: string;
  functionName: string;
  functionArgs: ClarityValue[];
}

export function callContractParams(params: unknown): CallContractParams {
  const f = fields(params, ['contract', 'functionName', 'functionArgs', ...COMMON_TX]);
  const functionName = text(f.functionName, 'functionName', { max: 128 })!;
  if (!CLARITY_NAME.test(functionName)) throw new DappError('invalid_params', `"${functionName}" is not a Clarity function name.`);
  const args = f.functionArgs ?? [];
  if (!Array.isArray(args) || args.length > MAX_ARGS) throw new DappError('invalid_params', `"functionArgs" must be a list of at most ${MAX_ARGS}.`);
  return { ...txOptions(f), contract: text(f.contract, 'contract', { max: 200 })!, functionName, functionArgs: args.map((a, i) => parseClarity(a, `functionArgs[${i}]`)) };
}

export function signMessageParams(params: unknown): { message: string; publicKey?: string; network?: string } {
  const f = fields(params, ['message', 'publicKey', 'network']);
  if (typeof f.message !== 'string') throw new DappError('invalid_params', '"message" must be a string.');
  return { message: f.message, publicKey: text(f.publicKey, 'publicKey', { optional: true, max: 200 }), network: text(f.network, 'network', { optional: true, max: 200 }) };
}

export function signStructuredParams(params: unknown): { message: ClarityValue; domain: ClarityValue; network?: string } {
  const f = fields(params, ['message', 'domain', 'network']);
  return { message: parseClarity(f.message, 'message'), domain: parseClarity(f.domain, 'domain'), network: text(f.network, 'network', { optional: true, max: 200 }) };
}

export function signTransactionParams(params: unknown): { transaction: string; broadcast: boolean; network?: string } {
  const f = fields(params, ['transaction', 'broadcast', 'network']);
  if (f.broadcast !== undefined && typeof f.broadcast !== 'boolean') throw new DappError('invalid_params', '"broadcast" must be true or false.');
  const transaction = text(f.transaction, 'transaction', { max: 400_000 })!.replace(/^0x/, '');
  return { transaction, broadcast: f.broadcast === true, network: text(f.network, 'network', { optional: true, max: 200 }) };
}
