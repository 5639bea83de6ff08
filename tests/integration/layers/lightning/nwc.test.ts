/**
 * NwcFunding against a real Nostr relay (@nostr-relay/core on 127.0.0.1) and a
 * NIP-47 wallet service stand-in that decrypts and verifies with nostr-tools and
 * settles on the devnet ledger; then the whole LightningService over NWC against
 * the lnurl-node server.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { NwcConnections } from '../../../../src/layers/lightning/nwc-connections';
import type { LightningFunding } from '../../../../src/layers/lightning/funding';
import { NwcFunding, type NwcOptions } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { LightningService } from '../../../../src/layers/lightning/service';
import { WalletError } from '../../../../src/shared/errors';
import { DevLightningLedger, type DevNode } from '../../../devnet/lightning/ledger';
import { startLnurlServer, type LnurlDevServer } from '../../../devnet/lightning/lnurl-server';
import { startLudExtrasServer } from '../../../devnet/lightning/lud-extras-server';
import { startNwcWalletService, type NwcWalletService } from '../../../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';
import { lightningDeps } from '../../../helpers/lightning-deps';
import { MemoryArea } from '../../../helpers/memory-ports';
import { refusal } from '../../../helpers/refusal';
import { waitFor } from '../../../helpers/wait-for';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

let relay: DevRelay;
let ledger: DevLightningLedger;
let walletNode: DevNode;
let merchant: DevNode;
let service: NwcWalletService;
let lnurlServer: LnurlDevServer;
const open: NwcFunding[] = [];

function connect(uri: string, opts: NwcOptions = {}): NwcFunding {
  const f = new NwcFunding(parseNwcUri(uri), { webSocket, timeoutMs: 5000, payTimeoutMs: 5000, ...opts });
  open.push(f);
  return f;
}

beforeAll(async () => {
  relay = await startNostrRelay();
  ledger = new DevLightningLedger('bcrt');
  walletNode = ledger.addNode('nwc-wallet', 2_000_000n);
  merchant = ledger.addNode('merchant');
  service = await startNwcWalletService({ relayUrl: relay.url, ledger, node: walletNode });
  lnurlServer = await startLnurlServer({ ledger });
});

afterAll(async () => {
  for (const f of open) await f.close();
  await service?.stop();
  await lnurlServer?.stop();
  await relay?.stop();
});

describe('NIP-47 over a local relay', () => {
  it('negotiates NIP-44 from the info event and answers get_balance, make_invoice, pay_invoice, lookup_invoice', async () => {
    const nwc = connect(service.connectionUri);
    expect(await nwc.negotiatedEncryption()).toBe('nip44_v2');
    expect(await nwc.getBalance()).toBe(walletNode.balanceMsat);

    const made = await nwc.makeInvoice(12_000n, 'coffee via nwc');
    const mine = [...ledger.invoices.values()].find((i) => i.invoice === made)!;
    expect(mine).toMatchObject({ payee: walletNode.pubkey, amountMsat: 12_000n, description: 'coffee via nwc' });

    const bill = ledger.createInvoice(merchant, 30_000n, { description: 'merchant bill' });
    const before = walletNode.balanceMsat;
    const paid = await nwc.payInvoice(bill.invoice);
    expect(bytesToHex(sha256(hexToBytes(paid.preimage)))).toBe(bill.paymentHash);
    expect(paid.feePaidMsat).toBe(ledger.feeMsat);
    expect(before - walletNode.balanceMsat).toBe(30_000n + ledger.feeMsat);
    // What each invoice is for comes back too (NIP-47 `amount`, msat): restore holds Boltz to it.
    expect(await nwc.lookupInvoice(bill.paymentHash)).toMatchObject({ state: 'settled', amountMsat: 30_000n });
    expect(await nwc.lookupInvoice(mine.paymentHash)).toEqual({ state: 'pending', amountMsat: 12_000n });

    expect(service.requests.map((r) => r.encryption)).toEqual(['nip44_v2', 'nip44_v2', 'nip44_v2', 'nip44_v2', 'nip44_v2']);
    // The relay only ever saw ciphertext.
    const requests = relay.received.filter((m) => m[0] === 'EVENT' && (m[1] as { kind: number }).kind === 23194);
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const [, ev] of requests) expect((ev as { content: string }).content).not.toMatch(/invoice|balance/);
  });

  it('uses NIP-04 for a service whose info event has no encryption tag only when the user allowed it', async () => {
    const legacy = await startNwcWalletService({ relayUrl: relay.url, ledger, node: walletNode, encryption: null });
    try {
      const refused = await refusal(connect(legacy.connectionUri).getBalance());
      expect(refused.message).toMatch(/announces only the older NIP-04 encryption.*nothing was sent/);
      expect(legacy.requests).toEqual([]);
      const nwc = connect(legacy.connectionUri, { allowNip04: true });
      expect(await nwc.negotiatedEncryption()).toBe('nip04');
      expect(await nwc.getBalance()).toBe(walletNode.balanceMsat);
      expect(legacy.requests).toEqual([{ method: 'get_balance', encryption: 'nip04' }]);
    } finally {
      await legacy.stop();
    }
  });

  it('a relay sending non-events on its subscriptions changes nothing: the info event and the answers still come through', async () => {
    // Into the wallet's subscriptions (the info event, the answers) only: the wallet service stand-in is not under test.
    relay.misbehave({ inject: [null, 42, 'event', [], { toString: 1 }, { pubkey: service.walletPubkey }], injectKinds: [13194, 23195] });
    try {
      const nwc = connect(service.connectionUri);
      expect(await nwc.negotiatedEncryption()).toBe('nip44_v2');
      expect(await nwc.getBalance()).toBe(walletNode.balanceMsat);
    } finally {
      relay.misbehave({});
    }
  });

  it("a relay that ignores the answers' tag filters: a payment waiting for its answer does not take the answer to a balance asked meanwhile", async () => {
    const nwc = connect(service.connectionUri);
    expect(await nwc.negotiatedEncryption()).toBe('nip44_v2');
    const bill = ledger.createInvoice(merchant, 3_000n, { description: 'crossed answers' });
    // Every answer of the wallet service reaches every open answer subscription; the payment's answer comes last.
    relay.misbehave({ ignoreTagFilters: true });
    service.misbehave({ payReplyDelayMs: 1000 });
    try {
      const paying = nwc.payInvoice(bill.invoice);
      await waitFor(() => ledger.invoice(bill.paymentHash)?.state === 'settled', 'the payment');
      const balance = walletNode.balanceMsat;
      expect(await nwc.getBalance()).toBe(balance);
      const paid = await paying;
      expect(bytesToHex(sha256(hexToBytes(paid.preimage)))).toBe(bill.paymentHash);
    } finally {
      service.misbehave({});
      relay.misbehave({});
    }
  });

  it('does not fall back to NIP-04 when the relay withholds the info event', async () => {
    const before = service.requests.length;
    relay.misbehave({ withholdInfo: true });
    try {
      const err = await refusal(connect(service.connectionUri).negotiatedEncryption());
      expect(err.message).toMatch(/did not hand over the info event.*nothing was sent/);
      expect(service.requests.length).toBe(before);
      // Consent to NIP-04 is the user's to give; a link that spoke NIP-44 before stays on NIP-44.
      expect(await connect(service.connectionUri, { allowNip04: true }).negotiatedEncryption()).toBe('nip04');
      const known = connect(service.connectionUri, { knownEncryption: 'nip44_v2' });
      expect(await known.negotiatedEncryption()).toBe('nip44_v2');
      expect(await known.getBalance()).toBe(walletNode.balanceMsat);
      expect(service.requests.slice(before)).toEqual([{ method: 'get_balance', encryption: 'nip44_v2' }]);
    } finally {
      relay.misbehave({});
    }
  });

  it('saves a connection with the encryption it uses, and refuses one that would silently drop to NIP-04', async () => {
    const session = new MemoryArea();
    const links = new NwcConnections(session, { webSocket });
    const root = lightningDeps('devnet').root;
    relay.misbehave({ withholdInfo: true });
    try {
      expect((await refusal(links.connect(root, 'devnet', service.connectionUri))).message).toMatch(/info event/);
      expect(await links.status('devnet')).toEqual({ network: 'devnet', connected: false });
      expect(await links.connect(root, 'devnet', service.connectionUri, { allowNip04: true })).toMatchObject({ connected: true, encryption: 'nip04' });
    } finally {
      relay.misbehave({});
    }
    expect(await links.connect(root, 'devnet', service.connectionUri)).toMatchObject({ connected: true, encryption: 'nip44_v2' });
    await links.disconnect('devnet');
  });

  it("turns the wallet service's NIP-47 errors into wallet errors", async () => {
    const nwc = connect(service.connectionUri);
    service.setFailure('INSUFFICIENT_BALANCE');
    try {
      const err = await refusal(nwc.payInvoice(ledger.createInvoice(merchant, 1000n, { description: 'x' }).invoice));
      expect(err.code).toBe('insufficient_funds');
      expect(err.message).toMatch(/INSUFFICIENT_BALANCE/);
      // The wallet service's words, quoted in the wallet's sentence that names who said them.
      expect(err.text).toEqual({ key: 'err_lnurl_refused', params: ['devnet@127.0.0.1 (Nostr Wallet Connect)', 'devnet wallet refuses: INSUFFICIENT_BALANCE'] });
    } finally {
      service.setFailure(undefined);
    }
    const big = ledger.createInvoice(merchant, 50_000_000n, { description: 'too much' });
    expect((await refusal(nwc.payInvoice(big.invoice))).code).toBe('insufficient_funds');
  });

  it('is refused by the wallet service when the secret is not the connected one', async () => {
    const other = service.connectionUri.replace(/secret=[0-9a-f]{64}/, `secret=${'11'.repeat(32)}`);
    const err = await refusal(connect(other).getBalance());
    expect(err.message).toMatch(/no wallet is connected/);
  });

  it("names the relay's host when the wallet service cannot be reached through it (Home shows it on the Lightning row)", async () => {
    const gone = await startNostrRelay();
    const uri = service.connectionUri.replace(/relay=[^&]+/, `relay=${encodeURIComponent(gone.url)}`);
    await gone.stop();
    const err = await connect(uri, { timeoutMs: 1000 }).getBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect(err).toMatchObject({ code: 'network_error', host: new URL(gone.url).host });
  });

  it('refuses malformed connection URIs', () => {
    expect(() => parseNwcUri('nostr+walletconnect://abc?relay=wss://r&secret=00')).toThrow(WalletError);
    expect(() => parseNwcUri(service.connectionUri.replace(/relay=[^&]+/, 'relay=ws%3A%2F%2Frelay.example.com'))).toThrow(/wss:\/\//);
    expect(() => parseNwcUri(service.connectionUri.replace(/secret=[^&]+/, ''))).toThrow(/secret/);
    expect(parseNwcUri(service.connectionUri)).toMatchObject({ walletPubkey: service.walletPubkey, relays: [relay.url], lud16: 'devnet@127.0.0.1' });
  });
});

describe('LightningService funded over NWC', () => {
  it('pays an LNURL-pay link of the lnurl-node server and withdraws from it, all through the relay', async () => {
    const nwc = connect(service.connectionUri);
    const ln = new LightningService(lightningDeps('devnet'), nwc);
    const link = await lnurlServer.createPayLink({ minSendable: 1000, maxSendable: 100_000, metadata: JSON.stringify([['text/plain', 'NWC test']]) });
    const preview = await ln.payPreview({ text: link.encoded, amountMsat: 8000n });
    expect(preview.funding).toEqual({ kind: 'nwc', label: 'devnet@127.0.0.1 (Nostr Wallet Connect)' });
    expect(preview.balanceMsat).toBe(walletNode.balanceMsat);

    const serviceBefore = lnurlServer.node.balanceMsat;
    const paid = await ln.pay({ text: link.encoded, amountMsat: 8000n });
    expect(lnurlServer.node.balanceMsat - serviceBefore).toBe(8000n);
    expect(paid.feeMsat).toBe(ledger.feeMsat);

    const w = await lnurlServer.createWithdrawLink({ minWithdrawable: 1000, maxWithdrawable: 9000, defaultDescription: 'NWC withdraw' });
    const result = await ln.withdraw({ text: w.encoded, amountMsat: 9000n, waitMs: 3000 });
    expect(result.status).toBe('confirmed');
    const overview = await ln.overview();
    expect(overview.balances[0]!.confirmed).toBe(walletNode.balanceMsat.toString());
    expect(overview.activity.map((a) => [a.direction, a.status])).toEqual([
      ['in', 'confirmed'],
      ['out', 'confirmed'],
    ]);
  });

  it('marks a payment whose answer came too late as unknown, never pays it again, and learns it was paid from lookup_invoice', async () => {
    const slow = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket, timeoutMs: 5000, payTimeoutMs: 300 });
    open.push(slow);
    const ln = new LightningService(lightningDeps('devnet'), slow);
    const bill = ledger.createInvoice(merchant, 21_000n, { description: 'slow wallet' });
    const payRequests = () => service.requests.filter((r) => r.method === 'pay_invoice').length;
    const before = payRequests();
    // The wallet service pays at once but answers only after the client gave up waiting.
    service.misbehave({ payReplyDelayMs: 1500 });
    try {
      const err = await refusal(ln.pay({ text: bill.invoice }));
      // Client, relay and service share one event loop: after a stall past 300 ms the client's timer
      // runs before the relay has handed the request on, so the service pays a moment after the refusal.
      await expect.poll(() => ledger.invoice(bill.paymentHash)?.state).toBe('settled');
      expect((await ln.paymentsList())[0]).toMatchObject({ id: bill.paymentHash, status: 'unknown' });
      expect(err.code).toBe('payment_unknown');
      expect(err.message).toMatch(/may still go through/);

      const again = await refusal(ln.pay({ text: bill.invoice }));
      expect(again.code).toBe('payment_unknown');
      expect(again.message).toMatch(/will not pay it again/);
      await expect.poll(() => payRequests() - before).toBe(1);
    } finally {
      service.misbehave({});
    }
    // A later refresh asks lookup_invoice by payment hash and settles the question.
    await ln.refreshPending();
    expect((await ln.paymentsList())[0]).toMatchObject({ id: bill.paymentHash, status: 'confirmed' });
    expect(service.requests.at(-1)?.method).toBe('lookup_invoice');
    expect((await refusal(ln.pay({ text: bill.invoice }))).message).toMatch(/already been paid/);
    expect(payRequests() - before).toBe(1);
  });

  it('after an unknown payment to an LNURL-pay link, a retry to the same link is refused until the first is known', async () => {
    const slow = connect(service.connectionUri, { payTimeoutMs: 300 });
    const ln = new LightningService(lightningDeps('devnet'), slow);
    const link = await lnurlServer.createPayLink({ minSendable: 1000, maxSendable: 100_000, metadata: JSON.stringify([['text/plain', 'retry me']]) });
    const payRequests = () => service.requests.filter((r) => r.method === 'pay_invoice').length;
    const before = payRequests();
    const received = lnurlServer.node.balanceMsat;
    let first: { id: string; payLink?: string };
    // The wallet service pays at once but answers only after the client gave up waiting.
    service.misbehave({ payReplyDelayMs: 1500 });
    try {
      const err = await refusal(ln.pay({ text: link.encoded, amountMsat: 7000n }));
      expect(err.code).toBe('payment_unknown');
      await expect.poll(() => payRequests() - before).toBe(1); // as above: it may reach the service after the refusal
      first = (await ln.paymentsList())[0]!;
      expect(first).toMatchObject({ kind: 'lnurl-pay', status: 'unknown' });

      // The same link again, also written another way: no new invoice is even asked for, nothing is paid.
      for (const text of [link.encoded, `lightning:${link.encoded.toLowerCase()}`]) {
        const again = await refusal(ln.pay({ text, amountMsat: 7000n }));
        expect(payRequests() - before).toBe(1);
        expect(again.code).toBe('payment_unknown');
        expect(again.message).toMatch(/earlier payment to .*"unknown — checking".*nothing was sent/i);
        await expect(ln.payPreview({ text, amountMsat: 7000n })).rejects.toMatchObject({ code: 'payment_unknown' });
      }
      expect(payRequests() - before).toBe(1);
      expect(await ln.paymentsList()).toHaveLength(1);
      // The record names the link it paid, whichever way it was written.
      expect(first.payLink).toBe(new URL(link.url).toString());
    } finally {
      service.misbehave({});
    }
    await expect.poll(() => lnurlServer.node.balanceMsat - received).toBe(7000n);
    // Once lookup_invoice says the first was paid, the link can be paid again.
    await ln.refreshPending();
    expect((await ln.paymentsList())[0]).toMatchObject({ id: first.id, status: 'confirmed' });
    await ln.pay({ text: link.encoded, amountMsat: 7000n });
    expect(payRequests() - before).toBe(2);
    expect(lnurlServer.node.balanceMsat - received).toBe(14_000n);
  });

  it('two payments to one Lightning Address at once: the second is refused while the first is under way', async () => {
    const extras = await startLudExtrasServer(lnurlServer, ledger, lnurlServer.node);
    try {
      const slow = connect(service.connectionUri, { payTimeoutMs: 5000 });
      const ln = new LightningService(lightningDeps('devnet'), slow);
      const address = extras.address('carol');
      const payRequests = () => service.requests.filter((r) => r.method === 'pay_invoice').length;
      const before = payRequests();
      service.misbehave({ payReplyDelayMs: 1000 });
      try {
        const first = ln.pay({ text: address, amountMsat: 5000n });
        await expect.poll(async () => (await ln.paymentsList())[0]?.status).toBe('pending');
        const second = await refusal(ln.pay({ text: address, amountMsat: 5000n }));
        expect(second.message).toMatch(/under way.*nothing (more )?was sent/i);
        expect((await first).amountMsat).toBe(5000n);
      } finally {
        service.misbehave({});
      }
      expect(payRequests() - before).toBe(1);
      expect((await ln.paymentsList()).map((r) => [r.status, r.payLink])).toEqual([['confirmed', `${extras.url}/.well-known/lnurlp/carol`]]);
    } finally {
      await extras.stop();
    }
  });

  it('a relay that answers OK false to pay_invoice but passes it on anyway: the payment is unknown, not failed, and is not made twice', async () => {
    const nwc = connect(service.connectionUri);
    await nwc.negotiatedEncryption();
    // The relay cannot read which method a request is, so it refuses every one: this funding skips the
    // balance check (get_balance is optional), leaving pay_invoice the only request while the relay lies.
    const payOnly: LightningFunding = {
      kind: nwc.kind,
      label: nwc.label,
      payInvoice: (invoice, opts) => nwc.payInvoice(invoice, opts),
      makeInvoice: (amount, description, opts) => nwc.makeInvoice(amount, description, opts),
      lookupInvoice: (hash) => nwc.lookupInvoice(hash),
    };
    const ln = new LightningService(lightningDeps('devnet'), payOnly);
    const bill = ledger.createInvoice(merchant, 13_000n, { description: 'lying relay' });
    const payRequests = () => service.requests.filter((r) => r.method === 'pay_invoice').length;
    const before = payRequests();
    relay.misbehave({ refuseButDeliverKinds: [23194] });
    try {
      const err = await refusal(ln.pay({ text: bill.invoice }));
      expect(err.code).toBe('payment_unknown');
      expect(err.message).not.toMatch(/nothing was sent/);
      expect((await ln.paymentsList())[0]).toMatchObject({ id: bill.paymentHash, status: 'unknown' });
      // The relay said no, yet the wallet service got the request and paid.
      await expect.poll(() => ledger.invoice(bill.paymentHash)?.state).toBe('settled');
      expect(payRequests() - before).toBe(1);
      const again = await refusal(ln.pay({ text: bill.invoice }));
      expect(again.code).toBe('payment_unknown');
      expect(payRequests() - before).toBe(1);
    } finally {
      relay.misbehave({});
    }
    await ln.refreshPending();
    expect((await ln.paymentsList())[0]).toMatchObject({ id: bill.paymentHash, status: 'confirmed' });
    expect(payRequests() - before).toBe(1);
  });

  it('creates an invoice to receive and notices when it is paid', async () => {
    const nwc = connect(service.connectionUri);
    const ln = new LightningService(lightningDeps('devnet'), nwc);
    const view = await ln.createInvoice({ amountMsat: 5000n, description: 'tip jar' });
    expect(view.uri).toBe(`lightning:${view.invoice.toUpperCase()}`);
    expect((await ln.paymentsList())[0]).toMatchObject({ id: view.paymentHash, status: 'pending', direction: 'in' });
    merchant.balanceMsat = 100_000n;
    ledger.pay(merchant, view.invoice);
    await ln.refreshPending();
    expect((await ln.paymentsList())[0]).toMatchObject({ id: view.paymentHash, status: 'confirmed' });
  });
});
