/**
 * LNURL-withdraw (LUD-03): the service shows a range, the wallet hands it an
 * invoice for the chosen amount, the service pays it asynchronously. Following
 * the payment is the funding source's job (it made the invoice).
 */
import { WalletError } from '../../shared/errors';
import { lnurlGet, msatField, withQuery, type HttpFactory } from './lnurl-http';
import { formatMsat } from './lnurl-pay';
import { checkServiceUrl, serviceDomain } from './lnurl-url';

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
  if (body.tag !== 'withdrawRequest') throw new WalletError('lnurl_error', `${host} did not answer with a withdrawal offer.`);
  if (typeof body.callback !== 'string') throw new WalletError('lnurl_error', `${host} sent a withdrawal offer without a callback.`);
  if (typeof body.k1 !== 'string' || body.k1 === '') throw new WalletError('lnurl_error', `${host} sent a withdrawal offer without its k1.`);
  const callback = checkServiceUrl(body.callback, 'The withdrawal callback');
  const minWithdrawableMsat = msatField(body.minWithdrawable ?? 0, 'minimum amount', host);
  const maxWithdrawableMsat = msatField(body.maxWithdrawable, 'maximum amount', host);
  if (maxWithdrawableMsat < minWithdrawableMsat) throw new WalletError('lnurl_error', `${host} offers a maximum below its minimum.`);
  if (maxWithdrawableMsat < 1000n) throw new WalletError('lnurl_error', `${host} offers nothing to withdraw (less than 1 sat).`);
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
    throw new WalletError(
      'bad_amount',
      wr.minWithdrawableMsat === wr.maxWithdrawableMsat
        ? `${wr.domain} lets you withdraw exactly ${formatMsat(wr.minWithdrawableMsat)}.`
        : `${wr.domain} lets you withdraw between ${formatMsat(wr.minWithdrawableMsat)} and ${formatMsat(wr.maxWithdrawableMsat)}.`,
    );
  }
  if (amountMsat % 1000n !== 0n) throw new WalletError('bad_amount', 'Withdraw whole sats.');
}

/** Step 5: `<callback>?k1=…&pr=…`; the service answers OK and pays later (step 6). */
export async function submitWithdrawInvoice(http: HttpFactory, wr: WithdrawRequest, invoice: string): Promise<void> {
  await lnurlGet(http, withQuery(wr.callback, { k1: wr.k1, pr: invoice }));
}
