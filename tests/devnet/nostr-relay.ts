/**
 * A real Nostr relay in-process on 127.0.0.1: @nostr-relay/core (which checks
 * every event's id and Schnorr signature before accepting it, and matches
 * subscriptions) behind a `ws` WebSocket server, with a small in-memory event
 * store, since the package's published stores need native SQLite. Follows NIP-01
 * (nostr-protocol/nips 01.md): EVENT, REQ, CLOSE, and OK answers.
 */
import { NostrRelay } from '@nostr-relay/core';
import { EventRepository, EventType, EventUtils, type Event, type Filter } from '@nostr-relay/common';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * NIP-01's tag conditions of a filter: for each `#<letter>` list, the event has such a tag with
 * one of its values. @nostr-relay's own matching (EventUtils.isMatchingFilter) leaves them out.
 */
function tagsMatch(event: Event, filter: Filter): boolean {
  return Object.entries(filter).every(
    ([key, values]) => !/^#[a-zA-Z]$/.test(key) || !Array.isArray(values) || event.tags.some((t) => t[0] === key[1] && (values as unknown[]).includes(t[1])),
  );
}
const matches = (event: Event, filter: Filter) => EventUtils.isMatchingFilter(event, filter) && tagsMatch(event, filter);

class MemoryEventRepository extends EventRepository {
  private readonly events = new Map<string, Event>();

  /** `cap`: the most stored events one filter gets (none: all). */
  constructor(private readonly cap: () => number | undefined) {
    super();
  }

  isSearchSupported(): boolean {
    return false;
  }

  upsert(event: Event) {
    if (this.events.has(event.id)) return { isDuplicate: true };
    const type = EventUtils.getType(event.kind);
    if (type === EventType.REPLACEABLE || type === EventType.PARAMETERIZED_REPLACEABLE) {
      const d = EventUtils.extractDTagValue(event);
      for (const [id, e] of this.events) {
        if (e.kind === event.kind && e.pubkey === event.pubkey && (type === EventType.REPLACEABLE || EventUtils.extractDTagValue(e) === d)) {
          // NIP-01 (nips 01.md): the newer stays; on equal created_at, the lowest id.
          if (e.created_at > event.created_at || (e.created_at === event.created_at && e.id < event.id)) return { isDuplicate: true };
          this.events.delete(id);
        }
      }
    }
    this.events.set(event.id, event);
    return { isDuplicate: false };
  }

  find(filter: Filter): Event[] {
    const hits = [...this.events.values()].filter((e) => matches(e, filter)).sort((a, b) => b.created_at - a.created_at);
    // strfry (strfry.conf relay.maxFilterLimit) serves at most its cap per filter, with or without `limit`.
    const limit = Math.min(filter.limit ?? Infinity, this.cap() ?? Infinity);
    return Number.isFinite(limit) ? hits.slice(0, limit) : hits;
  }

  async destroy(): Promise<void> {
    this.events.clear();
  }
}

/** Test switches that make the relay lie. */
export interface RelayMisbehaviour {
  /** Never hands out NIP-47 info events (kind 13194), the way a relay hiding a wallet's NIP-44 support would. */
  withholdInfo?: boolean;
  /** Answers `OK false` to events of these kinds yet stores and passes them on to subscribers all the same. */
  refuseButDeliverKinds?: number[];
  /** Takes events of these kinds (stores them) without ever answering OK. */
  withholdOkKinds?: number[];
  /** Sends these to every subscription before its EOSE, whatever they are and whatever it asked for, as a relay serving stale or forged copies would. */
  inject?: unknown[];
  /** Sends `inject` only to subscriptions whose filters ask for one of these kinds (to all when unset). */
  injectKinds?: number[];
  /** Never sends EOSE: a subscription's stored events never end. */
  withholdEose?: boolean;
  /** Answers every REQ with `CLOSED` and this reason (as a relay wanting NIP-42 auth does), sending nothing. */
  closeRequests?: string;
  /** Serves at most this many stored events per filter, newest first, then EOSE: what strfry does by default (maxFilterLimit = 500), an honest relay's cap. */
  maxFilterLimit?: number;
  /** Passes events on by kind, author and time alone, ignoring a filter's `#<letter>` lists, as @nostr-relay's own matching does. */
  ignoreTagFilters?: boolean;
}

export interface DevRelay {
  url: string;
  /** Every message clients sent, for assertions (e.g. that contents are encrypted). */
  received: unknown[][];
  /** Changes what the relay sends from now on; `{}` makes it honest again. */
  misbehave(m: RelayMisbehaviour): void;
  stop(): Promise<void>;
}

const parsed = (data: unknown): unknown[] | null => {
  try {
    const msg = JSON.parse(String(data)) as unknown;
    return Array.isArray(msg) ? msg : null;
  } catch {
    return null;
  }
};

const isInfoEvent = (data: unknown): boolean => {
  const msg = parsed(data);
  return msg?.[0] === 'EVENT' && (msg[2] as { kind?: number } | undefined)?.kind === 13194;
};

export async function startNostrRelay(port = 0): Promise<DevRelay> {
  const relay = new NostrRelay(new MemoryEventRepository(() => misbehaviour.maxFilterLimit));
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const received: unknown[][] = [];
  let misbehaviour: RelayMisbehaviour = {};
  wss.on('connection', (ws) => {
    /** Events of this connection whose OK is to be turned into a refusal, or withheld. */
    const refuse = new Set<string>();
    const silent = new Set<string>();
    /** Per subscription of this connection: its filters. */
    const subFilters = new Map<string, Filter[]>();
    // The relay core answers through ws.send: what it sends can be withheld or changed here.
    const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
    ws.send = ((data: unknown, ...rest: unknown[]) => {
      if (misbehaviour.withholdInfo && isInfoEvent(data)) return;
      const msg = parsed(data);
      // The core passes an event on by kind, author and time alone: its tags must match too (NIP-01).
      if (msg?.[0] === 'EVENT' && !misbehaviour.ignoreTagFilters && !(subFilters.get(msg[1] as string) ?? []).some((f) => matches(msg[2] as Event, f))) return;
      if (msg?.[0] === 'OK' && silent.delete(msg[1] as string)) return;
      if (msg?.[0] === 'EOSE') {
        const wanted = misbehaviour.injectKinds;
        const targeted = !wanted || (subFilters.get(msg[1] as string) ?? []).some((f) => (f.kinds ?? []).some((k) => wanted.includes(k)));
        for (const e of targeted ? (misbehaviour.inject ?? []) : []) send(JSON.stringify(['EVENT', msg[1], e]));
        if (misbehaviour.withholdEose) return;
      }
      if (msg?.[0] === 'OK' && refuse.delete(msg[1] as string)) {
        // NIP-01 OK with a machine-readable prefix, as relays send it (after the core stored and passed the event on).
        send(JSON.stringify(['OK', msg[1], false, 'blocked: this relay does not take your requests']), ...rest);
        return;
      }
      send(data, ...rest);
    }) as typeof ws.send;
    relay.handleConnection(ws);
    ws.on('message', (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (!Array.isArray(msg)) return;
      received.push(msg);
      if (msg[0] === 'REQ') subFilters.set(String(msg[1]), msg.slice(2).filter((f): f is Filter => typeof f === 'object' && f !== null));
      const event = msg[0] === 'EVENT' ? (msg[1] as { id?: string; kind?: number } | undefined) : undefined;
      if (event?.id && misbehaviour.refuseButDeliverKinds?.includes(event.kind ?? -1)) refuse.add(event.id);
      if (event?.id && misbehaviour.withholdOkKinds?.includes(event.kind ?? -1)) silent.add(event.id);
      // NIP-01: ["CLOSED", <subscription id>, <prefix>: <message>].
      if (msg[0] === 'REQ' && misbehaviour.closeRequests !== undefined) return void send(JSON.stringify(['CLOSED', msg[1], misbehaviour.closeRequests]));
      void relay.handleMessage(ws, msg as never);
    });
    ws.on('close', () => relay.handleDisconnect(ws));
  });
  const { port: bound } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${bound}`,
    received,
    misbehave: (m) => {
      misbehaviour = { ...m };
    },
    stop: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await relay.destroy();
    },
  };
}
