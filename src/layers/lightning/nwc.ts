/**
 * LightningFunding over Nostr Wallet Connect (NIP-47). Each request is a kind
 * 23194 event to the wallet service, encrypted with NIP-44 v2 when the service's
 * info event (kind 13194) lists `nip44_v2`. NIP-04, the spec's fallback, is used
 * only with the user's consent: the relay picks which events we see, so a missing
 * or NIP-04-only info event must not downgrade a link silently. The answer is the
 * kind 23195 event that tags the request, signed by the wallet service (checked
 * before decrypting).
 */
import { WalletError, type ErrorCode } from '../../shared/errors';
import type { FundingInfo, InvoiceStatus, LightningFunding, PaidInvoice } from './funding';
import { signEvent, tagValue, verifyEventSignature, type NostrEvent } from './nostr/event';
import { SchnorrKey } from '../curve/schnorr-sign';
import { bytesToHex } from '@noble/hashes/utils.js';
import { nip04Decrypt, nip04Encrypt } from './nostr/nip04';
import { conversationKey, nip44Decrypt, nip44Encrypt } from './nostr/nip44';
import { defaultWebSocket, RelayConnection, RelayError, type WebSocketFactory } from './nostr/relay';
import type { NwcConnection } from './nwc-uri';
import { localText } from '../../shared/local-text';
import { theirWords } from '../../shared/their-words';

export type NwcEncryption = 'nip44_v2' | 'nip04';

export interface NwcOptions {
  /** The browser's WebSocket by default. */
  webSocket?: WebSocketFactory;
  /** Per-request timeout; payments get `payTimeoutMs`. */
  timeoutMs?: number;
  payTimeoutMs?: number;
  label?: string;
  now?: () => number;
  /** The user agreed to the older NIP-04 encryption when the service does not announce NIP-44. */
  allowNip04?: boolean;
  /** What this link used before: once NIP-44, never less, whatever the relay shows now. */
  knownEncryption?: NwcEncryption;
}

interface NwcResponse {
  result_type?: string;
  error?: { code?: string; message?: string } | null;
  result?: Record<string, unknown> | null;
}

const ERROR_CODES: Record<string, ErrorCode> = {
  INSUFFICIENT_BALANCE: 'insufficient_funds',
  PAYMENT_FAILED: 'payment_failed',
  QUOTA_EXCEEDED: 'payment_failed',
  RESTRICTED: 'payment_failed',
  UNAUTHORIZED: 'payment_failed',
  NOT_IMPLEMENTED: 'unsupported',
  NOT_FOUND: 'not_found',
  RATE_LIMITED: 'backend_error',
  UNSUPPORTED_ENCRYPTION: 'unsupported',
  INTERNAL: 'backend_error',
  OTHER: 'backend_error',
};

function msatNumber(v: bigint): number {
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new WalletError('bad_amount', localText('err_amount_out_of_range'));
  return Number(v);
}

function msatFrom(v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return 0n;
}

/** A request the relay took on whose answer never came or could not be read: the wallet service may have acted on it. */
class Unanswered extends WalletError {}

interface Standing {
  relay: RelayConnection;
  socket: number;
  opened: Promise<string>;
  /** The relay accepted it (EOSE). */
  confirmed: boolean;
  /** Requests under way whose answer comes on it alone. */
  users: number;
  /** Replaced after a request on it went unanswered: ended once `users` is 0. */
  retired: boolean;
}

export class NwcFunding implements LightningFunding {
  readonly kind = 'nwc';
  readonly label: string;
  private relay: RelayConnection | null = null;
  private connecting: Promise<RelayConnection> | null = null;
  /** Counts close() calls: a connection an attempt opened across one is closed, not kept. */
  private closes = 0;
  private encryption: NwcEncryption | null = null;
  private readonly convKey: Uint8Array;
  private readonly clientPubkey: string;
  /** The client secret as a signing key, its public key derived once. */
  private readonly signer: SchnorrKey;
  private readonly factory: WebSocketFactory;
  /**
   * Set once the wallet service is seen to tag its answers with this client's key (NIP-47:
   * a response SHOULD carry a `p` tag): from then on one subscription to those answers
   * stays open, and a request sends only its event, where a subscription of its own took
   * three messages (REQ, EVENT, CLOSE). A service that does not tag keeps the per-request one.
   */
  private tagsClient = false;
  /** The standing subscription, on the relay connection and socket it was opened on. */
  private standing: Standing | null = null;
  /** Requests under way by event id: what their answer is handed to, which checks it. */
  private readonly waiting = new Map<string, (e: NostrEvent) => void>();

  constructor(
    private readonly conn: NwcConnection,
    private readonly opts: NwcOptions = {},
  ) {
    this.label = opts.label ?? (conn.lud16 ? `${conn.lud16} (Nostr Wallet Connect)` : 'Nostr Wallet Connect');
    this.convKey = conversationKey(conn.secret, conn.walletPubkey);
    this.signer = new SchnorrKey(conn.secret);
    this.clientPubkey = bytesToHex(this.signer.publicKey);
    this.factory = opts.webSocket ?? defaultWebSocket;
  }

  async payInvoice(invoice: string, opts: { maxFeeMsat?: bigint; amountMsat?: bigint } = {}): Promise<PaidInvoice> {
    let result: Record<string, unknown>;
    try {
      // NIP-47 pay_invoice has no fee limit: the wallet service's own budget applies.
      result = await this.request('pay_invoice', { invoice, ...(opts.amountMsat !== undefined ? { amount: msatNumber(opts.amountMsat) } : {}) }, this.opts.payTimeoutMs ?? 60_000);
    } catch (err) {
      // The request left: without a readable answer the wallet service may be paying it right now.
      if (err instanceof Unanswered) throw new WalletError('payment_unknown', err.text ?? err.message, err.host);
      throw err;
    }
    if (typeof result.preimage !== 'string') throw new WalletError('payment_unknown', localText('err_nwc_no_proof', this.label));
    return { preimage: result.preimage.toLowerCase(), feePaidMsat: msatFrom(result.fees_paid) };
  }

  async makeInvoice(amountMsat: bigint, description: string, opts: { expirySeconds?: number } = {}): Promise<string> {
    const result = await this.request('make_invoice', {
      amount: msatNumber(amountMsat),
      description,
      ...(opts.expirySeconds ? { expiry: opts.expirySeconds } : {}),
    });
    if (typeof result.invoice !== 'string') throw new WalletError('backend_error', localText('err_nwc_no_invoice', this.label));
    return result.invoice;
  }

  /** NIP-47 get_info; only well-formed fields are kept (the wallet service's words, public data). */
  async getInfo(): Promise<FundingInfo> {
    const r = await this.request('get_info', {});
    const text = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : undefined);
    const pubkey = typeof r.pubkey === 'string' && /^0[23][0-9a-f]{64}$/.test(r.pubkey) ? r.pubkey : undefined;
    const color = typeof r.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(r.color) ? r.color : undefined;
    const methods = Array.isArray(r.methods) ? r.methods.filter((m): m is string => typeof m === 'string' && /^[a-z_]{1,40}$/.test(m)) : undefined;
    const alias = text(r.alias, 64);
    return { ...(alias !== undefined ? { alias } : {}), ...(pubkey ? { pubkey } : {}), ...(color ? { color } : {}), ...(methods ? { methods } : {}) };
  }

  async getBalance(): Promise<bigint> {
    const result = await this.request('get_balance', {});
    return msatFrom(result.balance);
  }

  async lookupInvoice(paymentHash: string): Promise<InvoiceStatus> {
    const result = await this.request('lookup_invoice', { payment_hash: paymentHash });
    const settledAt = typeof result.settled_at === 'number' ? result.settled_at : undefined;
    const state = result.state;
    const amount = result.amount !== undefined ? { amountMsat: msatFrom(result.amount) } : {};
    if (state === 'settled' || (state === undefined && settledAt)) {
      return {
        state: 'settled',
        ...(settledAt ? { settledAt } : {}),
        ...(typeof result.preimage === 'string' && result.preimage ? { preimage: result.preimage.toLowerCase() } : {}),
        ...(result.fees_paid !== undefined ? { feePaidMsat: msatFrom(result.fees_paid) } : {}),
        ...amount,
      };
    }
    if (state === 'expired' || state === 'failed') return { state, ...amount };
    return { state: 'pending', ...amount };
  }

  /** The encryption this connection uses, after reading the service's info event. */
  async negotiatedEncryption(): Promise<NwcEncryption> {
    await this.ensureRelay();
    return this.encryption!;
  }

  async close(): Promise<void> {
    this.closes++;
    this.connecting = null;
    this.standing = null;
    this.relay?.close();
    this.relay = null;
  }

  private now(): number {
    return Math.floor((this.opts.now ?? Date.now)() / 1000);
  }

  private ensureRelay(): Promise<RelayConnection> {
    if (this.relay && this.encryption) return Promise.resolve(this.relay);
    // Requests at once share one attempt: each used to open a connection, and the ones that lost the race were never closed.
    if (!this.connecting) {
      const attempt = this.connect();
      this.connecting = attempt;
      const done = () => {
        if (this.connecting === attempt) this.connecting = null;
      };
      attempt.then(done, done);
    }
    return this.connecting;
  }

  private async connect(): Promise<RelayConnection> {
    const closes = this.closes;
    const closedMeanwhile = () => new WalletError('network_error', localText('err_nwc_closed_meanwhile', this.label));
    let lastError: unknown;
    for (const url of this.conn.relays) {
      if (this.closes !== closes) throw closedMeanwhile();
      const relay = new RelayConnection(url, this.factory, this.opts.timeoutMs ?? 10_000);
      let encryption: NwcEncryption;
      try {
        await relay.connect();
        encryption = await this.readInfo(relay);
      } catch (err) {
        relay.close();
        lastError = err;
        continue;
      }
      // Closed (a lock, the link replaced) while connecting: this connection must not outlive it; nothing was sent on it.
      if (this.closes !== closes) {
        relay.close();
        throw closedMeanwhile();
      }
      this.encryption = encryption;
      this.relay = relay;
      return relay;
    }
    if (lastError instanceof WalletError) throw lastError;
    throw new WalletError('network_error', localText('err_nwc_relay_unreachable', this.conn.relays.join(', ')));
  }

  /** Kind 13194 decides, within what the user allowed (see chooseEncryption). */
  private async readInfo(relay: RelayConnection): Promise<NwcEncryption> {
    const info = await new Promise<NostrEvent | null>((resolve) => {
      let best: NostrEvent | null = null;
      let subId = '';
      const timer = setTimeout(() => finish(), this.opts.timeoutMs ?? 10_000);
      const finish = () => {
        clearTimeout(timer);
        relay.unsubscribe(subId);
        resolve(best);
      };
      void relay
        .subscribe([{ kinds: [13194], authors: [this.conn.walletPubkey], limit: 1 }], {
          onEvent: (e) => {
            if (e.pubkey === this.conn.walletPubkey && verifyEventSignature(e) && (!best || e.created_at > best.created_at)) best = e;
          },
          onEose: finish,
        })
        .then((id) => {
          subId = id;
        });
    });
    return this.chooseEncryption(info);
  }

  /**
   * NIP-47 §Encryption: `nip44_v2` in the info event's `encryption` tag means NIP-44;
   * no tag means the service speaks NIP-04 only. Without an info event nothing is
   * known. NIP-04 is then used only if the user allowed it, and never for a link
   * that already spoke NIP-44.
   */
  private chooseEncryption(info: NostrEvent | null): NwcEncryption {
    const schemes = (info && tagValue(info, 'encryption')?.split(/\s+/)) || [];
    // This object's own earlier connection counts as much as the saved link's: the link NwcConnections opens on connect lives on.
    const spokeNip44 = this.opts.knownEncryption === 'nip44_v2' || this.encryption === 'nip44_v2';
    if (schemes.includes('nip44_v2') || spokeNip44) return 'nip44_v2';
    if (this.opts.allowNip04) return 'nip04';
    throw info
      ? new WalletError('unsupported', localText('err_nwc_nip04_only', this.label))
      : new WalletError('unsupported', localText('err_nwc_no_info_event', this.label));
  }

  private async encrypt(text: string): Promise<string> {
    return this.encryption === 'nip44_v2' ? nip44Encrypt(text, this.convKey) : nip04Encrypt(this.conn.secret, this.conn.walletPubkey, text);
  }

  private async decrypt(payload: string): Promise<string> {
    return this.encryption === 'nip44_v2' ? nip44Decrypt(payload, this.convKey) : nip04Decrypt(this.conn.secret, this.conn.walletPubkey, payload);
  }

  /** The relays' hosts, which Home names on the Lightning row when a request fails (never the secret or the wallet's key). */
  private relayHosts(): string {
    return this.conn.relays
      .map((r) => {
        try {
          return new URL(r).host;
        } catch {
          return '';
        }
      })
      .filter(Boolean)
      .join(', ');
  }

  private async request(method: string, params: Record<string, unknown>, timeoutMs = this.opts.timeoutMs ?? 15_000): Promise<Record<string, unknown>> {
    try {
      return await this.requestOnce(method, params, timeoutMs);
    } catch (err) {
      // Kept as thrown (an Unanswered stays one): only the host is added.
      if (err instanceof WalletError && !err.host) err.host = this.relayHosts() || undefined;
      throw err;
    }
  }

  private async requestOnce(method: string, params: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    const relay = await this.ensureRelay();
    const created = this.now();
    const tags = [['p', this.conn.walletPubkey], ['expiration', String(created + Math.ceil(timeoutMs / 1000))]];
    if (this.encryption === 'nip44_v2') tags.push(['encryption', 'nip44_v2']);
    const event = signEvent({ kind: 23194, created_at: created, tags, content: await this.encrypt(JSON.stringify({ method, params })) }, this.signer);

    let settle!: (e: NostrEvent) => void;
    let fail!: (e: Error) => void;
    const answer = new Promise<NostrEvent>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    answer.catch(() => undefined);
    // Only the wallet service's signed reply to this very request counts.
    const onEvent = (e: NostrEvent) => {
      if (e.pubkey !== this.conn.walletPubkey || tagValue(e, 'e') !== event.id || !verifyEventSignature(e)) return;
      settle(e);
    };
    this.waiting.set(event.id, onEvent);
    // Subscribe before publishing, so a fast reply cannot be missed.
    let subId: string | null = null;
    let standing: Standing | null = null;
    try {
      // A payment keeps a subscription of its own: its answer must not be missed for lacking the `p` tag the standing one needs.
      standing = method === 'pay_invoice' ? null : await this.standingOn(relay);
      if (standing) standing.users++;
      else subId = await relay.subscribe([{ kinds: [23195], authors: [this.conn.walletPubkey], '#e': [event.id] }], { onEvent });
    } catch (err) {
      this.waiting.delete(event.id);
      throw err;
    }
    const timer = setTimeout(() => {
      // The standing subscription may not be delivering (a relay dropping it unannounced): the next request subscribes by its own, the one after opens a new one.
      if (standing) {
        this.tagsClient = false;
        if (this.standing === standing) this.standing = null;
        standing.retired = true;
      }
      fail(new Unanswered('timeout', localText('err_nwc_no_answer', this.label, method)));
    }, timeoutMs);
    try {
      await relay.publish(event);
      const reply = await answer;
      if (reply.tags.some((t) => t[0] === 'p' && t[1] === this.clientPubkey)) this.tagsClient = true;
      let body: NwcResponse;
      try {
        body = JSON.parse(await this.decrypt(reply.content)) as NwcResponse;
      } catch {
        throw new Unanswered('backend_error', localText('err_nwc_unreadable_reply', this.label));
      }
      if (body.error) {
        // An explicit refusal: the wallet service says it did not do it.
        const code = ERROR_CODES[body.error.code ?? ''] ?? 'backend_error';
        const words = theirWords(body.error.message) ?? theirWords(body.error.code);
        throw words ? new WalletError(code, localText('err_lnurl_refused', this.label, words)) : new WalletError(code, localText('err_nwc_refused_silent', this.label));
      }
      if (body.result_type !== method || !body.result || typeof body.result !== 'object') {
        throw new Unanswered('backend_error', localText('err_nwc_wrong_reply', this.label, method));
      }
      return body.result;
    } catch (err) {
      if (err instanceof RelayError) {
        if (err.mayHaveDelivered) throw new Unanswered('network_error', localText('err_nwc_relay_maybe_sent', err.text));
        throw new WalletError('network_error', localText('err_nwc_relay_not_sent', err.text));
      }
      throw err;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(event.id);
      if (subId !== null) relay.unsubscribe(subId);
      // A retired standing subscription ends once no request under way waits on it.
      if (standing && --standing.users === 0 && standing.retired) standing.opened.then((id) => relay.unsubscribe(id), () => undefined);
    }
  }

  /**
   * The standing subscription this request's answer comes on alone, opened on `relay` now if it is not yet; null: the
   * request subscribes by its own. Not before the relay has accepted it (EOSE): one may refuse it (CLOSED) and still serve a request's own.
   */
  private async standingOn(relay: RelayConnection): Promise<Standing | null> {
    if (!this.tagsClient) return null;
    // A socket found closed is replaced here, before the check: its subscriptions did not move to the new one.
    await relay.connect();
    if (this.standing?.relay !== relay || this.standing.socket !== relay.socketNumber) {
      const entry: Standing = {
        relay,
        socket: relay.socketNumber,
        confirmed: false,
        users: 0,
        retired: false,
        opened: relay.subscribe([{ kinds: [23195], authors: [this.conn.walletPubkey], '#p': [this.clientPubkey] }], {
          // Each request's own check decides (author, signature, e tag); answers to no request under way are dropped unread.
          onEvent: (e) => this.waiting.get(tagValue(e, 'e') ?? '')?.(e),
          onEose: () => {
            entry.confirmed = true;
          },
          // Closed by the relay, or the connection dropped: the next request opens it again; refused at once, not until an answer is tagged again.
          onClosed: () => {
            if (!entry.confirmed) this.tagsClient = false;
            if (this.standing === entry) this.standing = null;
          },
        }),
      };
      this.standing = entry;
      entry.opened.catch(() => {
        if (this.standing === entry) this.standing = null;
      });
    }
    const entry = this.standing!;
    await entry.opened;
    return entry.confirmed ? entry : null;
  }
}
