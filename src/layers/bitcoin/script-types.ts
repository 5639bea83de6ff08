/**
 * Sizes and dust limits per output script type. Input weights assume the largest
 * signature (72-byte DER), so fees are never under the target rate.
 */
export type ScriptKind = 'p2wpkh' | 'p2tr' | 'p2wsh' | 'p2sh' | 'p2pkh' | 'other';

/** version + locktime (4 x 8) + input and output counts (4 x 2) + segwit marker and flag (2) */
export const TX_OVERHEAD_WEIGHT = 42;

/** Spending weight per input type (outpoint, empty scriptSig, sequence; plus witness). */
export const INPUT_WEIGHT: Record<'p2wpkh' | 'p2tr', number> = {
  p2wpkh: 4 * 41 + (1 + 1 + 72 + 1 + 33), // 272
  p2tr: 4 * 41 + (1 + 1 + 64), // 230, key path with default sighash
};

export function outputWeight(scriptLength: number): number {
  return 4 * (8 + 1 + scriptLength);
}

/** Bitcoin Core's dust thresholds at the default 3 sat/vB dust relay fee. */
export const DUST_LIMIT: Record<ScriptKind, bigint> = {
  p2wpkh: 294n,
  p2tr: 330n,
  p2wsh: 330n,
  p2sh: 540n,
  p2pkh: 546n,
  other: 546n,
};

export function scriptKind(script: Uint8Array): ScriptKind {
  const [a, b] = script;
  if (script.length === 22 && a === 0x00 && b === 0x14) return 'p2wpkh';
  if (script.length === 34 && a === 0x00 && b === 0x20) return 'p2wsh';
  if (script.length === 34 && a === 0x51 && b === 0x20) return 'p2tr';
  if (script.length === 23 && a === 0xa9 && b === 0x14 && script[22] === 0x87) return 'p2sh';
  if (script.length === 25 && a === 0x76 && b === 0xa9 && script[24] === 0xac) return 'p2pkh';
  return 'other';
}
