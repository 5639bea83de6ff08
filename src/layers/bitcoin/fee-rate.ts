/**
 * Fee rates as integers: sats per 1000 virtual bytes (sat/kvB), as Bitcoin Core
 * counts them, so fractional sat/vB rates need no floats. Fees are computed from
 * weight units (4 WU = 1 vB) and always rounded up.
 */
import { WalletError } from '../../shared/errors';
import { formatAmount, parseAmount } from '../../shared/units';
import { localText } from '../../shared/local-text';

/** sat per 1000 vB */
export type FeeRate = bigint;

export const MIN_RELAY_FEE_RATE: FeeRate = 1000n; // 1 sat/vB
/** Bitcoin Core's default incremental relay fee, the minimum step of an RBF bump. */
export const INCREMENTAL_RELAY_FEE_RATE: FeeRate = 1000n;

export function feeForWeight(weight: number, rate: FeeRate): bigint {
  const num = BigInt(weight) * rate;
  return (num + 3999n) / 4000n;
}

export function vsize(weight: number): number {
  return Math.ceil(weight / 4);
}

/** "2.5" sat/vB as typed by a user. */
export function parseSatPerVb(input: string): FeeRate {
  let rate: bigint;
  try {
    rate = parseAmount(input, 3);
  } catch {
    throw new WalletError('bad_fee_rate', localText('err_fee_rate_format'));
  }
  if (rate < MIN_RELAY_FEE_RATE) throw new WalletError('bad_fee_rate', localText('err_fee_rate_min'));
  return rate;
}

export function formatSatPerVb(rate: FeeRate): string {
  return formatAmount(rate, 3);
}

/** Esplora reports sat/vB as JSON numbers; convert once at the edge, rounding up. */
export function fromEsploraRate(satPerVb: number): FeeRate {
  if (!Number.isFinite(satPerVb) || satPerVb <= 0) return MIN_RELAY_FEE_RATE;
  const rate = BigInt(Math.ceil(satPerVb * 1000));
  return rate < MIN_RELAY_FEE_RATE ? MIN_RELAY_FEE_RATE : rate;
}

/** The effective rate a transaction paid. */
export function rateOf(fee: bigint, weight: number): FeeRate {
  return (fee * 4000n) / BigInt(weight);
}
