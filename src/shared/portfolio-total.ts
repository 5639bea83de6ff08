/**
 * The portfolio's total in BTC terms: BTC, Lightning (the connected wallet), L-BTC,
 * RBTC and sBTC, each pegged asset counted 1:1 in sats; every other asset (STX,
 * tokens) is listed apart. Pure bigint arithmetic on what the layers' overviews say.
 */
import type { AssetBalance, LayerOverview } from './layer-views';
import type { LayerId } from './layers';
import { WEI_PER_SAT } from './units';

/** How a layer's BTC-pegged asset maps to sats: which balance it is, its decimals, and units per sat. */
interface PeggedAsset {
  matches: (b: AssetBalance) => boolean;
  decimals: number;
  unitsPerSat: bigint;
  /** The unit whose remainder a whole-sat count drops (shown on screen). */
  unit: string;
}

/**
 * By layer. Liquid's L-BTC and Stacks' sBTC are known by the symbol the wallet itself
 * assigns (its asset table, the preset's token list), never one a server names.
 */
const PEGGED: Record<LayerId, PeggedAsset> = {
  bitcoin: { matches: (b) => b.asset === 'BTC', decimals: 8, unitsPerSat: 1n, unit: 'sats' },
  lightning: { matches: (b) => b.asset === 'BTC', decimals: 3, unitsPerSat: 1000n, unit: 'msat' },
  liquid: { matches: (b) => b.symbol === 'L-BTC', decimals: 8, unitsPerSat: 1n, unit: 'sats' },
  rootstock: { matches: (b) => b.asset === 'RBTC', decimals: 18, unitsPerSat: WEI_PER_SAT, unit: 'wei' },
  stacks: { matches: (b) => b.symbol === 'sBTC', decimals: 8, unitsPerSat: 1n, unit: 'sats' },
};

/** One layer as Home knows it: its last overview, and whether its last refresh failed. */
export interface LayerHolding {
  layer: LayerId;
  overview?: LayerOverview;
  failed?: boolean;
}

export interface LayerShare {
  layer: LayerId;
  /** The layer's pegged asset, confirmed, in whole sats (floor). */
  sats: bigint;
  /** What the whole-sat count left out, in `droppedUnit` (wei, msat); 0n when nothing. */
  dropped: bigint;
  droppedUnit: string;
  /** Share of the total in basis points; the shares of a non-zero total add up to 10 000. */
  bps: bigint;
}

/** An asset not counted in BTC terms (STX, tokens), as held. */
export interface OtherHolding {
  layer: LayerId;
  balance: AssetBalance;
}

export interface PortfolioTotal {
  sats: bigint;
  layers: LayerShare[];
  /** Layers left out of the total: their overview failed or has not come yet. */
  missing: LayerId[];
  others: OtherHolding[];
}

function toBigint(text: string): bigint {
  return /^-?\d+$/.test(text) ? BigInt(text) : 0n;
}

/** The layer's pegged balance in whole sats (a negative or unreadable one counts as 0), and what the floor dropped. */
function peggedSats(layer: LayerId, balances: readonly AssetBalance[]): { sats: bigint; dropped: bigint } {
  const peg = PEGGED[layer];
  const units = balances.filter((b) => peg.matches(b) && b.decimals === peg.decimals).reduce((sum, b) => sum + toBigint(b.confirmed), 0n);
  if (units <= 0n) return { sats: 0n, dropped: 0n };
  return { sats: units / peg.unitsPerSat, dropped: units % peg.unitsPerSat };
}

/**
 * Shares by largest remainder: each layer gets floor(10 000 · sats / total) basis
 * points, and the points left go one each to the largest remainders (ties in layer
 * order), so the bar always fills exactly.
 */
function shares(sats: readonly bigint[], total: bigint): bigint[] {
  if (total === 0n) return sats.map(() => 0n);
  const floors = sats.map((s) => (s * 10_000n) / total);
  const rest = sats.map((s, i) => ({ i, r: (s * 10_000n) % total }));
  let left = 10_000n - floors.reduce((a, b) => a + b, 0n);
  rest.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rest) {
    if (left === 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return floors;
}

/** The total over the layers whose overview is here and did not fail; the others are named in `missing`. */
export function portfolioTotal(holdings: readonly LayerHolding[]): PortfolioTotal {
  const counted = holdings.filter((h) => h.overview && !h.failed);
  const missing = holdings.filter((h) => !h.overview || h.failed).map((h) => h.layer);
  const each = counted.map((h) => ({ layer: h.layer, ...peggedSats(h.layer, h.overview!.balances) }));
  const sats = each.reduce((sum, e) => sum + e.sats, 0n);
  const bps = shares(
    each.map((e) => e.sats),
    sats,
  );
  const others: OtherHolding[] = [];
  for (const h of counted) {
    const peg = PEGGED[h.layer];
    for (const b of h.overview!.balances) if (!(peg.matches(b) && b.decimals === peg.decimals)) others.push({ layer: h.layer, balance: b });
  }
  return {
    sats,
    layers: each.map((e, i) => ({ ...e, droppedUnit: PEGGED[e.layer].unit, bps: bps[i]! })),
    missing,
    others,
  };
}
