/**
 * Hops as the popup sees them: the assets a move can connect, quotes and hop
 * records as they travel (JSON: amounts are integer strings, no secret ever).
 * src/hops/types.ts types the same records per mechanism for the background.
 */
import { LAYER_DESCRIPTORS, type LayerId } from './layers';
import type { LocalText } from './local-text';
import type { AmountString } from './units';

/** An asset on a layer: BTC on bitcoin, BTC (in sats) over lightning, L-BTC on liquid, RBTC on rootstock, sBTC on stacks. */
export interface AssetRef {
  layer: LayerId;
  asset: string;
}

/** An asset a hop can move, with how its amounts are written: each layer's, from its descriptor. */
export interface HopAsset extends AssetRef {
  symbol: string;
  decimals: number;
}

export const HOP_ASSETS: readonly HopAsset[] = LAYER_DESCRIPTORS.flatMap((d) => d.assets.map((a) => ({ layer: d.id, ...a })));

export function hopAsset(ref: AssetRef): HopAsset | undefined {
  return HOP_ASSETS.find((a) => a.layer === ref.layer && a.asset === ref.asset);
}

export interface FeeLine {
  /** A locale key (`fee_*`) and its parameters; records stored before that hold English strings. */
  label: string | LocalText;
  amount: AmountString;
  /** Decimals and symbol of the amount. */
  decimals: number;
  symbol: string;
  /**
   * Set when the wallet pays this fee from its account on that layer besides the
   * route's own amounts (a funding transaction's miner fee, claim gas from the
   * account), not out of `send` or `receive`. A chained route takes it from what
   * the previous leg delivered on that layer.
   */
  onTopOn?: LayerId;
}

export interface QuoteFields {
  from: AssetRef;
  to: AssetRef;
  /** Who is on the other side: "Boltz (127.0.0.1:9001)", "sBTC signers", "Rootstock PowPeg". */
  counterparty: string | LocalText;
  available: boolean;
  /** Why the route cannot be used now (amount out of range, service missing on this preset, ...). */
  reason?: string | LocalText;
  /** What leaves the wallet, in the `from` asset's smallest unit. */
  send: AmountString;
  /** What arrives, in the `to` asset's smallest unit, after every fee. */
  receive: AmountString;
  serviceFee: FeeLine | null;
  networkFees: FeeLine[];
  min: AmountString;
  max: AmountString;
  expectedMinutes: number;
  /** The Bitcoin network the route is anchored to, where that matters (pegs). */
  anchoredTo?: string | LocalText;
  /** How long fetching this quote took, for the planner's benchmark. */
  quoteMs?: number;
}

/** Any route's quote, as the popup shows it (by quote id; it never sends terms back). */
export type RouteQuoteView = QuoteFields & { mechanism: string; terms?: Readonly<Record<string, string | number | boolean>> };

export type StepStatus = 'waiting' | 'active' | 'done' | 'failed' | 'skipped';

/**
 * One step of a hop as the popup shows it. `label` and `note` are locale keys
 * (`hopStep_*`, `hopNote_*`, `hopText_*` for nested parts) with parameters, made
 * with `localText` and set with `setStep` (steps.ts); the popup renders them in
 * its language. Records stored before that hold English strings, shown as they are.
 */
export interface HopStep {
  key: string;
  label: LocalText | string;
  status: StepStatus;
  txid?: string;
  explorerUrl?: string;
  /** When the step last changed status. */
  at?: number;
  /** Which rule the step follows (e.g. why it waits), shown under it. */
  note?: LocalText | string;
}

export type HopOutcome = 'in-progress' | 'completed' | 'refunded' | 'failed' | 'expired';

export interface RecordFields {
  id: string;
  /** Derivation index of this hop's keys and preimage (see keys.ts). */
  index: number;
  from: AssetRef;
  to: AssetRef;
  send: AmountString;
  expectedReceive: AmountString;
  network: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /** Mechanism-specific state name, e.g. "created", "funded", "claimed". */
  state: string;
  outcome: HopOutcome;
  steps: HopStep[];
  /** The last problem met while advancing, shown to the user; the hop keeps going. */
  lastError?: string | LocalText;
  /** The WalletError code of `lastError`, when it had one (a chain tells a payment the wallet cannot make from a network hiccup). */
  lastErrorCode?: string;
  /** When the engine should look at this hop again (ms since epoch). */
  nextCheckAt?: number;
  /** Set when this hop is a leg of a chained move (ChainView.id), with its place in the chain (0-based). */
  chainId?: string;
  leg?: number;
}

/**
 * When an unfinished hop's money can come back, as the background computes it from
 * the mechanism at each answer (never stored): `now` offers Refund (or Reclaim);
 * otherwise the blocks left on `layer` until the chain alone allows it, and about
 * how long that is at the layer's block time.
 */
export interface HopRefundView {
  now: boolean;
  action: 'refund' | 'reclaim';
  layer: LayerId;
  atHeight?: number;
  blocksLeft?: number;
  etaMinutes?: number;
  /** Possible before the timeout because the counterparty co-signs (the swap failed). */
  cooperative?: boolean;
}

/** The counterparty's deadline for an unfinished hop's next step (e.g. claiming Boltz's lockup before Boltz may take it back), computed like `refund`. */
export interface HopDeadlineView {
  layer: LayerId;
  atHeight: number;
  blocksLeft: number;
  etaMinutes?: number;
}

/** Any hop, as stored and shown; `refund` and `deadline` are added to unfinished ones when answered, never stored. */
export type HopRecordView = RecordFields & { mechanism: string; data: Readonly<Record<string, unknown>>; refund?: HopRefundView; deadline?: HopDeadlineView };

/**
 * Chained moves (two or three legs through an intermediate asset the wallet holds,
 * e.g. sBTC → BTC → Lightning). A chained route travels as a route whose
 * `mechanism` is `chained` and whose `legs` are the legs' own quotes: the first leg
 * sends `send`, each next leg sends what the previous one delivers (less what
 * funding it costs on that layer), the last delivers `receive`. `min`/`max` are the
 * intersection of the legs' limits in the `from` unit, `expectedMinutes` their sum.
 */
export const CHAINED = 'chained';

export interface ChainedRouteFields {
  legs: RouteQuoteView[];
  /** The assets between legs, in order (one for two legs, two for three). */
  via: AssetRef[];
  /** What the whole chain costs, send − receive over send, in basis points (pegged assets counted 1:1). */
  costBps: number;
  /**
   * What the user gets back, and when, if a leg fails: a sentence per leg as a
   * locale key (`chainWorst_*`) with its parameters (amounts as integer strings
   * with their unit's decimals and symbol, block counts, minutes).
   */
  worstCase: LocalText[];
  /** The least the last leg may deliver when a later leg is re-quoted before it starts; below it the chain stops (see ChainView). */
  minReceive: AmountString;
}

/** Any route the planner offers: a direct one, or a chained one (`mechanism === CHAINED`, with legs). */
export type RouteView = RouteQuoteView & Partial<ChainedRouteFields>;

export type ChainStatus =
  /** A leg is under way, or the next one is about to start by itself. */
  | 'running'
  /** A later leg could not start (service gone, limits changed, quote moved past `minReceive`): the funds wait in the wallet on the intermediate layer; the user continues (re-quoted) or leaves them. */
  | 'stopped'
  | 'completed'
  /** A leg ended without delivering (refunded or failed); what came back is on that leg's source layer. */
  | 'failed'
  /** The user chose to keep the intermediate funds where they are. */
  | 'left';

export interface ChainLegView {
  from: AssetRef;
  to: AssetRef;
  mechanism: string;
  counterparty: string | LocalText;
  /** The leg's hop, once started (HopRecordView.id). */
  hopId?: string;
  /** Planned at review, then what it really sent / expects once started. */
  send: AmountString;
  expectedReceive: AmountString;
  /** Unset until the leg's hop exists; then its hop's outcome. */
  outcome?: HopOutcome;
}

/** A chained move as stored and shown: one record with its legs; each started leg is also a hop of its own (`HopRecordView.chainId`). */
export interface ChainView {
  id: string;
  from: AssetRef;
  to: AssetRef;
  send: AmountString;
  expectedReceive: AmountString;
  minReceive: AmountString;
  legs: ChainLegView[];
  /** Index of the leg under way (or the one that stopped). */
  current: number;
  status: ChainStatus;
  /** Why the chain stopped or failed, in the user's language (locale key + params). */
  reason?: LocalText;
  /** Where the funds are now when not moving: the intermediate asset and amount (stopped / left). */
  heldOn?: AssetRef & { amount: AmountString };
  /** Network preset per layer the chain runs on. */
  network: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** One cell of the Move screen's grid: whether `from` → `to` has a route on the selected networks, how, or why not. */
export interface RouteMatrixCell {
  from: AssetRef;
  to: AssetRef;
  /** 'direct': one mechanism connects them; 'chained': only through `via`; 'none': neither (see `reason`). */
  kind: 'direct' | 'chained' | 'none';
  mechanisms: string[];
  via?: AssetRef[];
  reason?: LocalText;
}
