/**
 * Bitcoin addresses and payment URIs against the public vectors:
 * - BIP-173 and BIP-350 "Test vectors" (bitcoin/bips bip-0173.mediawiki, bip-0350.mediawiki):
 *   valid segwit addresses with their scriptPubKeys, and invalid ones with the reason;
 * - BIP-321 "Examples" (bitcoin/bips bip-0321.mediawiki): URIs and "Invalid URIs".
 * This wallet lives on test networks, so mainnet vectors must come back as `wrong_network`
 * and testnet ones as their script; witness versions no network uses yet are refused.
 */
import { bech32, bech32m } from '@scure/base';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { parseBitcoinAddress } from '../../../../src/layers/bitcoin/address';
import { buildBip21, parseBip21 } from '../../../../src/layers/bitcoin/bip21';

const testnet = { bech32: 'tb' } as const;

/** BIP-350 valid vectors: address -> scriptPubKey. */
const BIP350_VALID: [string, string][] = [
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262'],
  ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6'],
  ['BC1SW50QGDZ25J', '6002751e'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', '5210751e76e8199196d454941c45d1b3a323'],
  ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433'],
  ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', '5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433'],
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'],
];

/** BIP-350 and BIP-173 invalid addresses (each with the reason the BIP gives). */
const INVALID = [
  'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', // invalid human-readable part
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // Bech32 instead of Bech32m
  'tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', // Bech32 instead of Bech32m
  'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', // Bech32 instead of Bech32m
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', // Bech32m instead of Bech32
  'tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', // Bech32m instead of Bech32
  'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', // invalid character in checksum
  'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', // invalid witness version
  'bc1pw5dgrnzv', // program length 1
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', // program length 41
  'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // v0 program length (BIP141)
  'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', // mixed case
  'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', // zero padding of more than 4 bits
  'tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', // non-zero padding
  'bc1gmk9yu', // empty data section
  // BIP-173
  'tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty',
  'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
  'BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2',
  'bc1rw5uspcuh',
  'bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90',
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7',
  'bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du',
  'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv',
];

/** A BIP-350 vector's witness program under the testnet prefix (same version and program, new checksum). */
function onTestnet(address: string): string {
  const { words } = bech32m.decode(address.toLowerCase() as `${string}1${string}`);
  return bech32m.encode('tb', words);
}

describe('BIP-173/350 segwit address vectors on testnet', () => {
  it.each(BIP350_VALID.filter(([a]) => a.toLowerCase().startsWith('tb1')))('reads %s as its scriptPubKey', (address, script) => {
    expect(bytesToHex(parseBitcoinAddress(address, testnet).script)).toBe(script);
  });

  it.each(BIP350_VALID.filter(([a]) => a.toLowerCase().startsWith('bc1')))('refuses mainnet %s as another network', (address) => {
    expect(() => parseBitcoinAddress(address, testnet)).toThrowError(expect.objectContaining({ code: 'wrong_network', message: expect.stringMatching(/mainnet/) }));
  });

  it.each(INVALID)('refuses %s', (address) => {
    expect(() => parseBitcoinAddress(address, testnet)).toThrowError(expect.objectContaining({ code: expect.stringMatching(/^(bad_address|wrong_network)$/) }));
  });

  // BIP-350's v1 (40-byte), v2 and v16 vectors, moved to tb: valid encodings no network spends by any rule yet.
  it.each(['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'BC1SW50QGDZ25J'])(
    'refuses the testnet form of %s: a witness version or program no network uses yet',
    (vector) => {
      const address = onTestnet(vector);
      expect(address).toMatch(/^tb1[pzs]/);
      expect(() => parseBitcoinAddress(address, testnet)).toThrowError(
        expect.objectContaining({ code: 'bad_address', message: expect.stringMatching(/witness version \d+.*anyone.*Nothing was sent/s) }),
      );
    },
  );

  it('still reads bech32 v0 (BIP-173) and Taproot (BIP-350) testnet addresses', () => {
    const v0 = bech32.encode('tb', [0, ...bech32.toWords(new Uint8Array(20).fill(7))]);
    expect(parseBitcoinAddress(v0, testnet).kind).toBe('p2wpkh');
  });
});

describe('BIP-321 URIs', () => {
  const ADDR = '175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W'; // the BIP's deliberately invalid example address

  it('reads the examples', () => {
    expect(parseBip21(`bitcoin:${ADDR}?amount=20.3&label=Luke-Jr`)).toEqual({ address: ADDR, amount: 2_030_000_000n, label: 'Luke-Jr' });
    expect(parseBip21(`bitcoin:${ADDR}?amount=50&label=Luke-Jr&message=Donation%20for%20project%20xyz`)).toMatchObject({ message: 'Donation for project xyz' });
    expect(parseBip21(`bitcoin:${ADDR}?lightning=lnbc420bogusinvoice`)).toMatchObject({ address: ADDR, lightning: 'lnbc420bogusinvoice' });
    expect(parseBip21(`bitcoin:${ADDR}?somethingyoudontunderstand=50&somethingelseyoudontget=999`)).toEqual({ address: ADDR });
    expect(() => parseBip21(`bitcoin:${ADDR}?req-somethingyoudontunderstand=50&req-somethingelseyoudontget=999`)).toThrowError(expect.objectContaining({ code: 'unsupported' }));
  });

  it.each([
    [`bitcoin:${ADDR}?label=Luke-Jr&label=Matt`, /label/],
    [`bitcoin:${ADDR}?amount=42&amount=10`, /amount/],
    [`bitcoin:${ADDR}?amount=42&amount=42`, /amount/],
    [`bitcoin:${ADDR}?pop=callback%3a&req-pop=callback%3a`, /pop/],
    [`bitcoin:${ADDR}?message=a&MESSAGE=b`, /message/],
    [`bitcoin:${ADDR}?lightning=lnbc1a&lightning=lnbc1b`, /lightning/],
  ])('refuses the invalid URI %s (a key that may appear once appears twice)', (uri, key) => {
    expect(() => parseBip21(uri)).toThrowError(expect.objectContaining({ code: 'bad_address', message: expect.stringMatching(key) }));
  });

  it('allows repeated unknown keys, as BIP-321 requires', () => {
    expect(parseBip21(`bitcoin:${ADDR}?foo=1&foo=2`)).toEqual({ address: ADDR });
  });

  it('keeps + literal (RFC 3986), decodes %20 as a space, and builds URIs the parser reads back', () => {
    expect(parseBip21(`bitcoin:${ADDR}?label=a+b&message=c%2Bd%20e`)).toMatchObject({ label: 'a+b', message: 'c+d e' });
    expect(buildBip21(ADDR, { label: 'Bob & Alice+1 50%' })).toBe(`bitcoin:${ADDR}?label=Bob%20%26%20Alice%2B1%2050%25`);
    expect(parseBip21(buildBip21(ADDR, { amount: 1n, label: 'a b+c' }))).toMatchObject({ amount: 1n, label: 'a b+c' });
  });

  it('refuses a value that is not valid percent-encoding with a typed error', () => {
    expect(() => parseBip21(`bitcoin:${ADDR}?label=%E0%A4%A`)).toThrowError(expect.objectContaining({ code: 'bad_address' }));
  });
});
