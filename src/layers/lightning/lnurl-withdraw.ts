/**
 * LNURL-withdraw (LUD-03): the service shows a range, the wallet hands it an
 * invoice for the chosen amount, the service pays it asynchronously. Following
 * the payment is the funding source's job (it made the invoice).
 */
import { WalletError } from '../../shared/errors';
import { lnurlGet, msatField, withQuery, type HttpFactory } from './lnurl-http';
import { formatMsat } from './lnurl-pay';
import { checkServiceUrl, serviceDomain } from './lnurl-url';
import { localText } from '../../shared/local-text';

export interface WithdrawRequest {
  url: string;
  domain: string;
  callback: string;
  k1: string;
  defaultDescription: string;
  minWithdrawableMsat: bigint;
  maxWithdrawableMsat: bigint;
}

export function parseWithdrawRequest(body: Record<string, unknown>, sourceUrl: URL): WithdrawRequest {
  const host = sourceUrl.host;
  if (body.tag !== 'withdrawRequest') throw new WalletError('lnurl_error', localText('err_lnurl_not_withdraw', host), host);
  if (typeof body.callback !== 'string') throw new WalletError('lnurl_error', localText('err_lnurl_withdraw_no_callback', host), host);
  if (typeof body.k1 !== 'string' || body.k1 === '') throw new WalletError('lnurl_error', localText('err_lnurl_withdraw_no_k1', host), host);
  const callback = checkServiceUrl(body.callback);
  const minWithdrawableMsat = msatField(body.minWithdrawable ?? 0, localText('err_lnurl_value_min'), host);
  const maxWithdrawableMsat = msatField(body.maxWithdrawable, localText('err_lnurl_value_max'), host);
  if (maxWithdrawableMsat < minWithdrawableMsat) throw new WalletError('lnurl_error', localText('err_lnurl_max_below_min', host), host);
  if (maxWithdrawableMsat < 1000n) throw new WalletError('lnurl_error', localText('err_lnurl_withdraw_nothing', host), host);
  return {
    url: sourceUrl.toString(),
    domain: serviceDomain(sourceUrl),
    callback: callback.toString(),
    k1: body.k1,
    defaultDescription: typeof body.defaultDescription === 'string' ? body.defaultDescription : '',
    minWithdrawableMsat,
    maxWithdrawableMsat,
  };
}

export async function fetchWithdrawRequest(http: HttpFactory, url: string): Promise<WithdrawRequest> {
  const u = new URL(url);
  return parseWithdrawRequest(await lnurlGet(http, u), u);
}

export function checkWithdrawAmount(wr: WithdrawRequest, amountMsat: bigint): void {
  if (amountMsat < wr.minWithdrawableMsat || amountMsat > wr.maxWithdrawableMsat) {
    throw wr.minWithdrawableMsat === wr.maxWithdrawableMsat
      ? new WalletError('bad_amount', localText('err_lnurl_withdraw_exactly', wr.domain, formatMsat(wr.minWithdrawableMsat)))
      : new WalletError('bad_amount', localText('err_lnurl_withdraw_between', wr.domain, formatMsat(wr.minWithdrawableMsat), formatMsat(wr.maxWithdrawableMsat)));
  }
  if (amountMsat % 1000n !== 0n) throw new WalletError('bad_amount', localText('err_withdraw_whole_sats'));
}

/** Step 5: `<callback>?k1=…&pr=…`; the service answers OK and pays later (step 6). */
export async function submitWithdrawInvoice(http: HttpFactory, wr: WithdrawRequest, invoice: string): Promise<void> {
  await lnurlGet(http, withQuery(wr.callback, { k1: wr.k1, pr: invoice }));
}
