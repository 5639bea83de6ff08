/**
 * Emily, the API that tracks sBTC deposits and withdrawals for the signers
 * (stacks-network/sbtc `emily/handler`, spec in `emily/openapi-gen`): a deposit is
 * announced with its scripts after the Bitcoin transaction is broadcast, then read
 * back for its status; `/limits` states the caps the signers apply.
 */
import { WalletError } from '../../shared/errors';
import { HttpError, type HttpClient } from '../../shared/http';
import { localText, type LocalText } from '../../shared/local-text';

/**
 * emily/handler/src/api/models/common/mod.rs Status. `accepted`: the signers plan to
 * sweep it, which can still fail; `confirmed`: done, and only then with a fulfillment;
 * `reprocessing`: back under review after a reorg; `failed`: not fulfilled.
 */
export type EmilyStatus = 'pending' | 'reprocessing' | 'accepted' | 'confirmed' | 'failed';

export interface EmilyFulfillment {
  BitcoinTxid: string;
  BitcoinTxIndex: number;
  StacksTxid: string;
  BitcoinBlockHash: string;
  BitcoinBlockHeight: number;
  BtcFee: number;
}

export interface EmilyDeposit {
  bitcoinTxid: string;
  bitcoinTxOutputIndex: number;
  /** Hex of the recipient principal's Clarity serialization. */
  recipient: string;
  amount: number;
  lastUpdateHeight: number;
  lastUpdateBlockHash: string;
  status: EmilyStatus;
  statusMessage: string;
  parameters: { maxFee: number; lockTime: number };
  reclaimScript: string;
  depositScript: string;
  fulfillment?: EmilyFulfillment;
}

export interface EmilyWithdrawal {
  requestId: number;
  stacksBlockHash: string;
  stacksBlockHeight: number;
  /** Hex of the recipient's scriptPubKey. */
  recipient: string;
  sender: string;
  amount: number;
  lastUpdateHeight: number;
  lastUpdateBlockHash: string;
  status: EmilyStatus;
  statusMessage: string;
  parameters: { maxFee: number };
  txid: string;
  fulfillment?: EmilyFulfillment;
}

/** emily/handler/src/api/models/limits.rs AccountLimits: an account's own caps, sats (null: the global one applies). */
export interface EmilyAccountLimits {
  pegCap?: number | null;
  perDepositMinimum?: number | null;
  perDepositCap?: number | null;
  perWithdrawalCap?: number | null;
  rollingWithdrawalBlocks?: number | null;
  rollingWithdrawalCap?: number | null;
}

/** emily/handler/src/api/models/limits.rs Limits, sats (null: no limit). */
export interface EmilyLimits {
  pegCap: number | null;
  perDepositMinimum: number | null;
  perDepositCap: number | null;
  perWithdrawalCap: number | null;
  /** The rolling withdrawal window, in Bitcoin blocks, and the most withdrawn within it. */
  rollingWithdrawalBlocks?: number | null;
  rollingWithdrawalCap?: number | null;
  /** What the window has left: the rolling cap less every withdrawal in it but failed ones. */
  availableToWithdraw?: number | null;
  /** Per-account caps, by Stacks principal. */
  accountCaps?: Record<string, EmilyAccountLimits>;
}

/** An amount of sats from Emily's JSON (null: no limit); anything but a whole, safe, non-negative number is refused. */
export function emilySats(n: number | null | undefined, what: LocalText): bigint | null {
  if (n === null || n === undefined) return null;
  if (!Number.isSafeInteger(n) || n < 0) throw new WalletError('backend_error', localText('err_sbtc_emily_invalid', what));
  return BigInt(n);
}

export class EmilyClient {
  constructor(private readonly http: HttpClient) {}

  /** Announces a broadcast deposit. Announcing it again is harmless (emily/handler deposit.rs create_deposit: 201 new, 200 existing). */
  async createDeposit(body: { bitcoinTxid: string; bitcoinTxOutputIndex: number; reclaimScript: string; depositScript: string; transactionHex: string }): Promise<void> {
    await this.http.postJson('/deposit', body);
  }

  async deposit(txid: string, vout: number): Promise<EmilyDeposit | null> {
    try {
      return await this.http.getJson<EmilyDeposit>(`/deposit/${txid}/${vout}`);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    }
  }

  async withdrawal(requestId: number): Promise<EmilyWithdrawal | null> {
    try {
      return await this.http.getJson<EmilyWithdrawal>(`/withdrawal/${requestId}`);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    }
  }

  limits(): Promise<EmilyLimits> {
    return this.http.getJson<EmilyLimits>('/limits');
  }
}
