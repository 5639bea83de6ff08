/**
 * The connected wallet's relay connection (NwcFunding), against the devnet relay and
 * NIP-47 wallet service:
 * - requests made at once on a wallet with no relay connection yet (a fresh worker; Home's
 *   Lightning refresh asks the balance while pending payments are looked up) share one
 *   connection: each used to open its own, and the one that lost the race stayed open,
 *   unused and never closed;
 * - a lock closes the link (Layers.wipe) even while a request is still connecting: the
 *   connection that attempt opens must not stay open after the lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { DevLightningLedger } from '../../../devnet/lightning/ledger';
import { startNwcWalletService, type NwcWalletService } from '../../../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';

let relay: DevRelay;
let service: NwcWalletService;

beforeAll(async () => {
  relay = await startNostrRelay();
  const ledger = new DevLightningLedger('bcrt');
  service = await startNwcWalletService({ relayUrl: relay.url, ledger, node: ledger.addNode('nwc-wallet', 2_000_000n) });
});

afterAll(async () => {
  await service?.stop();
  await relay?.stop();
});

/** A link to the devnet wallet service whose every relay socket is kept in `sockets`; `onSocket` runs as each is made. */
function recordedLink(onSocket: () => void = () => undefined): { funding: NwcFunding; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  const webSocket = (url: string) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    onSocket();
    return ws as unknown as WebSocketLike;
  };
  return { funding: new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000 }), sockets };
}

describe('NWC relay connection', () => {
  it('opens one connection for requests made at once, and keeps using it', async () => {
    const { funding, sockets } = recordedLink();
    try {
      const [a, b, c] = await Promise.all([funding.getBalance(), funding.getBalance(), funding.getInfo()]);
      expect(a).toBe(2_000_000n);
      expect(b).toBe(a);
      expect(c).toBeTruthy();
      await funding.getBalance();
      expect(sockets).toHaveLength(1);
    } finally {
      await funding.close();
    }
    expect(sockets.every((s) => s.readyState === WebSocket.CLOSED || s.readyState === WebSocket.CLOSING)).toBe(true);
  });
});

describe('NWC link closed while connecting', () => {
  it('closes the connection the attempt opens, and the request fails', async () => {
    let opened!: () => void;
    const socketMade = new Promise<void>((r) => (opened = r));
    const { funding, sockets } = recordedLink(() => opened());
    const asking = funding.getBalance().then(
      () => 'answered',
      () => 'failed',
    );
    await socketMade;
    await funding.close();
    expect(await asking).toBe('failed');
    expect(sockets).toHaveLength(1);
    expect([WebSocket.CLOSED, WebSocket.CLOSING]).toContain(sockets[0]!.readyState);
  });
});
