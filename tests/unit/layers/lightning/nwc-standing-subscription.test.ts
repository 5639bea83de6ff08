/**
 * Each NWC request subscribed to its own answer and closed that subscription after:
 * three relay messages (REQ, EVENT, CLOSE) per balance refresh. Once the wallet service
 * is seen to tag its answers with this client's key (NIP-47: a response SHOULD carry a
 * `p` tag), the link keeps one subscription to those answers open, and each request
 * sends only its event. Every answer is still checked: the wallet service's key, a valid
 * signature, and the `e` tag of a request under way. A service that does not tag keeps
 * a subscription per request; a standing subscription the relay closed is opened again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { finalizeEvent, generateSecretKey, getPublicKey, type Event } from 'nostr-tools/pure';
import * as nip44 from 'nostr-tools/nip44';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { NwcFunding } from '../../../../src/layers/lightning/nwc';
import { parseNwcUri } from '../../../../src/layers/lightning/nwc-uri';
import { DevLightningLedger } from '../../../devnet/lightning/ledger';
import { scriptedSocket } from '../../../helpers/scripted-socket';
import { startNwcWalletService, type NwcWalletService } from '../../../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';

describe('NWC requests over the devnet relay and wallet service', () => {
  let relay: DevRelay;
  let service: NwcWalletService;
  beforeAll(async () => {
    relay = await startNostrRelay();
    const ledger = new DevLightningLedger('bcrt');
    service = await startNwcWalletService({ relayUrl: relay.url, ledger, node: ledger.addNode('nwc-wallet', 3_000_000n) });
  });
  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
  });

  it('after the first answer, each request sends the relay one message, its event', async () => {
    const funding = new NwcFunding(parseNwcUri(service.connectionUri), { webSocket: (u) => new WebSocket(u) as unknown as WebSocketLike, timeoutMs: 5000 });
    // What this client sent: subscriptions are ours ("lh…"), events of kind 23194 ours too.
    const sent = () => relay.received.filter((m) => (m[0] === 'EVENT' ? (m[1] as Event).kind === 23194 : String(m[1]).startsWith('lh')));
    try {
      // The first answer shows the tag; the second request opens the standing subscription and, until the relay accepts it, its own too.
      await funding.getBalance();
      await funding.getBalance();
      await funding.getBalance();
      const before = sent().length;
      expect(await funding.getBalance()).toBe(3_000_000n);
      expect(await funding.getInfo()).toMatchObject({ alias: 'nwc-wallet' });
      const [a, b] = await Promise.all([funding.getBalance(), funding.getBalance()]);
      expect([a, b]).toEqual([3_000_000n, 3_000_000n]);
      expect(sent().slice(before).map((m) => m[0])).toEqual(['EVENT', 'EVENT', 'EVENT', 'EVENT']);
    } finally {
      await funding.close();
    }
  });
});

/** A relay scripted in the test: the wallet service's key is the test's, its answers are whatever each test sends. */
function scriptedRelay(answer: (req: Event, r: Scripted) => void, opts: { refuse?: (filter: Record<string, unknown>) => string | null; payTimeoutMs?: number } = {}) {
  const walletSecret = generateSecretKey();
  const walletPubkey = getPublicKey(walletSecret);
  const clientSecret = generateSecretKey();
  const clientPubkey = getPublicKey(clientSecret);
  const conv = nip44.getConversationKey(walletSecret, clientPubkey);
  const messages: unknown[][] = [];
  /** The socket (1, 2, …) each message came on. */
  const onSocket: number[] = [];
  let socket!: WebSocketLike;
  const r: Scripted = {
    messages,
    walletPubkey,
    /** A kind 23195 answer to `req` saying `balance`, signed by `secret` (the wallet service's by default), with `tags`. */
    reply(req, balance, opts = {}) {
      const content = nip44.encrypt(JSON.stringify({ result_type: 'get_balance', error: null, result: { balance } }), conv);
      const tags = opts.tags ?? [['p', clientPubkey], ['e', req.id]];
      return finalizeEvent({ kind: 23195, created_at: Math.floor(Date.now() / 1000), tags, content }, opts.secret ?? walletSecret);
    },
    answer(req, body, tags = [['p', clientPubkey], ['e', req.id]]) {
      const content = nip44.encrypt(JSON.stringify(body), conv);
      return finalizeEvent({ kind: 23195, created_at: Math.floor(Date.now() / 1000), tags, content }, walletSecret);
    },
    method: (req) => (JSON.parse(nip44.decrypt(req.content, conv)) as { method: string }).method,
    deliver(subId, e) {
      socket.onmessage?.({ data: JSON.stringify(['EVENT', subId, e]) });
    },
    // A relay knows a subscription on the connection it was made on only.
    subs: () => messages.filter((m, i) => m[0] === 'REQ' && onSocket[i] === r.sockets).map((m) => ({ id: String(m[1]), filter: m[2] as Record<string, unknown> })),
    allSubs: () => messages.filter((m) => m[0] === 'REQ').map((m) => ({ id: String(m[1]), filter: m[2] as Record<string, unknown> })),
    close(subId) {
      socket.onmessage?.({ data: JSON.stringify(['CLOSED', subId, 'error: shutting down idle subscriptions']) });
    },
    sockets: 0,
    dieQuietly() {
      // Closed, its close event not dispatched yet (it comes once the socket has been replaced).
      (socket as { readyState: number }).readyState = 3;
    },
  };
  const info = finalizeEvent({ kind: 13194, created_at: Math.floor(Date.now() / 1000), tags: [['encryption', 'nip44_v2']], content: 'get_balance' }, walletSecret);
  const webSocket = (): WebSocketLike => {
    r.sockets++;
    socket = scriptedSocket((msg) => {
      messages.push(msg);
      onSocket.push(r.sockets);
      queueMicrotask(() => {
        if (msg[0] === 'REQ') {
          const filter = msg[2] as { kinds?: number[] };
          const refused = opts.refuse?.(msg[2] as Record<string, unknown>);
          if (refused) return socket.onmessage?.({ data: JSON.stringify(['CLOSED', msg[1], refused]) });
          if (filter.kinds?.includes(13194)) socket.onmessage?.({ data: JSON.stringify(['EVENT', msg[1], info]) });
          socket.onmessage?.({ data: JSON.stringify(['EOSE', msg[1]]) });
        } else if (msg[0] === 'EVENT') {
          const req = msg[1] as Event;
          socket.onmessage?.({ data: JSON.stringify(['OK', req.id, true, '']) });
          answer(req, r);
        }
      });
    });
    return socket;
  };
  const uri = `nostr+walletconnect://${walletPubkey}?relay=${encodeURIComponent('ws://127.0.0.1:1')}&secret=${bytesToHex(clientSecret)}`;
  return { r, funding: new NwcFunding(parseNwcUri(uri), { webSocket, timeoutMs: 300, ...(opts.payTimeoutMs ? { payTimeoutMs: opts.payTimeoutMs } : {}) }) };
}

interface Scripted {
  messages: unknown[][];
  walletPubkey: string;
  reply(req: Event, balance: number, opts?: { tags?: string[][]; secret?: Uint8Array }): Event;
  /** The wallet service's tagged answer to `req` carrying `body`. */
  answer(req: Event, body: Record<string, unknown>, tags?: string[][]): Event;
  /** What `req` asks for. */
  method(req: Event): string;
  deliver(subId: string, e: Event): void;
  subs(): { id: string; filter: Record<string, unknown> }[];
  allSubs(): { id: string; filter: Record<string, unknown> }[];
  close(subId: string): void;
  sockets: number;
  dieQuietly(): void;
}

/** The subscription an answer to `req` goes to: its own (`#e`), else the standing one (`#p`). */
function subFor(r: Scripted, req: Event): string {
  const subs = r.subs();
  const own = subs.find((s) => (s.filter['#e'] as string[] | undefined)?.includes(req.id));
  return (own ?? subs.filter((s) => s.filter['#p']).at(-1))?.id ?? 'nobody-listens';
}

describe('NWC answers on a standing subscription', () => {
  it('takes only the wallet service\'s signed answer to a request under way', async () => {
    let n = 0;
    const { r, funding } = scriptedRelay((req, r) => {
      const sub = subFor(r, req);
      n++;
      if (n > 1) {
        // Another key, a forged signature, another request's tag: none of them is the answer.
        r.deliver(sub, r.reply(req, 666, { secret: generateSecretKey() }));
        r.deliver(sub, { ...r.reply(req, 667), pubkey: r.walletPubkey, sig: r.reply(req, 1).sig });
        r.deliver(sub, r.reply(req, 668, { tags: [['p', getPublicKey(generateSecretKey())], ['e', 'ab'.repeat(32)]] }));
      }
      r.deliver(sub, r.reply(req, 1000 * n));
    });
    try {
      expect(await funding.getBalance()).toBe(1000n);
      expect(await funding.getBalance()).toBe(2000n);
      expect(await funding.getBalance()).toBe(3000n);
      expect(r.subs().filter((s) => s.filter['#p'])).toHaveLength(1);
    } finally {
      await funding.close();
    }
  });

  it('keeps a subscription per request for a wallet service that does not tag its answers with the client', async () => {
    let n = 0;
    const { r, funding } = scriptedRelay((req, r) => r.deliver(subFor(r, req), r.reply(req, 1000 * ++n, { tags: [['e', req.id]] })));
    try {
      for (let i = 1; i <= 3; i++) expect(await funding.getBalance()).toBe(BigInt(1000 * i));
      expect(r.subs().filter((s) => s.filter['#p'])).toHaveLength(0);
      expect(r.subs().filter((s) => s.filter['#e'])).toHaveLength(3);
    } finally {
      await funding.close();
    }
  });

  it('opens the standing subscription again on the socket that replaced a dead one', async () => {
    let n = 0;
    const { r, funding } = scriptedRelay((req, r) => r.deliver(subFor(r, req), r.reply(req, 1000 * ++n)));
    try {
      await funding.getBalance();
      await funding.getBalance();
      r.dieQuietly();
      expect(await funding.getBalance()).toBe(3000n);
      expect(r.sockets).toBe(2);
      expect(r.allSubs().filter((s) => s.filter['#p'])).toHaveLength(2);
      expect(await funding.getBalance()).toBe(4000n);
    } finally {
      await funding.close();
    }
  });

  it('opens the standing subscription again after the relay closed it', async () => {
    let n = 0;
    const { r, funding } = scriptedRelay((req, r) => r.deliver(subFor(r, req), r.reply(req, 1000 * ++n)));
    try {
      await funding.getBalance();
      await funding.getBalance();
      const standing = r.subs().filter((s) => s.filter['#p']);
      expect(standing).toHaveLength(1);
      r.close(standing[0]!.id);
      expect(await funding.getBalance()).toBe(3000n);
      expect(r.allSubs().filter((s) => s.filter['#p'])).toHaveLength(2);
    } finally {
      await funding.close();
    }
  });

  it('answers every request on a relay that refuses the standing subscription', async () => {
    // A relay may refuse a `#p` subscription (NIP-42 auth wanted, a filter it does not serve) and still serve `#e`.
    let n = 0;
    const { r, funding } = scriptedRelay(
      (req, r) => {
        // Every `#p` subscription was closed: the answer reaches the request's own subscription, if it has one.
        const own = r.subs().find((s) => (s.filter['#e'] as string[] | undefined)?.includes(req.id));
        n++;
        if (own) r.deliver(own.id, r.reply(req, 1000 * n));
      },
      { refuse: (filter) => (filter['#p'] ? 'auth-required: p-tagged events only after AUTH' : null) },
    );
    try {
      for (let i = 1; i <= 4; i++) expect(await funding.getBalance()).toBe(BigInt(1000 * i));
    } finally {
      await funding.close();
    }
  });

  it('replaces a standing subscription the relay stopped serving unannounced, after the one request it left unanswered', async () => {
    // The relay forgets subscriptions (a restart behind a proxy that kept the socket): it sends nothing, not even CLOSED.
    const forgotten = new Set<string>();
    let n = 0;
    const { r, funding } = scriptedRelay((req, r) => {
      n++;
      // A relay delivers to every subscription the event matches: the request's own, and any standing one it still serves.
      for (const s of r.subs()) {
        const match = (s.filter['#e'] as string[] | undefined)?.includes(req.id) || s.filter['#p'] !== undefined;
        if (match && !forgotten.has(s.id)) r.deliver(s.id, r.reply(req, 1000 * n));
      }
    });
    try {
      expect(await funding.getBalance()).toBe(1000n);
      expect(await funding.getBalance()).toBe(2000n);
      for (const s of r.subs()) forgotten.add(s.id);
      await expect(funding.getBalance()).rejects.toThrow(/did not answer/);
      for (let i = 4; i <= 7; i++) await expect(funding.getBalance(), `request ${i}`).resolves.toBe(BigInt(1000 * i));
    } finally {
      await funding.close();
    }
  });

  it('still hands a request its late answer after another request on the standing subscription went unanswered', async () => {
    let n = 0;
    let late: Event | null = null;
    const { r, funding } = scriptedRelay((req, r) => {
      n++;
      if (n <= 2) r.deliver(subFor(r, req), r.reply(req, 1000 * n));
      // The third request is never answered; the fourth is, once the third has given up.
      if (n === 4) late = req;
    });
    try {
      await funding.getBalance();
      await funding.getBalance();
      const unanswered = expect(funding.getBalance()).rejects.toThrow(/did not answer/);
      const answered = funding.getBalance();
      await unanswered;
      r.deliver(subFor(r, late!), r.reply(late!, 4000));
      await expect(answered).resolves.toBe(4000n);
    } finally {
      await funding.close();
    }
  });

  it('hands a payment its answer from a wallet service that tags its other answers with the client but not that one', async () => {
    // NIP-47 says a response SHOULD carry the `p` tag; the relay serves `#p` and `#e` as asked, so an untagged answer reaches only a subscription by `#e`.
    let n = 0;
    const { r, funding } = scriptedRelay(
      (req, r) => {
        const pay = r.method(req) === 'pay_invoice';
        const e = pay ? r.answer(req, { result_type: 'pay_invoice', error: null, result: { preimage: 'cd'.repeat(32) } }, [['e', req.id]]) : r.reply(req, 1000 * ++n);
        for (const s of r.subs()) {
          const byE = (s.filter['#e'] as string[] | undefined)?.includes(req.id);
          if (byE || (s.filter['#p'] !== undefined && !pay)) r.deliver(s.id, e);
        }
      },
      { payTimeoutMs: 2000 },
    );
    try {
      await funding.getBalance();
      await funding.getBalance();
      await expect(funding.payInvoice('lntb1untaggedanswer')).resolves.toMatchObject({ preimage: 'cd'.repeat(32) });
    } finally {
      await funding.close();
    }
  });
});
