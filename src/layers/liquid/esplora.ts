/**
 * Client for Esplora on an Elements chain (Blockstream's liquidtestnet API and the
 * devnet stand-in). Liquid outputs carry `value`/`asset` only when explicit and
 * `valuecommitment`/`assetcommitment` when blinded; range proofs are not in the
 * JSON, so unblinding reads the raw transaction (`/tx/:txid/hex`).
 */
import { WalletError } from '../../shared/errors';
import { HttpError, type HttpClient } from '../../shared/http';
import { localText } from '../../shared/local-text';

export interface EsploraStatus {
  confirmed: boolean;
  block_height?: number | null;
  block_hash?: string | null;
  block_time?: number | null;
}

export interface EsploraVout {
  scriptpubkey: string;
  scriptpubkey_asm?: string;
  scriptpubkey_type: string;
  scriptpubkey_address?: string;
  value?: number;
  valuecommitment?: string;
  asset?: string;
  assetcommitment?: string;
  pegout?: unknown;
}

export interface EsploraVin {
  txid: string;
  vout: number;
  prevout: EsploraVout | null;
  scriptsig: string;
  witness?: string[];
  is_coinbase: boolean;
  sequence: number;
  is_pegin: boolean;
  issuance?: unknown;
}

export interface EsploraTx {
  txid: string;
  version: number;
  locktime: number;
  size: number;
  weight: number;
  fee: number;
  vin: EsploraVin[];
  vout: EsploraVout[];
  status: EsploraStatus;
  discount_vsize?: number;
  discount_weight?: number;
}

export interface EsploraUtxo {
  txid: string;
  vout: number;
  status: EsploraStatus;
  value?: number;
  valuecommitment?: string;
  asset?: string;
  assetcommitment?: string;
  noncecommitment?: string;
}

export interface EsploraAddressStats {
  address: string;
  chain_stats: { tx_count: number; funded_txo_count: number; spent_txo_count: number };
  mempool_stats: { tx_count: number; funded_txo_count: number; spent_txo_count: number };
}

/** Esplora's page size for confirmed history. */
const CHAIN_PAGE = 25;
/** Liquid's minimum relay fee, 0.1 sat/vB. */
export const MIN_FEE_RATE = 0.1;

export class LiquidEsplora {
  constructor(readonly http: HttpClient) {}

  /** Whole history of one address, newest first: mempool, then every page of confirmed. */
  async addressTxs(address: string): Promise<EsploraTx[]> {
    const first = await this.http.getJson<EsploraTx[]>(`/address/${address}/txs`);
    const out = [...first];
    let confirmed = first.filter((t) => t.status.confirmed);
    while (confirmed.length >= CHAIN_PAGE) {
      const last = confirmed[confirmed.length - 1]!.txid;
      const page = await this.http.getJson<EsploraTx[]>(`/address/${address}/txs/chain/${last}`);
      out.push(...page);
      confirmed = page;
    }
    return out;
  }

  addressStats(address: string): Promise<EsploraAddressStats> {
    return this.http.getJson(`/address/${address}`);
  }

  utxos(address: string): Promise<EsploraUtxo[]> {
    return this.http.getJson(`/address/${address}/utxo`);
  }

  tx(txid: string): Promise<EsploraTx> {
    return this.http.getJson(`/tx/${txid}`);
  }

  async txHex(txid: string): Promise<string> {
    const hex = (await this.http.getText(`/tx/${txid}/hex`)).trim();
    if (!/^([0-9a-f]{2})+$/i.test(hex)) throw new WalletError('backend_error', localText('err_server_tx_not_hex', this.http.host), this.http.host);
    return hex;
  }

  async tipHeight(): Promise<number> {
    const text = (await this.http.getText('/blocks/tip/height')).trim();
    if (!/^\d+$/.test(text)) throw new WalletError('backend_error', localText('err_server_bad_height', this.http.host), this.http.host);
    return Number(text);
  }

  feeEstimates(): Promise<Record<string, number>> {
    return this.http.getJson('/fee-estimates');
  }

  /** Fee rate in sat/vB for about `target` blocks, never below Liquid's relay minimum. */
  async feeRate(target = 2): Promise<number> {
    const estimates = await this.feeEstimates();
    const near = Object.entries(estimates)
      .map(([k, v]) => [Number(k), v] as const)
      .filter(([k, v]) => Number.isFinite(k) && typeof v === 'number' && Number.isFinite(v) && v > 0)
      .sort((a, b) => a[0] - b[0]);
    const pick = near.find(([k]) => k >= target) ?? near[near.length - 1];
    return Math.max(MIN_FEE_RATE, pick ? pick[1] : MIN_FEE_RATE);
  }

  /** Broadcasts; a node's refusal becomes `broadcast_rejected` with the node's reason. */
  async broadcast(hex: string): Promise<string> {
    try {
      const txid = (await this.http.postText('/tx', hex)).trim();
      if (!/^[0-9a-f]{64}$/i.test(txid)) throw new WalletError('backend_error', localText('err_server_broadcast_not_txid', this.http.host), this.http.host);
      return txid.toLowerCase();
    } catch (err) {
      if (err instanceof HttpError && err.status >= 400 && err.status < 500) {
        throw new WalletError('broadcast_rejected', localText('err_liquid_broadcast_refused', this.http.host, err.body.trim().slice(0, 300)), this.http.host);
      }
      throw err;
    }
  }
}
