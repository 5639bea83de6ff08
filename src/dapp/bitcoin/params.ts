/**
 * The Sats Connect / WBIP request params, parsed strictly: known fields must have
 * their type (fields a client adds that we do not use are ignored, as real clients
 * send some, e.g. `message`), amounts are whole sats as a safe integer or a decimal
 * string, never a float. Anything else is `invalid_params`.
 */
import { MAX_MONEY_SATS } from '../../shared/units';
import { DappError } from '../family';

export type Purpose = 'payment' | 'ordinals';
/** Purposes answered by another family (the page merges them) or not at all: accepted and left out here. */
const OTHER_PURPOSES = ['stacks', 'starknet', 'spark'];

const invalid = (message: string): never => {
  throw new DappError('invalid_params', message);
};

function fields(params: unknown, method: string, required: boolean): Record<string, unknown> {
  if (params === undefined || params === null) return required ? invalid(`${method} needs params.`) : {};
  if (typeof params !== 'object' || Array.isArray(params)) return invalid(`${method}'s params must be an object.`);
  return params as Record<string, unknown>;
}

function string(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return invalid(`"${name}" must be a non-empty string of at most ${max} characters.`);
  return value;
}

/** The network a request names, if it names one (`network`, a string). */
export function requestedNetwork(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || !('network' in params)) return undefined;
  const network = (params as { network?: unknown }).network;
  if (network === undefined || network === null) return undefined;
  return typeof network === 'string' ? network : invalid('"network" must be a network name.');
}

/** getAddresses / getAccounts `{ purposes }`, wallet_connect `{ addresses }`: which of ours to give. Both when none is named. */
export function parsePurposes(params: unknown, method: string): Purpose[] {
  const p = fields(params, method, false);
  const list = method === 'wallet_connect' ? p.addresses : p.purposes;
  if (list === undefined) return ['payment', 'ordinals'];
  if (!Array.isArray(list) || list.length > 8) return invalid(`"${method === 'wallet_connect' ? 'addresses' : 'purposes'}" must be a list of address purposes.`);
  const out = new Set<Purpose>();
  for (const x of list) {
    if (x === 'payment' || x === 'ordinals') out.add(x);
    else if (typeof x !== 'string' || !OTHER_PURPOSES.includes(x)) invalid(`Unknown address purpose ${JSON.stringify(x)}.`);
  }
  return [...out];
}

/** Whole sats: a safe non-negative integer number, or a string of decimal digits. */
export function parseSats(value: unknown, name: string): bigint {
  let sats: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return invalid(`"${name}" must be a whole number of sats (a safe integer), not ${value}.`);
    sats = BigInt(value);
  } else if (typeof value === 'string' && /^[0-9]{1,16}$/.test(value)) {
    sats = BigInt(value);
  } else {
    return invalid(`"${name}" must be a whole number of sats.`);
  }
  if (sats <= 0n || sats > MAX_MONEY_SATS) return invalid(`"${name}" must be between 1 sat and 21 million BTC.`);
  return sats;
}

/** Recipients one sendTransfer pays (one transaction, each an output). */
export const MAX_RECIPIENTS = 16;

export interface TransferParams {
  recipients: { address: string; amount: bigint }[];
}

export function parseTransfer(params: unknown): TransferParams {
  const p = fields(params, 'sendTransfer', true);
  if (!Array.isArray(p.recipients) || p.recipients.length === 0 || p.recipients.length > MAX_RECIPIENTS) return invalid(`"recipients" must be a list of 1 to ${MAX_RECIPIENTS} recipients.`);
  const recipients = p.recipients.map((r: unknown, i: number) => {
    const f = fields(r, `recipients[${i}]`, true);
    return { address: string(f.address, `recipients[${i}].address`, 128), amount: parseSats(f.amount, `recipients[${i}].amount`) };
  });
  return { recipients };
}

export interface PsbtParams {
  psbt: string;
  /** Address → input indexes; undefined: every input of ours. */
  signInputs?: Map<string, number[]>;
  broadcast: boolean;
}

export function parseSignPsbt(params: unknown): PsbtParams {
  const p = fields(params, 'signPsbt', true);
  const psbt = string(p.psbt, 'psbt', 400_000);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(psbt)) invalid('"psbt" must be base64.');
  let signInputs: Map<string, number[]> | undefined;
  if (p.signInputs !== undefined && p.signInputs !== null) {
    if (typeof p.signInputs !== 'object' || Array.isArray(p.signInputs)) invalid('"signInputs" must map addresses to input indexes.');
    signInputs = new Map();
    for (const [address, indexes] of Object.entries(p.signInputs as Record<string, unknown>)) {
      string(address, 'signInputs address', 128);
      if (!Array.isArray(indexes) || indexes.length === 0 || indexes.length > 1000) invalid(`"signInputs.${address}" must be a non-empty list of input indexes.`);
      for (const i of indexes as unknown[]) if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) invalid(`"signInputs.${address}" holds ${JSON.stringify(i)}, not an input index.`);
      signInputs.set(address, indexes as number[]);
    }
  }
  if (p.broadcast !== undefined && typeof p.broadcast !== 'boolean') invalid('"broadcast" must be true or false.');
  return { psbt, signInputs, broadcast: p.broadcast === true };
}

export interface MessageParams {
  address: string;
  message: string;
  protocol: 'BIP322' | 'ECDSA';
}

export function parseSignMessage(params: unknown): MessageParams {
  const p = fields(params, 'signMessage', true);
  const address = string(p.address, 'address', 128);
  if (typeof p.message !== 'string' || p.message.length > 64 * 1024) invalid('"message" must be a string of at most 65536 characters.');
  if (p.protocol !== undefined && p.protocol !== 'BIP322' && p.protocol !== 'ECDSA') invalid('"protocol" must be "BIP322" or "ECDSA".');
  return { address, message: p.message as string, protocol: (p.protocol as 'BIP322' | 'ECDSA' | undefined) ?? 'BIP322' };
}
