/**
 * Fee ceilings no server can lift. Fee estimates come from Esplora, Hiro or a
 * Rootstock node, any of which may lie; what the wallet signs is held to limits
 * fixed here: at most a share of what moves, never above an absolute ceiling per
 * chain, and never refused below a floor (so a small test send is not blocked by
 * an honest fee). Sends, claims, refunds, reclaims and sweeps all pass through it.
 */
import { WalletError } from './errors';
import { localText, type LocalText } from './local-text';
import { formatAmountText, UNITS, type Unit } from './units';

export type FeeChain = 'bitcoin' | 'liquid' | 'stacks' | 'rootstock';

export interface FeeCap {
  unit: Unit;
  /** Never more than this, whatever moves. */
  absolute: bigint;
  /** Up to this percentage of what moves... */
  sharePercent: bigint;
  /** ...but always at least this much is allowed... */
  floor: bigint;
  /** ...or, for a transaction of known size, this many per vbyte if that is less (a small spend cannot hide a large fee under the floor). */
  floorPerVbyte?: bigint;
}

export const FEE_CAPS: Record<FeeChain, FeeCap> = {
  // 0.01 BTC at most; a 1-in-2-out send at 100 sat/vB costs about 14,100 sats.
  // 50 sat/vB: above what testnets ask outside their worst spikes.
  bitcoin: { unit: UNITS.BTC, absolute: 1_000_000n, sharePercent: 20n, floor: 20_000n, floorPerVbyte: 50n },
  // Liquid pays about 0.1 sat/vB: a blinded 2-in-3-out send costs a few hundred sats.
  liquid: { unit: UNITS.LBTC, absolute: 100_000n, sharePercent: 20n, floor: 2_000n },
  // micro-STX: 50 STX at most, 1 STX always (fees are usually a few thousandths of a STX).
  stacks: { unit: UNITS.STX, absolute: 50_000_000n, sharePercent: 20n, floor: 1_000_000n },
  // wei: 0.01 RBTC at most, 0.0001 RBTC always (a transfer at 0.1 gwei costs 0.0000021 RBTC).
  rootstock: { unit: UNITS.RBTC, absolute: 10_000_000_000_000_000n, sharePercent: 20n, floor: 100_000_000_000_000n },
};

/** Rootstock gas limits: a plain transfer costs exactly 21,000; no call the wallet makes needs more than this. */
export const MAX_GAS_LIMIT = 1_000_000n;
/** Rootstock gas price ceiling (wei per gas): 10 gwei, over a hundred times what Rootstock asks today. */
export const MAX_GAS_PRICE = 10_000_000_000n;

/**
 * The most a fee may be when `moved` (in the fee's unit) changes hands; without
 * `moved` (a token send, a contract call moving nothing), the floor. `vsize`, where
 * known, lowers the floor to what a transaction of that size pays at `floorPerVbyte`.
 */
export function feeLimit(chain: FeeChain, moved?: bigint, vsize?: number): bigint {
  const cap = FEE_CAPS[chain];
  const bySize = vsize !== undefined && cap.floorPerVbyte !== undefined ? BigInt(Math.ceil(vsize)) * cap.floorPerVbyte : undefined;
  const floor = bySize !== undefined && bySize < cap.floor ? bySize : cap.floor;
  const share = moved !== undefined && moved > 0n ? (moved * cap.sharePercent) / 100n : 0n;
  const limit = share > floor ? share : floor;
  return limit < cap.absolute ? limit : cap.absolute;
}

/**
 * The transaction a fee belongs to, by the word its caller names it with; another word
 * is shown as given (a caller outside this list passes a LocalText instead).
 */
const FEE_PAYERS: Record<string, LocalText> = {
  send: localText('feeWhat_send'),
  claim: localText('feeWhat_claim'),
  refund: localText('feeWhat_refund'),
  reclaim: localText('feeWhat_reclaim'),
  'speed-up': localText('feeWhat_speedUp'),
  'contract call': localText('feeWhat_contractCall'),
  transaction: localText('feeWhat_transaction'),
  'sweep of the BTC the PowPeg paid': localText('feeWhat_powpegSweep'),
};

const payer = (what: string | LocalText): string | LocalText => (typeof what === 'string' && Object.hasOwn(FEE_PAYERS, what) ? FEE_PAYERS[what]! : what);

/** Throws `fee_too_high` when `fee` is above the limit for `moved` (and `vsize`). `what` names the transaction ("send", "claim"). */
export function checkFeeCap(chain: FeeChain, fee: bigint, moved: bigint | undefined, what: string | LocalText, vsize?: number): void {
  const limit = feeLimit(chain, moved, vsize);
  if (fee <= limit) return;
  const { symbol, decimals } = FEE_CAPS[chain].unit;
  const fmt = (v: bigint) => formatAmountText(v, decimals, symbol);
  const cap = FEE_CAPS[chain];
  if (cap.floorPerVbyte) {
    throw new WalletError('fee_too_high', localText('err_fee_cap_vbyte', payer(what), fmt(fee), fmt(limit), String(cap.sharePercent), fmt(cap.floor), String(cap.floorPerVbyte), fmt(cap.absolute)));
  }
  throw new WalletError('fee_too_high', localText('err_fee_cap', payer(what), fmt(fee), fmt(limit), String(cap.sharePercent), fmt(cap.floor), fmt(cap.absolute)));
}

/** Rootstock: gas price and gas limit within the fixed ceilings, and the fee they make within the cap. */
export function checkGasCap(gasPrice: bigint, gasLimit: bigint, moved: bigint | undefined, what: string | LocalText): void {
  const gwei = (wei: bigint) => formatAmountText(wei, 9, 'gwei');
  if (gasPrice > MAX_GAS_PRICE) {
    throw new WalletError('fee_too_high', localText('err_gas_price_cap', payer(what), gwei(gasPrice), gwei(MAX_GAS_PRICE)));
  }
  if (gasLimit > MAX_GAS_LIMIT) {
    throw new WalletError('fee_too_high', localText('err_gas_limit_cap', payer(what), String(gasLimit), String(MAX_GAS_LIMIT)));
  }
  checkFeeCap('rootstock', gasPrice * gasLimit, moved, what);
}
