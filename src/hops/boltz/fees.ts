/**
 * Boltz's fee arithmetic, in integer sats. Boltz publishes its percentage as a
 * JSON number (0.1, 0.25, 0.5); it becomes parts per million here so no float
 * ever touches an amount. The service fee is rounded up, as Boltz rounds it.
 */
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';

const PPM = 1_000_000n;

/** 0.25 (%) -> 2500 ppm. Rejects what is not a sane percentage. */
export function percentToPpm(percent: number): bigint {
  if (!Number.isFinite(percent) || percent < 0 || percent > 10) {
    throw new WalletError('backend_error', localText('err_boltz_fee_percent', String(percent)));
  }
  return BigInt(Math.round(percent * 10_000));
}

export function serviceFee(amount: bigint, ppm: bigint): bigint {
  return (amount * ppm + PPM - 1n) / PPM;
}

/** Submarine: what must be locked on chain to pay an invoice of `invoice` sats. */
export function submarineLockFor(invoice: bigint, ppm: bigint, minerFee: bigint): bigint {
  return invoice + serviceFee(invoice, ppm) + minerFee;
}

/** Submarine: the largest invoice that `lock` sats can pay (0 when none). */
export function submarineInvoiceFor(lock: bigint, ppm: bigint, minerFee: bigint): bigint {
  if (lock <= minerFee) return 0n;
  let invoice = ((lock - minerFee) * PPM) / (PPM + ppm);
  while (invoice > 0n && submarineLockFor(invoice, ppm, minerFee) > lock) invoice--;
  return invoice;
}

/** Reverse: what Boltz locks on chain for an invoice of `invoice` sats. */
export function reverseOnchainFor(invoice: bigint, ppm: bigint, lockupFee: bigint): bigint {
  return invoice - serviceFee(invoice, ppm) - lockupFee;
}

/** Chain: what Boltz locks for a user lockup of `userLock` sats. */
export function chainServerLockFor(userLock: bigint, ppm: bigint, serverFee: bigint): bigint {
  return userLock - serviceFee(userLock, ppm) - serverFee;
}

/** An integer from Boltz's JSON (sats), refusing fractions and negatives. */
export function sats(value: unknown, what: LocalText): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new WalletError('backend_error', localText('err_boltz_not_sats', what, JSON.stringify(value) ?? String(value)));
  }
  return BigInt(value);
}

/**
 * What Boltz may keep of what we paid (a reverse swap's invoice) or locked (a
 * chain swap's lockup) when a swap comes back through a restore, in sats of the
 * amount. A restored swap carries no quote of ours, and a claim reveals the
 * preimage, which hands Boltz what we paid: so Boltz's lockup must hold that less
 * at most this. Boltz charges a percentage (its pairs: 0.1 to 0.5 %) plus miner
 * fees in sats for its own transactions (a reverse swap: its lockup; a chain swap:
 * its lockup and its claim of ours). The allowance is 1 %, plus per chain Boltz
 * pays on a ceiling of its miner fee (BTC 10,000 sats: a Taproot lockup of about
 * 150 vB at 65 sat/vB; L-BTC 1,000; RBTC 3,000: a lock of about 50,000 gas at
 * 0.6 gwei), the miner part never more than a quarter of the amount.
 */
export const RESTORE_FEE_PPM = 10_000n;
export const RESTORE_MINER_FEE_CEILING: Record<'BTC' | 'L-BTC' | 'RBTC', bigint> = { BTC: 10_000n, 'L-BTC': 1_000n, RBTC: 3_000n };

/** The least Boltz's lockup may hold for `paid` sats of ours, Boltz paying miner fees on the chains `feeChains`. */
export function restoreFloor(paid: bigint, feeChains: readonly ('BTC' | 'L-BTC' | 'RBTC')[]): bigint {
  const miner = feeChains.reduce((sum, c) => sum + RESTORE_MINER_FEE_CEILING[c], 0n);
  const quarter = paid / 4n;
  const floor = paid - serviceFee(paid, RESTORE_FEE_PPM) - (miner < quarter ? miner : quarter);
  return floor > 0n ? floor : 0n;
}

/**
 * How much less than the quote the user agreed to a chain swap may deliver after Boltz
 * renegotiates it (renegotiate.ts): 0.5 %.
 */
export const RENEGOTIATE_SLIPPAGE_PPM = 5_000n;

/**
 * The least a renegotiated chain swap may give us. Boltz offers a new quote only when
 * the amount locked differs from the one it expected (Renegotiator.ts), and the wallet
 * locks exactly the agreed amount (`agreedLock`): when `locked` is that amount, a
 * rejection "for its amount" is Boltz's error or lie, and nothing less than the quote we
 * took (`quoted`) is accepted. When another amount was locked, the quote scaled to it
 * less RENEGOTIATE_SLIPPAGE_PPM; and never less than what we locked less what Boltz may
 * keep of it (restoreFloor).
 */
export function renegotiationFloor(quoted: bigint, agreedLock: bigint, locked: bigint, feeChains: readonly ('BTC' | 'L-BTC' | 'RBTC')[]): bigint {
  let fromQuote = quoted;
  if (locked !== agreedLock && agreedLock > 0n) {
    const scaled = (quoted * locked) / agreedLock;
    fromQuote = scaled - serviceFee(scaled, RENEGOTIATE_SLIPPAGE_PPM);
  }
  const fromLock = restoreFloor(locked, feeChains);
  return fromQuote > fromLock ? fromQuote : fromLock;
}
