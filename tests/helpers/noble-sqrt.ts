/** noble's square root mod p as field.ts's sqrt answers it: null where noble throws (not a square). */
import { secp256k1 } from '@noble/curves/secp256k1.js';

export function nobleSqrt(a: bigint): bigint | null {
  try {
    return secp256k1.Point.Fp.sqrt(a);
  } catch {
    return null;
  }
}
