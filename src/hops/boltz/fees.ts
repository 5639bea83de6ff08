/**
 * Boltz's fee arithmetic, in integer sats. Boltz publishes its percentage as a
 * JSON number (0.1, 0.25, 0.5); it becomes parts per million here so no float
 * ever touches an amount. The service fee is rounded up, as Boltz rounds it.
 */
import { WalletError } from '../../shared/errors';

const PPM = 1_000_000n;

/** 0.25 (%) -> 2500 ppm. Rejects what is not a sane percentage. */
export function percentToPpm(percent: number): bigint {
  if (!Number.isFinite(percent) || percent < 0 || percent > 10) {
    throw new WalletError('backend_error', `Boltz published a fee of ${percent} %, which the wallet does not accept.`);
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
export function sats(value: unknown, what: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new WalletError('backend_error', `Boltz sent a ${what} that is not a whole number of sats: ${JSON.stringify(value)}.`);
  }
  return BigInt(value);
}
