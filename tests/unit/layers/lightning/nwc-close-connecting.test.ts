/**
 * A lock closes the connected wallet's link (Layers.wipe) even while a request is
 * still connecting to its relay: the connection that attempt opens must not stay
 * open after the lock.
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

describe('NWC link closed while connecting', () => {
  it('closes the connection the attempt opens, and the request fails', async () => {
    const sockets: WebSocket[] = [];
    let opened!: () => void;
    const socketMade = new Promise<void>((r) => (opened = r));
    const webSocket = (url: string) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      opened();
      return ws as unknown as WebSocketLike;
    };
    const funding = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000 });
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
