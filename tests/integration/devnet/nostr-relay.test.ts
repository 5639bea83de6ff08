/**
 * The devnet relay matches subscriptions as NIP-01 says (nostr-protocol/nips 01.md): a filter's
 * `#<letter>` lists count too, for events passed on live and for stored ones. Every NIP-47 wallet
 * service on the devnet subscribes to the requests tagged with its own key; a relay that ignored
 * the tag would hand each of them every other wallet's requests.
 */
import { finalizeEvent, generateSecretKey, getPublicKey, type Event } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startNostrRelay, type DevRelay } from '../../devnet/nostr-relay';

let relay: DevRelay;
beforeAll(async () => {
  relay = await startNostrRelay();
});
afterAll(async () => {
  await relay?.stop();
});

/** A socket on the relay that keeps every message it is sent. */
async function client() {
  const ws = new WebSocket(relay.url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const got: unknown[][] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    got.push(JSON.parse(data.toString()) as unknown[]);
    for (const w of waiters.splice(0)) w();
  });
  /** Waits until a message satisfies `cond`. */
  const until = async (cond: (m: unknown[]) => boolean) => {
    while (!got.some(cond)) await new Promise<void>((r) => waiters.push(r));
  };
  const send = (msg: unknown[]) => ws.send(JSON.stringify(msg));
  return { ws, got, until, send };
}

const sign = (tags: string[][], content: string, kind = 23194): Event =>
  finalizeEvent({ kind, created_at: Math.floor(Date.now() / 1000), tags, content }, generateSecretKey());
const eventsOf = (got: unknown[][], sub: string) => got.filter((m) => m[0] === 'EVENT' && m[1] === sub).map((m) => (m[2] as Event).content);

describe('devnet relay: NIP-01 tag filters', () => {
  it('passes on live only the events whose tags a subscription asks for', async () => {
    const mine = getPublicKey(generateSecretKey());
    const other = getPublicKey(generateSecretKey());
    const sub = await client();
    sub.send(['REQ', 'requests', { kinds: [23194], '#p': [mine] }]);
    await sub.until((m) => m[0] === 'EOSE');

    const pub = await client();
    const toOther = sign([['p', other]], 'for another wallet');
    const untagged = sign([], 'for nobody');
    const toMine = sign([['p', other], ['p', mine]], 'for this wallet');
    for (const e of [toOther, untagged, toMine]) {
      pub.send(['EVENT', e]);
      await pub.until((m) => m[0] === 'OK' && m[1] === e.id);
    }
    // The last event published reaches the subscription after the others would have.
    await sub.until((m) => m[0] === 'EVENT' && (m[2] as Event).id === toMine.id);
    expect(eventsOf(sub.got, 'requests')).toEqual(['for this wallet']);
    sub.ws.close();
    pub.ws.close();
  });

  it('serves, of the stored events, only those whose tags the filter asks for; every tag list must match', async () => {
    const a = getPublicKey(generateSecretKey());
    const b = getPublicKey(generateSecretKey());
    const pub = await client();
    // Kind 1 is stored (23194 is ephemeral: passed on, never stored).
    const stored = [sign([['p', a]], 'a only', 1), sign([['p', a], ['e', 'f'.repeat(64)]], 'a and e', 1), sign([['p', b]], 'b only', 1)];
    for (const e of stored) {
      pub.send(['EVENT', e]);
      await pub.until((m) => m[0] === 'OK' && m[1] === e.id);
    }
    const sub = await client();
    sub.send(['REQ', 'a', { kinds: [1], '#p': [a] }]);
    sub.send(['REQ', 'a-and-e', { kinds: [1], '#p': [a, b], '#e': ['f'.repeat(64)] }]);
    sub.send(['REQ', 'either', { kinds: [1], '#p': [b] }, { kinds: [1], '#e': ['f'.repeat(64)] }]);
    await sub.until((m) => m[0] === 'EOSE' && m[1] === 'either');
    await sub.until((m) => m[0] === 'EOSE' && m[1] === 'a-and-e');
    await sub.until((m) => m[0] === 'EOSE' && m[1] === 'a');
    expect(eventsOf(sub.got, 'a').sort()).toEqual(['a and e', 'a only']);
    expect(eventsOf(sub.got, 'a-and-e')).toEqual(['a and e']);
    expect(eventsOf(sub.got, 'either').sort()).toEqual(['a and e', 'b only']);
    sub.ws.close();
    pub.ws.close();
  });
});
