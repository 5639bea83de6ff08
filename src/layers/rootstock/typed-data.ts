/**
 * EIP-712 typed structured data: strict parsing of what a page sends to
 * eth_signTypedData_v4 and the hash that is signed. Built on @noble/hashes, as the
 * rest of the layer; the tests check hashes against viem's hashTypedData.
 *
 * Strict where signers differ: every field a type declares must be present, numbers
 * must fit their type, fixed-size arrays must have their size, and a type may not
 * refer to itself through its fields (a cycle has no encodeType).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

export interface TypedField {
  name: string;
  type: string;
}

export interface TypedData {
  types: Record<string, TypedField[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/** What makes typed data unfit to sign; the message says which field. */
export class TypedDataError extends Error {}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_TYPES = 64;
const MAX_FIELDS = 128;
/** The domain fields EIP-712 defines, in its order, when a page sends no EIP712Domain type. */
const DOMAIN_FIELDS: TypedField[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
];

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks the shape of eth_signTypedData_v4's second parameter (a JSON string or an object). */
export function parseTypedData(input: unknown): TypedData {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new TypedDataError('the typed data is not valid JSON');
    }
  }
  if (!isRecord(value)) throw new TypedDataError('the typed data must be an object');
  const { types, primaryType, domain, message } = value;
  if (!isRecord(types)) throw new TypedDataError('types must be an object');
  if (typeof primaryType !== 'string' || !IDENT.test(primaryType)) throw new TypedDataError('primaryType must be a type name');
  if (!isRecord(domain)) throw new TypedDataError('domain must be an object');
  if (!isRecord(message)) throw new TypedDataError('message must be an object');
  const names = Object.keys(types);
  if (names.length > MAX_TYPES) throw new TypedDataError(`more than ${MAX_TYPES} types`);
  const checked: Record<string, TypedField[]> = {};
  for (const name of names) {
    const fields = types[name];
    if (!IDENT.test(name)) throw new TypedDataError(`"${name}" is not a type name`);
    if (!Array.isArray(fields) || fields.length > MAX_FIELDS) throw new TypedDataError(`type ${name} must list its fields`);
    const seen = new Set<string>();
    checked[name] = fields.map((f: unknown) => {
      if (!isRecord(f) || typeof f.name !== 'string' || typeof f.type !== 'string' || !IDENT.test(f.name)) {
        throw new TypedDataError(`type ${name} has a field without a name and type`);
      }
      if (seen.has(f.name)) throw new TypedDataError(`type ${name} has the field ${f.name} twice`);
      seen.add(f.name);
      return { name: f.name, type: f.type };
    });
  }
  if (!checked.EIP712Domain) checked.EIP712Domain = DOMAIN_FIELDS.filter((f) => domain[f.name] !== undefined);
  const data: TypedData = { types: checked, primaryType, domain, message };
  if (primaryType !== 'EIP712Domain' && !checked[primaryType]) throw new TypedDataError(`primaryType ${primaryType} is not among the types`);
  for (const name of Object.keys(checked)) {
    for (const f of checked[name]!) checkFieldType(data, f.type);
    dependencies(data, name, [name]);
  }
  return data;
}

/** `Mail[]`, `uint8[2][]` → `Mail`, `uint8`. */
function baseType(type: string): string {
  return type.replace(/(\[\d*\])+$/, '');
}

function checkFieldType(data: TypedData, type: string): void {
  const base = baseType(type);
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*(\[\d*\])*$/.test(type)) throw new TypedDataError(`"${type}" is not a type`);
  if (data.types[base] || atomicKind(base)) return;
  throw new TypedDataError(`type ${base} is not defined`);
}

type Atomic = { kind: 'uint' | 'int'; bits: number } | { kind: 'bytesN'; size: number } | { kind: 'address' | 'bool' | 'string' | 'bytes' };

function atomicKind(type: string): Atomic | undefined {
  if (type === 'address' || type === 'bool' || type === 'string' || type === 'bytes') return { kind: type };
  const int = /^(u?int)(\d{1,3})$/.exec(type);
  if (int) {
    const bits = Number(int[2]);
    if (bits >= 8 && bits <= 256 && bits % 8 === 0) return { kind: int[1] as 'uint' | 'int', bits };
    return undefined;
  }
  const fixed = /^bytes(\d{1,2})$/.exec(type);
  if (fixed && Number(fixed[1]) >= 1 && Number(fixed[1]) <= 32) return { kind: 'bytesN', size: Number(fixed[1]) };
  return undefined;
}

/** The struct types `name` refers to, itself included; refuses a cycle. */
function dependencies(data: TypedData, name: string, path: string[], found = new Set<string>()): Set<string> {
  found.add(name);
  for (const f of data.types[name] ?? []) {
    const dep = baseType(f.type);
    if (!data.types[dep]) continue;
    if (path.includes(dep)) throw new TypedDataError(`type ${name} refers to itself through ${dep}`);
    if (!found.has(dep)) dependencies(data, dep, [...path, dep], found);
  }
  return found;
}

export function encodeType(data: TypedData, name: string): string {
  const deps = [...dependencies(data, name, [name])].filter((d) => d !== name).sort();
  return [name, ...deps].map((t) => `${t}(${data.types[t]!.map((f) => `${f.type} ${f.name}`).join(',')})`).join('');
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function hexBytes(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) throw new TypedDataError(`${what} must be 0x-prefixed hex bytes`);
  return hexToBytes(value.slice(2));
}

/** An integer field: a safe JavaScript integer, or decimal or 0x-hex text (as JSON carries a uint256). */
export function typedInteger(value: unknown, what: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypedDataError(`${what} is not a whole number within JavaScript's safe range; send it as text`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d{1,78}$/.test(value)) return BigInt(value);
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value);
  throw new TypedDataError(`${what} is not a whole number`);
}

function word(n: bigint): Uint8Array {
  const v = n < 0n ? (1n << 256n) + n : n;
  return hexToBytes(v.toString(16).padStart(64, '0'));
}

function encodeAtomic(kind: Atomic, value: unknown, what: string): Uint8Array {
  switch (kind.kind) {
    case 'string':
      if (typeof value !== 'string') throw new TypedDataError(`${what} must be a string`);
      return keccak_256(utf8(value));
    case 'bytes':
      return keccak_256(hexBytes(value, what));
    case 'bool':
      if (typeof value !== 'boolean') throw new TypedDataError(`${what} must be true or false`);
      return word(value ? 1n : 0n);
    case 'address': {
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new TypedDataError(`${what} must be a 20-byte 0x address`);
      return word(BigInt(value));
    }
    case 'bytesN': {
      const bytes = hexBytes(value, what);
      if (bytes.length !== kind.size) throw new TypedDataError(`${what} must be ${kind.size} bytes`);
      const out = new Uint8Array(32);
      out.set(bytes);
      return out;
    }
    case 'uint':
    case 'int': {
      const n = typedInteger(value, what);
      const bits = BigInt(kind.bits);
      const [min, max] = kind.kind === 'uint' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
      if (n < min || n > max) throw new TypedDataError(`${what} does not fit ${kind.kind}${kind.bits}`);
      return word(n);
    }
  }
}

function encodeValue(data: TypedData, type: string, value: unknown, what: string, depth: number): Uint8Array {
  if (depth > 32) throw new TypedDataError('the typed data is nested too deeply');
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw new TypedDataError(`${what} must be an array`);
    if (array[2] !== '' && value.length !== Number(array[2])) throw new TypedDataError(`${what} must have ${array[2]} items`);
    return keccak_256(concat(value.map((v, i) => encodeValue(data, array[1]!, v, `${what}[${i}]`, depth + 1))));
  }
  if (data.types[type]) {
    if (!isRecord(value)) throw new TypedDataError(`${what} must be an object of type ${type}`);
    return hashStructAt(data, type, value, what, depth + 1);
  }
  return encodeAtomic(atomicKind(type)!, value, what);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function hashStructAt(data: TypedData, type: string, value: Record<string, unknown>, what: string, depth: number): Uint8Array {
  const fields = data.types[type]!;
  const extra = Object.keys(value).find((k) => !fields.some((f) => f.name === k));
  if (extra !== undefined) throw new TypedDataError(`${what}.${extra} is not a field of ${type}`);
  const encoded = fields.map((f) => {
    if (value[f.name] === undefined) throw new TypedDataError(`${what}.${f.name} is missing`);
    return encodeValue(data, f.type, value[f.name], `${what}.${f.name}`, depth);
  });
  return keccak_256(concat([keccak_256(utf8(encodeType(data, type))), ...encoded]));
}

export function hashStruct(data: TypedData, type: string, value: Record<string, unknown>): Uint8Array {
  return hashStructAt(data, type, value, type === 'EIP712Domain' ? 'domain' : 'message', 0);
}

/** The 32 bytes signed: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)). */
export function typedDataHash(data: TypedData): Uint8Array {
  const domain = hashStruct(data, 'EIP712Domain', data.domain);
  const parts = [Uint8Array.of(0x19, 0x01), domain];
  if (data.primaryType !== 'EIP712Domain') parts.push(hashStruct(data, data.primaryType, data.message));
  return keccak_256(concat(parts));
}

/** The domain's chain id as a number, when it names one. */
export function typedDataChainId(data: TypedData): bigint | undefined {
  return data.domain.chainId === undefined ? undefined : typedInteger(data.domain.chainId, 'domain.chainId');
}

export const toHex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
