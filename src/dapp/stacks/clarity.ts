/**
 * Clarity values a web page sends (SIP-030: hex of the consensus serialization, or
 * the JSON form `{ type, value }`), read strictly, and shown in Clarity's own text
 * form so the user reads what the contract will receive: `u5`, `'ST….name`,
 * `(some 0x0102)`, `{ amount: u5 }`, strings quoted with their special characters
 * escaped (a string cannot fake the structure around it, nor hide text with
 * direction or zero-width characters).
 */
import { ClarityType, deserializeCV, serializeCV, type ClarityValue } from '@stacks/transactions';
import { DappError } from '../family';

/** Reads one Clarity value: exactly one serialized value in hex (optional 0x), or SIP-030's JSON form. */
export function parseClarity(input: unknown, path: string): ClarityValue {
  let hex: string;
  if (typeof input === 'string') hex = input.replace(/^0x/, '').toLowerCase();
  else if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    try {
      hex = serializeCV(input as ClarityValue).toLowerCase();
    } catch (err) {
      throw new DappError('invalid_params', `"${path}" is not a Clarity value (${(err as Error).message}).`);
    }
  } else throw new DappError('invalid_params', `"${path}" must be a Clarity value: hex or { type, value }.`);
  if (!/^([0-9a-f]{2})+$/.test(hex)) throw new DappError('invalid_params', `"${path}" is not hex-encoded Clarity.`);
  let value: ClarityValue;
  try {
    value = deserializeCV(hex);
  } catch (err) {
    throw new DappError('invalid_params', `"${path}" is not a Clarity value (${(err as Error).message}).`);
  }
  // The library stops after one value; bytes left over would be signed but never shown.
  if (serializeCV(value).toLowerCase() !== hex) throw new DappError('invalid_params', `"${path}" has bytes after its Clarity value.`);
  return value;
}

/** Characters shown escaped: controls, format (direction marks, zero-width), private use, unassigned, line and paragraph separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return `"${escaped.replace(HIDDEN, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)}"`;
}

/** The value in Clarity's text syntax. */
export function clarityText(cv: ClarityValue): string {
  switch (cv.type) {
    case ClarityType.Int:
      return String(cv.value);
    case ClarityType.UInt:
      return `u${String(cv.value)}`;
    case ClarityType.Buffer:
      return `0x${cv.value}`;
    case ClarityType.BoolTrue:
      return 'true';
    case ClarityType.BoolFalse:
      return 'false';
    case ClarityType.PrincipalStandard:
    case ClarityType.PrincipalContract:
      return `'${cv.value}`;
    case ClarityType.ResponseOk:
      return `(ok ${clarityText(cv.value)})`;
    case ClarityType.ResponseErr:
      return `(err ${clarityText(cv.value)})`;
    case ClarityType.OptionalNone:
      return 'none';
    case ClarityType.OptionalSome:
      return `(some ${clarityText(cv.value)})`;
    case ClarityType.List:
      return cv.value.length === 0 ? '(list)' : `(list ${cv.value.map(clarityText).join(' ')})`;
    case ClarityType.Tuple:
      // In the order Clarity serializes a tuple (by name), whatever order the object was built in.
      return `{ ${Object.entries(cv.value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}: ${clarityText(v)}`)
        .join(', ')} }`;
    case ClarityType.StringASCII:
      return quote(cv.value);
    case ClarityType.StringUTF8:
      return `u${quote(cv.value)}`;
  }
}

/** A tuple's field, or undefined. */
export function tupleField(cv: ClarityValue, key: string): ClarityValue | undefined {
  return cv.type === ClarityType.Tuple ? cv.value[key] : undefined;
}
