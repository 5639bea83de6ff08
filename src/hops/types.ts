/**
 * Moves between layers ("hops"). A mechanism (a Boltz swap, an sBTC deposit, a
 * PowPeg peg-in, ...) connects an asset on one layer to an asset on another; the
 * planner asks every mechanism that connects the chosen pair for a quote; a hop
 * is a persisted state machine that a mechanism advances step by step.
 *
 * Records are JSON in storage.local: amounts are integer strings, and no secret is
 * ever stored — a hop's keys and preimage are derived from the seed at its index.
 */
import type { AssetRef, QuoteFields, RecordFields } from '../shared/hop-views';

export type { AssetRef, FeeLine, HopOutcome, HopStep, StepStatus } from '../shared/hop-views';

/**
 * Per mechanism: the terms its quotes carry to create the hop, and the data its
 * hop records keep. Both travel as JSON (quotes to the popup, records in storage):
 * amounts in them are integer strings. Each mechanism folder's shapes.ts adds its
 * own entries here (interface merging), so this file names no mechanism and
 * imports none: a new mechanism is its folder plus its line in registry.ts.
 */
export interface MechanismShapes {}

export type MechanismId = keyof MechanismShapes;
export type TermsOf<M extends MechanismId> = MechanismShapes[M]['terms'];
export type DataOf<M extends MechanismId> = MechanismShapes[M]['data'];

/**
 * A route's quote. `RouteQuote<M>` is one of mechanism M, with M's `terms`; plain
 * `RouteQuote` is any quote as it travels (to the popup and back by id).
 */
export type RouteQuote<M extends MechanismId = MechanismId> = QuoteFields & {
  mechanism: M;
  /** What the mechanism needs to create the hop from this quote (e.g. a pair hash). */
  terms?: [MechanismId] extends [M] ? Readonly<Record<string, string | number | boolean>> : TermsOf<M>;
};

/**
 * A hop. `HopRecord<M>` is one of mechanism M, with M's `data`; plain `HopRecord`
 * is any hop as stored (JSON) and shown.
 */
export type HopRecord<M extends MechanismId = MechanismId> = RecordFields & {
  mechanism: M;
  /** Public mechanism data: swap id, lockup address, swap tree, timeout height, invoice, txids. */
  data: [MechanismId] extends [M] ? Readonly<Record<string, unknown>> : DataOf<M>;
};

