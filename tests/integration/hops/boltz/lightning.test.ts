/**
 * Lightning at either end of a hop, against the Boltz devnet stand-in: a reverse
 * swap paid over a real Nostr relay by the NIP-47 wallet service on Boltz's
 * Lightning ledger, whose hold-invoice payment gets no answer in time; and a move
 * to a Lightning Address served by lnurl-node, whose LNURL requests pass the same
 * host-permission check as the Lightning screen (the whole background: wallet,
 * settings, layers, hops).
 */
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Hops } from '../../../../src/background/hops';
import type { HostAccess } from '../../../../src/layers/lightning/host-access';
import { Layers } from '../../../../src/background/layers';
import { SettingsStore } from '../../../../src/background/settings-store';
import { WalletService } from '../../../../src/background/wallet';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { startLnurlServer, type LnurlDevServer } from '../../../devnet/lightning/lnurl-server';
import { hopSides } from '../../../helpers/hop-sides';
import { startLudExtrasServer, type LudExtrasServer } from '../../../devnet/lightning/lud-extras-server';
import { startNwcWalletService, type NwcWalletService } from '../../../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';
import { memoryPorts } from '../../../helpers/memory-ports';
import { type Devnets, drive, makeWallet, overrides, route, startBoltzDevnetsForFile } from './helpers';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

let d: Devnets;
let relay: DevRelay;
let service: NwcWalletService;
let lnurl: LnurlDevServer;
let extras: LudExtrasServer;
const open: NwcFunding[] = [];

startBoltzDevnetsForFile((started) => {
  d = started;
});

beforeAll(async () => {
  relay = await startNostrRelay();
  service = await startNwcWalletService({ relayUrl: relay.url, ledger: d.boltz.ledger, node: d.boltz.ledger.addNode('nwc-user', 5_000_000_000n) });
  lnurl = await startLnurlServer({ ledger: d.boltz.ledger });
  extras = await startLudExtrasServer(lnurl, d.boltz.ledger, lnurl.node);
}, 180_000);

afterAll(async () => {
  for (const f of open) await f.close();
  await service?.stop();
  await relay?.stop();
  await extras?.stop();
  await lnurl?.stop();
});

/** The background as the service worker wires it, on the devnet presets, with the browser's host grants replaced by `access`. */
async function background(access: HostAccess): Promise<Hops> {
  const ports = { ...memoryPorts(), now: () => Date.now() };
  const settings = new SettingsStore(ports.local);
  const wallet = new WalletService(ports, settings);
  await wallet.importPhrase(generateMnemonic(wordlist), 'Correct-Horse-42');
  await settings.update({ networks: { bitcoin: 'devnet', lightning: 'devnet', liquid: 'devnet', rootstock: 'devnet', stacks: 'devnet' }, endpoints: overrides(d) });
  const layers = new Layers(wallet, settings, ports.local, ports.now, ports.session);
  layers.hostAccess = access;
  return new Hops(wallet, settings, layers, ports.local, ports.now, boltzMechanisms());
}

describe('a move to a Lightning Address', () => {
  const served = () => [...extras.hits.values()].reduce((a, b) => a + b, 0);

  it('asks the LNURL service only once its host is granted, as the Lightning screen does', async () => {
    const before = served();
    const denied = await background({ allows: async (u) => u.origin !== extras.url });
    const err = await denied.plan(BTC_ONCHAIN, BTC_LIGHTNING, '0.0002', extras.address('bob')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(served()).toBe(before);
    expect(err).toMatchObject({ code: 'host_permission', message: expect.stringMatching(/no permission to contact 127\.0\.0\.1.*nothing was sent/) });

    // Granted, the same path reaches the service: a pay link of lnurl-node gives the invoice the route pays.
    const granted = await background({ allows: async () => true });
    const link = await lnurl.createPayLink({ minSendable: 1000, maxSendable: 100_000_000, metadata: JSON.stringify([['text/plain', 'Move test']]) });
    const { routes } = await granted.plan(BTC_ONCHAIN, BTC_LIGHTNING, '0.0002', link.encoded);
    const invoice = routes.find((r) => r.mechanism === 'boltz-submarine' && r.available)?.terms?.invoice;
    const issued = [...d.boltz.ledger.invoices.values()].find((i) => i.invoice === invoice);
    expect(issued?.payee).toBe(lnurl.node.pubkey);
  });
});

describe('reverse swap paid over Nostr Wallet Connect', () => {
  it('a hold-invoice payment with no answer in time is not failed and not made again; the hop follows Boltz and claims', async () => {
    const w = makeWallet(d);
    // The hold invoice settles only once we claim, so pay_invoice cannot answer within this timeout.
    const nwc = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000, payTimeoutMs: 200 });
    open.push(nwc);
    const side = w.ctx.side;
    const nwcSide = hopSides({ lightning: nwc });
    const ctx: HopContext = { ...w.ctx, side: (l) => (l === 'lightning' ? nwcSide(l) : side(l)) };
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
