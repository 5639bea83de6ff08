/**
 * A minimal NIP-01 relay connection over WebSocket: publish an event and wait for
 * the relay's OK, subscribe with filters and receive events until closed. The
 * WebSocket constructor is injected: the browser's in the extension, `ws` in tests.
 */
import { englishMessage, WalletError } from '../../../shared/errors';
import { isEventShape, type NostrEvent } from './event';
import { localText, type LocalText } from '../../../shared/local-text';
import { theirWords } from '../../../shared/their-words';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** The environment's WebSocket (the browser's, in the extension). */
export function defaultWebSocket(url: string): WebSocketLike {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => unknown }).WebSocket;
  if (!Ctor) throw new WalletError('unsupported', localText('err_no_websocket'));
  return new Ctor(url) as WebSocketLike;
}

export type Filter = Record<string, unknown>;

/** What went wrong with a relay, as a keyed phrase (the relay's own words quoted in it), for the caller's sentence. */
export class RelayError extends Error {
  constructor(
    readonly text: LocalText,
    /**
     * The event went out to the relay and may have been passed on: its OK never
     * came, or said no (a relay can answer `OK false` and forward the event all the
     * same). False only when nothing was written to the relay at all.
     */
    readonly mayHaveDelivered = false,
  ) {
    super(englishMessage(text));
  }
}

interface Subscription {
  /** What the relay sent as an event, in NIP-01's shape but not verified: the subscriber checks id, signature and author. */
  onEvent: (e: NostrEvent) => void;
  onEose?: () => void;
  /** The relay ended the subscription (NIP-01 CLOSED, with its reason quoted) or the connection dropped. */
  onClosed?: (reason: LocalText) => void;
}

export class RelayConnection {
  private socket: WebSocketLike | null = null;
  private opening: Promise<void> | null = null;
  private readonly subs = new Map<string, Subscription>();
  private readonly pendingOk = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private counter = 0;
  /** Counts the sockets opened: a subscription lives on the one it was made on. */
  private opened = 0;

  constructor(
    readonly url: string,
    private readonly factory: WebSocketFactory,
    private readonly timeoutMs = 10_000,
  ) {}

  connect(): Promise<void> {
    if (this.socket && this.socket.readyState === 1) return Promise.resolve();
    if (this.opening) return this.opening;
    this.opening = new Promise<void>((resolve, reject) => {
      const ws = this.factory(this.url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new RelayError(localText('err_relay_connect_timeout', this.url)));
      }, this.timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        this.socket = ws;
        this.opened++;
        resolve();
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(new RelayError(localText('err_relay_cannot_connect', this.url)));
      };
      // Only the socket in use: an older one's close may come after its replacement opened.
      ws.onclose = () => {
        if (this.socket === ws) this.dropped();
      };
      ws.onmessage = (ev) => this.receive(ev.data);
    }).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  /** Which socket is in use (1 for the first opened): one replacing a dead socket has a new number. */
  get socketNumber(): number {
    return this.opened;
  }

  async publish(event: NostrEvent): Promise<void> {
    await this.connect();
    const ok = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingOk.delete(event.id);
        reject(new RelayError(localText('err_relay_no_ack'), true));
      }, this.timeoutMs);
      this.pendingOk.set(event.id, {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
    try {
      this.send(['EVENT', event]);
    } catch (err) {
      // Not sent at all: settle the wait now rather than as an unacknowledged event later.
      this.pendingOk.get(event.id)?.reject(err as Error);
      this.pendingOk.delete(event.id);
    }
    return ok;
  }

  /** Opens a subscription; returns its id for unsubscribe(). */
  async subscribe(filters: Filter[], sub: Subscription): Promise<string> {
    await this.connect();
    const id = `lh${++this.counter}`;
    this.subs.set(id, sub);
    this.send(['REQ', id, ...filters]);
    return id;
  }

  unsubscribe(id: string): void {
    if (!this.subs.delete(id)) return;
    if (this.socket?.readyState === 1) this.send(['CLOSE', id]);
  }

  close(): void {
    this.subs.clear();
    const ws = this.socket;
    this.socket = null;
    ws?.close();
    this.rejectPending();
  }

  private send(msg: unknown[]): void {
    if (!this.socket || this.socket.readyState !== 1) throw new RelayError(localText('err_relay_not_connected', this.url));
    this.socket.send(JSON.stringify(msg));
  }

  private receive(data: unknown): void {
    let msg: unknown;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    if (!Array.isArray(msg)) return;
    const [type, a, b, c] = msg as [string, unknown, unknown, unknown];
    // A relay may send anything: what is not an event's shape never reaches a subscriber.
    if (type === 'EVENT' && typeof a === 'string') {
      if (isEventShape(b)) this.subs.get(a)?.onEvent(b);
    } else if (type === 'EOSE' && typeof a === 'string') this.subs.get(a)?.onEose?.();
    else if (type === 'CLOSED' && typeof a === 'string') {
      const sub = this.subs.get(a);
      this.subs.delete(a);
      sub?.onClosed?.(relaySaid(b, 'closed'));
    } else if (type === 'OK' && typeof a === 'string') {
      const waiting = this.pendingOk.get(a);
      this.pendingOk.delete(a);
      if (b === true) waiting?.resolve();
      // A refusal is the relay's word, not proof: the event reached it and may still be delivered.
      else waiting?.reject(new RelayError(relaySaid(c, 'refused'), true));
    }
  }

  private dropped(): void {
    this.socket = null;
    const subs = [...this.subs.values()];
    this.subs.clear();
    for (const s of subs) s.onClosed?.(localText('err_relay_closed', this.url));
    this.rejectPending();
  }

  private rejectPending(): void {
    for (const [, w] of this.pendingOk) w.reject(new RelayError(localText('err_relay_closed', this.url), true));
    this.pendingOk.clear();
  }
}

/** The relay refused an event (OK false) or closed a subscription (CLOSED), quoting its reason (NIP-01: a string) when it gave one. */
function relaySaid(reason: unknown, what: 'refused' | 'closed'): LocalText {
  const words = theirWords(reason, 200);
  if (what === 'refused') return words ? localText('err_relay_refused', words) : localText('err_relay_refused_silent');
  return words ? localText('err_relay_closed_sub', words) : localText('err_relay_closed_sub_silent');
}
