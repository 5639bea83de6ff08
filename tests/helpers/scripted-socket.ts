/** A WebSocketLike for a relay scripted in a test: each message the client sends goes, parsed, to `onSend`; it opens on the next microtask. */
import type { WebSocketLike } from '../../src/layers/lightning/nostr/relay';

export function scriptedSocket(onSend: (msg: unknown[], socket: WebSocketLike) => void): WebSocketLike {
  const socket: WebSocketLike = {
    readyState: 1,
    send(data: string) {
      onSend(JSON.parse(data) as unknown[], socket);
    },
    close() {},
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
  };
  queueMicrotask(() => socket.onopen?.({}));
  return socket;
}
