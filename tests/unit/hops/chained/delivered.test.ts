/**
 * What a completed leg delivered, for the next leg to move: a Boltz claim on Bitcoin
 * or Liquid pays the wallet's own miner fee out of Boltz's lockup, which can be more
 * than the claim fee Boltz's pair quoted (its estimate, not our fee rate).
 */
import { describe, expect, it } from 'vitest';
import { savedSpend } from '../../../../src/hops/boltz/spends';
import type { BoltzHopData, SideData } from '../../../../src/hops/boltz/shapes';
import { deliveredBy } from '../../../../src/hops/chained/delivered';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { HopRecord } from '../../../../src/hops/types';

function claimHop(claim: Partial<SideData>, expectedReceive = '198250', mechanism = 'boltz-chain'): HopRecord {
  const data: BoltzHopData = {
    kind: 'chain',
    boltz: 'http://boltz.test/v2',
    swapId: 's',
    preimageHash: 'ab',
    claim: { currency: 'BTC', address: 'bcrt1p', amount: '198550', timeoutBlockHeight: 500, ...claim },
  };
  return { id: 'h', mechanism, expectedReceive, send: '200000', data } as unknown as HopRecord;
}

describe('what a Boltz claim delivered', () => {
  it('is the lockup less the fee of our own claim when that fee is more than the quote took', () => {
    // Boltz's pair quoted a 300-sat claim; the wallet claimed at its own rate for 1,000.
    expect(deliveredBy(claimHop({ spendFee: '1000' }))).toBe(197_550n);
    expect(deliveredBy(claimHop({ currency: 'L-BTC', spendFee: '1000' }))).toBe(197_550n);
  });

  it('is never more than the quote said: a cheaper claim, an unknown fee or an RBTC claim (gas from the account) leave expectedReceive', () => {
    expect(deliveredBy(claimHop({ spendFee: '100' }))).toBe(198_250n);
    expect(deliveredBy(claimHop({}))).toBe(198_250n);
    expect(deliveredBy(claimHop({ currency: 'RBTC', spendFee: '1000' }))).toBe(198_250n);
  });

  it('is noted by the claim itself: the highest fee of any claim we signed is saved with it, before its broadcast', async () => {
    const saved: HopRecord[] = [];
    const ctx = { save: async (r: HopRecord) => void saved.push(r) } as unknown as HopContext;
    const first = await savedSpend(ctx, claimHop({}), 'claim', 'aa', 1_000n);
    const bumped = await savedSpend(ctx, first, 'claim', 'bb', 2_000n);
    // A spend found on chain again (no fee known) keeps the highest one.
    const again = await savedSpend(ctx, bumped, 'claim', 'aa');
    expect(saved.map((r) => (r.data as BoltzHopData).claim!.spendFee)).toEqual(['1000', '2000', '2000']);
    expect(deliveredBy(again)).toBe(196_550n);
  });
});
