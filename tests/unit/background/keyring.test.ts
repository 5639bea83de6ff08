/**
 * Derivation checked against published vectors: BIP84 and BIP86 (the spec's
 * mainnet vectors plus the widely published testnet addresses for the same
 * phrase), EIP-1191, LUD-05, SLIP-77 (via Blockstream's LWK test vector) and
 * Clarinet's well-known devnet deployer for Stacks.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { bech32, bech32m } from '@scure/base';
import { networks, payments } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/background/keyring';
import { BitcoinKeys, bitcoinAddress } from '../../../src/layers/bitcoin/keys';
import type { BitcoinParams } from '../../../src/shared/networks';
import { linkingKeyPath, linkingPathSuffix } from '../../../src/layers/lightning/lnurl-auth-keys';
import { blech32Decode, blech32Encode } from '../../../src/layers/liquid/blech32';
import { liquidAddress, slip77MasterBlindingKey } from '../../../src/layers/liquid/keys';
import { addressFromPublicKey, toChecksumAddress } from '../../../src/layers/rootstock/address';
import { rootstockAddress } from '../../../src/layers/rootstock/keys';
import { stacksAddress } from '../../../src/layers/stacks/keys';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const seed = mnemonicToSeedSync(ABANDON);
const root = HDKey.fromMasterSeed(seed);

describe('BIP84 / BIP86', () => {
  it('matches the BIP84 spec vectors (mainnet paths)', () => {
    const at = (path: string) => payments.p2wpkh({ pubkey: root.derive(path).publicKey!, network: networks.bitcoin }).address;
    expect(at("m/84'/0'/0'/0/0")).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(at("m/84'/0'/0'/0/1")).toBe('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    expect(at("m/84'/0'/0'/1/0")).toBe('bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
  });

  it('matches the BIP86 spec vectors (mainnet paths)', () => {
    const at = (path: string) =>
      payments.p2tr({ internalPubkey: root.derive(path).publicKey!.slice(1), network: networks.bitcoin }).address;
    expect(at("m/86'/0'/0'/0/0")).toBe('bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr');
    expect(at("m/86'/0'/0'/0/1")).toBe('bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh');
    expect(at("m/86'/0'/0'/1/0")).toBe('bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7');
  });

  it('derives the testnet addresses for the same phrase at coin type 1', () => {
    expect(bitcoinAddress(root, { bech32: 'tb' }, 'p2wpkh', 0, 0).address).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    expect(bitcoinAddress(root, { bech32: 'tb' }, 'p2wpkh', 0, 1).address).toBe('tb1qd7spv5q28348xl4myc8zmh983w5jx32cjhkn97');
    expect(bitcoinAddress(root, { bech32: 'tb' }, 'p2tr', 0, 0).address).toBe(
      'tb1p8wpt9v4frpf3tkn0srd97pksgsxc5hs52lafxwru9kgeephvs7rqlqt9zj',
    );
  });

  it("derives Taproot addresses as bitcoinjs-lib's validated p2tr does, on both chains and many indexes", () => {
    const keys = new BitcoinKeys(root, { bech32: 'tb' } as BitcoinParams);
    const parities = new Set<number>();
    for (const chain of [0, 1] as const) {
      for (let index = 0; index < 12; index++) {
        const full = root.derive(`m/86'/1'/0'/${chain}/${index}`).publicKey!;
        parities.add(full[0]!);
        const internal = full.slice(1);
        const validated = payments.p2tr({ internalPubkey: internal, network: networks.testnet });
        const owned = keys.address('p2tr', chain, index);
        expect([owned.address, owned.script]).toEqual([validated.address, bytesToHex(validated.output!)]);
      }
    }
    // Internal keys of odd y among them too: BIP86's negation before the tweak was taken.
    expect([...parities].sort()).toEqual([2, 3]);
  });

  it('derives the same addresses together (a scan\'s first window) as one by one, in any order, around ones derived already', () => {
    for (let n = 0; n < 3; n++) {
      const seedRoot = HDKey.fromMasterSeed(crypto.getRandomValues(new Uint8Array(32)));
      const batched = new BitcoinKeys(seedRoot, { bech32: 'tb' } as BitcoinParams);
      const single = new BitcoinKeys(seedRoot, { bech32: 'tb' } as BitcoinParams);
      for (const scheme of ['p2wpkh', 'p2tr'] as const) {
        for (const chain of [0, 1] as const) {
          const early = batched.address(scheme, chain, 7);
          batched.prefetch(scheme, chain, [31, 3, 7, ...Array.from({ length: 24 }, (_, i) => i), 1000]);
          expect(batched.address(scheme, chain, 7)).toBe(early);
          for (const index of [...Array.from({ length: 24 }, (_, i) => i), 31, 1000]) {
            const owned = batched.address(scheme, chain, index);
            expect(owned).toEqual(single.address(scheme, chain, index));
            // And as bitcoinjs-lib derives it with @scure/bip32, validating the Taproot tweak.
            const pubkey = seedRoot.derive(`${scheme === 'p2wpkh' ? "m/84'" : "m/86'"}/1'/0'/${chain}/${index}`).publicKey!;
            const payment = scheme === 'p2wpkh' ? payments.p2wpkh({ pubkey, network: networks.testnet }) : payments.p2tr({ internalPubkey: pubkey.slice(1), network: networks.testnet });
            expect([owned.address, owned.script]).toEqual([payment.address, bytesToHex(payment.output!)]);
          }
        }
      }
    }
  });

  it('encodes the same witness programs with the regtest prefix', () => {
    const tb = bitcoinAddress(root, { bech32: 'tb' }, 'p2wpkh', 0, 0).address;
    const rt = bitcoinAddress(root, { bech32: 'bcrt' }, 'p2wpkh', 0, 0).address;
    expect(rt.startsWith('bcrt1q')).toBe(true);
    expect(bech32.decode(rt as `${string}1${string}`).words).toEqual(bech32.decode(tb as `${string}1${string}`).words);
    const tr = bitcoinAddress(root, { bech32: 'bcrt' }, 'p2tr', 0, 0).address;
    expect(bech32m.decode(tr as `${string}1${string}`).prefix).toBe('bcrt');
  });
});

describe('Stacks', () => {
  it("derives Clarinet's devnet deployer address at m/44'/5757'/0'/0/0", () => {
    const deployer =
      'twice kind fence tip hidden tilt action fragile skin nothing glory cousin green tomorrow spring wrist shed math olympic multiply hip blue scout claw';
    const r = HDKey.fromMasterSeed(mnemonicToSeedSync(deployer));
    expect(stacksAddress(r, { addressVersion: 'testnet' })).toEqual({
      address: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM',
      path: "m/44'/5757'/0'/0/0",
    });
  });
});

describe('Rootstock / EIP-1191', () => {
  const rskTestnet = [
    '0x42712D45473476B98452F434E72461577D686318',
    '0x27B1FdB04752BbC536007a920D24acB045561C26',
    '0x3599689e6292b81b2D85451025146515070129Bb',
    '0x52908400098527886E0F7030069857D2e4169EE7',
    '0x5aAeb6053F3e94c9b9A09F33669435E7EF1BEaEd',
    '0x66f9664F97F2b50f62d13eA064982F936DE76657',
    '0x8617e340b3D01fa5F11f306F4090Fd50e238070d',
    '0xDE709F2102306220921060314715629080e2Fb77',
    '0xFb6916095CA1dF60bb79CE92ce3Ea74C37c5D359',
    '0xd1220a0CF47c7B9Be7A2E6Ba89f429762E7b9adB',
    '0xdbF03B407C01E7cd3cbEa99509D93f8dDDc8C6fB',
  ];
  const rskMainnet = [
    '0x6549F4939460DE12611948B3F82B88C3C8975323',
    '0x27b1FdB04752BBc536007A920D24ACB045561c26',
    '0x3599689E6292B81B2D85451025146515070129Bb',
    '0x52908400098527886E0F7030069857D2E4169ee7',
    '0x5aaEB6053f3e94c9b9a09f33669435E7ef1bEAeD',
    '0x8617E340b3D01Fa5f11f306f4090fd50E238070D',
    '0xD1220A0Cf47c7B9BE7a2e6ba89F429762E7B9adB',
    '0xDBF03B407c01E7CD3cBea99509D93F8Dddc8C6FB',
    '0xDe709F2102306220921060314715629080e2FB77',
    '0xFb6916095cA1Df60bb79ce92cE3EA74c37c5d359',
  ];
  const ethMainnet = [
    '0x88021160C5C792225E4E5452585947470010289D',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xde709f2102306220921060314715629080e2fb77',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  ];

  it.each([
    [31, rskTestnet],
    [30, rskMainnet],
    [1, ethMainnet],
  ])('reproduces every EIP-1191 test case for chain %i', (chainId, cases) => {
    for (const addr of cases) expect(toChecksumAddress(addr, chainId)).toBe(addr);
  });

  it('derives Ethereum-style addresses correctly (abandon phrase at the Ethereum path)', () => {
    const pub = root.derive("m/44'/60'/0'/0/0").publicKey!;
    expect(toChecksumAddress(addressFromPublicKey(pub), 1)).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
  });

  it("uses Rootstock's testnet coin type and the chain-31 checksum", () => {
    const { address, path } = rootstockAddress(root, { chainId: 31 });
    expect(path).toBe("m/44'/37310'/0'/0/0");
    expect(address).toBe(toChecksumAddress(addressFromPublicKey(root.derive(path).publicKey!), 31));
    expect(address).not.toBe(toChecksumAddress(address, 30));
  });
});

describe('LNURL-auth (LUD-05)', () => {
  it('reproduces the LUD-05 test vector', () => {
    const hashingPrivKey = hexToBytes('7d417a6a5e9a6a4a879aeaba11a11838764c8fa2b959c242d43dea682b3e409b');
    expect(linkingPathSuffix(hashingPrivKey, 'site.com')).toEqual([1588488367, 2659270754, 38110259, 4136336762]);
  });

  it('derives a different linking key per domain under m/138\'', () => {
    const a = linkingKeyPath(root, 'site.com');
    const b = linkingKeyPath(root, 'other.site.com');
    expect(a).toMatch(/^m\/138'\/\d+\/\d+\/\d+\/\d+$/);
    expect(a).not.toBe(b);
  });
});

describe('Liquid (SLIP-77, blech32)', () => {
  it('derives the SLIP-77 master blinding key LWK publishes for the abandon phrase', () => {
    expect(bytesToHex(slip77MasterBlindingKey(seed))).toBe('9c8e4f05c7711a98c838be228bcb84924d4570ca53f35fa1c793e58841d47023');
  });

  it("reproduces LWK's first confidential address (Elements regtest prefix)", () => {
    const a = liquidAddress(root, slip77MasterBlindingKey(seed), { blech32: 'el', bech32: 'ert' }, 0, 0);
    expect(a.confidential).toBe(
      'el1qq2xvpcvfup5j8zscjq05u2wxxjcyewk7979f3mmz5l7uw5pqmx6xf5xy50hsn6vhkm5euwt72x878eq6zxx2z0z676mna6kdq',
    );
    expect(a.path).toBe("m/84'/1'/0'/0/0");
  });

  it('gives Liquid testnet addresses tlq1 (confidential) and tex1 (unconfidential) with the same program', () => {
    const a = liquidAddress(root, slip77MasterBlindingKey(seed), { blech32: 'tlq', bech32: 'tex' }, 0, 0);
    expect(a.confidential.startsWith('tlq1qq')).toBe(true);
    const decoded = blech32Decode(a.confidential)!;
    expect(decoded.program).toHaveLength(53);
    const program = bech32.fromWords(bech32.decode(a.unconfidential as `${string}1${string}`).words.slice(1));
    expect(decoded.program.slice(33)).toEqual(program);
  });

  it('refuses a blech32 string with one character changed', () => {
    const addr = blech32Encode('tlq', 0, new Uint8Array(53).fill(7));
    expect(blech32Decode(addr)).not.toBeNull();
    const broken = addr.slice(0, 20) + (addr[20] === 'q' ? 'p' : 'q') + addr.slice(21);
    expect(blech32Decode(broken)).toBeNull();
  });
});

describe('Keyring', () => {
  it('lists one public account per layer and nothing private', () => {
    const accounts = new Keyring(seed).accounts(DEFAULT_SETTINGS);
    expect(accounts.map((a) => a.layer)).toEqual(['bitcoin', 'lightning', 'stacks', 'liquid', 'rootstock']);
    expect(accounts[0]!.value).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    const text = JSON.stringify(accounts);
    const hashingPriv = bytesToHex(root.derive("m/138'/0").privateKey!);
    expect(text).not.toContain(hashingPriv);
    expect(text).not.toContain(bytesToHex(seed));
    expect(text).not.toContain('xprv');
  });
});
