/**
 * What a completed leg put in the wallet, in its `to` asset's smallest unit: the
 * amount the next leg may move. Per mechanism, which field is the truth:
 * - boltz-submarine: `data.invoiceSats`, the invoice Boltz paid (a Lightning
 *   payment delivers exactly its invoice's amount).
 * - boltz-reverse, boltz-chain: `expectedReceive`. Quoted as Boltz's lockup less our
 *   claim's fee at the rate of the quote; once our claim is signed (and again when it
 *   is re-signed at a higher fee) it is the lockup found on chain less the fee that
 *   claim pays, saved before the claim is broadcast (utxo-sides.ts); the lockup less
 *   the highest fee we signed (`spendFee`) bounds it too, for records saved before
 *   that. On Rootstock the claim's gas is paid from the account besides it (the
 *   quote's `onTopOn` line).
 * - powpeg-pegin: `expectedReceive`, exact (the Bridge credits 1 sat = 10^10 wei).
 * - sbtc-deposit, sbtc-withdrawal, powpeg-pegout: `expectedReceive`, a floor (the
 *   signers' or federation's fee is at most what the quote deducted).
 * Never more than `expectedReceive`: a record is ours, but the next leg must not
 * spend what a leg only might have delivered.
 */
import type { BoltzHopData } from '../boltz/shapes';
import type { HopRecord } from '../types';

const digits = /^\d+$/;
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function deliveredBy(hop: HopRecord): bigint {
  const expected = BigInt(hop.expectedReceive);
  const data = hop.data as Record<string, unknown>;
  if (hop.mechanism === 'boltz-submarine' && typeof data.invoiceSats === 'string' && digits.test(data.invoiceSats)) {
    return min(BigInt(data.invoiceSats), expected);
  }
  const claim = (hop.mechanism === 'boltz-chain' || hop.mechanism === 'boltz-reverse') && (data as BoltzHopData).claim;
  if (claim && claim.currency !== 'RBTC' && claim.spendFee && digits.test(claim.spendFee) && digits.test(claim.amount)) {
    return min(BigInt(claim.amount) - BigInt(claim.spendFee), expected);
  }
  return expected;
}
