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
  label: string;
  amount: AmountString;
  /** Decimals and symbol of the amount. */
  decimals: number;
  symbol: string;
}

export interface QuoteFields {
  from: AssetRef;
  to: AssetRef;
  /** Who is on the other side: "Boltz (api.testnet.boltz.exchange)", "sBTC signers", "Rootstock PowPeg". */
  counterparty: string;
  available: boolean;
  /** Why the route cannot be used now (amount out of range, service missing on this preset, ...). */
  reason?: string;
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
  anchoredTo?: string;
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
  lastError?: string;
  /** When the engine should look at this hop again (ms since epoch). */
  nextCheckAt?: number;
}

/** Any hop, as stored and shown. */
export type HopRecordView = RecordFields & { mechanism: string; data: Readonly<Record<string, unknown>> };
