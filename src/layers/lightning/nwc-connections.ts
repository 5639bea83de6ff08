/**
 * The Nostr Wallet Connect link of each Lightning network, opened into a live
 * NwcFunding and kept open across requests so one relay connection serves them
 * all. The link's client secret spends from the connected wallet, so like the
 * unlocked key it lives only in storage.session (memory, trusted contexts, gone
 * when the browser closes) and never in storage.local: after a browser restart
 * the user pastes the connection URI again.
 */
import type { HDKey } from '@scure/bip32';
import { WalletError } from '../../shared/errors';
import type { NwcStatusView } from '../../shared/layers/lightning';
import type { WebSocketFactory } from './nostr/relay';
import { NwcFunding, type NwcEncryption, type NwcOptions } from './nwc';
import { parseNwcUri, type NwcConnection } from './nwc-uri';
import { layerStoreKey } from '../types';
import type { KeyValueArea } from '../../shared/storage';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

interface StoredNwc {
  version: 1;
  walletPubkey: string;
  relays: string[];
  lud16?: string;
  /** hex, 32 bytes */
  secret: string;
  /** ms since epoch */
  connectedAt: number;
  /** What the link was opened with; NIP-44 once means NIP-44 from then on. */
  encryption?: NwcEncryption;
  /** The user allowed NIP-04 when connecting. */
  allowNip04?: true;
}

const storeKey = (network: string) => layerStoreKey('lightning', network, 'nwc');

function isStored(v: unknown): v is StoredNwc {
  const r = v as StoredNwc;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.version === 1 &&
    typeof r.walletPubkey === 'string' &&
    Array.isArray(r.relays) &&
    typeof r.secret === 'string' &&
    /^[0-9a-f]{64}$/.test(r.secret)
  );
}

export class NwcConnections {
  private readonly live = new Map<string, { root: HDKey; record: string; funding: NwcFunding }>();
  /** Connect, disconnect and open run one at a time, so two requests never open two relay links. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** storage.session: the record holds the client secret. */
    private readonly store: KeyValueArea,
    private readonly opts: { webSocket?: WebSocketFactory; now?: () => number; timeoutMs?: number } = {},
  ) {}

  async status(network: string): Promise<NwcStatusView> {
    const r = await this.read(network);
    if (!r) return { network, connected: false };
    return {
      network,
      connected: true,
      walletPubkey: r.walletPubkey,
      relays: r.relays,
      ...(r.lud16 ? { lud16: r.lud16 } : {}),
      ...(r.encryption ? { encryption: r.encryption } : {}),
    };
  }

  /**
   * Checks the link answers (relay reachable, wallet service known, an encryption
   * the user accepts) before saving it. `allowNip04` is the user's consent to the
   * older encryption, kept with the link.
   */
  connect(root: HDKey, network: string, uri: string, opts: { allowNip04?: boolean } = {}): Promise<NwcStatusView> {
    return this.exclusive(() => this.connectNow(root, network, uri, opts.allowNip04 === true));
  }

  disconnect(network: string): Promise<NwcStatusView> {
    return this.exclusive(async () => {
      await this.store.remove([storeKey(network)]);
      await this.drop(network);
      return { network, connected: false };
    });
  }

  /** The live funding source of this network, or null when none is connected. */
  funding(root: HDKey, network: string): Promise<NwcFunding | null> {
    return this.exclusive(() => this.fundingNow(root, network));
  }

  /** On lock: closes every open link and forgets the root it was opened with (the saved links stay). */
  /** On lock (as state kept until lock, see LayerEnv.keep). */
  close(): Promise<void> {
    return this.closeAll();
  }

  closeAll(): Promise<void> {
    return this.exclusive(async () => {
      for (const network of [...this.live.keys()]) await this.drop(network);
    });
  }

  /** Where a network's link is kept in storage.session. Change it only through this class: an open link is answered from memory. */
  static storageKey(network: string): string {
    return storeKey(network);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connectNow(root: HDKey, network: string, uri: string, allowNip04: boolean): Promise<NwcStatusView> {
    const conn = parseNwcUri(uri);
    const funding = this.open(conn, { allowNip04 });
    let balanceMsat: bigint | undefined;
    let encryption: NwcEncryption;
    try {
      encryption = await funding.negotiatedEncryption();
      balanceMsat = await funding.getBalance().catch((err: unknown) => {
        // A wallet service may withhold get_balance from this connection; paying still works.
        if (err instanceof WalletError && (err.code === 'unsupported' || err.code === 'payment_failed')) return undefined;
        throw err;
      });
    } catch (err) {
      await funding.close();
      throw err;
    }
    const record: StoredNwc = {
      version: 1,
      walletPubkey: conn.walletPubkey,
      relays: conn.relays,
      ...(conn.lud16 ? { lud16: conn.lud16 } : {}),
      secret: bytesToHex(conn.secret),
      connectedAt: (this.opts.now ?? Date.now)(),
      encryption,
      ...(allowNip04 ? { allowNip04: true as const } : {}),
    };
    await this.store.set({ [storeKey(network)]: record });
    await this.drop(network);
    this.live.set(network, { root, record: JSON.stringify(record), funding });
    return { ...(await this.status(network)), ...(balanceMsat !== undefined ? { balanceMsat: balanceMsat.toString() } : {}) };
  }

  private async fundingNow(root: HDKey, network: string): Promise<NwcFunding | null> {
    // Every change of a link goes through this object (connect, disconnect, lock), which keeps `live` in step:
    // an open link is answered without a storage round trip, which Home's refresh waited on behind the other layers.
    const open = this.live.get(network);
    if (open && open.root === root) return open.funding;
    const r = await this.read(network);
    if (!r) {
      await this.drop(network);
      return null;
    }
    const record = JSON.stringify(r);
    const hit = this.live.get(network);
    if (hit && hit.root === root && hit.record === record) return hit.funding;
    await this.drop(network);
    const secret = hexToBytes(r.secret);
    const funding = this.open(
      { walletPubkey: r.walletPubkey, relays: r.relays, secret, ...(r.lud16 ? { lud16: r.lud16 } : {}) },
      { ...(r.allowNip04 ? { allowNip04: true } : {}), ...(r.encryption ? { knownEncryption: r.encryption } : {}) },
    );
    this.live.set(network, { root, record, funding });
    return funding;
  }

  private open(conn: NwcConnection, consent: Pick<NwcOptions, 'allowNip04' | 'knownEncryption'>): NwcFunding {
    const options: NwcOptions = {
      ...consent,
      ...(this.opts.webSocket ? { webSocket: this.opts.webSocket } : {}),
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
      ...(this.opts.now ? { now: this.opts.now } : {}),
    };
    return new NwcFunding(conn, options);
  }

  private async read(network: string): Promise<StoredNwc | null> {
    const v = (await this.store.get([storeKey(network)]))[storeKey(network)];
    return isStored(v) ? v : null;
  }

  private async drop(network: string): Promise<void> {
    const hit = this.live.get(network);
    this.live.delete(network);
    await hit?.funding.close();
  }
}
