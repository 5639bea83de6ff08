/**
 * What a completed leg put in the wallet, in its `to` asset's smallest unit: the
 * amount the next leg may move. Per mechanism, which field is the truth:
 * - boltz-submarine: `data.invoiceSats`, the invoice Boltz paid (a Lightning
 *   payment delivers exactly its invoice's amount).
 * - boltz-reverse, boltz-chain: `expectedReceive` (Boltz's lockup, checked on chain
 *   against the swap's amount before the claim, less the claim fee quoted; a chain
 *   swap's renegotiation rewrites it to the accepted offer), or less when our claim
 *   on Bitcoin or Liquid paid more: the quoted fee is Boltz's estimate, our claim
 *   pays the wallet's rate (and a re-signed claim more), so the lockup less the
 *   highest fee we signed (`spendFee`) is what surely arrived.
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
