import { describe, expect, it, vi } from 'vitest';
import { handleMessage, isOwnPage, type Handlers } from '../../../src/background/rpc';
import { RPC_TAG } from '../../../src/shared/rpc';

const self = { id: 'abcdefghijklmnop', baseUrl: 'chrome-extension://abcdefghijklmnop/' };
const popup = { id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' };

function handlers(): Handlers {
  const status = vi.fn(async () => ({ state: 'empty' as const, autoLockMinutes: 15, lockAt: null }));
  return new Proxy({} as Handlers, {
    get: (_t, name) => (name === 'wallet.status' ? status : vi.fn(async (p: unknown) => ({ echoed: p }))),
  });
}

describe('sender check', () => {
  it('accepts only pages of this extension', () => {
    expect(isOwnPage(popup, self)).toBe(true);
    expect(isOwnPage({ id: self.id, url: 'chrome-extension://abcdefghijklmnop/popup.html?view=tab' }, self)).toBe(true);
    // A content script of this extension runs in a web page: its sender URL is the page.
    expect(isOwnPage({ id: self.id, url: 'https://evil.example/' }, self)).toBe(false);
    // Another extension.
    expect(isOwnPage({ id: 'zzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzz/x.html' }, self)).toBe(false);
    // Right id but a foreign origin, and no URL at all.
    expect(isOwnPage({ id: self.id, url: 'chrome-extension://zzzzzzzzzzzzzzzz/popup.html' }, self)).toBe(false);
    expect(isOwnPage({ id: self.id }, self)).toBe(false);
    expect(isOwnPage({ id: self.id, url: 'not a url' }, self)).toBe(false);
  });

  it('gives a foreign sender no reply at all, and never runs a handler for it', () => {
    const h = handlers();
    const msg = { tag: RPC_TAG, method: 'wallet.status', params: {} };
    expect(handleMessage(msg, { id: self.id, url: 'https://evil.example/' }, self, h)).toBeUndefined();
    expect(handleMessage(msg, { id: 'other', url: 'chrome-extension://other/' }, self, h)).toBeUndefined();
    expect(h['wallet.status']).not.toHaveBeenCalled();
  });

  it('ignores messages that are not ours', () => {
    expect(handleMessage({ method: 'wallet.status' }, popup, self, handlers())).toBeUndefined();
    expect(handleMessage('hello', popup, self, handlers())).toBeUndefined();
    expect(handleMessage(null, popup, self, handlers())).toBeUndefined();
  });
});

describe('dispatch', () => {
  it('answers a valid request', async () => {
    const reply = await handleMessage({ tag: RPC_TAG, method: 'wallet.status', params: {} }, popup, self, handlers());
    expect(reply).toEqual({ ok: true, result: { state: 'empty', autoLockMinutes: 15, lockAt: null } });
  });

  it('answers an unknown method with a typed error', async () => {
    const reply = await handleMessage({ tag: RPC_TAG, method: 'wallet.steal', params: {} }, popup, self, handlers());
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const proto = await handleMessage({ tag: RPC_TAG, method: 'toString', params: {} }, popup, self, handlers());
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it.each([
    ['vault.unlock', {}, 'password'],
    ['vault.unlock', { password: 42 }, 'password'],
    ['vault.unlock', { password: 'x', extra: 1 }, 'extra'],
    ['onboarding.generate', { wordCount: 13 }, 'wordCount'],
    ['settings.update', { autoLockMinutes: 0 }, 'autoLockMinutes'],
    ['settings.update', { networks: { dogecoin: 'main' } }, 'networks.dogecoin'],
    ['onboarding.confirm', { answers: { x: 'abandon' } }, 'answers.x'],
    ['wallet.status', [], 'params'],
  ])('refuses bad params for %s %j', async (method, params, field) => {
    const h = handlers();
    const reply = await handleMessage({ tag: RPC_TAG, method, params }, popup, self, h);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_params' } });
    if (reply && !reply.ok) expect(reply.error.message).toContain(field);
  });

  it('hides internal error details', async () => {
    const h = { 'wallet.status': async () => { throw new Error('secret internals'); } } as unknown as Handlers;
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reply = await handleMessage({ tag: RPC_TAG, method: 'wallet.status', params: {} }, popup, self, h);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('secret internals');
    expect(JSON.stringify(spy.mock.calls)).not.toContain('secret internals');
    spy.mockRestore();
  });
});
