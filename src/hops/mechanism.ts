/**
 * What a hop mechanism implements. `create` talks to the counterparty and checks
 * what it returns, but moves no funds; the engine persists the record it returns
 * and only then calls `advance`, which funds, claims or refunds as the world
 * requires and returns the updated record. `advance` must be safe to call again
 * at any time (after a crash, twice in a row): it looks before it acts.
 */
import type { HDKey } from '@scure/bip32';
import type { HopSide } from '../layers/registry';
import type { HttpClient } from '../shared/http';
import type { LocalText } from '../shared/local-text';
import type { NetworkPreset } from '../shared/networks';
import type { LayerId } from '../shared/layers';
import type { HopKeys } from './keys';
import type { HopStore } from './records';
import type { AssetRef, HopRecord, MechanismId, RouteQuote } from './types';

export interface HopContext {
  keys: HopKeys;
  /** The wallet's BIP32 root, for hops that spend with a layer's own keys (background only). */
  root: HDKey;
  presets: { [L in LayerId]: NetworkPreset<L> };
  /** What a layer's wallet offers hops (pay, payout address, ...), built on demand for `presets`. */
  side<L extends LayerId>(layer: L): Promise<HopSide<L>>;
  http(baseUrl: string): HttpClient;
  now(): number;
  /**
   * Persists a record mid-step. A mechanism calls it with the txid of a signed
   * transaction before broadcasting it, so a crash right after cannot fund twice.
   * The engine provides it.
   */
  save?(record: HopRecord): Promise<void>;
  /** Every stored hop, for a mechanism that must not take another hop's transaction as its own. The engine provides it. */
  records?(): Promise<HopRecord[]>;
}

/** A mechanism; `Mechanism<M>` reads and writes M's terms and data, plain `Mechanism` is any one (the engine hands each only its own records). */
export interface Mechanism<M extends MechanismId = any> {
  readonly id: M;
  /** Pairs this mechanism can connect at all (on some preset). */
  pairs(): { from: AssetRef; to: AssetRef }[];
  /**
   * Why this mechanism has no service for the pair on the selected presets (no
   * endpoint, an unset pin, another Bitcoin network), or null. No I/O: the route
   * matrix asks it for every pair at once.
   */
  serviceMissing?(ctx: HopContext, from: AssetRef, to: AssetRef): string | LocalText | null;
  /** A quote for `amount` (smallest unit of `from`), or an unavailable route with the reason. */
  quote(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<M>>;
  /**
   * Before a new hop's key index is reserved (no other hop is being created): bring
   * the index past every index the counterparty may have seen this seed use, so a
   * fresh profile never hands out a key (and preimage) again. Throws to refuse the hop.
   */
  beforeIndex?(ctx: HopContext, quote: RouteQuote<M>, store: HopStore): Promise<void>;
  /**
   * After a plan offers `quote`, started without waiting for it: what beforeIndex will
   * need, begun early, so a start soon after finds it done or waits for the same work.
   * Idempotent; creates no hop and reserves no index. A failure is not the plan's: the
   * start's beforeIndex tries again and refuses there.
   */
  prepareIndex?(ctx: HopContext, quote: RouteQuote<M>, store: HopStore): Promise<void>;
  /** Set up the hop with the counterparty; verify everything it returns; move nothing. */
  create(ctx: HopContext, quote: RouteQuote<M>, index: number, id: string): Promise<HopRecord<M>>;
  /** Look at the world and do the next due thing (fund, claim, refund); idempotent. */
  advance(ctx: HopContext, record: HopRecord<M>): Promise<HopRecord<M>>;
  /** The user asks for the money back now (where the protocol allows it). */
  refund?(ctx: HopContext, record: HopRecord<M>): Promise<HopRecord<M>>;
  /**
   * Whether `refund` can take the money back now, and from which height the chain
   * alone allows it; null when there is nothing to take back (not funded, already
   * claimed or refunding). Reads one tip (chain-tips.ts), changes nothing.
   */
  refundState?(ctx: HopContext, record: HopRecord<M>): Promise<RefundState | null>;
  /**
   * The counterparty's deadline for what the hop still has to do (a Boltz lockup to be
   * claimed before Boltz may take it back), or null. One tip read, changes nothing.
   */
  deadline?(ctx: HopContext, record: HopRecord<M>): Promise<Deadline | null>;
  /**
   * A quote that pays exactly this Lightning invoice from `from` (the invoice's
   * amount decides what is sent). Mechanisms that have it are the only routes
   * offered for a pasted invoice.
   */
  quoteForInvoice?(ctx: HopContext, from: AssetRef, invoice: { text: string; sats: bigint }): Promise<RouteQuote<M>>;
  /** The quote bound to an invoice that `invoiceFor` fetches (from an LNURL-pay service) for what the route delivers. */
  bindInvoice?(ctx: HopContext, quote: RouteQuote<M>, invoiceFor: (sats: bigint) => Promise<string>): Promise<RouteQuote<M>>;
  /**
   * Stores as hops what the counterparty knows of this seed's hop keys that this
   * profile has no record of (a restored wallet). Mechanisms sharing one
   * counterparty share the same function, which the engine calls once.
   */
  restore?(ctx: HopContext, store: HopStore): Promise<RestoreResult>;
}

/** What a mechanism says of a hop's refund (see `Mechanism.refundState`). */
export interface RefundState {
  /** `refund` would take the money back now (the timeout is reached, or the counterparty co-signs). */
  now: boolean;
  /** The layer whose blocks count, and the height from which a refund needs nobody's signature. */
  layer: LayerId;
  atHeight?: number;
  /** The tip `atHeight` was compared with. */
  tip?: number;
  /** The word for it: an sBTC deposit is reclaimed, a swap lockup refunded. */
  action: 'refund' | 'reclaim';
  /** Possible before `atHeight` because the counterparty signs (the swap failed). */
  cooperative?: boolean;
}

/** A height on `layer` by which the hop's next step must be done (see `Mechanism.deadline`), with the tip it was read against. */
export interface Deadline {
  layer: LayerId;
  atHeight: number;
  tip: number;
}

export interface RestoreResult {
  restored: HopRecord[];
  /** Swaps the counterparty knows that need nothing more (finished, or never funded), or that did not check out (`reason`). */
  skipped: { id: string; status: string; reason?: string | LocalText }[];
}

export function sameAsset(a: AssetRef, b: AssetRef): boolean {
  return a.layer === b.layer && a.asset === b.asset;
}
