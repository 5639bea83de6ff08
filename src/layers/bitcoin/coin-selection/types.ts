import type { FeeRate } from '../fee-rate';

export interface Candidate<T = unknown> {
  value: bigint;
  /** Weight this input adds when spent. */
  inputWeight: number;
  ref: T;
}

export interface SelectionParams<T = unknown> {
  candidates: Candidate<T>[];
  /** Sum of the recipients' outputs. */
  target: bigint;
  feeRate: FeeRate;
  /** The rate at which we expect to spend coins later: decides whether spending more inputs now is wasteful. */
  longTermFeeRate: FeeRate;
  /** Overhead plus recipient outputs: the weight of the transaction before any input or change. */
  baseWeight: number;
  changeOutputWeight: number;
  /** Weight of spending the change output later. */
  changeSpendWeight: number;
  /** Smallest change worth creating (the change type's dust limit). */
  changeDust: bigint;
}

export type Algorithm = 'bnb' | 'largest-first' | 'single-random-draw';

export interface Selection<T = unknown> {
  algorithm: Algorithm;
  inputs: Candidate<T>[];
  inputTotal: bigint;
  fee: bigint;
  /** 0 when there is no change output. */
  change: bigint;
  weight: number;
  /** Bitcoin Core's waste metric: lower is better. */
  waste: bigint;
}
