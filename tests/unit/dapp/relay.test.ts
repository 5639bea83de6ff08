/** The content script's relay, over a stand-in window and runtime: only its own window, a cap, and only answers back. */
import { describe, expect, it } from 'vitest';
import { isRelayedReply, startRelay } from '../../../src/content/relay';
import { DAPP_TAG, MAX_OPEN_REQUESTS } from '../../../src/shared/dapp/protocol';

function harness(origin = 'https://app.example') {
  const listeners: ((e: { source: unknown; data: unknown }) => void)[] = [];
  const posted: { message: any; target: string }[] = [];
  const win = {
    location: { origin },
    addEventListener: (_: string, l: (e: { source: unknown; data: unknown }) => void) => listeners.push(l),
    postMessage: (message: unknown, target: string) => posted.push({ message, target }),
  };
  const sent: unknown[] = [];
  let answer: (m: unknown) => Promise<unknown> = async () => ({ result: 'ok' });
  const runtimeListeners: ((m: unknown, s: { id?: string }) => void)[] = [];
  const runtime = {
    id: 'ext',
    sendMessage: (m: unknown) => {
      sent.push(m);
      return answer(m);
    },
    onMessage: { addListener: (l: (m: unknown, s: { id?: string }) => void) => runtimeListeners.push(l) },
  };
  startRelay(win as unknown as Window, runtime);
  const fromPage = (data: unknown, source: unknown = win) => listeners.forEach((l) => l({ source, data }));
  const request = (id: string, extra: object = {}) => fromPage({ tag: DAPP_TAG, dir: 'request', id, family: 'webln', method: 'getInfo', ...extra });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { win, posted, sent, runtimeListeners, fromPage, request, settle, setAnswer: (f: typeof answer) => (answer = f) };
}

describe('content-script relay', () => {
  it('relays a request as {tag, family, method, params} and posts the answer back to its own origin', async () => {
    const h = harness();
    h.request('p.1', { params: { a: 1 }, origin: 'https://forged.example' });
    await h.settle();
    expect(h.sent).toEqual([{ tag: DAPP_TAG, family: 'webln', method: 'getInfo', params: { a: 1 } }]);
    expect(h.posted).toEqual([{ message: { tag: DAPP_TAG, dir: 'reply', id: 'p.1', result: 'ok' }, target: 'https://app.example' }]);
  });

  it('ignores messages from another window (a frame, an opener)', async () => {
    const h = harness();
    h.fromPage({ tag: DAPP_TAG, dir: 'request', id: 'x', family: 'webln', method: 'getInfo' }, {});
    await h.settle();
    expect(h.sent).toEqual([]);
    expect(h.posted).toEqual([]);
  });

  it('answers a malformed request itself and relays nothing', async () => {
    const h = harness();
    h.request('p.2', { family: 'nope' });
    await h.settle();
    expect(h.sent).toEqual([]);
    expect(h.posted[0]!.message).toMatchObject({ dir: 'reply', id: 'p.2', error: { code: -32601 } });
  });

  it(`refuses more than ${MAX_OPEN_REQUESTS} open requests with busy, and takes more once answers came`, async () => {
    const h = harness();
    const waiting: (() => void)[] = [];
    h.setAnswer(() => new Promise((resolve) => waiting.push(() => resolve({ result: 1 }))));
    for (let i = 0; i <= MAX_OPEN_REQUESTS; i++) h.request(`p.${i}`);
    await h.settle();
    expect(h.sent).toHaveLength(MAX_OPEN_REQUESTS);
    expect(h.posted.map((p) => p.message)).toEqual([{ tag: DAPP_TAG, dir: 'reply', id: `p.${MAX_OPEN_REQUESTS}`, error: expect.objectContaining({ code: -32005, data: { refusal: 'busy' } }) }]);
    waiting.shift()!();
    await h.settle();
    h.request('again');
    await h.settle();
    expect(h.sent).toHaveLength(MAX_OPEN_REQUESTS + 1);
  });

  it('ends the page promise with disconnected when the worker is gone or answers nothing', async () => {
    const h = harness();
    h.setAnswer(() => Promise.reject(new Error('The message port closed before a response was received.')));
    h.request('gone');
    h.setAnswer(async () => undefined);
    h.request('silent');
    await h.settle();
    const byId = Object.fromEntries(h.posted.map((p) => [p.message.id, p.message]));
    for (const id of ['gone', 'silent']) expect(byId[id]).toMatchObject({ error: { code: 4900, data: { refusal: 'disconnected' } } });
    expect(JSON.stringify(h.posted)).not.toContain('message port');
  });

  it('forwards only the answer, never other fields the background might add', async () => {
    const h = harness();
    h.setAnswer(async () => ({ result: 5, secret: 'x' }));
    h.request('p');
    await h.settle();
    expect(h.posted[0]!.message).toEqual({ tag: DAPP_TAG, dir: 'reply', id: 'p', result: 5 });
  });

  it('relays events from its own extension only, well formed only', () => {
    const h = harness();
    const event = { tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'accountsChanged', data: [] };
    h.runtimeListeners[0]!(event, { id: 'other-extension' });
    h.runtimeListeners[0]!({ ...event, family: 'nope' }, { id: 'ext' });
    h.runtimeListeners[0]!(event, { id: 'ext' });
    expect(h.posted).toEqual([{ message: event, target: 'https://app.example' }]);
  });

  it('reads only the two answer shapes as answers', () => {
    expect(isRelayedReply({ result: undefined })).toBe(true);
    expect(isRelayedReply({ error: { code: 1, message: 'm' } })).toBe(true);
    for (const x of [undefined, null, {}, { error: 'x' }, { error: { code: '1', message: 'm' } }]) expect(isRelayedReply(x)).toBe(false);
  });
});
