/**
 * The multiplications against @noble/curves on scalars whose GLV halves (and
 * amounts) have every window at the edges of the signed digits: just below, at
 * and above half a window (a carry into every next window), and all ones. These
 * drive the most negative and most positive table entries and the longest carry
 * chains through k·P (5-bit windows), k·G (7-bit) and v·H (5-bit).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { assetGenerator } from '../../../../src/layers/liquid/commitments';
import { amountMultiplyConstantTime, baseMultiplyConstantTime, LAMBDA, multiplyConstantTime, splitScalar } from '../../../../src/layers/curve/constant-time-multiply';

const Point = secp256k1.Point;
const { Fn } = Point;
const G = Point.BASE;
const HALF = 1n << 128n;

/** bits-long numbers whose width-bit windows all hold one of the edge values (cycled from `start`). */
function patterns(bits: number, width: number): bigint[] {
  const full = 1 << width;
  const half = full >> 1;
  const edges = [half - 1, half, half + 1, full - 1];
  const out: bigint[] = [];
  for (let start = 0; start < edges.length; start++) {
    for (const cycle of [1, 2]) {
      let n = 0n;
      for (let w = 0, i = start; w * width < bits; w++, i = cycle === 1 ? i : (i + cycle - 1) % edges.length) n |= BigInt(edges[i]!) << BigInt(w * width);
      out.push(n & ((1n << BigInt(bits)) - 1n));
    }
  }
  return [...new Set(out)];
}

describe('multiplications on edge digit patterns, against noble', () => {
  it('k·P and k·G equal noble where both GLV halves have edge windows', () => {
    const P = G.multiply(0x1234567890abcdefn);
    let exact = 0;
    let total = 0;
    for (const width of [5, 7]) {
      // Halves within 2^125 of the offset, the split's own range for them: the low windows patterned, above or below 2^128.
      const low = patterns(125, width);
      const halves = [...low.map((l) => HALF + l), ...low.map((l) => HALF - l)];
      for (const a of halves) {
        for (const b of halves) {
          const k = Fn.create(a + b * LAMBDA);
          if (k === 0n) continue;
          total++;
          const [sa, sb] = splitScalar(k);
          if (sa === a && sb === b) exact++;
          // k·P multiplies 5-bit digits, k·G 7-bit ones.
          if (width === 5) expect(multiplyConstantTime(P, k).toHex(), `${a.toString(16)} ${b.toString(16)}`).toBe(P.multiply(k).toHex());
          else expect(baseMultiplyConstantTime(k).toHex(), `${a.toString(16)} ${b.toString(16)}`).toBe(G.multiply(k).toHex());
        }
      }
    }
    // The split gives the patterned halves back (it keeps a short pair as it is), so the edge digits are the ones multiplied.
    expect(exact).toBeGreaterThan(0.9 * total);
  });

  it('v·H equals noble for amounts with edge windows, 2^64 - 1 included', () => {
    const H = assetGenerator(new Uint8Array(32).fill(0x66));
    for (const v of [...patterns(64, 5), (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n]) {
      expect(amountMultiplyConstantTime(H, v).toHex(), v.toString(16)).toBe(H.multiply(v).toHex());
    }
  });
});
