/**
 * The `PageTransport` in the page (MAIN world) over window.postMessage to the content
 * script: ids, a pending map, answers matched by tag and id, events by family.
 * Anything on the page can post to this window; that gains it nothing the page's own
 * scripts could not ask anyway, and nothing secret ever comes back this way.
 */
import { DAPP_TAG, type DappErrorShape, type DappFamily, type PageRequest } from '../shared/dapp/protocol';
import { ProviderRpcError, type PageTransport } from './transport';

type Pending = { resolve(value: unknown): void; reject(err: Error): void };

export function createPageTransport(win: Window): PageTransport {
  // Taken now, at document_start, before page scripts could replace them.
  const post = win.postMessage.bind(win);
  const origin = win.location.origin === 'null' ? '/' : win.location.origin;
  const pending = new Map<string, Pending>();
  const listeners = new Map<DappFamily, ((event: string, data: unknown) => void)[]>();
  // A random prefix keeps ids apart from another copy of this script (an extension reload).
  const prefix = Math.random().toString(36).slice(2);
  let seq = 0;

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win) return;
    const m = event.data as { tag?: unknown; dir?: unknown; id?: unknown; family?: unknown; event?: unknown; data?: unknown; result?: unknown; error?: DappErrorShape };
    if (typeof m !== 'object' || m === null || m.tag !== DAPP_TAG) return;
    if (m.dir === 'reply' && typeof m.id === 'string') {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('error' in m && m.error) p.reject(new ProviderRpcError(m.error));
      else p.resolve(m.result);
    } else if (m.dir === 'event' && typeof m.event === 'string') {
      for (const listener of listeners.get(m.family as DappFamily) ?? []) {
        try {
          listener(m.event, m.data);
        } catch {
          // One listener's fault must not silence the others.
        }
      }
    }
  });

  return {
    request(family, method, params) {
      const id = `${prefix}.${++seq}`;
      const message: PageRequest = { tag: DAPP_TAG, dir: 'request', id, family, method, ...(params === undefined ? {} : { params }) };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          post(message, origin);
        } catch (err) {
          // Not cloneable (a function, a DOM node): refused here, nothing was sent.
          pending.delete(id);
          reject(new ProviderRpcError({ code: -32602, message: err instanceof Error ? err.message : 'The request cannot be sent.' }));
        }
      });
    },
    onEvent(family, listener) {
      listeners.set(family, [...(listeners.get(family) ?? []), listener]);
    },
  };
}
