/**
 * The move journal on a Nostr relay: one NIP-78 application-data event (kind 30078,
 * addressable) per entry, its `d` tag a keyed hash of the preset and entry id, its content the
 * entry's JSON encrypted with NIP-44 v2 to the journal key itself (keys.ts). The
 * relay sees only that this key writes small blobs now and then.
 *
 * The relay is trusted with nothing: what it serves is checked (id, signature, our
 * key as author, a `d` tag that matches the decrypted entry) and the newest version
 * of each entry wins whatever order it comes in. It can still withhold entries or
 * serve an older version alone; the journal's reader treats entries as claims to
 * check on chain (see MoveJournal).
 *
 * The key is derived from the root for each call and zeroed after, so locking the
 * wallet (which wipes the root) leaves no journal key behind and stops the journal.
 */
import type { HDKey } from '@scure/bip32';
import { WalletError } from '../../shared/errors';
import { isAllowedRelayUrl, type NetworkPreset } from '../../shared/networks';
import { isEventShape, signEvent, tagValue, verifyEventSignature, type NostrEvent } from '../../layers/lightning/nostr/event';
import { conversationKey, nip44Decrypt, nip44Encrypt } from '../../layers/lightning/nostr/nip44';
import { defaultWebSocket, RelayConnection, RelayError, type WebSocketFactory } from '../../layers/lightning/nostr/relay';
import type { MoveJournal, MoveJournalEntry } from '../chained/types';
import { journalDTag, journalKeys, wipeJournalKeys, type JournalKeys } from './keys';
import { localText, type LocalText } from '../../shared/local-text';

/** NIP-78: arbitrary application data, addressable by (kind, author, d). */
export const JOURNAL_EVENT_KIND = 30078;
/** More events than this from one REQ make the read fail: bounds the work and memory a flooding relay causes. */
const MAX_EVENTS = 2000;
/** Encrypted and base64-encoded, this stays within the 64 KiB events common relays take (strfry's default). */
const MAX_ENTRY_BYTES = 32_768;
const HEX64 = /^[0-9a-f]{64}$/;

export interface NostrJournalOptions {
  /** The browser's WebSocket by default. */
  webSocket?: WebSocketFactory;
  /** For connecting, for the relay's OK to a put, and for the whole of a list (until EOSE). */
  timeoutMs?: number;
  now?: () => number;
}

export class NostrMoveJournal implements MoveJournal {
  /**
   * Per `d`: the newest created_at written or seen. NIP-01 keeps one event per
   * address, and on equal created_at the one with the lowest id, so each version is
   * stamped after the last, even twice in one second or after a clock that ran ahead.
   */
  private readonly stamped = new Map<string, number>();

  constructor(
    private readonly root: HDKey,
    readonly relayUrl: string,
    /** The network preset the journal is kept for (the Lightning preset's id): entries of another preset are not read. */
    readonly scope: string,
    private readonly opts: NostrJournalOptions = {},
  ) {}

  async put(entry: MoveJournalEntry): Promise<void> {
    if (typeof entry.id !== 'string' || entry.id === '' || !Number.isSafeInteger(entry.updatedAt)) {
      throw new WalletError('bad_params', localText('err_journal_entry_no_id'));
    }
    let plaintext: string;
    try {
      plaintext = JSON.stringify({ id: entry.id, body: entry.body, updatedAt: entry.updatedAt });
    } catch {
      throw new WalletError('bad_params', localText('err_journal_entry_not_json'));
    }
    if (new TextEncoder().encode(plaintext).length > MAX_ENTRY_BYTES) {
      throw new WalletError('bad_params', localText('err_journal_entry_too_large'));
    }
    const { event, d } = this.withKeys((keys) => {
      const d = journalDTag(keys.tagKey, this.scope, entry.id);
      const createdAt = Math.max(Math.floor(this.now() / 1000), (this.stamped.get(d) ?? 0) + 1);
      const convKey = conversationKey(keys.secretKey, keys.publicKey);
      const content = nip44Encrypt(plaintext, convKey);
      convKey.fill(0);
      return { d, event: signEvent({ kind: JOURNAL_EVENT_KIND, created_at: createdAt, tags: [['d', d]], content }, keys.secretKey) };
    });
    // Counted as written before the OK: a relay answering "no" may have stored it all the same.
    this.stamped.set(d, event.created_at);
    const relay = this.connection();
    try {
      await relay.publish(event);
    } catch (err) {
      throw new WalletError(
        'network_error',
        localText('err_journal_not_saved', this.relayUrl, relayReason(err)),
      );
    } finally {
      relay.close();
    }
  }

  async list(): Promise<MoveJournalEntry[]> {
    const publicKey = this.withKeys((keys) => keys.publicKey);
    const events = await this.fetchEvents(publicKey);
    // Keys only once the relay has answered, not across the wait: a lock meanwhile means nothing is decrypted.
    return this.withKeys((keys) => {
      const convKey = conversationKey(keys.secretKey, keys.publicKey);
      try {
        const newest = new Map<string, { createdAt: number; entry: MoveJournalEntry }>();
        for (const raw of events) {
          const read = readEvent(raw, publicKey, keys.tagKey, this.scope, convKey);
          if (!read) continue;
          this.stamped.set(read.d, Math.max(this.stamped.get(read.d) ?? 0, read.createdAt));
          const held = newest.get(read.d);
          if (!held || newer(read, held)) newest.set(read.d, { createdAt: read.createdAt, entry: read.entry });
        }
        return [...newest.values()].map((v) => v.entry).sort((a, b) => b.updatedAt - a.updatedAt);
      } finally {
        convKey.fill(0);
      }
    });
  }

  /**
   * Our events, page by page: a relay serves at most its own cap per filter (strfry: 500) and then EOSE, so each
   * next page asks `until` the oldest created_at seen (inclusive, repeats dropped by id) until one brings nothing new.
   * Without EOSE in time the answer may be partial: that is an error, not an empty journal.
   */
  private async fetchEvents(author: string): Promise<NostrEvent[]> {
    const relay = this.connection();
    const events: NostrEvent[] = [];
    const seen = new Set<string>();
    const deadline = Date.now() + this.timeoutMs();
    try {
      for (let until: number | undefined; ; ) {
        const fresh = (await this.fetchPage(relay, author, until, deadline)).filter((e) => !seen.has(e.id) && seen.add(e.id));
        if (fresh.length === 0) break;
        events.push(...fresh);
        // Past the bound the answer is cut short, and what was cut may be our entries: an error, as without EOSE.
        if (events.length > MAX_EVENTS) throw new RelayError(localText('err_journal_flood', String(MAX_EVENTS)));
        until = fresh.reduce((oldest, e) => Math.min(oldest, e.created_at), Infinity);
      }
    } catch (err) {
      throw new WalletError('network_error', localText('err_journal_not_read', this.relayUrl, relayReason(err)));
    } finally {
      relay.close();
    }
    return events;
  }

  /** One REQ's stored events, up to its EOSE; all pages share one deadline. */
  private fetchPage(relay: RelayConnection, author: string, until: number | undefined, deadline: number): Promise<NostrEvent[]> {
    return new Promise<NostrEvent[]>((resolve, reject) => {
      const page: NostrEvent[] = [];
      let subId: string | null = null;
      let done = false;
      const timer = setTimeout(() => end(new RelayError(localText('err_journal_slow'))), Math.max(0, deadline - Date.now()));
      const end = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (subId) relay.unsubscribe(subId);
        if (err) reject(err);
        else resolve(page);
      };
      relay
        .subscribe([{ kinds: [JOURNAL_EVENT_KIND], authors: [author], ...(until === undefined ? {} : { until }) }], {
          onEvent: (e) => {
            if (page.length < MAX_EVENTS) page.push(e);
            else end(new RelayError(localText('err_journal_flood', String(MAX_EVENTS))));
          },
          onEose: () => end(),
          onClosed: (reason) => end(new RelayError(reason)),
        })
        .then((id) => {
          subId = id;
          if (done) relay.unsubscribe(id);
        })
        .catch(end);
    });
  }

  private withKeys<T>(use: (keys: JournalKeys) => T): T {
    let keys: JournalKeys;
    try {
      keys = journalKeys(this.root);
    } catch {
      // The root was wiped: the wallet locked.
      throw new WalletError('locked', localText('err_journal_locked'));
    }
    try {
      return use(keys);
    } finally {
      wipeJournalKeys(keys);
    }
  }

  private connection(): RelayConnection {
    return new RelayConnection(this.relayUrl, this.opts.webSocket ?? defaultWebSocket, this.timeoutMs());
  }

  private timeoutMs(): number {
    return this.opts.timeoutMs ?? 10_000;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

/** The journal on the Lightning preset's relay, or null when none is set. */
export function moveJournalFor(root: HDKey, preset: NetworkPreset<'lightning'>, opts: NostrJournalOptions = {}): NostrMoveJournal | null {
  const url = preset.endpoints.journalRelay?.trim();
  if (!url) return null;
  // Settings check this too; stored settings from before that rule are checked here (URL.canParse needs Chrome 120).
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // Refused below.
  }
  if (!parsed || !isAllowedRelayUrl(parsed)) throw new WalletError('bad_url', localText('err_journal_relay_url', url, localText('err_relay_url_rule')));
  return new NostrMoveJournal(root, url, preset.id, opts);
}

interface ReadEvent {
  d: string;
  createdAt: number;
  entry: MoveJournalEntry;
}

/** One event as the relay served it: ours, intact, decryptable and consistent, or null. */
function readEvent(raw: unknown, author: string, tagKey: Uint8Array, scope: string, convKey: Uint8Array): ReadEvent | null {
  if (!isEventShape(raw) || raw.pubkey !== author || raw.kind !== JOURNAL_EVENT_KIND) return null;
  const d = tagValue(raw, 'd');
  if (!d || !HEX64.test(d) || !verifyEventSignature(raw)) return null;
  let entry: unknown;
  try {
    entry = JSON.parse(nip44Decrypt(raw.content, convKey));
  } catch {
    return null;
  }
  if (!isEntry(entry) || journalDTag(tagKey, scope, entry.id) !== d) return null;
  return { d, createdAt: raw.created_at, entry: { id: entry.id, body: entry.body, updatedAt: entry.updatedAt } };
}

/** created_at first (what the relay orders by), then the entry's own time. */
function newer(a: { createdAt: number; entry: MoveJournalEntry }, b: { createdAt: number; entry: MoveJournalEntry }): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt > b.createdAt : a.entry.updatedAt > b.entry.updatedAt;
}

function isEntry(v: unknown): v is MoveJournalEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && e.id !== '' && Number.isSafeInteger(e.updatedAt) && 'body' in e;
}

/** What went wrong, for the journal's sentence: the relay's failure (its own words quoted), or the wallet's. */
function relayReason(err: unknown): string | LocalText {
  if (err instanceof RelayError) return err.text;
  if (err instanceof WalletError) return err.text ?? err.message;
  return err instanceof Error ? err.message : String(err);
}
