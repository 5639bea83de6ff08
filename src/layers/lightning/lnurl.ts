/**
 * One entry point for an LNURL whose kind may only be known after fetching it
 * (LUD-01: without a `tag` in the URL, the service's JSON says what it is).
 */
import { WalletError } from '../../shared/errors';
import { lnurlGet, type HttpFactory } from './lnurl-http';
import { parsePayRequest, type PayRequest } from './lnurl-pay';
import { parseWithdrawRequest, type WithdrawRequest } from './lnurl-withdraw';
import type { LnurlDestination } from './parse';
import { theirWords } from '../../shared/their-words';
import { localText } from '../../shared/local-text';

export type LnurlOffer = { tag: 'payRequest'; request: PayRequest } | { tag: 'withdrawRequest'; request: WithdrawRequest };

export async function fetchLnurl(http: HttpFactory, dest: LnurlDestination): Promise<LnurlOffer> {
  if (dest.tag === 'channelRequest') {
    throw new WalletError('unsupported', localText('err_lnurl_channel'));
  }
  const url = new URL(dest.url);
  const body = await lnurlGet(http, url);
  const tag = body.tag;
  if (dest.tag && tag !== dest.tag) {
    throw new WalletError('lnurl_error', localText('err_lnurl_tag_mismatch', url.host, theirWords(String(tag), 64) ?? '', dest.tag), url.host);
  }
  if (tag === 'payRequest') return { tag, request: parsePayRequest(body, url, dest.lightningAddress) };
  if (tag === 'withdrawRequest') return { tag, request: parseWithdrawRequest(body, url) };
  if (tag === 'channelRequest') {
    throw new WalletError('unsupported', localText('err_lnurl_channel'));
  }
  throw new WalletError('lnurl_error', localText('err_lnurl_unknown_tag', url.host, theirWords(String(tag), 64) ?? ''), url.host);
}
