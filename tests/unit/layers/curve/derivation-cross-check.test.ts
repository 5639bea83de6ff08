/**
 * Addresses come from our own curve code (public-child-key.ts), the signing keys from
 * @scure/bip32: each chain is checked once against the other before its first address is
 * shown, so a fault in ours can never show an address the wallet could not sign for.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { HDKey } from '@scure/bip32';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BitcoinKeys } from '../../../../src/layers/bitcoin/keys';
import { PublicChainNode } from '../../../../src/layers/curve/public-child-key';
import { liquidAccountKey, liquidAddressAt, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';

const seed = () => crypto.getRandomValues(new Uint8Array(64));
/** Our child point, off by G: what a wrong table entry would give. */
function breakDerivation() {
  const real = PublicChainNode.prototype.childPoint;
  vi.spyOn(PublicChainNode.prototype, 'childPoint').mockImplementation(function (this: PublicChainNode, index: number) {
    return real.call(this, index).add(secp256k1.Point.BASE);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the once-per-chain check of address derivation', () => {
  it('lets the same derivation through, for both Bitcoin schemes and Liquid', () => {
    const s = seed();
    const keys = new BitcoinKeys(HDKey.fromMasterSeed(s), { bech32: 'bcrt' } as never);
    expect(keys.address('p2wpkh', 0, 3).address).toMatch(/^bcrt1q/);
    expect(keys.address('p2tr', 1, 3).address).toMatch(/^bcrt1p/);
    expect(liquidAddressAt(liquidAccountKey(HDKey.fromMasterSeed(s)), slip77MasterBlindingKey(s), { blech32: 'el', bech32: 'ert' }, 0, 3).confidential).toMatch(/^el1/);
  });

  it('refuses to give an address when our derivation disagrees with the signing library', () => {
    breakDerivation();
    const s = seed();
    const keys = new BitcoinKeys(HDKey.fromMasterSeed(s), { bech32: 'bcrt' } as never);
    expect(() => keys.address('p2wpkh', 0, 3)).toThrow(/disagrees with the signing keys/);
    expect(() => keys.address('p2tr', 0, 3)).toThrow(/disagrees with the signing keys/);
    expect(() => liquidAddressAt(liquidAccountKey(HDKey.fromMasterSeed(s)), slip77MasterBlindingKey(s), { blech32: 'el', bech32: 'ert' }, 1, 3)).toThrow(/disagrees with the signing keys/);
  });
});
