/**
 * The worker hands bitcoinjs-lib its secp256k1 library without bitcoinjs-lib's start-up check
 * (src/layers/bitcoin/keys.ts): that check runs here, on the same library, at every test run.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib } from 'bitcoinjs-lib';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../../src/layers/bitcoin/keys';

describe("the worker's secp256k1 library for bitcoinjs-lib", () => {
  afterEach(() => initEccLib(ecc, { DANGER_DO_NOT_VERIFY_ECCLIB: true }));

  it("passes bitcoinjs-lib's own check", () => {
    initEccLib(undefined); // forget it, so the next call checks it again
    expect(() => initEccLib(ecc)).not.toThrow();
  });

  it('the check is real: a library that gets one tweak wrong fails it', () => {
    initEccLib(undefined);
    const wrong = { ...ecc, xOnlyPointAddTweak: (p: Uint8Array, t: Uint8Array) => ecc.xOnlyPointAddTweak(p, t.map((b, i) => (i === 31 ? b ^ 1 : b))) };
    expect(() => initEccLib(wrong)).toThrow();
  });
});
