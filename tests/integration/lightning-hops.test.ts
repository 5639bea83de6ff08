/**
 * Lightning as the paying side of a hop, against the Boltz devnet stand-in and a
 * real Nostr relay with the NIP-47 wallet service on Boltz's Lightning ledger: a
 * reverse swap's hold-invoice payment whose answer does not come in time is not
 * a failed payment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BTC_LIGHTNING, BTC_ONCHAIN } from '../../src/hops/boltz/assets';
import { dataOf } from '../../src/hops/boltz/record';
import type { HopContext } from '../../src/hops/mechanism';
import type { WebSocketLike } from '../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../src/layers/lightning/nwc-uri';
import { startNwcWalletService, type NwcWalletService } from '../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../devnet/nostr-relay';
import { type Devnets, drive, makeWallet, route, startBoltzDevnets } from './hops-boltz-helpers';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

let d: Devnets;
let relay: DevRelay;
let service: NwcWalletService;
const open: NwcFunding[] = [];

beforeAll(async () => {
  d = await startBoltzDevnets();
  relay = await startNostrRelay();
  service = await startNwcWalletService({ relayUrl: relay.url, ledger: d.boltz.ledger, node: d.boltz.ledger.addNode('nwc-user', 5_000_000_000n) });
}, 180_000);

afterAll(async () => {
  for (const f of open) await f.close();
  await service?.stop();
  await relay?.stop();
  await d?.boltz.stop();
});

describe('reverse swap paid over Nostr Wallet Connect', () => {
  it('a hold-invoice payment with no answer in time is not failed and not made again; the hop follows Boltz and claims', async () => {
    const w = makeWallet(d);
    // The hold invoice settles only once we claim, so pay_invoice cannot answer within this timeout.
    const nwc = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000, payTimeoutMs: 200 });
    open.push(nwc);
    const layer = w.ctx.layer;
    const ctx: HopContext = { ...w.ctx, layer: async <T>(l: Parameters<HopContext['layer']>[0]) => (l === 'lightning' ? (nwc as T) : layer<T>(l)) };
    const wallet = { ...w, ctx };
    const q = await route(wallet, BTC_LIGHTNING, BTC_ONCHAIN, 150_000n);

    const started = await w.engine.start(ctx, q);
    expect(started.outcome).toBe('in-progress');
    expect(started.steps.find((s) => s.key === 'pay')?.status).not.toBe('failed');
    const done = await drive(d, wallet, started.id);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed' });
    expect(d.boltz.ledger.invoice(dataOf(done).preimageHash)?.state).toBe('settled');
    expect(service.requests.filter((r) => r.method === 'pay_invoice')).toHaveLength(1);
  });
});
