/**
 * Destination parsing for Liquid sends. Vectors: LWK's fixed_addresses_test (the
 * abandon phrase's first SLIP-77 addresses on Liquid, Liquid testnet and Elements
 * regtest), hal-elements' and LWK's mainnet examples, BIP173's Bitcoin vectors.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { createBase58check } from '@scure/base';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { parseLiquidAddress, scriptToAddress } from '../../../../src/layers/liquid/address';
import { blech32Encode } from '../../../../src/layers/liquid/blech32';
import { blindingPrivateKey, liquidAddress, liquidAddressAt, slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { WalletError } from '../../../../src/shared/errors';
import type { LiquidParams } from '../../../../src/shared/networks';

const TESTNET: LiquidParams = { blech32: 'tlq', bech32: 'tex' };
const DEVNET: LiquidParams = { blech32: 'el', bech32: 'ert' };
const seed = mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
const first = liquidAddress(HDKey.fromMasterSeed(seed), slip77MasterBlindingKey(seed), TESTNET, 0, 0);

const LWK = {
  liquidWpkh: 'lq1qqvxk052kf3qtkxmrakx50a9gc3smqad2ync54hzntjt980kfej9kkfe0247rp5h4yzmdftsahhw64uy8pzfe7cpg4fgykm7cv',
  liquidShWpkh: 'VJLCQwwG8s7qUGhpJkQpkf7wLoK785TcK2cPqka8675FeJB7NEHLto5MUJyhJURGJCbFHA6sb6rgTwbh',
  testnetWpkh: 'tlq1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z58hd7zrsg9qn',
  testnetShWpkh: 'vjTwLVioiKrDJ7zZZn9iQQrxP6RPpcvpHBhzZrbdZKKVZE29FuXSnkXdKcxK3qD5t1rYsdxcm9KYRMji',
  regtestWpkh: 'el1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z0z676mna6kdq',
  regtestShWpkh: 'AzpmUtw4GMrEsfz6GKx5SKT1DV3qLS3xtSGdKG351rMjGxoUwS6Vsbu3zu2opBiPtjWs1GnE48uMFFnb',
};

function refusal(input: string, params: LiquidParams): WalletError {
  try {
    parseLiquidAddress(input, params);
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error(`accepted ${input}`);
}

describe('Liquid destination addresses', () => {
  it("derives LWK's first Liquid testnet address for the abandon phrase", () => {
    expect(first.confidential).toBe(LWK.testnetWpkh);
  });

  it('derives each address key and blinding key as @scure/bip32 and noble do, on both chains and many indexes', () => {
    const random = crypto.getRandomValues(new Uint8Array(64));
    const account = HDKey.fromMasterSeed(random).derive("m/84'/1'/0'");
    const mbk = slip77MasterBlindingKey(random);
    for (const chain of [0, 1] as const) {
      for (const index of [...Array.from({ length: 24 }, (_, i) => i), 5000]) {
        const owned = liquidAddressAt(account, mbk, DEVNET, chain, index);
        const publicKey = account.deriveChild(chain).deriveChild(index).publicKey!;
        expect(bytesToHex(owned.publicKey), `${chain}/${index}`).toBe(bytesToHex(publicKey));
        expect(bytesToHex(owned.blindingPublicKey)).toBe(bytesToHex(secp256k1.getPublicKey(blindingPrivateKey(mbk, owned.script), true)));
      }
    }
  });

  it('reads a confidential blech32 address: P2WPKH script and the blinding key', () => {
    const d = parseLiquidAddress(`  ${LWK.testnetWpkh} `, TESTNET);
    expect(d.address).toBe(LWK.testnetWpkh);
    expect(bytesToHex(d.script)).toMatch(/^0014[0-9a-f]{40}$/);
    expect(d.blindingKey).toHaveLength(33);
    // The unconfidential form names the same script, without a key.
    const plain = parseLiquidAddress(first.unconfidential, TESTNET);
    expect(plain.script).toEqual(d.script);
    expect(plain.blindingKey).toBeUndefined();
    expect(scriptToAddress(d.script, TESTNET)).toBe(first.unconfidential);
  });

  it('reads confidential base58 P2SH addresses on testnet and regtest', () => {
    for (const [addr, params] of [
      [LWK.testnetShWpkh, TESTNET],
      [LWK.regtestShWpkh, DEVNET],
    ] as const) {
      const d = parseLiquidAddress(addr, params);
      expect(bytesToHex(d.script)).toMatch(/^a914[0-9a-f]{40}87$/);
      expect(d.blindingKey).toHaveLength(33);
      expect(scriptToAddress(d.script, params)).toMatch(params === TESTNET ? /^8/ : /^X/);
    }
  });

  it('reads the regtest (devnet) forms', () => {
    expect(parseLiquidAddress(LWK.regtestWpkh, DEVNET).blindingKey).toHaveLength(33);
    expect(parseLiquidAddress(LWK.regtestWpkh.toUpperCase(), DEVNET).blindingKey).toHaveLength(33);
  });

  it.each([
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'],
    ['bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080'],
    ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c'],
  ])('refuses the Bitcoin address %s as wrong network', (addr) => {
    const err = refusal(addr, TESTNET);
    expect(err.code).toBe('wrong_network');
    expect(err.message).toMatch(/Bitcoin address/);
  });

  it('refuses Bitcoin base58 addresses (P2PKH and P2SH, mainnet and testnet)', () => {
    const b58 = createBase58check(sha256);
    for (const version of [0, 5, 111, 196]) {
      const err = refusal(b58.encode(new Uint8Array([version, ...new Uint8Array(20).fill(9)])), TESTNET);
      expect([version, err.code, /Bitcoin/.test(err.message)]).toEqual([version, 'wrong_network', true]);
    }
  });

  it.each([[LWK.liquidWpkh], [LWK.liquidShWpkh], ['ex1qhuq5u7udzwskhaz45fy80kdaxjytqd99ju5yfn'], ['VTpzxkqVGbraaCz18fRVd7EtpG4FBoAFDAbGgBR8mzP2cUVwPWcTBKe75cwYH2rYjYoKFog3Hs1nVKPN']])(
    'refuses the Liquid mainnet address %s',
    (addr) => {
      const err = refusal(addr, TESTNET);
      expect(err.code).toBe('wrong_network');
      expect(err.message).toMatch(/Liquid mainnet address.*test networks/);
    },
  );

  it('refuses an address of the other test chain, naming it', () => {
    expect(refusal(LWK.regtestWpkh, TESTNET)).toMatchObject({ code: 'wrong_network', message: expect.stringMatching(/Elements regtest.*Liquid testnet/) });
    expect(refusal(LWK.testnetWpkh, DEVNET)).toMatchObject({ code: 'wrong_network', message: expect.stringMatching(/Liquid testnet.*Elements regtest/) });
    expect(refusal(first.unconfidential, DEVNET).code).toBe('wrong_network');
  });

  it('refuses malformed input as bad_address', () => {
    const typo = `${LWK.testnetWpkh.slice(0, 40)}${LWK.testnetWpkh[40] === 'q' ? 'p' : 'q'}${LWK.testnetWpkh.slice(41)}`;
    const badKey = blech32Encode('tlq', 0, new Uint8Array([0x02, ...new Uint8Array(32).fill(0xff), ...new Uint8Array(20)]));
    const shortProgram = blech32Encode('tlq', 0, new Uint8Array([...parseLiquidAddress(LWK.testnetWpkh, TESTNET).blindingKey!, ...new Uint8Array(19)]));
    for (const input of ['', '   ', 'hello', typo, LWK.testnetWpkh.slice(0, -1), badKey, shortProgram, 'liquidtestnet:' + LWK.testnetWpkh]) {
      expect([input, refusal(input, TESTNET).code]).toEqual([input, 'bad_address']);
    }
    expect(refusal('', TESTNET).message).toBe('Enter a Liquid address.');
  });
});
