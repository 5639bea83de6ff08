/**
 * Hiro's Stacks API (the extended `/extended/v1/...` indexer routes and the node's
 * `/v2/...` routes it proxies) over the wallet's one HttpClient: timeouts, retries
 * on 429/5xx and typed errors come from there. This file only knows paths and shapes.
 */
import { HttpError, type HttpClient } from '../../shared/http';
import { WalletError } from '../../shared/errors';
import type { HiroBalances, HiroFaucetResult, HiroFeeEstimate, HiroList, HiroNonces, HiroTx } from './hiro-types';
import { isRejection, rejectionError } from './rejection';

const TXID = /^(0x)?[0-9a-f]{64}$/i;

export class HiroClient {
  constructor(readonly http: HttpClient) {}

  get host(): string {
    return this.http.host;
  }

  balances(principal: string): Promise<HiroBalances> {
    return this.http.getJson(`/extended/v1/address/${principal}/balances`);
  }

  nonces(principal: string): Promise<HiroNonces> {
    return this.http.getJson(`/extended/v1/address/${principal}/nonces`);
  }

  /** Mined transactions that touch the principal, newest first. */
  transactions(principal: string, limit = 20): Promise<HiroList<HiroTx>> {
    return this.http.getJson(`/extended/v1/address/${principal}/transactions?limit=${limit}`);
  }

  /** The principal's transactions still in the mempool (incoming ones too). */
  mempool(principal: string, limit = 20): Promise<HiroList<HiroTx>> {
    return this.http.getJson(`/extended/v1/address/${principal}/mempool?limit=${limit}`);
  }

  /** A transaction mined or in the mempool; null when the API does not know it. */
  async tx(txid: string): Promise<HiroTx | null> {
    try {
      return await this.http.getJson<HiroTx>(`/extended/v1/tx/${with0x(txid)}`);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    }
  }

  /**
   * Fee estimates (low, middle, high) for a payload of this size, or null where the
   * node has none yet (`NoEstimateAvailable`, common for plain transfers).
   */
  async feeEstimates(payloadHex: string, estimatedLength: number): Promise<bigint[] | null> {
    try {
      const r = await this.http.postJson<HiroFeeEstimate>('/v2/fees/transaction', { transaction_payload: payloadHex, estimated_len: estimatedLength });
      if (!Array.isArray(r.estimations) || r.estimations.length === 0) return null;
      return r.estimations.map((e) => BigInt(Math.ceil(e.fee)));
    } catch (err) {
      if (err instanceof HttpError && err.status === 400 && err.body.includes('NoEstimateAvailable')) return null;
      throw err;
    }
  }

  /** The node's fee rate for STX transfers, micro-STX per byte. */
  async transferFeeRate(): Promise<bigint> {
    const rate = await this.http.getJson<unknown>('/v2/fees/transfer');
    if (typeof rate !== 'number' && typeof rate !== 'string') throw new WalletError('backend_error', `${this.host} sent an unreadable fee rate.`);
    return BigInt(rate);
  }

  /** Broadcasts a signed transaction; returns its txid (lower-case hex, no 0x). */
  async broadcast(txHex: string): Promise<string> {
    let text: string;
    try {
      text = await this.http.request('POST', '/v2/transactions', { body: JSON.stringify({ tx: txHex }), contentType: 'application/json', accept: 'application/json' });
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) {
        let body: unknown;
        try {
          body = JSON.parse(err.body);
        } catch {
          body = undefined;
        }
        if (isRejection(body)) throw rejectionError(body);
      }
      throw err;
    }
    // The node answers with the txid as a JSON string.
    const txid = text.trim().replace(/^"|"$/g, '');
    if (!TXID.test(txid)) throw new WalletError('backend_error', `${this.host} answered the broadcast with something that is not a transaction id.`);
    return txid.replace(/^0x/, '').toLowerCase();
  }

  /** Testnet faucet: STX to the address (Hiro's testnet and the local devnet). */
  faucetStx(address: string): Promise<HiroFaucetResult> {
    return this.http.postJson(`/extended/v1/faucets/stx?address=${address}`, {});
  }
}

/** A transaction's fate from Hiro's `tx_status`: mined and applied, aborted, dropped from the mempool, or still pending. */
export function txFate(status: string): 'confirmed' | 'failed' | 'dropped' | 'pending' {
  if (status === 'success') return 'confirmed';
  if (status.startsWith('abort')) return 'failed';
  if (status.startsWith('dropped')) return 'dropped';
  return 'pending';
}

export function with0x(txid: string): string {
  return txid.startsWith('0x') ? txid : `0x${txid}`;
}
