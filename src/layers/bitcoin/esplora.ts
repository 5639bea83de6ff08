/**
 * Esplora REST client (Blockstream / mempool.space API), the Bitcoin backend.
 * JSON numbers for values are converted to bigint here, at the edge.
 */
import { WalletError } from '../../shared/errors';
import { HttpError, type HttpClient } from '../../shared/http';
import { localText } from '../../shared/local-text';

interface RawStatus {
  confirmed: boolean;
  block_height?: number;
  block_hash?: string;
  block_time?: number;
}
interface RawOut {
  scriptpubkey: string;
  scriptpubkey_address?: string;
  scriptpubkey_type: string;
  value: number;
}
interface RawTx {
  txid: string;
  version: number;
  locktime: number;
  vin: { txid: string; vout: number; prevout: RawOut | null; is_coinbase: boolean; sequence: number; witness?: string[] }[];
  vout: RawOut[];
  size: number;
  weight: number;
  fee: number;
  status: RawStatus;
}

export interface TxStatus {
  confirmed: boolean;
  height?: number;
  time?: number;
}
export interface TxOut {
  script: string; // hex
  address?: string;
  value: bigint;
}
export interface TxIn {
  txid: string;
  vout: number;
  prevout: TxOut | null;
  sequence: number;
  coinbase: boolean;
}
export interface EsploraTx {
  txid: string;
  vin: TxIn[];
  vout: TxOut[];
  weight: number;
  fee: bigint;
  status: TxStatus;
}

const out = (o: RawOut): TxOut => ({ script: o.scriptpubkey, address: o.scriptpubkey_address, value: BigInt(o.value) });
const status = (s: RawStatus): TxStatus => ({ confirmed: s.confirmed, height: s.block_height, time: s.block_time });

function toTx(t: RawTx): EsploraTx {
  return {
    txid: t.txid,
    vin: t.vin.map((i) => ({ txid: i.txid, vout: i.vout, prevout: i.prevout ? out(i.prevout) : null, sequence: i.sequence, coinbase: i.is_coinbase })),
    vout: t.vout.map(out),
    weight: t.weight,
    fee: BigInt(t.fee ?? 0),
    status: status(t.status),
  };
}

/** Esplora returns at most 25 confirmed transactions per page. */
export const CHAIN_PAGE_SIZE = 25;

export class EsploraClient {
  constructor(private readonly http: HttpClient) {}

  get host(): string {
    return this.http.host;
  }

  async tipHeight(): Promise<number> {
    const text = await this.http.getText('/blocks/tip/height');
    const h = Number(text.trim());
    if (!Number.isInteger(h)) throw new WalletError('backend_error', localText('err_server_bad_height', this.http.host), this.http.host);
    return h;
  }

  /** Target (blocks) -> sat/vB. */
  feeEstimates(): Promise<Record<string, number>> {
    return this.http.getJson('/fee-estimates');
  }

  /** Mempool transactions first, then the newest confirmed page. */
  async addressTxs(address: string): Promise<EsploraTx[]> {
    return (await this.http.getJson<RawTx[]>(`/address/${address}/txs`)).map(toTx);
  }

  async addressTxsAfter(address: string, lastSeenTxid: string): Promise<EsploraTx[]> {
    return (await this.http.getJson<RawTx[]>(`/address/${address}/txs/chain/${lastSeenTxid}`)).map(toTx);
  }

  /** Confirmed sats an address holds (funded minus spent, confirmed transactions only). */
  async confirmedBalance(address: string): Promise<bigint> {
    const r = await this.http.getJson<{ chain_stats?: { funded_txo_sum?: number; spent_txo_sum?: number } }>(`/address/${address}`);
    const funded = r.chain_stats?.funded_txo_sum;
    const spent = r.chain_stats?.spent_txo_sum;
    if (!Number.isSafeInteger(funded) || !Number.isSafeInteger(spent)) throw new WalletError('backend_error', localText('err_server_no_balance', this.http.host, address), this.http.host);
    return BigInt(funded!) - BigInt(spent!);
  }

  async tx(txid: string): Promise<EsploraTx | null> {
    try {
      return toTx(await this.http.getJson<RawTx>(`/tx/${txid}`));
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    }
  }

  txHex(txid: string): Promise<string> {
    return this.http.getText(`/tx/${txid}/hex`);
  }

  /** Returns the txid, or throws `broadcast_rejected` with the node's reason. */
  async broadcast(hex: string): Promise<string> {
    try {
      return (await this.http.postText('/tx', hex)).trim();
    } catch (err) {
      if (err instanceof HttpError && err.status >= 400 && err.status < 500) {
        const reason = describeRejection(err.body);
        if (!reason) throw new WalletError('broadcast_rejected', localText('err_btc_broadcast_refused_silent', this.http.host), this.http.host);
        throw new WalletError('broadcast_rejected', localText('err_btc_broadcast_refused', this.http.host, reason), this.http.host);
      }
      throw err;
    }
  }
}

/**
 * Whether a refused broadcast says the node already has that very transaction: in its
 * mempool (Core's and bcoin's "txn-already-in-mempool", Core's
 * "txn-same-nonwitness-data-in-mempool") or in a block with outputs unspent (bcoin's
 * "txn-already-known"; Core's sendrawtransaction "Transaction already in block chain",
 * later "Transaction outputs already in utxo set"), as Esplora passes the node's text on.
 */
export function alreadyOnNetwork(err: unknown): boolean {
  return err instanceof WalletError && err.code === 'broadcast_rejected' && /txn-already-in-mempool|txn-already-known|txn-same-nonwitness-data-in-mempool|already in block ?chain|outputs already in utxo set/i.test(err.message);
}

/** Pulls the node's reason out of Esplora's "sendrawtransaction RPC error: {json}" text; empty when it gave none. */
export function describeRejection(body: string): string {
  const m = /\{.*\}/s.exec(body);
  if (m) {
    try {
      const parsed = JSON.parse(m[0]) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      /* fall through */
    }
  }
  return body.trim().slice(0, 200);
}
