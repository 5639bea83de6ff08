/**
 * A later leg spends what the previous leg delivers, which the wallet does not hold
 * when the chain is planned: its quote must not fail on today's balance. Leg 2 here
 * is funded like a PowPeg peg-in or an sBTC deposit (a Bitcoin payment the wallet
 * plans from its coins); the wallet holds no BTC yet.
 */
import { english } from '../../../helpers/locale';
import { describe, expect, it } from 'vitest';
import { planChains } from '../../../../src/hops/chained/plan';
import type { HopContext, Mechanism } from '../../../../src/hops/mechanism';
import type { MechanismId, RouteQuote } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { ALL, BTC, fakeContext, fakeMechanism, LN, SBTC } from './fakes';

/** A Bitcoin side holding `held` sats: quotes a payment it can fund at 2 sat/vB over 150 vB, refuses one it cannot. */
function bitcoinSide(held: bigint) {
  return {
    normalFeeRate: async () => 2_000n,
    payoutAddress: async () => 'bcrt1qours',
    quotePayment: async (_to: string, sats: bigint) => {
      if (sats + 300n > held) throw new WalletError('insufficient_funds', `The amount is more than the spendable balance (${held} sats).`);
      return { fee: 300n };
    },
  };
}

function withBitcoin(ctx: HopContext, held: bigint): HopContext {
  const side = bitcoinSide(held);
  return { ...ctx, side: (async (layer: string) => (layer === 'bitcoin' ? side : ctx.side(layer as 'lightning'))) as HopContext['side'] };
}

/** Like an sBTC deposit: the Bitcoin fee of the deposit is paid on top, the signers keep up to 1,000 out of it. */
const deposit: Mechanism = {
  ...fakeMechanism('sbtc-deposit', BTC, SBTC),
  async quote(ctx, from, to, amount): Promise<RouteQuote> {
    const q = await (await ctx.side('bitcoin')).quotePayment('bcrt1qdeposit', amount);
    return {
      mechanism: 'sbtc-deposit' as MechanismId,
      from,
      to,
      counterparty: 'sBTC signers',
      available: true,
      send: amount.toString(),
      receive: (amount - 1_000n).toString(),
      serviceFee: null,
      networkFees: [{ label: 'Bitcoin network fee', amount: q.fee.toString(), decimals: 8, symbol: 'BTC', onTopOn: 'bitcoin' }],
      min: '2000',
      max: '100000000',
      expectedMinutes: 2,
    };
  },
};

describe('a later leg funded from what the previous leg delivers', () => {
  it('is quoted as if that coin were in the wallet: Lightning → BTC → sBTC with no BTC held yet', async () => {
    const reverse = fakeMechanism('boltz-reverse', LN, BTC, { fixed: 500n });
    const [chain] = await planChains(withBitcoin(fakeContext(), 0n), [reverse, deposit], LN, SBTC, 100_000n, { held: ALL });
    expect(chain!.reason).toBeUndefined();
    expect(chain!.available).toBe(true);
    // The funding fee is estimated for spending the one coin leg 1 pays out: 1 P2WPKH input, 2 outputs, at the wallet's rate.
    const fee = (BigInt(42 + 272 + 4 * 43 + 4 * 31) * 2_000n + 3_999n) / 4_000n;
    expect(chain!.legs[1]!.send).toBe((99_500n - fee).toString());
    expect(chain!.receive).toBe((99_500n - fee - 1_000n).toString());
  });

  it('is quoted with the wallet’s own coins when it can already pay', async () => {
    const reverse = fakeMechanism('boltz-reverse', LN, BTC, { fixed: 500n });
    const [chain] = await planChains(withBitcoin(fakeContext(), 10_000_000n), [reverse, deposit], LN, SBTC, 100_000n, { held: ALL });
    expect(chain!.legs[1]!.send).toBe('99200');
  });

  it("still refuses leg 1 for the wallet's balance: that is the user's own money", async () => {
    const withdraw = { ...deposit, id: 'powpeg-pegin' as MechanismId, pairs: () => [{ from: BTC, to: SBTC }] };
    const [direct] = await planChains(withBitcoin(fakeContext(), 0n), [withdraw, fakeMechanism('boltz-submarine', SBTC, LN)], BTC, LN, 100_000n, { held: ALL, destination: 'a@b.c' });
    expect(direct!.available).toBe(false);
    expect(english(direct!.reason)).toMatch(/^Leg 1 \(BTC → sBTC\): The amount is more than the spendable balance/);
  });

  // Boltz's submarine quote states no fee for funding its lockup, and its chain quote only Boltz's own guess:
  // the wallet pays its own miner fee on top, from what the previous leg delivered.
  it('keeps back the wallet’s own Bitcoin funding fee for a later leg whose quote states none or less: sBTC → BTC → Lightning', async () => {
    const withdraw = fakeMechanism('sbtc-withdrawal', SBTC, BTC);
    const fee = (BigInt(42 + 272 + 4 * 43 + 4 * 31) * 2_000n + 3_999n) / 4_000n;
    for (const funding of [undefined, fee - 100n]) {
      const submarine = fakeMechanism('boltz-submarine', BTC, LN, { fixed: 300n, ...(funding ? { funding } : {}) });
      const [chain] = await planChains(withBitcoin(fakeContext(), 0n), [withdraw, submarine], SBTC, LN, 200_000n, { held: ALL, destination: 'a@b.c' });
      expect(chain!.available).toBe(true);
      expect(chain!.legs[0]!.receive).toBe('200000');
      // What leg 2 locks plus the wallet's fee to fund it is what leg 1 delivered.
      expect(chain!.legs[1]!.send).toBe((200_000n - fee).toString());
      expect(chain!.receive).toBe((200_000n - fee - 300n).toString());
    }
  });
});
