/**
 * What the wallet's sides answer a quote once the funds a leg moves are there. A
 * later leg of a chain spends what the previous leg delivers, which the wallet does
 * not hold yet when the chain is planned; and a chain's limits are the legs' own,
 * not the wallet's balance. So, for planning only, a payment quote the balance
 * cannot cover yet is answered for the coin that will arrive, and a balance read
 * is not a limit. Nothing here pays: sides' payment methods are passed through
 * untouched, and the context is used for quotes only.
 */
import { WalletError } from '../../shared/errors';
import { feeForWeight } from '../../layers/bitcoin/fee-rate';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../layers/bitcoin/script-types';
import type { BitcoinHopSide, EvmHopSide, StacksHopSide } from '../../layers/hop-sides';
import type { HopContext } from '../mechanism';

/**
 * Funding a leg from the coin the previous one paid out: one of our P2WPKH inputs,
 * the largest usual destination (a 34-byte Taproot or P2WSH script) and a change
 * output, so the estimate is never under what the wallet will pay.
 */
const ONE_COIN_WEIGHT = TX_OVERHEAD_WEIGHT + INPUT_WEIGHT.p2wpkh + outputWeight(34) + outputWeight(22);

/** The most a balance read answers while planning: no amount a leg sends reaches it. */
const NO_BALANCE_LIMIT = 2n ** 127n;

const unfunded = (err: unknown) => err instanceof WalletError && err.code === 'insufficient_funds';

function bitcoinArriving(side: BitcoinHopSide): BitcoinHopSide {
  return {
    ...side,
    quotePayment: async (to, sats) => {
      try {
        return await side.quotePayment(to, sats);
      } catch (err) {
        if (!unfunded(err)) throw err;
        const feeRate = await side.normalFeeRate();
        const fee = feeForWeight(ONE_COIN_WEIGHT, feeRate);
        const vsize = Math.ceil(ONE_COIN_WEIGHT / 4);
        return { to, amount: sats, max: false, fee, feeRate, change: 0n, total: sats + fee, inputCount: 1, vsize, waste: 0n, algorithm: 'arriving-coin estimate', highFee: false, sanityCap: feeRate };
      }
    },
  };
}

function evmArriving(side: EvmHopSide): EvmHopSide {
  return {
    ...side,
    // Gas does not depend on the value sent: the fee of a 1-wei payment to the same address, when the account can pay that.
    quotePayment: (to, wei) => side.quotePayment(to, wei).catch((err: unknown) => (unfunded(err) && wei > 1n ? side.quotePayment(to, 1n) : Promise.reject(err))),
  };
}

function stacksArriving(side: StacksHopSide): StacksHopSide {
  return { ...side, spendable: async () => NO_BALANCE_LIMIT };
}

/** `ctx` for quotes that assume the funds a leg moves are in the wallet. */
export function arrivingContext(ctx: HopContext): HopContext {
  const side = (async (layer: Parameters<HopContext['side']>[0]) => {
    const s = await ctx.side(layer);
    if (layer === 'bitcoin') return bitcoinArriving(s as BitcoinHopSide);
    if (layer === 'rootstock') return evmArriving(s as EvmHopSide);
    if (layer === 'stacks') return stacksArriving(s as StacksHopSide);
    return s;
  }) as HopContext['side'];
  return { ...ctx, side };
}
