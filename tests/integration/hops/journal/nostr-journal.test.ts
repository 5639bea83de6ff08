/**
 * The move journal against a real Nostr relay (@nostr-relay/core on 127.0.0.1,
 * tests/devnet/nostr-relay.ts), with the relay's hostile switches. What the journal
 * wrote is checked with nostr-tools (signatures, NIP-44), not the wallet's own code,
 * and forged events are made with nostr-tools too.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import * as nt44 from 'nostr-tools/nip44';
import { finalizeEvent, generateSecretKey, getEventHash, verifyEvent, type Event } from 'nostr-tools/pure';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { journalDTag, journalKeys } from '../../../../src/hops/journal/keys';
import { JOURNAL_EVENT_KIND, moveJournalFor, NostrMoveJournal } from '../../../../src/hops/journal/nostr-journal';
import type { MoveJournalEntry } from '../../../../src/hops/chained/types';
import type { WebSocketLike } from '../../../../src/layers/lightning/nostr/relay';
import { DEVNET_RELAY, resolvePreset } from '../../../../src/shared/networks';
import { startNostrRelay, type DevRelay } from '../../../devnet/nostr-relay';
import { refusal } from '../../../helpers/refusal';
import { CLOSED_PORT } from '../../../helpers/closed-port';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
let relay: DevRelay;
/** Each test writes under a seed of its own, so entries of one test never meet another's. */
let seed: Uint8Array;
/** A new root from the same seed: what a profile restored from the phrase holds. */
const rootOf = (s = seed) => HDKey.fromMasterSeed(s);
/** The network preset these journals are kept for. */
const SCOPE = 'devnet';

function journal(opts: { now?: () => number; timeoutMs?: number; url?: string; root?: HDKey } = {}): NostrMoveJournal {
  return new NostrMoveJournal(opts.root ?? rootOf(), opts.url ?? relay.url, SCOPE, { webSocket, timeoutMs: opts.timeoutMs ?? 5000, ...(opts.now ? { now: opts.now } : {}) });
}

function entry(id: string, updatedAt: number, body: unknown = { status: 'running', legs: [{ hop: `${id}-0`, sats: '25000' }] }): MoveJournalEntry {
  return { id, body, updatedAt };
}

/** The EVENT messages the journal sent for this seed, in order. */
function sentEvents(author: string): Event[] {
  return relay.received.filter((m) => m[0] === 'EVENT' && (m[1] as Event).pubkey === author).map((m) => m[1] as Event);
}

/** What the relay holds for a filter, asked directly. */
async function stored(filter: Record<string, unknown>): Promise<Event[]> {
  const ws = new WebSocket(relay.url);
  await new Promise((r) => ws.once('open', r));
  const events: Event[] = [];
  await new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as unknown[];
      if (msg[0] === 'EVENT') events.push(msg[2] as Event);
      if (msg[0] === 'EOSE') resolve();
    });
    ws.send(JSON.stringify(['REQ', 'probe', filter]));
  });
  ws.close();
  return events;
}

beforeAll(async () => {
  relay = await startNostrRelay();
});

afterAll(async () => {
  await relay?.stop();
});

beforeEach(() => {
  relay.misbehave({});
  seed = randomBytes(64);
});

describe('move journal on a Nostr relay', () => {
  it('round-trips several entries, each one an encrypted kind-30078 event signed by the journal key', async () => {
    const entries = [entry('chain-a', 1000), entry('chain-b', 2000, { note: 'second', n: [1, 2, 3] }), entry('chain-c', 3000, null)];
    for (const e of entries) await journal().put(e);
    // A fresh profile restored from the phrase: a new journal object over a new root from the same words.
    const listed = await journal({ root: rootOf() }).list();
    expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(entries);

    const keys = journalKeys(rootOf());
    const sent = sentEvents(keys.publicKey);
    expect(sent).toHaveLength(3);
    const convKey = nt44.getConversationKey(keys.secretKey, keys.publicKey);
    for (const [i, ev] of sent.entries()) {
      expect(verifyEvent({ ...ev })).toBe(true);
      expect(ev.kind).toBe(30078);
      const d = ev.tags.find((t) => t[0] === 'd')?.[1];
      expect(d).toBe(journalDTag(keys.tagKey, SCOPE, entries[i]!.id));
      expect(d).not.toContain(entries[i]!.id);
      // Nothing readable in the event: NIP-01's fields alone, its one tag the keyed d, its content base64 alone (no JSON,
      // so no body), and no id anywhere. ('25000' was looked for in the whole event too, where
      // the random hex of id, pubkey, tag and signature held it about once in 1,300 runs.)
      expect(Object.keys(ev).sort()).toEqual(['content', 'created_at', 'id', 'kind', 'pubkey', 'sig', 'tags']);
      expect(ev.tags).toEqual([['d', d]]);
      expect(ev.content).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(JSON.stringify(ev)).not.toContain('chain-');
      expect(JSON.parse(nt44.decrypt(ev.content, convKey))).toEqual(entries[i]);
    }
  });

  it('a newer version replaces an older one, also twice within one second', async () => {
    const now = () => 1_900_000_000_000;
    const j = journal({ now });
    await j.put(entry('chain-1', 1, { status: 'running' }));
    await j.put(entry('chain-1', 2, { status: 'stopped' }));
    await j.put(entry('chain-1', 3, { status: 'completed' }));
    expect(await journal({ now }).list()).toEqual([entry('chain-1', 3, { status: 'completed' })]);
    // Each version is stamped after the last, so a relay keeping one event per address keeps the newest.
    const stamps = sentEvents(journalKeys(rootOf()).publicKey).map((e) => e.created_at);
    expect(stamps).toEqual([stamps[0], stamps[0]! + 1, stamps[0]! + 2]);
  });

  it('after reading the journal, a writer whose clock is behind still stamps after what the relay holds', async () => {
    const ahead = 1_900_000_100_000;
    await journal({ now: () => ahead }).put(entry('chain-1', 1, { status: 'running' }));
    const behind = journal({ now: () => ahead - 3_600_000 });
    expect(await behind.list()).toHaveLength(1);
    await behind.put(entry('chain-1', 2, { status: 'completed' }));
    // Asked with a filter of its own: the relay serves a repeated filter from a one-second cache.
    const keys = journalKeys(rootOf());
    const held = await stored({ kinds: [30078], authors: [keys.publicKey], '#d': [journalDTag(keys.tagKey, SCOPE, 'chain-1')] });
    expect(held).toHaveLength(1);
    expect(held[0]!.created_at).toBe(ahead / 1000 + 1);
    expect(JSON.parse(nt44.decrypt(held[0]!.content, nt44.getConversationKey(keys.secretKey, keys.publicKey)))).toEqual(entry('chain-1', 2, { status: 'completed' }));
  });

  it('a replayed older event does not win over the newer one', async () => {
    const j = journal();
    await j.put(entry('chain-1', 1, { status: 'running' }));
    const [older] = sentEvents(journalKeys(rootOf()).publicKey);
    await j.put(entry('chain-1', 2, { status: 'completed' }));
    // The relay serves the stale copy next to the newer one (after it, and again before).
    relay.misbehave({ inject: [older] });
    expect(await journal().list()).toEqual([entry('chain-1', 2, { status: 'completed' })]);
  });

  it('ignores an event by another key under the same d tag, and one that claims our key without our signature', async () => {
    await journal().put(entry('chain-1', 5, { status: 'running' }));
    const keys = journalKeys(rootOf());
    const d = journalDTag(keys.tagKey, SCOPE, 'chain-1');
    const stranger = generateSecretKey();
    const forgedBody = JSON.stringify(entry('chain-1', 10 ** 12, { status: 'completed', payTo: 'attacker' }));
    // A stranger's event, encrypted so our key could read it, newer than ours.
    const foreign = finalizeEvent(
      { kind: 30078, created_at: 2_000_000_000, tags: [['d', d]], content: nt44.encrypt(forgedBody, nt44.getConversationKey(stranger, keys.publicKey)) },
      stranger,
    );
    // The same, relabelled as ours: the id no longer matches and the signature is not ours.
    const relabelled = { ...foreign, pubkey: keys.publicKey };
    // Ours in every field, with the right id for our key, but the stranger's signature.
    const template = { kind: 30078, created_at: 2_000_000_001, tags: [['d', d]], content: foreign.content, pubkey: keys.publicKey };
    const badSig = { ...template, id: getEventHash(template), sig: foreign.sig };
    relay.misbehave({ inject: [foreign, relabelled, badSig] });
    expect(await journal().list()).toEqual([entry('chain-1', 5, { status: 'running' })]);
  });

  it('drops garbage: unreadable content, a body that is not an entry, an entry under another entry’s d tag, non-events', async () => {
    const j = journal();
    await j.put(entry('chain-1', 1));
    const keys = journalKeys(rootOf());
    const convKey = nt44.getConversationKey(keys.secretKey, keys.publicKey);
    const ours = (id: string, content: string, created_at = Math.floor(Date.now() / 1000) + 5) =>
      finalizeEvent({ kind: 30078, created_at, tags: [['d', journalDTag(keys.tagKey, SCOPE, id)]], content }, keys.secretKey);
    // Signed by our key, so the relay takes them; the reader must still refuse them.
    const garbage = [
      ours('chain-2', 'not a NIP-44 payload'),
      ours('chain-3', nt44.encrypt('{"id": "chain-3", "updatedAt":', convKey)),
      ours('chain-4', nt44.encrypt(JSON.stringify({ id: 'chain-4', updatedAt: 'soon', body: 1 }), convKey)),
      ours('chain-5', nt44.encrypt(JSON.stringify({ id: 'chain-5', updatedAt: 7 }), convKey)),
      // chain-1's newer "version" filed under chain-6's d tag: the d tag does not match the id inside.
      ours('chain-6', nt44.encrypt(JSON.stringify(entry('chain-1', 99, 'moved')), convKey)),
    ];
    for (const ev of garbage) {
      const ws = new WebSocket(relay.url);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify(['EVENT', ev]));
      const ok = JSON.parse(String(await new Promise((r) => ws.once('message', r)))) as unknown[];
      expect(ok.slice(0, 3)).toEqual(['OK', ev.id, true]);
      ws.close();
    }
    relay.misbehave({ inject: [42, null, 'event', { id: 'zz' }, { ...garbage[0], tags: 'd' }, { ...garbage[0], kind: 1 }] });
    expect(await journal().list()).toEqual([entry('chain-1', 1)]);
  });

  it('a relay refusing the event, or never answering, makes put reject in words; so does a relay that is down', async () => {
    relay.misbehave({ refuseButDeliverKinds: [JOURNAL_EVENT_KIND] });
    const refused = await refusal(journal().put(entry('chain-1', 1)));
    expect(refused.code).toBe('network_error');
    expect(refused.message).toMatch(/^The move journal copy was not saved on ws:\/\/127\.0\.0\.1:\d+ \(the relay refused the request, saying “blocked: .*”\)\. The move goes on without it; no funds were affected\.$/);
    // The relay's words are a parameter of their own, quoted inside the wallet's translated sentence.
    const said = refused.text?.params?.[1];
    expect(said).toMatchObject({ key: 'err_relay_refused', params: [expect.stringMatching(/^blocked: /)] });

    relay.misbehave({ withholdOkKinds: [JOURNAL_EVENT_KIND] });
    const silent = await refusal(journal({ timeoutMs: 1500 }).put(entry('chain-1', 2)));
    expect(silent.message).toMatch(/not saved .*did not acknowledge/);

    const down = `ws://127.0.0.1:${CLOSED_PORT}`;
    const unreachable = await refusal(journal({ url: down }).put(entry('chain-1', 3)));
    expect(unreachable.code).toBe('network_error');
    expect(unreachable.message).toContain(`The move journal copy was not saved on ${down} (cannot connect to ${down})`);
  });

  it('list rejects, rather than answering an empty journal, when the relay is down, refuses the request, drops it or never ends it', { timeout: 30_000 }, async () => {
    await journal().put(entry('chain-1', 1));
    const down = `ws://127.0.0.1:${CLOSED_PORT}`;
    expect((await refusal(journal({ url: down }).list())).message).toBe(`The move journal on ${down} could not be read (cannot connect to ${down}); nothing was changed.`);

    // CLOSED ends the wait at once: with a minute's timeout, only the relay's answer can end this within the test's 30 s.
    relay.misbehave({ closeRequests: 'auth-required: sign in first' });
    expect((await refusal(journal({ timeoutMs: 60_000 }).list())).message).toMatch(/could not be read \(the relay closed the subscription, saying “auth-required: sign in first”\)/);

    relay.misbehave({ withholdEose: true });
    expect((await refusal(journal({ timeoutMs: 1500 }).list())).message).toMatch(/could not be read \(the relay did not finish sending the journal in time\)/);

    relay.misbehave({});
    expect(await journal().list()).toEqual([entry('chain-1', 1)]);
  });

  it('a relay that drops the connection mid-answer makes list reject at once', { timeout: 30_000 }, async () => {
    await journal().put(entry('chain-1', 1));
    // A server that accepts the REQ and hangs up.
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => ws.on('message', () => ws.terminate()));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    try {
      expect((await refusal(journal({ url, timeoutMs: 60_000 }).list())).message).toMatch(/could not be read \(the connection to ws:.* closed\)/);
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it('a relay closing the subscription or refusing the event with a reason that is not text still ends the wait at once', { timeout: 15_000 }, async () => {
    // Reasons JSON can carry that String() cannot turn into text.
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) =>
      ws.on('message', (data) => {
        const [type, a] = JSON.parse(String(data)) as [string, string | { id: string }];
        if (type === 'REQ') ws.send(JSON.stringify(['CLOSED', a, { toString: 1 }]));
        if (type === 'EVENT') ws.send(JSON.stringify(['OK', (a as { id: string }).id, false, { toString: 1 }]));
      }),
    );
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    try {
      const started = Date.now();
      expect((await refusal(journal({ url, timeoutMs: 60_000 }).list())).message).toMatch(/could not be read \(the relay closed the subscription without giving a reason\)/);
      expect((await refusal(journal({ url, timeoutMs: 60_000 }).put(entry('chain-1', 1)))).message).toMatch(/not saved on .* \(the relay refused the request without giving a reason\)/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it('a relay flooding the answer past what the wallet reads makes list reject, not answer a journal without the entries it pushed out', { timeout: 30_000 }, async () => {
    await journal().put(entry('chain-1', 1));
    const [ours] = sentEvents(journalKeys(rootOf()).publicKey);
    // A relay that answers the REQ with 2000 events claiming our key (it cannot sign them), then our real one, then EOSE.
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) =>
      ws.on('message', (data) => {
        const [type, sub] = JSON.parse(String(data)) as [string, string];
        if (type !== 'REQ') return;
        for (let i = 0; i < 2000; i++) {
          const junk = { ...ours!, id: i.toString(16).padStart(64, '0'), created_at: ours!.created_at + 1 + i };
          ws.send(JSON.stringify(['EVENT', sub, junk]));
        }
        ws.send(JSON.stringify(['EVENT', sub, ours]));
        ws.send(JSON.stringify(['EOSE', sub]));
      }),
    );
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    try {
      expect((await refusal(journal({ url }).list())).message).toMatch(/could not be read \(the relay sent more than 2000 events for the journal\)/);
    } finally {
      await new Promise((r) => wss.close(r));
    }
  });

  it('reads past a relay’s cap on events per filter (strfry serves 500 by default), so the oldest moves are not silently missing', async () => {
    let t = 1_900_000_200_000;
    const ids = Array.from({ length: 8 }, (_, i) => `chain-${i}`);
    for (const id of ids) {
      t += 1000;
      await journal({ now: () => t }).put(entry(id, t));
    }
    relay.misbehave({ maxFilterLimit: 3 });
    expect((await journal().list()).map((e) => e.id)).toEqual([...ids].reverse());
  });

  it('stops with the wallet: a wiped root (locked wallet) neither writes nor reads', async () => {
    const root = rootOf();
    const j = journal({ root });
    await j.put(entry('chain-1', 1));
    root.wipePrivateData();
    expect((await refusal(j.put(entry('chain-1', 2)))).code).toBe('locked');
    expect((await refusal(j.list())).code).toBe('locked');
    expect(sentEvents(journalKeys(rootOf()).publicKey)).toHaveLength(1);
  });

  it('a wallet locked while list waits on the relay gets no entries decrypted: list answers "locked"', async () => {
    await journal().put(entry('chain-1', 1));
    const root = rootOf();
    // The wallet locks (wipes its root) the moment the journal's request goes out, before the relay answers.
    const lockingSocket = (url: string): WebSocketLike => {
      const ws = webSocket(url);
      const send = ws.send.bind(ws);
      ws.send = (data: string) => {
        if (data.startsWith('["REQ"')) root.wipePrivateData();
        send(data);
      };
      return ws;
    };
    const j = new NostrMoveJournal(root, relay.url, SCOPE, { webSocket: lockingSocket, timeoutMs: 5000 });
    expect((await refusal(j.list())).code).toBe('locked');
  });

  it('refuses an entry JSON cannot carry, or one too large for common relays, sending nothing', async () => {
    expect((await refusal(journal().put(entry('chain-1', 1, { sats: 25_000n })))).message).toMatch(/not saved: the entry holds a value JSON cannot carry/);
    expect((await refusal(journal().put(entry('chain-1', 1, 'x'.repeat(32_768))))).message).toMatch(/not saved: the entry is larger than a relay takes/);
    expect(sentEvents(journalKeys(rootOf()).publicKey)).toHaveLength(0);
    // Just under the limit is written and read back.
    const large = entry('chain-1', 1, 'x'.repeat(32_768 - JSON.stringify(entry('chain-1', 1, '')).length));
    await journal().put(large);
    expect(await journal().list()).toEqual([large]);
    const [event] = sentEvents(journalKeys(rootOf()).publicKey);
    expect(JSON.stringify(event).length).toBeLessThan(65_536);
  });
});

describe('moveJournalFor', () => {
  it('uses the Lightning preset’s relay, the devnet one by default and the user’s override, and none on a preset without one', async () => {
    const root = rootOf();
    expect(moveJournalFor(root, resolvePreset('lightning', 'testnet', {}))).toBeNull();
    expect(moveJournalFor(root, resolvePreset('lightning', 'devnet', {}))?.relayUrl).toBe(DEVNET_RELAY);
    const overridden = moveJournalFor(root, resolvePreset('lightning', 'testnet', { 'lightning.testnet.journalRelay': relay.url }), { webSocket, timeoutMs: 5000 });
    expect(overridden?.relayUrl).toBe(relay.url);
    await overridden!.put(entry('chain-f', 1));
    expect(await new NostrMoveJournal(rootOf(), relay.url, 'testnet', { webSocket, timeoutMs: 5000 }).list()).toContainEqual(entry('chain-f', 1));
  });

  it('does not hand an entry written under one network preset to a profile on another, even on the same relay', async () => {
    const on = (presetId: string) =>
      moveJournalFor(rootOf(), resolvePreset('lightning', presetId, { [`lightning.${presetId}.journalRelay`]: relay.url }), { webSocket, timeoutMs: 5000 })!;
    await on('devnet').put(entry('chain-regtest', 1, { status: 'running', payTo: 'bcrt1q-devnet-only' }));
    await on('testnet').put(entry('chain-testnet', 2));
    // The relay serves both signed events to each reader (as it would a devnet event replayed onto a testnet relay);
    // the same seed on testnet does not take the devnet move as a claim, nor the other way round.
    expect(await on('testnet').list()).toEqual([entry('chain-testnet', 2)]);
    expect(await on('devnet').list()).toEqual([entry('chain-regtest', 1, { status: 'running', payTo: 'bcrt1q-devnet-only' })]);
    expect(sentEvents(journalKeys(rootOf()).publicKey)).toHaveLength(2);
  });

  it('refuses a plain ws:// relay that is not on this machine, even from stored settings that predate the rule', async () => {
    for (const url of ['ws://relay.example.org', 'ws://10.0.0.2:7777', 'not a url']) {
      const preset = resolvePreset('lightning', 'testnet', { 'lightning.testnet.journalRelay': url });
      expect(() => moveJournalFor(rootOf(), preset)).toThrow(/must use wss:\/\/; plain ws:\/\/ only on this machine/);
    }
    expect(moveJournalFor(rootOf(), resolvePreset('lightning', 'testnet', { 'lightning.testnet.journalRelay': 'wss://relay.example.org' }))?.relayUrl).toBe('wss://relay.example.org');
  });
});
