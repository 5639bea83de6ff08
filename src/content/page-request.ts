/**
 * The content script's only judgement of what a page posts: shape and size. It
 * decides nothing else (the background does); a message that is not a request of
 * ours is ignored, one that is ours but malformed is answered with an error.
 */
import { DAPP_TAG, isDappFamily, MAX_REQUEST_BYTES, relayError, type DappErrorShape, type PageRequest } from '../shared/dapp/protocol';
import { jsonBytes, METHOD_PATTERN } from '../shared/dapp/request-shape';

export const MAX_ID_CHARS = 128;

export type ParsedRequest = { ok: true; request: PageRequest } | { ok: false; id: string; error: DappErrorShape };

/**
 * `null`: not a request of ours, or one without an id we could answer to (ignored).
 * The request returned is a JSON copy of what was measured, so what is relayed is what was checked.
 */
export function parsePageRequest(data: unknown): ParsedRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const { tag, dir, id } = data as Partial<PageRequest> & { dir?: unknown };
  if (tag !== DAPP_TAG || dir !== 'request') return null;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_CHARS) return null;
  const refuse = (refusal: 'invalid_params' | 'unsupported_method', message: string): ParsedRequest => ({ ok: false, id, error: relayError(refusal, message) });
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch {
    return refuse('invalid_params', 'The request cannot be serialized as JSON.');
  }
  if (jsonBytes(json) > MAX_REQUEST_BYTES) {
    return refuse('invalid_params', `The request is larger than ${MAX_REQUEST_BYTES} bytes.`);
  }
  const copy = JSON.parse(json) as Record<string, unknown>;
  if (!isDappFamily(copy.family)) return refuse('unsupported_method', 'Unknown provider family.');
  if (typeof copy.method !== 'string' || !METHOD_PATTERN.test(copy.method)) return refuse('invalid_params', 'The method name is malformed.');
  const request: PageRequest = { tag: DAPP_TAG, dir: 'request', id, family: copy.family, method: copy.method };
  if (copy.params !== undefined) request.params = copy.params;
  return { ok: true, request };
}
