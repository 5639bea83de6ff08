/**
 * The part of coinselect 3.1.13 (untyped JavaScript) the bench uses. Sizes are in
 * bytes: an input counts 41 + `script.length`, an output 9 + `script.length`
 * (34 when it has no script, as its change output always has).
 */
declare module 'coinselect' {
  export interface CoinselectUtxo {
    value: number;
    script?: { length: number };
  }
  export interface CoinselectOutput {
    value?: number;
    script?: { length: number };
  }
  export interface CoinselectResult<U extends CoinselectUtxo, O extends CoinselectOutput> {
    /** Undefined when no solution was found. */
    inputs?: U[];
    outputs?: (O | { value: number })[];
    fee: number;
  }
  /** Blackjack (no change), then accumulative; fee rate in sat/B. */
  export default function coinSelect<U extends CoinselectUtxo, O extends CoinselectOutput>(
    utxos: U[],
    outputs: O[],
    feeRate: number,
  ): CoinselectResult<U, O>;
}
