/**
 * Requests made at once on a connected wallet that has no relay connection yet (a
 * fresh worker; Home's Lightning refresh asks the balance while pending payments are
 * looked up) share one connection: each used to open its own, and the one that lost
 * the race stayed open, unused and never closed.
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

describe('NWC relay connection', () => {
  it('opens one connection for requests made at once, and keeps using it', async () => {
    const sockets: WebSocket[] = [];
    const webSocket = (url: string) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      return ws as unknown as WebSocketLike;
    };
    const funding = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000 });
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
