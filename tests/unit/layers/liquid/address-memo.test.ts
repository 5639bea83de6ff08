/**
 * Derived Liquid addresses are kept for the life of the worker: a refresh walks
 * the same addresses, and derivation is the bulk of its CPU. The kept ones must
 * be exactly what a fresh derivation gives, per wallet, and survive a wipe of
 * the account's private key (they are public data).
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { liquidAccountKey, liquidAddressAt, p2wpkhScript, slip77MasterBlindingKey, blindingPrivateKey } from '../../../../src/layers/liquid/keys';
import { secp256k1 } from '@noble/curves/secp256k1.js';

const DEVNET = { blech32: 'el', bech32: 'ert' } as const;
const TESTNET = { blech32: 'tlq', bech32: 'tex' } as const;
const seedA = mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
const seedB = mnemonicToSeedSync('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong');

describe('kept Liquid addresses', () => {
  it('are the fresh derivation, once per account, key, network, chain and index', () => {
    const account = liquidAccountKey(HDKey.fromMasterSeed(seedA));
    const mbk = slip77MasterBlindingKey(seedA);
    for (const chain of [0, 1] as const) {
      for (const index of [0, 1, 19, 20]) {
        const a = liquidAddressAt(account, mbk, DEVNET, chain, index);
        expect(liquidAddressAt(account, mbk, DEVNET, chain, index)).toBe(a);
        const pub = HDKey.fromMasterSeed(seedA).derive(`m/84'/1'/0'/${chain}/${index}`).publicKey!;
        expect(bytesToHex(a.publicKey)).toBe(bytesToHex(pub));
        expect(bytesToHex(a.script)).toBe(bytesToHex(p2wpkhScript(pub)));
        expect(bytesToHex(a.blindingPublicKey)).toBe(bytesToHex(secp256k1.getPublicKey(blindingPrivateKey(mbk, a.script), true)));
        expect(a.path).toBe(`m/84'/1'/0'/${chain}/${index}`);
      }
    }
    expect(liquidAddressAt(account, mbk, TESTNET, 0, 0).confidential).toMatch(/^tlq1/);
    expect(liquidAddressAt(account, mbk, DEVNET, 0, 0).confidential).toMatch(/^el1/);
  });

  it('never answer for another wallet', () => {
    const a = liquidAddressAt(liquidAccountKey(HDKey.fromMasterSeed(seedA)), slip77MasterBlindingKey(seedA), DEVNET, 0, 0);
    const accountB = liquidAccountKey(HDKey.fromMasterSeed(seedB));
    const b = liquidAddressAt(accountB, slip77MasterBlindingKey(seedB), DEVNET, 0, 0);
    expect(b.confidential).not.toBe(a.confidential);
    // The same account node with another blinding key: another confidential address, same script.
    const other = liquidAddressAt(accountB, slip77MasterBlindingKey(seedA), DEVNET, 0, 0);
    expect(bytesToHex(other.script)).toBe(bytesToHex(b.script));
    expect(other.confidential).not.toBe(b.confidential);
  });

  it('derive from a public chain node, so they survive a wipe of the account key', () => {
    const account = liquidAccountKey(HDKey.fromMasterSeed(seedA));
    const mbk = slip77MasterBlindingKey(seedA);
    const before = liquidAddressAt(account, mbk, DEVNET, 1, 3);
    account.wipePrivateData();
    expect(liquidAddressAt(account, mbk, DEVNET, 1, 3)).toBe(before);
    expect(liquidAddressAt(account, mbk, DEVNET, 1, 4).unconfidential).toMatch(/^ert1/);
  });
});
