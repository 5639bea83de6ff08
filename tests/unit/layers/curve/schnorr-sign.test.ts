/**
 * The table-based BIP340 signer gives noble's signatures byte for byte (same key, message
 * and auxiliary randomness), BIP340's first test vector included, and keys of either y.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { SchnorrKey } from '../../../../src/layers/curve/schnorr-sign';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('SchnorrKey', () => {
  it("signs BIP340's test vector 0", () => {
    const key = new SchnorrKey(hexToBytes('00'.repeat(31) + '03'));
    expect(bytesToHex(key.publicKey).toUpperCase()).toBe('F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9');
    expect(bytesToHex(key.sign(new Uint8Array(32), new Uint8Array(32))).toUpperCase()).toBe(
      'E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0',
    );
  });

  it("gives noble's signature and public key for random keys, messages and auxiliary randomness", () => {
    let oddKeys = 0;
    for (let i = 0; i < 40; i++) {
      const sk = secp256k1.utils.randomSecretKey();
      if (secp256k1.getPublicKey(sk, true)[0] === 3) oddKeys++;
      const key = new SchnorrKey(sk);
      expect(bytesToHex(key.publicKey)).toBe(bytesToHex(schnorr.getPublicKey(sk)));
      for (const message of [random(32), random(i % 3 === 0 ? 0 : 77)]) {
        const aux = random(32);
        const sig = key.sign(message, aux);
        expect(bytesToHex(sig)).toBe(bytesToHex(schnorr.sign(message, sk, aux)));
        expect(schnorr.verify(sig, message, key.publicKey)).toBe(true);
      }
    }
    // Both branches of BIP340's negation were taken.
    expect(oddKeys).toBeGreaterThan(0);
    expect(oddKeys).toBeLessThan(40);
  });

  it('signs with fresh auxiliary randomness by default: two signatures of one message differ and both verify', () => {
    const sk = secp256k1.utils.randomSecretKey();
    const key = new SchnorrKey(sk);
    const m = random(32);
    const [a, b] = [key.sign(m), key.sign(m)];
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
    for (const sig of [a, b]) expect(schnorr.verify(sig, m, key.publicKey)).toBe(true);
  });

  it('returns no signature its own check refuses: a key whose scalar went wrong after it was made', () => {
    const key = new SchnorrKey(secp256k1.utils.randomSecretKey());
    (key as unknown as { d: bigint }).d += 1n;
    expect(() => key.sign(random(32))).toThrow(/did not verify/);
  });

  it('refuses a secret key of 0, of n or more, or of the wrong length, and auxiliary randomness of the wrong length', () => {
    const n = secp256k1.Point.Fn.ORDER;
    for (const bad of [new Uint8Array(32), hexToBytes(n.toString(16)), hexToBytes((n + 5n).toString(16)), random(31)]) {
      expect(() => new SchnorrKey(bad)).toThrow(/out of range/);
    }
    expect(() => new SchnorrKey(secp256k1.utils.randomSecretKey()).sign(random(32), random(16))).toThrow(/32 bytes/);
  });
});
