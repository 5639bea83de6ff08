/**
 * A later leg funded on Bitcoin spends the coin the previous leg paid out, and the
 * wallet pays that payment's miner fee on top of what the leg sends. Not every
 * mechanism's quote states it: Boltz's submarine quote states none, its chain quote
 * only Boltz's own guess for the lockup. Planned from such a quote, the leg would
 * send all that arrived and the wallet could not fund it. So later legs carry the
 * wallet's own estimate when it is more than the quote states on top.
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import type { HopContext } from '../mechanism';
import type { FeeLine } from '../types';
import { onTopOn, type LegQuoter } from './walk';

/** `quote` with a Bitcoin-funded leg's on-top fee raised to the wallet's own estimate (`ctx`: the arriving context). */
export function withWalletFunding(ctx: HopContext, quote: LegQuoter): LegQuoter {
  return async (leg, amount) => {
    const q = await quote(leg, amount);
    if (!q.available || leg.from.layer !== 'bitcoin') return q;
    let fee: bigint;
    try {
      const btc = await ctx.side('bitcoin');
      fee = (await btc.quotePayment(await btc.payoutAddress(), amount)).fee;
    } catch (err) {
      return { ...q, available: false, reason: err instanceof WalletError ? (err.text ?? err.message) : localText('err_chain_btc_fee_unread') };
    }
    if (fee <= onTopOn(q, 'bitcoin')) return q;
    const line: FeeLine = { label: localText('fee_funding_estimate'), amount: fee.toString(), decimals: 8, symbol: 'BTC', onTopOn: 'bitcoin' };
    return { ...q, networkFees: [...q.networkFees.filter((l) => l.onTopOn !== 'bitcoin'), line] };
  };
}
