/**
 * The shape and size every relayed request must have, checked twice: by the content
 * script before it relays, and by the background before anything else, since a
 * compromised renderer can send the background whatever our content script could.
 */
import { isDappFamily, MAX_METHOD_CHARS, MAX_REQUEST_BYTES, type DappRefusal } from './protocol';

export const METHOD_PATTERN = new RegExp(`^[A-Za-z][A-Za-z0-9_.:]{0,${MAX_METHOD_CHARS - 1}}$`);

/** UTF-8 bytes of a JSON text; UTF-16 length bounds them from below, so count bytes only near the limit. */
export function jsonBytes(json: string): number {
  return json.length * 3 <= MAX_REQUEST_BYTES ? json.length : new TextEncoder().encode(json).length;
}

export interface ShapeProblem {
  refusal: Extract<DappRefusal, 'invalid_params' | 'unsupported_method'>;
  message: string;
}

/** Why `message` (a request with `family`, `method`, `params`) may not go on, or null. */
export function requestShapeProblem(message: unknown): ShapeProblem | null {
  if (typeof message !== 'object' || message === null) return { refusal: 'invalid_params', message: 'The request is not an object.' };
  let json: string;
  try {
    json = JSON.stringify(message);
  } catch {
    return { refusal: 'invalid_params', message: 'The request cannot be serialized as JSON.' };
  }
  if (jsonBytes(json) > MAX_REQUEST_BYTES) return { refusal: 'invalid_params', message: `The request is larger than ${MAX_REQUEST_BYTES} bytes.` };
  const { family, method } = message as { family?: unknown; method?: unknown };
  if (!isDappFamily(family)) return { refusal: 'unsupported_method', message: 'Unknown provider family.' };
  // No family has a method of another name: unsupported, as the family's own standard says it.
  if (typeof method !== 'string' || !METHOD_PATTERN.test(method)) return { refusal: 'unsupported_method', message: 'The method name is malformed.' };
  return null;
}
