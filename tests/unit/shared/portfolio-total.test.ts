import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetBalance, LayerOverview } from '../../../src/shared/layer-views';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { portfolioTotal, type LayerHolding } from '../../../src/shared/portfolio-total';
import { WEI_PER_SAT } from '../../../src/shared/units';

const bal = (asset: string, symbol: string, decimals: number, confirmed: bigint, pending = 0n): AssetBalance => ({
  asset,
  symbol,
  decimals,
  confirmed: confirmed.toString(),
  pending: pending.toString(),
});

const overview = (layer: LayerId, balances: AssetBalance[]): LayerOverview => ({ layer, network: 'devnet', balances, activity: [], updatedAt: 0 });

/** Each layer's balances as its service reports them, with `units` of its pegged asset in its smallest unit. */
const pegged: Record<LayerId, (units: bigint) => AssetBalance[]> = {
  bitcoin: (u) => [bal('BTC', 'BTC', 8, u)],
  lightning: (u) => [bal('BTC', 'sats', 3, u)],
  liquid: (u) => [bal('a'.repeat(64), 'L-BTC', 8, u), bal('e'.repeat(64), 'TEST', 8, 7n)],
  rootstock: (u) => [bal('RBTC', 'RBTC', 18, u)],
  stacks: (u) => [bal('STX', 'STX', 6, 500_000_000n), bal('ST1.sbtc-token::sbtc-token', 'sBTC', 8, u)],
};
const UNITS_PER_SAT: Record<LayerId, bigint> = { bitcoin: 1n, lightning: 1000n, liquid: 1n, rootstock: WEI_PER_SAT, stacks: 1n };

describe('portfolioTotal', () => {
  it('counts each pegged asset 1:1 in sats, flooring wei and msat, and lists STX and tokens apart', () => {
    const total = portfolioTotal([
      { layer: 'bitcoin', overview: overview('bitcoin', pegged.bitcoin(250_000n)) },
      { layer: 'lightning', overview: overview('lightning', pegged.lightning(1_000_999n)) },
      { layer: 'liquid', overview: overview('liquid', pegged.liquid(1_000_000n)) },
      { layer: 'rootstock', overview: overview('rootstock', pegged.rootstock(10n ** 18n + 123n)) },
      { layer: 'stacks', overview: overview('stacks', pegged.stacks(40_000n)) },
    ]);
    expect(total.sats).toBe(250_000n + 1_000n + 1_000_000n + 100_000_000n + 40_000n);
    expect(total.missing).toEqual([]);
    const rsk = total.layers.find((l) => l.layer === 'rootstock')!;
    expect([rsk.sats, rsk.dropped, rsk.droppedUnit]).toEqual([100_000_000n, 123n, 'wei']);
    const ln = total.layers.find((l) => l.layer === 'lightning')!;
    expect([ln.sats, ln.dropped, ln.droppedUnit]).toEqual([1_000n, 999n, 'msat']);
    expect(total.others.map((o) => `${o.layer}:${o.balance.symbol}`)).toEqual(['liquid:TEST', 'stacks:STX']);
  });

  it('does not count an asset that only calls itself BTC on another layer, or one with unexpected decimals', () => {
    const total = portfolioTotal([
      { layer: 'stacks', overview: overview('stacks', [bal('ST9.fake::btc', 'BTC', 8, 5n)]) },
      { layer: 'liquid', overview: overview('liquid', [bal('b'.repeat(64), 'L-BTC', 0, 9n)]) },
    ]);
    expect(total.sats).toBe(0n);
    expect(total.others).toHaveLength(2);
  });

  it('leaves a failed or not yet refreshed layer out and names it', () => {
    const total = portfolioTotal([
      { layer: 'bitcoin', overview: overview('bitcoin', pegged.bitcoin(5n)) },
      { layer: 'rootstock', overview: overview('rootstock', pegged.rootstock(WEI_PER_SAT * 7n)), failed: true },
      { layer: 'stacks' },
    ]);
    expect(total.sats).toBe(5n);
    expect(total.missing).toEqual(['rootstock', 'stacks']);
    expect(total.layers.map((l) => [l.layer, l.bps])).toEqual([['bitcoin', 10_000n]]);
  });

  const holdings = fc
    .array(fc.record({ layer: fc.constantFrom(...LAYER_IDS), units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 24n }), failed: fc.boolean(), loaded: fc.boolean() }), {
      maxLength: 5,
    })
    .map((rows) => {
      const seen = new Set<LayerId>();
      return rows.filter((r) => !seen.has(r.layer) && seen.add(r.layer));
    });

  it('property: the total is the sum of the counted layers, in bigint, and their shares add up to 10 000 bps', () => {
    fc.assert(
      fc.property(holdings, (rows) => {
        const input: LayerHolding[] = rows.map((r) => ({ layer: r.layer, failed: r.failed, overview: r.loaded ? overview(r.layer, pegged[r.layer](r.units)) : undefined }));
        const total = portfolioTotal(input);
        const counted = rows.filter((r) => r.loaded && !r.failed);
        const expected = counted.reduce((s, r) => s + (r.units > 0n ? r.units / UNITS_PER_SAT[r.layer] : 0n), 0n);
        expect(typeof total.sats).toBe('bigint');
        expect(total.sats).toBe(expected);
        expect(total.layers.reduce((s, l) => s + l.sats, 0n)).toBe(total.sats);
        expect(total.missing).toEqual(rows.filter((r) => !r.loaded || r.failed).map((r) => r.layer));
        const bps = total.layers.reduce((s, l) => s + l.bps, 0n);
        expect(bps).toBe(total.sats > 0n ? 10_000n : 0n);
        for (const l of total.layers) {
          expect(l.bps >= 0n && l.bps <= 10_000n).toBe(true);
          // Largest remainder: never more than one point from the exact share.
          if (total.sats > 0n) expect(l.bps * total.sats - l.sats * 10_000n < total.sats && l.sats * 10_000n - l.bps * total.sats < total.sats).toBe(true);
          expect(l.dropped >= 0n && l.dropped < UNITS_PER_SAT[l.layer]).toBe(true);
        }
      }),
    );
  });
});
