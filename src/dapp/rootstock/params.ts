/**
 * Strict parsing of the EIP-1193 params this family accepts. Quantities are 0x-hex
 * text as EIP-1474 defines them (never JSON numbers, never floats); call data is
 * whole 0x-hex bytes. Anything else is refused as invalid params before the user
 * is asked.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { DappError } from '../family';

export interface TxRequest {
  from: string;
  to: string;
  /** Wei. */
  value: bigint;
  /** 0x-hex call data; "0x" for none. */
  data: string;
  /** The chain the page means, when it says. */
  chainId?: bigint;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const BYTES = /^0x([0-9a-fA-F]{2})*$/;
/** Call data or a message larger than this is not something a person can review. */
export const MAX_DATA_BYTES = 128 * 1024;

const invalid = (message: string) => new DappError('invalid_params', message);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function list(params: unknown, min: number, max: number, method: string): unknown[] {
  if (params === undefined && min === 0) return [];
  if (!Array.isArray(params) || params.length < min || params.length > max) {
    throw invalid(`${method} takes ${min === max ? min : `${min} to ${max}`} parameter${max === 1 ? '' : 's'} in an array.`);
  }
  return params;
}

export function quantity(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !QUANTITY.test(value)) throw invalid(`${what} must be a 0x-hex quantity.`);
  return BigInt(value);
}

export function address(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ADDRESS.test(value)) throw invalid(`${what} must be a 20-byte 0x address.`);
  return value;
}

function bytes(value: unknown, what: string): string {
  if (typeof value !== 'string' || !BYTES.test(value)) throw invalid(`${what} must be 0x-hex bytes.`);
  if ((value.length - 2) / 2 > MAX_DATA_BYTES) throw invalid(`${what} is longer than ${MAX_DATA_BYTES} bytes.`);
  return value.toLowerCase();
}

/** Fields that ask for what a legacy Rootstock transaction cannot carry. */
const REFUSED_FIELDS = ['authorizationList', 'blobs', 'blobVersionedHashes', 'maxFeePerBlobGas'];

/**
 * eth_sendTransaction's one transaction object. `gas`, the fee fields, `nonce` and
 * `type` are checked for shape and then left to the wallet: Rootstock takes legacy
 * transactions only, and the gas and nonce come from the wallet's own estimate.
 */
export function parseTxRequest(params: unknown): TxRequest {
  const [tx] = list(params, 1, 1, 'eth_sendTransaction');
  if (!isRecord(tx)) throw invalid('eth_sendTransaction takes one transaction object.');
  const refused = REFUSED_FIELDS.find((k) => tx[k] !== undefined);
  if (refused !== undefined) throw invalid(`Rootstock transactions cannot carry ${refused}.`);
  if (tx.from === undefined) throw invalid('The transaction must name its sender (from).');
  if (tx.to === undefined || tx.to === null) throw invalid('Contract creation is not supported: the transaction must name a recipient (to).');
  for (const k of ['gas', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'nonce'] as const) if (tx[k] !== undefined) quantity(tx[k], k);
  if (tx.type !== undefined && !(typeof tx.type === 'string' && /^0x[0-2]$/.test(tx.type))) throw invalid('Only legacy (0x0), 0x1 and 0x2 transaction types are understood; the wallet signs legacy transactions.');
  if (tx.accessList !== undefined && !(Array.isArray(tx.accessList) && tx.accessList.length === 0)) throw invalid('Rootstock transactions carry no access list.');
  const data = tx.data === undefined ? undefined : bytes(tx.data, 'data');
  const input = tx.input === undefined ? undefined : bytes(tx.input, 'input');
  if (data !== undefined && input !== undefined && data !== input) throw invalid('data and input differ.');
  return {
    from: address(tx.from, 'from'),
    to: address(tx.to, 'to'),
    value: tx.value === undefined ? 0n : quantity(tx.value, 'value'),
    data: data ?? input ?? '0x',
    chainId: tx.chainId === undefined ? undefined : quantity(tx.chainId, 'chainId'),
  };
}

/** personal_sign: [message, address]; a 0x-hex message is bytes, other text is its UTF-8. */
export function parsePersonalSign(params: unknown): { message: Uint8Array; address: string } {
  const [message, signer] = list(params, 2, 3, 'personal_sign');
  if (typeof message !== 'string') throw invalid('The message must be text or 0x-hex bytes.');
  const bytesOf = BYTES.test(message) ? hexToBytes(message.slice(2)) : new TextEncoder().encode(message);
  if (bytesOf.length > MAX_DATA_BYTES) throw invalid(`The message is longer than ${MAX_DATA_BYTES} bytes.`);
  return { message: bytesOf, address: address(signer, 'The address') };
}

/** eth_signTypedData_v4: [address, typedData (JSON text or object)]. */
export function parseSignTypedData(params: unknown): { address: string; typedData: unknown } {
  const [signer, typedData] = list(params, 2, 2, 'eth_signTypedData_v4');
  return { address: address(signer, 'The address'), typedData };
}

/** wallet_switchEthereumChain: [{ chainId }]. */
export function parseSwitchChain(params: unknown): bigint {
  const [arg] = list(params, 1, 1, 'wallet_switchEthereumChain');
  if (!isRecord(arg) || Object.keys(arg).some((k) => k !== 'chainId')) throw invalid('wallet_switchEthereumChain takes [{ chainId }].');
  return quantity(arg.chainId, 'chainId');
}

/** A read's params: an array (or none), passed to the node as they are. */
export function parseReadParams(params: unknown, method: string): unknown[] {
  return list(params, 0, 8, method);
}
