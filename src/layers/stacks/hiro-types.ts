/**
 * The parts of Hiro's Stacks API JSON the wallet reads (stacks-blockchain-api
 * schemas: balances, nonces, Transaction / MempoolTransaction, fee estimates).
 * Amounts arrive as decimal strings; nonces and heights as JSON numbers.
 */

export interface HiroBalances {
  stx: { balance: string; locked: string; total_sent?: string; total_received?: string; total_fees_sent?: string };
  /** Keyed `CONTRACT_ADDRESS.contract-name::asset-name`. */
  fungible_tokens: Record<string, { balance: string; total_sent?: string; total_received?: string }>;
}

export interface HiroNonces {
  last_mempool_tx_nonce: number | null;
  last_executed_tx_nonce: number | null;
  possible_next_nonce: number;
  detected_missing_nonces: number[];
  detected_mempool_nonces?: number[];
}

/** stacks-blockchain-api src/api/schemas/v1/entities/transactions.ts `tx_status`. */
export type MinedStatus = 'success' | 'abort_by_response' | 'abort_by_post_condition' | 'problematic_skipped';
export type MempoolStatus =
  | 'pending'
  | 'dropped_replace_by_fee'
  | 'dropped_replace_across_fork'
  | 'dropped_too_expensive'
  | 'dropped_stale_garbage_collect'
  | 'dropped_problematic';

interface HiroTxBase {
  tx_id: string;
  nonce: number;
  fee_rate: string;
  sender_address: string;
  tx_status: MinedStatus | MempoolStatus;
  block_height?: number;
  block_time?: number;
  burn_block_time?: number;
  receipt_time?: number;
  tx_result?: { hex: string; repr: string };
}

export interface HiroTokenTransferTx extends HiroTxBase {
  tx_type: 'token_transfer';
  token_transfer: { recipient_address: string; amount: string; memo: string };
}

export interface HiroContractCallTx extends HiroTxBase {
  tx_type: 'contract_call';
  contract_call: {
    contract_id: string;
    function_name: string;
    function_args?: { hex: string; repr: string; name: string; type: string }[];
  };
}

export interface HiroOtherTx extends HiroTxBase {
  tx_type: 'smart_contract' | 'coinbase' | 'poison_microblock' | 'tenure_change';
}

export type HiroTx = HiroTokenTransferTx | HiroContractCallTx | HiroOtherTx;

export interface HiroList<T> {
  limit: number;
  offset: number;
  total: number;
  results: T[];
}

export interface HiroFeeEstimate {
  estimations: { fee_rate: number; fee: number }[];
}

/** A node's refusal of POST /v2/transactions (HTTP 400). */
export interface HiroRejection {
  error: string;
  reason: string;
  reason_data?: Record<string, unknown>;
  txid?: string;
}

export interface HiroFaucetResult {
  success: boolean;
  txId: string;
  txRaw: string;
}
