/**
 * Moves between layers ("hops"). A mechanism (a Boltz swap, an sBTC deposit, a
 * PowPeg peg-in, ...) connects an asset on one layer to an asset on another; the
 * planner asks every mechanism that connects the chosen pair for a quote; a hop
 * is a persisted state machine that a mechanism advances step by step.
 *
 * Records are JSON in storage.local: amounts are integer strings, and no secret is
 * ever stored — a hop's keys and preimage are derived from the seed at its index.
 */
import type { LayerId } from '../shared/layers';
import type { LocalText } from '../shared/local-text';
import type { AmountString } from '../shared/units';

/** An asset on a layer: BTC on bitcoin, BTC (in sats) over lightning, L-BTC on liquid, RBTC on rootstock, sBTC on stacks. */
export interface AssetRef {
  layer: LayerId;
  asset: string;
}

export type MechanismId =
  | 'boltz-submarine'
  | 'boltz-reverse'
  | 'boltz-chain'
  | 'sbtc-deposit'
  | 'sbtc-withdrawal'
  | 'powpeg-pegin'
  | 'powpeg-pegout';

export interface FeeLine {
  label: string;
  amount: AmountString;
  /** Decimals and symbol of the amount. */
  decimals: number;
  symbol: string;
}

export interface RouteQuote {
  mechanism: MechanismId;
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
  /** Opaque data the mechanism needs to create the hop from this quote (e.g. a pair hash). */
  terms?: Record<string, string | number | boolean>;
  /** How long fetching this quote took, for the planner's benchmark. */
  quoteMs?: number;
}

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

export interface HopRecord {
  id: string;
  /** Derivation index of this hop's keys and preimage (see keys.ts). */
  index: number;
  mechanism: MechanismId;
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
  /** Public mechanism data: swap id, lockup address, swap tree, timeout height, invoice, txids. */
  data: Record<string, unknown>;
  /** The last problem met while advancing, shown to the user; the hop keeps going. */
  lastError?: string;
  /** When the engine should look at this hop again (ms since epoch). */
  nextCheckAt?: number;
}
