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
import type { BoltzHopData, ChainTerms, ReverseTerms, SubmarineTerms } from './boltz/record';
import type { PeginData } from './powpeg/pegin';
import type { PegoutData } from './powpeg/pegout';
import type { DepositData } from './sbtc/deposit';
import type { WithdrawalData } from './sbtc/withdrawal';

/** An asset on a layer: BTC on bitcoin, BTC (in sats) over lightning, L-BTC on liquid, RBTC on rootstock, sBTC on stacks. */
export interface AssetRef {
  layer: LayerId;
  asset: string;
}

/**
 * Per mechanism: the terms its quotes carry to create the hop, and the data its
 * hop records keep. Both travel as JSON (quotes to the popup, records in storage):
 * amounts in them are integer strings. One line per mechanism (registry.ts lists them).
 */
export interface MechanismShapes {
  'boltz-submarine': { terms: SubmarineTerms; data: BoltzHopData };
  'boltz-reverse': { terms: ReverseTerms; data: BoltzHopData };
  'boltz-chain': { terms: ChainTerms; data: BoltzHopData };
  'sbtc-deposit': { terms: never; data: DepositData };
  'sbtc-withdrawal': { terms: never; data: WithdrawalData };
  'powpeg-pegin': { terms: never; data: PeginData };
  'powpeg-pegout': { terms: never; data: PegoutData };
}

export type MechanismId = keyof MechanismShapes;
export type TermsOf<M extends MechanismId> = MechanismShapes[M]['terms'];
export type DataOf<M extends MechanismId> = MechanismShapes[M]['data'];

export interface FeeLine {
  label: string;
  amount: AmountString;
  /** Decimals and symbol of the amount. */
  decimals: number;
  symbol: string;
}

/**
 * A route's quote. `RouteQuote<M>` is one of mechanism M, with M's `terms`; plain
 * `RouteQuote` is any quote as it travels (to the popup and back by id).
 */
export type RouteQuote<M extends MechanismId = MechanismId> = QuoteFields & {
  mechanism: M;
  /** What the mechanism needs to create the hop from this quote (e.g. a pair hash). */
  terms?: [MechanismId] extends [M] ? Readonly<Record<string, string | number | boolean>> : TermsOf<M>;
};

interface QuoteFields {
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

/**
 * A hop. `HopRecord<M>` is one of mechanism M, with M's `data`; plain `HopRecord`
 * is any hop as stored (JSON) and shown.
 */
export type HopRecord<M extends MechanismId = MechanismId> = RecordFields & {
  mechanism: M;
  /** Public mechanism data: swap id, lockup address, swap tree, timeout height, invoice, txids. */
  data: [MechanismId] extends [M] ? Readonly<Record<string, unknown>> : DataOf<M>;
};

interface RecordFields {
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
