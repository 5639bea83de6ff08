import { describe, expect, it } from 'vitest';
import { parseAddress, toChecksumAddress } from '../../../../src/layers/rootstock/address';
import { WalletError } from '../../../../src/shared/errors';

// EIP-1191's own test cases for chain 31 (also in tests/unit/background/keyring.test.ts).
const RSK_TESTNET = [
  '0x27B1FdB04752BbC536007a920D24acB045561C26',
  '0x3599689e6292b81b2D85451025146515070129Bb',
  '0x5aAeb6053F3e94c9b9A09F33669435E7EF1BEaEd',
  '0xFb6916095CA1dF60bb79CE92ce3Ea74C37c5D359',
];
// EIP-55's own test cases (Ethereum mainnet checksum).
const EIP55 = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'];

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

describe('parseAddress', () => {
  it('accepts EIP-1191 chain-31 checksums and returns them unchanged', () => {
    for (const a of RSK_TESTNET) expect(parseAddress(a, 31)).toBe(a);
  });

  it('accepts EIP-55 and case-free input, returning the chain checksum', () => {
    for (const a of EIP55) expect(parseAddress(a, 31)).toBe(toChecksumAddress(a, 31));
    const lower = RSK_TESTNET[0]!.toLowerCase();
    expect(parseAddress(`  ${lower} `, 31)).toBe(RSK_TESTNET[0]);
    expect(parseAddress(`0x${lower.slice(2).toUpperCase()}`, 33)).toBe(toChecksumAddress(lower, 33));
  });

  it('refuses a mixed-case address whose checksum matches no form', () => {
    // Flip the case of one letter of a valid chain-31 address.
    const good = RSK_TESTNET[0]!;
    const i = good.search(/[a-f]/);
    const typo = good.slice(0, i) + good[i]!.toUpperCase() + good.slice(i + 1);
    expect(typo).not.toBe(good);
    const err = errorOf(() => parseAddress(typo, 31));
    expect(err.code).toBe('bad_address');
    expect(err.message).toMatch(/checksum/);
  });

  it('names the network of an address checksummed for another Rootstock chain', () => {
    const mainnetForm = toChecksumAddress(RSK_TESTNET[0]!, 30);
    expect(mainnetForm).not.toBe(RSK_TESTNET[0]);
    const err = errorOf(() => parseAddress(mainnetForm, 31));
    expect(err.code).toBe('wrong_network');
    expect(err.message).toContain('Rootstock mainnet');
    // A chain-31 checksum on the regtest preset (chain 33) is refused too.
    const testnetForm = toChecksumAddress(RSK_TESTNET[1]!, 31);
    expect(testnetForm).not.toBe(toChecksumAddress(testnetForm, 33));
    expect(errorOf(() => parseAddress(testnetForm, 33)).code).toBe('wrong_network');
  });

  it('refuses wrong lengths, non-hex characters, a missing 0x and the zero address', () => {
    const good = RSK_TESTNET[0]!.toLowerCase();
    const short = errorOf(() => parseAddress(good.slice(0, -1), 31));
    expect(short.code).toBe('bad_address');
    expect(short.message).toContain('this one has 39');
    expect(errorOf(() => parseAddress(`${good}00`, 31)).message).toContain('this one has 42');
    expect(errorOf(() => parseAddress(`${good.slice(0, -1)}g`, 31)).message).toMatch(/not hexadecimal/);
    expect(errorOf(() => parseAddress(good.slice(2), 31)).message).toMatch(/starts with 0x/);
    expect(errorOf(() => parseAddress('', 31)).code).toBe('bad_address');
    expect(errorOf(() => parseAddress(`0x${'0'.repeat(40)}`, 31)).message).toMatch(/zero address/);
  });
});
