/**
 * A confidential address carries a blinding public key derived on our own base table: the
 * first one a worker derives is checked against noble's, since a wrong one would have
 * senders blind coins to a key the wallet cannot open. Here the table is made wrong for
 * exactly that first blinding key (the address keys stay right, so their own check passes).
 */
import { HDKey } from '@scure/bip32';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it, vi } from 'vitest';

const wrongFor = vi.hoisted(() => ({ scalar: -1n }));
vi.mock('../../../../src/layers/curve/constant-time-multiply', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/layers/curve/constant-time-multiply')>();
  const wrong = (secret: Uint8Array) => real.baseMultiplyConstantTime(bytesToNumberBE(secret)).add(secp256k1.Point.BASE).toBytes(true);
  return { ...real, publicKeyConstantTime: (secret: Uint8Array) => (bytesToNumberBE(secret) === wrongFor.scalar ? wrong(secret) : real.publicKeyConstantTime(secret)) };
});

const { blindingPrivateKey, liquidAccountKey, liquidAddressAt, p2wpkhScript, slip77MasterBlindingKey } = await import('../../../../src/layers/liquid/keys');

describe('the first blinding key a worker derives', () => {
  it('is refused when the table gives another key than noble', () => {
    const seed = crypto.getRandomValues(new Uint8Array(64));
    const root = HDKey.fromMasterSeed(seed);
    const account = liquidAccountKey(root);
    const mbk = slip77MasterBlindingKey(seed);
    const script = p2wpkhScript(account.deriveChild(0).deriveChild(0).publicKey!);
    wrongFor.scalar = bytesToNumberBE(blindingPrivateKey(mbk, script));
    expect(() => liquidAddressAt(account, mbk, { blech32: 'el', bech32: 'ert' }, 0, 0)).toThrow(/blinding key derivation disagrees/);
  });
});
