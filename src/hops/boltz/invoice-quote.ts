/**
 * A submarine quote bound to one invoice: the lock follows from the invoice's
 * amount, so the quote pays exactly it (a pasted invoice, or one an LNURL-pay
 * service issued for what the route delivers).
 */
import { WalletError } from '../../shared/errors';
import type { HopContext } from '../mechanism';
import type { AssetRef, RouteQuote } from '../types';
import { localText } from '../../shared/local-text';
import { BTC_LIGHTNING, BTC_ONCHAIN, boltzApi, boltzUrl, counterpartyHost, currencyOf, fromSats, noBoltzReason, symbolOf } from './assets';
import { percentToPpm, sats, submarineLockFor } from './fees';
import { quoteBoltz } from './quote';
import { readPair } from './pair-list';
import { termsOf } from './record';
import { boltzRouteMissing } from './service-networks';

/** A submarine quote for paying exactly this invoice from on-chain BTC, L-BTC or RBTC (the lock follows from the invoice's amount). */
export async function submarineQuoteForInvoice(ctx: HopContext, invoice: string, invoiceSats: bigint, from: AssetRef = BTC_ONCHAIN): Promise<RouteQuote<'boltz-submarine'>> {
  const url = boltzUrl(ctx);
  const missing = boltzRouteMissing(ctx, from, BTC_LIGHTNING);
  if (missing || !url) throw new WalletError('unsupported', missing ?? noBoltzReason(ctx));
  const currency = currencyOf(from);
  const pair = await readPair(boltzApi(ctx, url), 'submarine', currency, 'BTC');
  if (!pair) throw new WalletError('unsupported', localText('err_boltz_noPair', counterpartyHost(url), localText('hopText_boltzKind_submarine'), symbolOf(from), symbolOf(BTC_LIGHTNING)));
  const lock = submarineLockFor(invoiceSats, percentToPpm(pair.fees.percentage), sats(pair.fees.minerFees, localText('hopText_boltzFee_miner')));
  const quote = await quoteBoltz(ctx, 'submarine', from, BTC_LIGHTNING, fromSats(from, lock));
  if (quote.available && quote.receive !== invoiceSats.toString()) {
    // The pair changed between the two reads; the next attempt uses fresh numbers.
    throw new WalletError('backend_error', localText('err_boltz_fees_changed'));
  }
  return { ...quote, terms: { ...termsOf(quote), invoice } };
}
