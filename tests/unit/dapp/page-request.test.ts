/** The content script's shape and size checks: what it ignores, refuses and relays. */
import { describe, expect, it } from 'vitest';
import { MAX_ID_CHARS, parsePageRequest } from '../../../src/content/page-request';
import { DAPP_TAG, MAX_REQUEST_BYTES } from '../../../src/shared/dapp/protocol';

const base = { tag: DAPP_TAG, dir: 'request', id: 'a.1', family: 'rootstock', method: 'eth_chainId' };

describe('parsePageRequest', () => {
  it('relays a well-formed request as a JSON copy, params included', () => {
    const params = [{ to: '0xabc', value: '0x1' }];
    const parsed = parsePageRequest({ ...base, params, extra: 'dropped' });
    expect(parsed).toEqual({ ok: true, request: { tag: DAPP_TAG, dir: 'request', id: 'a.1', family: 'rootstock', method: 'eth_chainId', params } });
    if (parsed?.ok) expect(parsed.request.params).not.toBe(params);
  });

  it('ignores what is not a request of ours, or has no id to answer to', () => {
    for (const data of [null, 'x', 42, { ...base, tag: 'other' }, { ...base, dir: 'reply' }, { ...base, id: undefined }, { ...base, id: 7 }, { ...base, id: '' }, { ...base, id: 'x'.repeat(MAX_ID_CHARS + 1) }]) {
      expect(parsePageRequest(data)).toBeNull();
    }
  });

  it('refuses an oversized request by its UTF-8 size, answering its id', () => {
    const parsed = parsePageRequest({ ...base, params: ['€'.repeat(Math.ceil(MAX_REQUEST_BYTES / 3))] });
    expect(parsed).toMatchObject({ ok: false, id: 'a.1', error: { code: -32602, data: { refusal: 'invalid_params' } } });
    expect(parsed && !parsed.ok && parsed.error.message).toMatch(/larger than/);
    // The same count of ASCII characters fits: bytes are counted, not characters.
    expect(parsePageRequest({ ...base, params: ['a'.repeat(Math.ceil(MAX_REQUEST_BYTES / 3))] })?.ok).toBe(true);
  });

  it('refuses what cannot be serialized (a BigInt, a cycle)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const params of [1n, cyclic]) expect(parsePageRequest({ ...base, params })).toMatchObject({ ok: false, id: 'a.1', error: { code: -32602 } });
  });

  it('refuses an unknown family with unsupported_method', () => {
    for (const family of ['ethereum', '', undefined, 'WEBLN', '__proto__']) {
      expect(parsePageRequest({ ...base, family })).toMatchObject({ ok: false, error: { code: -32601, data: { refusal: 'unsupported_method' } } });
    }
  });

  it('refuses a malformed method name', () => {
    for (const method of ['', 'a'.repeat(65), 'eth chainId', '1abc', 'x<script>', 5, undefined]) {
      expect(parsePageRequest({ ...base, method })).toMatchObject({ ok: false, error: { code: -32602 } });
    }
    for (const method of ['a'.repeat(64), 'stx_transferStx', 'wallet_switchEthereumChain', 'getInfo']) expect(parsePageRequest({ ...base, method })?.ok).toBe(true);
  });
});
