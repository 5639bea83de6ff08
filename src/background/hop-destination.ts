/**
 * Where a move to Lightning lands: the user pastes an invoice, an LNURL-pay or a
 * Lightning Address. Boltz pays a BOLT11 invoice, so an LNURL is turned into one
 * for the amount the route delivers (checked like any LNURL payment).
 */
import { WalletError } from '../shared/errors';
import { assertNotExpired } from '../layers/lightning/bolt11';
import type { HttpFactory } from '../layers/lightning/lnurl-http';
import { fetchPayRequest, requestPayInvoice } from '../layers/lightning/lnurl-pay';
import { parseLightningInput } from '../layers/lightning/parse';
import type { HopContext } from '../hops/mechanism';
import { localText } from '../shared/local-text';

export interface LightningDestination {
  /** A BOLT11 invoice, already decoded for its amount. */
  invoice?: { text: string; sats: bigint };
  /** An LNURL-pay or Lightning Address, asked for an invoice once the amount is known. */
  lnurl?: { url: string; lightningAddress?: string };
}

export function parseHopDestination(ctx: HopContext, text: string): LightningDestination {
  const params = ctx.presets.lightning.params;
  const dest = parseLightningInput(text.trim(), params);
  if (dest.kind === 'bolt11') {
    const inv = dest.invoice;
    assertNotExpired(inv, ctx.now());
    // Boltz only pays invoices with an amount in whole satoshis.
    if (inv.amountMsat === null || inv.amountMsat <= 0n || inv.amountMsat % 1000n !== 0n) {
      throw new WalletError('bad_invoice', localText('err_invoice_whole_sats'));
    }
    return { invoice: { text: inv.invoice, sats: inv.amountMsat / 1000n } };
  }
  if (dest.kind === 'lnurl' && (dest.tag === undefined || dest.tag === 'payRequest')) {
    return { lnurl: { url: dest.url, ...(dest.lightningAddress ? { lightningAddress: dest.lightningAddress } : {}) } };
  }
  throw new WalletError('bad_params', localText('err_paste_destination'));
}

/**
 * Asks the LNURL service for an invoice of `sats`; the invoice is checked before it
 * is returned. `http` is the Lightning screen's LNURL client (host grant checked,
 * no redirects), not the hop context's.
 */
export async function invoiceFromLnurl(ctx: HopContext, http: HttpFactory, lnurl: NonNullable<LightningDestination['lnurl']>, sats: bigint): Promise<string> {
  const params = ctx.presets.lightning.params;
  const pr = await fetchPayRequest(http, lnurl.url, lnurl.lightningAddress);
  const checked = await requestPayInvoice(http, pr, { amountMsat: sats * 1000n }, params, ctx.now());
  return checked.invoice.invoice;
}
