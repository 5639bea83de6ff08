/**
 * Hiro's Stacks API (the extended `/extended/v1/...` indexer routes and the node's
 * `/v2/...` routes it proxies) over the wallet's one HttpClient: timeouts, retries
 * on 429/5xx and typed errors come from there. This file only knows paths and shapes.
 */
import { HttpError, type HttpClient } from '../../shared/http';
import { WalletError } from '../../shared/errors';
import type { HiroBalances, HiroFaucetResult, HiroFeeEstimate, HiroList, HiroNonces, HiroTx } from './hiro-types';
import { isRejection, rejectionError } from './rejection';
import { localText } from '../../shared/local-text';

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
   * Fee estimates (low, middle, high) for a payload of this size, or null when the
   * node gives none. A node answers 400 when it cannot estimate: `NoEstimateAvailable`
   * (no fee history yet), `DatabaseError` (its estimator's SQLite failed), or the bare
   * "Fee estimation not supported on this node" (run without estimators); stacks-core
   * stackslib/src/net/api/postfeerate.rs and stackslib/src/cost_estimates/mod.rs. Any
   * answer but a readable estimate falls back to the transfer rate; only an
   * unreachable node throws, as the send could not reach it either.
   */
  async feeEstimates(payloadHex: string, estimatedLength: number): Promise<bigint[] | null> {
    let r: HiroFeeEstimate;
    try {
      r = await this.http.postJson<HiroFeeEstimate>('/v2/fees/transaction', { transaction_payload: payloadHex, estimated_len: estimatedLength });
    } catch (err) {
      if (unreachable(err)) throw err;
      return null;
    }
    const fees = Array.isArray(r?.estimations) ? r.estimations.map((e) => e?.fee) : [];
    if (fees.length === 0 || !fees.every((f): f is number => typeof f === 'number' && Number.isFinite(f) && f >= 0)) return null;
    return fees.map((f) => BigInt(Math.ceil(f)));
  }

  /**
   * The node's fee rate for STX transfers, micro-STX per byte, or null when it has
   * none: a node with estimators answers this route from them and fails with the
   * same 400s (stacks-core stackslib/src/net/api/getstxtransfercost.rs).
   */
  async transferFeeRate(): Promise<bigint | null> {
    let rate: unknown;
    try {
      rate = await this.http.getJson<unknown>('/v2/fees/transfer');
    } catch (err) {
      if (unreachable(err)) throw err;
      return null;
    }
    if (typeof rate === 'number' && Number.isSafeInteger(rate) && rate >= 0) return BigInt(rate);
    if (typeof rate === 'string' && /^\d{1,15}$/.test(rate)) return BigInt(rate);
    return null;
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
    if (!TXID.test(txid)) throw new WalletError('backend_error', localText('err_server_broadcast_not_txid', this.host), this.host);
    return txid.replace(/^0x/, '').toLowerCase();
  }

  /** Testnet faucet: STX to the address (Hiro's testnet and the local devnet). */
  faucetStx(address: string): Promise<HiroFaucetResult> {
    return this.http.postJson(`/extended/v1/faucets/stx?address=${address}`, {});
  }
}

/**
 * A transaction's fate from Hiro's `tx_status`: mined and applied, mined without
 * effect, dropped from the mempool, or still pending. `problematic_skipped` (Epoch
 * 4.0) is mined but its payload never ran: the fee is paid and the nonce used, so it
 * failed (stacks-blockchain-api src/datastore/common.ts DbTxStatus.ProblematicSkipped).
 */
export function txFate(status: string): 'confirmed' | 'failed' | 'dropped' | 'pending' {
  if (status === 'success') return 'confirmed';
  if (status.startsWith('abort') || status === 'problematic_skipped') return 'failed';
  if (status.startsWith('dropped')) return 'dropped';
  return 'pending';
}

/** The node could not be reached at all (as opposed to answering something unusable). */
function unreachable(err: unknown): boolean {
  return err instanceof WalletError && (err.code === 'network_error' || err.code === 'timeout');
}

export function with0x(txid: string): string {
  return txid.startsWith('0x') ? txid : `0x${txid}`;
}
