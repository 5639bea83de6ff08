/**
 * Emily, the API that tracks sBTC deposits for the signers (stacks-sbtc/sbtc
 * `emily/openapi-gen`): a deposit is announced with its scripts after the
 * Bitcoin transaction is broadcast, then read back for its status.
 */
import { HttpError, type HttpClient } from '../../shared/http';

export type EmilyStatus = 'pending' | 'reprocessing' | 'accepted' | 'confirmed' | 'failed' | 'rbf';

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

export interface EmilyLimits {
  pegCap: number | null;
  perDepositMinimum: number | null;
  perDepositCap: number | null;
  perWithdrawalCap: number | null;
}

export class EmilyClient {
  constructor(private readonly http: HttpClient) {}

  /** Announces a broadcast deposit. Announcing it again is harmless (Emily answers 409). */
  async createDeposit(body: { bitcoinTxid: string; bitcoinTxOutputIndex: number; reclaimScript: string; depositScript: string; transactionHex: string }): Promise<void> {
    try {
      await this.http.postJson('/deposit', body);
    } catch (err) {
      if (err instanceof HttpError && err.status === 409) return;
      throw err;
    }
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
