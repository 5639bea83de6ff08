/**
 * Boltz API v2 client, on the shared HttpClient. Field names and status strings
 * are Boltz's own (boltz-backend lib/api/v2/routers). Amounts in Boltz's JSON are
 * numbers of satoshis; they become bigint here, at the edge. Nothing in this file
 * trusts what comes back: verify.ts checks it before anything moves.
 */
import { WalletError } from '../../shared/errors';
import { HttpError, type HttpClient } from '../../shared/http';
import { localText, type LocalText } from '../../shared/local-text';
import { KEY_LOOKUP_LIMIT } from './key-lookup';
import type { BoltzCurrency, SerializedTree } from './shapes';

export interface SubmarinePair {
  hash: string;
  rate: number;
  limits: { minimal: number; maximal: number; maximalZeroConf: number; minimalBatched?: number };
  fees: { percentage: number; minerFees: number };
}
export interface ReversePair {
  hash: string;
  rate: number;
  limits: { minimal: number; maximal: number };
  fees: { percentage: number; minerFees: { lockup: number; claim: number } };
}
export interface ChainPair {
  hash: string;
  rate: number;
  limits: { minimal: number; maximal: number; maximalZeroConf: number };
  fees: { percentage: number; minerFees: { server: number; user: { claim: number; lockup: number } } };
}
/** from -> to -> pair */
export type PairMap<P> = Record<string, Record<string, P>>;

export interface SubmarineRequest {
  from: BoltzCurrency;
  to: 'BTC';
  invoice: string;
  /** UTXO chains only: an EVM lock's refund address is the account that sends it. */
  refundPublicKey?: string;
  pairHash?: string;
}
export interface SubmarineResponse {
  id: string;
  bip21?: string;
  address: string;
  swapTree?: SerializedTree;
  claimPublicKey?: string;
  claimAddress?: string;
  timeoutBlockHeight: number;
  acceptZeroConf?: boolean;
  expectedAmount: number;
  blindingKey?: string;
}

export interface ReverseRequest {
  from: 'BTC';
  to: BoltzCurrency;
  preimageHash: string;
  claimPublicKey?: string;
  claimAddress?: string;
  invoiceAmount: number;
  pairHash?: string;
  description?: string;
  invoiceExpiry?: number;
}
export interface ReverseResponse {
  id: string;
  invoice: string;
  swapTree?: SerializedTree;
  lockupAddress: string;
  refundPublicKey?: string;
  refundAddress?: string;
  timeoutBlockHeight: number;
  onchainAmount: number;
  blindingKey?: string;
}

export interface ChainRequest {
  from: BoltzCurrency;
  to: BoltzCurrency;
  preimageHash: string;
  claimPublicKey?: string;
  refundPublicKey?: string;
  claimAddress?: string;
  userLockAmount: number;
  pairHash?: string;
}
export interface ChainSwapData {
  swapTree?: SerializedTree;
  lockupAddress: string;
  serverPublicKey?: string;
  timeoutBlockHeight: number;
  amount: number;
  blindingKey?: string;
  refundAddress?: string;
  claimAddress?: string;
  bip21?: string;
}
export interface ChainResponse {
  id: string;
  claimDetails: ChainSwapData;
  lockupDetails: ChainSwapData;
}

export interface SwapStatus {
  status: string;
  zeroConfRejected?: boolean;
  transaction?: { id: string; hex?: string; eta?: number; confirmed?: boolean };
  failureReason?: string;
  failureDetails?: { expected: number; actual: number };
}

export interface PartialSignature {
  pubNonce: string;
  partialSignature: string;
}
export interface SigningRequest {
  pubNonce: string;
  transaction: string;
  index: number;
}
export interface ChainClaimDetails {
  pubNonce: string;
  publicKey: string;
  transactionHash: string;
}

export interface RestoreUtxoDetails {
  type?: 'utxo';
  tree: SerializedTree;
  amount?: number;
  keyIndex: number;
  transaction?: { id: string; vout: number };
  lockupAddress: string;
  serverPublicKey: string;
  timeoutBlockHeight: number;
  blindingKey?: string;
  preimageHash?: string;
}
export interface RestoreEvmDetails {
  type: 'evm';
  contractAddress: string;
  claimAddress?: string;
  transaction?: { id: string };
  amount?: number;
  timeoutBlockHeight: number;
}
export interface RestorableSwap {
  id: string;
  type: 'submarine' | 'reverse' | 'chain';
  status: string;
  createdAt: number;
  from: string;
  to: string;
  preimageHash: string;
  invoice?: string;
  claimDetails?: RestoreUtxoDetails | RestoreEvmDetails;
  refundDetails?: RestoreUtxoDetails | RestoreEvmDetails;
}

export interface EvmContracts {
  network: { chainId: number; name?: string };
  swapContracts: { EtherSwap: string; ERC20Swap?: string };
}

/** Statuses after which nothing more happens on Boltz's side (lifecycle.md). */
export const FINAL_STATUSES = new Set([
  'transaction.claimed',
  'invoice.settled',
  'invoice.failedToPay',
  'invoice.expired',
  'swap.expired',
  'transaction.failed',
  'transaction.refunded',
]);

export class BoltzApi {
  constructor(readonly http: HttpClient) {}

  get host(): string {
    return this.http.host;
  }

  /** One of the pair lists (`/swap/submarine`, `/swap/reverse`, `/swap/chain`) as sent, unchecked: pair-list.ts checks it. */
  async pairList(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await this.http.request('GET', path, { accept: 'application/json' });
    } catch (err) {
      throw boltzError(err, this.host);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WalletError('backend_error', localText('hopText_boltzCause_notJson'), this.host);
    }
  }

  createSubmarine(req: SubmarineRequest): Promise<SubmarineResponse> {
    return this.post('/swap/submarine', req);
  }
  createReverse(req: ReverseRequest): Promise<ReverseResponse> {
    return this.post('/swap/reverse', req);
  }
  createChain(req: ChainRequest): Promise<ChainResponse> {
    return this.post('/swap/chain', req);
  }

  /**
   * A swap's status. Boltz stores a rejected zero-conf lockup as transaction.zeroconf.rejected
   * and shows it as transaction.mempool with zeroConfRejected (lib/api/SwapInfos.ts); read it so
   * whichever way it comes.
   */
  async status(id: string): Promise<SwapStatus> {
    const s = await this.get<SwapStatus>(`/swap/${encodeURIComponent(id)}`);
    return s?.status === 'transaction.zeroconf.rejected' ? { ...s, status: 'transaction.mempool', zeroConfRejected: true } : s;
  }

  /** Boltz's partial signature for a key-path refund of a failed submarine swap. */
  submarineRefund(id: string, req: SigningRequest): Promise<PartialSignature> {
    return this.post(`/swap/submarine/${encodeURIComponent(id)}/refund`, req);
  }
  /** Boltz's EIP-712 signature for a cooperative refund of our EtherSwap lock of a failed swap (GET; 400 when not eligible). */
  submarineRefundEvm(id: string): Promise<{ signature: string }> {
    return this.get(`/swap/submarine/${encodeURIComponent(id)}/refund`);
  }
  chainRefundEvm(id: string): Promise<{ signature: string }> {
    return this.get(`/swap/chain/${encodeURIComponent(id)}/refund`);
  }
  /** The preimage of a submarine swap's invoice, once Boltz has paid it (404 "preimage not available" before). */
  submarinePreimage(id: string): Promise<{ preimage: string }> {
    return this.get(`/swap/submarine/${encodeURIComponent(id)}/preimage`);
  }
  /** What Boltz wants signed so it can sweep our submarine lockup on the key path. */
  submarineClaimDetails(id: string): Promise<{ preimage: string; pubNonce: string; publicKey: string; transactionHash: string }> {
    return this.get(`/swap/submarine/${encodeURIComponent(id)}/claim`);
  }
  submarineClaim(id: string, sig: PartialSignature): Promise<unknown> {
    return this.post(`/swap/submarine/${encodeURIComponent(id)}/claim`, sig);
  }
  /** Reveals the preimage and asks for Boltz's partial signature for our claim. */
  reverseClaim(id: string, req: { preimage: string } & Partial<SigningRequest>): Promise<Partial<PartialSignature>> {
    return this.post(`/swap/reverse/${encodeURIComponent(id)}/claim`, req);
  }
  chainClaimDetails(id: string): Promise<ChainClaimDetails> {
    return this.get(`/swap/chain/${encodeURIComponent(id)}/claim`);
  }
  chainClaim(id: string, req: { preimage?: string; signature?: PartialSignature; toSign?: SigningRequest }): Promise<Partial<PartialSignature>> {
    return this.post(`/swap/chain/${encodeURIComponent(id)}/claim`, req);
  }
  chainRefund(id: string, req: SigningRequest): Promise<PartialSignature> {
    return this.post(`/swap/chain/${encodeURIComponent(id)}/refund`, req);
  }
  /** A new quote for a chain swap whose lockup Boltz rejected for its amount (400 when not eligible, 409 once a refund was signed). */
  chainQuote(id: string): Promise<{ amount: number }> {
    return this.get(`/swap/chain/${encodeURIComponent(id)}/quote`);
  }
  /** Accepts that quote (202); 400 "invalid quote" when it is not the one Boltz works out now. */
  acceptChainQuote(id: string, amount: number): Promise<unknown> {
    return this.post(`/swap/chain/${encodeURIComponent(id)}/quote`, { amount });
  }
  chainTransactions(id: string): Promise<{ userLock?: { transaction: { id: string; hex?: string } }; serverLock?: { transaction: { id: string; hex?: string } } }> {
    return this.get(`/swap/chain/${encodeURIComponent(id)}/transactions`);
  }
  reverseTransaction(id: string): Promise<{ id: string; hex?: string; timeoutBlockHeight: number }> {
    return this.get(`/swap/reverse/${encodeURIComponent(id)}/transaction`);
  }

  /**
   * Swaps made with keys below the rescue key's master xpub (Boltz derives xpub/44/0/0/0/i).
   * Asked for one page of the first KEY_LOOKUP_LIMIT indexes, which Boltz scans whole: without
   * a page it stops at the first window of gapLimit keys none of its swaps has, and other hops
   * (sBTC, PowPeg) take indexes Boltz never sees. Windows as wide as it allows (boltzr
   * src/api/rescue.rs: gapLimit at most 150, limit at most 1000). A Boltz older than
   * pagination ignores the page and scans by gaps.
   */
  restore(xpub: string): Promise<RestorableSwap[]> {
    return this.post('/swap/restore', { xpub, gapLimit: 150, pagination: { startIndex: 0, limit: KEY_LOOKUP_LIMIT } });
  }

  height(currency: BoltzCurrency): Promise<{ height: number }> {
    return this.get(`/chain/${encodeURIComponent(currency)}/height`);
  }
  contracts(currency: BoltzCurrency): Promise<EvmContracts> {
    return this.get(`/chain/${encodeURIComponent(currency)}/contracts`);
  }
  transaction(currency: BoltzCurrency, id: string): Promise<{ hex: string; confirmations?: number }> {
    return this.get(`/chain/${encodeURIComponent(currency)}/transaction/${id}`);
  }
  broadcast(currency: BoltzCurrency, hex: string): Promise<{ id: string }> {
    return this.post(`/chain/${encodeURIComponent(currency)}/transaction`, { hex });
  }

  private async get<T>(path: string): Promise<T> {
    try {
      return await this.http.getJson<T>(path);
    } catch (err) {
      throw boltzError(err, this.host);
    }
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    try {
      return await this.http.postJson<T>(path, body);
    } catch (err) {
      throw boltzError(err, this.host);
    }
  }
}

/** Boltz answers errors as `{ "error": "..." }`; show that text rather than the raw body. */
export function boltzError(err: unknown, host: string): unknown {
  if (!(err instanceof HttpError)) return err;
  let said: string | undefined;
  try {
    const parsed = JSON.parse(err.body) as { error?: unknown };
    if (typeof parsed?.error === 'string') said = parsed.error;
  } catch {
    /* not JSON */
  }
  const reason = said ?? err.body.trim().slice(0, 200);
  // Boltz's words are shown quoted, as Boltz's.
  return new BoltzHttpError(err.status, reason, reason ? localText('err_boltz_refused', host, reason) : localText('err_boltz_refused_status', host, String(err.status)), said);
}

export class BoltzHttpError extends WalletError {
  constructor(
    readonly status: number,
    readonly reason: string,
    text: LocalText,
    /** Boltz's own `error` text, when the body was Boltz's JSON (not a page of some proxy). */
    readonly said?: string,
  ) {
    super('backend_error', text);
  }
}
