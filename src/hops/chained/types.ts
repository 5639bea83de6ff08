/**
 * Chained moves, background side: a route of two or three legs, each leg a quote
 * (and later a hop) of an ordinary mechanism. The popup sees them as RouteView /
 * ChainView (shared/hop-views.ts).
 */
import type { ChainedRouteFields, ChainView, QuoteFields } from '../../shared/hop-views';
import type { CHAINED } from '../../shared/hop-views';
import type { RouteQuote } from '../types';
import type { AmountString } from '../../shared/units';
import type { LocalText } from '../../shared/local-text';

/** A chained route as the planner makes it: the legs are real quotes, the first one startable as it is. */
export type ChainedQuote = QuoteFields &
  Omit<ChainedRouteFields, 'legs'> & {
    mechanism: typeof CHAINED;
    legs: RouteQuote[];
    /** For a chain that ends on Lightning: where the last leg pays (LNURL-pay or Lightning Address; an invoice's fixed amount cannot be met by a chain). */
    destination?: string;
  };

/** A chained move as stored (storage.local): what the popup sees, plus what starting its later legs needs. */
export interface ChainRecord extends ChainView {
  destination?: string;
  /** Read back from the move journal on a restored profile, its next leg waiting for the user's OK (the copy may be stale; see the runner's adopt). */
  restored?: boolean;
  /** The last time the journal refused a copy of this chain (the move went on regardless). */
  journalError?: string | LocalText;
  /**
   * Per leg, what is kept back from the previous leg's delivery to pay for funding
   * this one on its layer (the plan's own margin: previous receive − this send at
   * review); '0' for the first leg.
   */
  reserves?: AmountString[];
  /** Per leg, how many of its hops were closed unfunded (the wallet could not pay them); the next one's id counts on (legHopId). */
  retries?: number[];
}

/**
 * Where the wallet keeps a copy of its moves that a fresh profile restored from the
 * phrase can read back: entries are public data only (no key, no preimage: those are
 * derived from the seed at each hop's index), and whoever stores them may withhold or
 * replay old ones, so a reader trusts nothing it could not check on chain.
 */
export interface MoveJournal {
  /** Stores (or replaces) the entry `id`. */
  put(entry: MoveJournalEntry): Promise<void>;
  /** Every entry this seed wrote that the store still has, newest version of each. */
  list(): Promise<MoveJournalEntry[]>;
}

export interface MoveJournalEntry {
  id: string;
  /** JSON body (a chain record and its legs' hop records); what it means is the chain runner's business. */
  body: unknown;
  updatedAt: number;
}
