/**
 * Content script (isolated world), the only bridge between a page and the wallet:
 * takes requests the page posts to its own window, checks their shape and size,
 * relays them to the background and posts the answer back to the same window. It
 * holds nothing and forwards nothing to the page but answers and the wallet's events.
 * No polyfill: MV3's `chrome`/`browser` namespaces both return promises.
 */
import { DAPP_TAG, isDappFamily, MAX_OPEN_REQUESTS, relayError, type DappErrorShape, type PageEvent, type PageReply, type RelayedReply, type RelayedRequest } from '../shared/dapp/protocol';
import { parsePageRequest } from './page-request';

interface RuntimeLike {
  id: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: (message: unknown, sender: { id?: string }) => void): void };
}

/** Whether the background's answer has the only two shapes it may have. */
export function isRelayedReply(x: unknown): x is RelayedReply {
  if (typeof x !== 'object' || x === null) return false;
  if ('error' in x) {
    const e = (x as { error: DappErrorShape }).error;
    return typeof e === 'object' && e !== null && typeof e.code === 'number' && typeof e.message === 'string';
  }
  return 'result' in x;
}

export function startRelay(win: Window, runtime: RuntimeLike): void {
  // An opaque origin ("null", sandboxed frames) cannot be named as a target: "/" means this window's own.
  const target = win.location.origin === 'null' ? '/' : win.location.origin;
  const post = (message: PageReply | PageEvent) => win.postMessage(message, target);
  const reply = (id: string, answer: RelayedReply) => post({ tag: DAPP_TAG, dir: 'reply', id, ...answer } as PageReply);
  let open = 0;

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win) return;
    const parsed = parsePageRequest(event.data);
    if (!parsed) return;
    if (!parsed.ok) return reply(parsed.id, { error: parsed.error });
    const { id, family, method, params } = parsed.request;
    if (open >= MAX_OPEN_REQUESTS) return reply(id, { error: relayError('busy', 'Too many requests are waiting for the wallet.') });
    open++;
    const relayed: RelayedRequest = { tag: DAPP_TAG, family, method, ...(params === undefined ? {} : { params }) };
    // An orphaned script (the extension reloaded) throws at once: a rejection like any other, so the page hears.
    new Promise<unknown>((resolve) => resolve(runtime.sendMessage(relayed)))
      .then(
        (answer): RelayedReply =>
          isRelayedReply(answer) ? answer : { error: relayError('disconnected', 'The wallet did not answer.') },
        // The worker was stopped or the extension reloaded while the request waited.
        (): RelayedReply => ({ error: relayError('disconnected', 'The wallet is not reachable; try again.') }),
      )
      .then((answer) => {
        open--;
        reply(id, 'error' in answer ? { error: answer.error } : { result: answer.result });
      });
  });

  runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== runtime.id || typeof message !== 'object' || message === null) return;
    const { tag, dir, family, event, data, origin } = message as Partial<PageEvent> & { origin?: unknown };
    if (tag !== DAPP_TAG || dir !== 'event' || !isDappFamily(family) || typeof event !== 'string') return;
    // Frames are remembered by tab and frame id: this one may have navigated to another site since.
    if (origin !== undefined && origin !== win.location.origin) return;
    post({ tag: DAPP_TAG, dir: 'event', family, event, data });
  });
}

declare const browser: { runtime: RuntimeLike } | undefined;
declare const chrome: { runtime: RuntimeLike };

// Unit tests import this file in Node, where neither namespace exists.
if (typeof window !== 'undefined' && (typeof browser !== 'undefined' || typeof chrome !== 'undefined')) {
  startRelay(window, (typeof browser !== 'undefined' ? browser : chrome).runtime);
}
