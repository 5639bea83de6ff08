/**
 * Fee choices: the three presets come from the backend's estimates; a custom rate
 * is typed by the user. A rate far above the fast estimate needs an explicit
 * confirmation; an absurd one is refused outright.
 */
import { WalletError } from '../../shared/errors';
import type { EsploraClient } from './esplora';
import { formatSatPerVb, fromEsploraRate, MIN_RELAY_FEE_RATE, parseSatPerVb, type FeeRate } from './fee-rate';
import { localText } from '../../shared/local-text';

export type FeeChoice = { kind: 'slow' | 'normal' | 'fast' } | { kind: 'custom'; satPerVb: string };

export interface FeeOptions {
  slow: FeeRate;
  normal: FeeRate;
  fast: FeeRate;
  /** Used for the waste metric: what spending a coin later is expected to cost. */
  longTerm: FeeRate;
}

/** Confirmation targets in blocks for each preset. */
const TARGETS = { fast: ['1', '2'], normal: ['6', '5', '4', '3'], slow: ['144', '504', '1008'] } as const;
/** Above this, ask the user to confirm (a multiple of the fast rate, with a floor). */
const SANITY_MULTIPLE = 5n;
const SANITY_FLOOR: FeeRate = 100_000n; // 100 sat/vB
/** Refused even when confirmed: almost certainly a typo. */
export const HARD_MAX_FEE_RATE: FeeRate = 5_000_000n; // 5,000 sat/vB

function pick(estimates: Record<string, number>, keys: readonly string[]): FeeRate {
  for (const k of keys) if (estimates[k] !== undefined) return fromEsploraRate(estimates[k]!);
  return MIN_RELAY_FEE_RATE;
}

export async function feeOptions(esplora: EsploraClient): Promise<FeeOptions> {
  const est = await esplora.feeEstimates();
  const fast = pick(est, TARGETS.fast);
  const normal = pick(est, TARGETS.normal);
  const slow = pick(est, TARGETS.slow);
  return { fast, normal: normal > fast ? fast : normal, slow: slow > normal ? normal : slow, longTerm: pick(est, ['1008', '504', '144']) };
}

export function sanityCap(options: FeeOptions): FeeRate {
  const cap = options.fast * SANITY_MULTIPLE;
  return cap > SANITY_FLOOR ? cap : SANITY_FLOOR;
}

export function resolveFeeRate(choice: FeeChoice, options: FeeOptions): FeeRate {
  const rate = choice.kind === 'custom' ? parseSatPerVb(choice.satPerVb) : options[choice.kind];
  if (rate > HARD_MAX_FEE_RATE) {
    throw new WalletError('fee_too_high', localText('err_fee_rate_absurd', formatSatPerVb(rate), formatSatPerVb(HARD_MAX_FEE_RATE)));
  }
  return rate;
}
