/**
 * RelayConnection against the real devnet relay (@nostr-relay/core behind `ws`):
 * what happens around a socket that closes while the next one is opening.
 */
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RelayConnection, type WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import type { NostrEvent } from '../../../../src/layers/lightning/nostr/event';
import type { LocalText } from '../../../../src/shared/local-text';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';
import { waitFor } from '../../../helpers/wait-for';

let relay: DevRelay;

beforeAll(async () => {
  relay = await startNostrRelay();
});

afterAll(async () => {
  await relay?.stop();
});

/** Real sockets; the first one's close event is held back until released, as a browser may deliver it late. */
function lateCloseFactory() {
  const sockets: WebSocket[] = [];
  let heldClose: (() => void) | null = null;
  const factory = (url: string): WebSocketLike => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    if (sockets.length > 1) return ws as unknown as WebSocketLike;
    let onclose: ((ev: unknown) => void) | null = null;
    ws.onclose = (ev) => {
      heldClose = () => onclose?.(ev);
    };
    return new Proxy(ws, {
      get: (target, key) => {
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
      set: (target, key, value) => {
        if (key === 'onclose') onclose = value as typeof onclose;
        else Reflect.set(target, key, value, target);
        return true;
      },
    }) as unknown as WebSocketLike;
  };
  return { factory, sockets, release: () => heldClose?.(), closed: () => heldClose !== null };
}

describe('RelayConnection', () => {
  it("an old socket's late close does not end the subscriptions and the connection of the socket that replaced it", async () => {
    const { factory, sockets, release, closed } = lateCloseFactory();
    const conn = new RelayConnection(relay.url, factory, 5000);
    await conn.connect();
    // The first socket closes (readyState CLOSING, then CLOSED), its close event not yet delivered.
    sockets[0]!.close();
    await waitFor(closed, 'the first socket to close');

    const author = generateSecretKey();
    const seen: NostrEvent[] = [];
    const ended: LocalText[] = [];
    const template = { kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: 'after the reconnect' };
    const probe = finalizeEvent(template, author);
    await new Promise<void>((resolve) => {
      void conn.subscribe([{ kinds: [1], authors: [probe.pubkey] }], { onEvent: (e) => seen.push(e), onEose: resolve, onClosed: (r) => ended.push(r) });
    });
    expect(sockets).toHaveLength(2);

    release();
    await conn.publish(probe as NostrEvent);
    await waitFor(() => seen.length > 0 || ended.length > 0, 'the event or the end of the subscription');
    expect(ended).toEqual([]);
    expect(seen.map((e) => e.id)).toEqual([probe.id]);
    conn.close();
  });
});
