import { describe, expect, it } from 'vitest';
import { parseBitcoinAddress } from '../../../../src/layers/bitcoin/address';
import { buildBip21, parseBip21 } from '../../../../src/layers/bitcoin/bip21';
import { feeForWeight, fromEsploraRate, parseSatPerVb } from '../../../../src/layers/bitcoin/fee-rate';
import { formatAmount, parseAmount } from '../../../../src/shared/units';
import { WalletError } from '../../../../src/shared/errors';
import { shownError } from '../../../helpers/locale';

const testnet = { bech32: 'tb' } as const;
const regtest = { bech32: 'bcrt' } as const;

describe('Bitcoin addresses per network', () => {
  it('accepts testnet forms on testnet, in either case for bech32', () => {
    expect(parseBitcoinAddress('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl', testnet).kind).toBe('p2wpkh');
    expect(parseBitcoinAddress('TB1Q6RZ28MCFAXTMD6V789L9RRLRUSDPRR9PQCPVKL', testnet).address).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    expect(parseBitcoinAddress('tb1p8wpt9v4frpf3tkn0srd97pksgsxc5hs52lafxwru9kgeephvs7rqlqt9zj', testnet).kind).toBe('p2tr');
    expect(parseBitcoinAddress('mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV', testnet).kind).toBe('p2pkh');
    expect(parseBitcoinAddress('2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2', testnet).kind).toBe('p2sh');
  });

  it.each([
    ['bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', testnet, /mainnet/],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', testnet, /mainnet/],
    ['bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk', testnet, /regtest/],
    ['tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl', regtest, /testnet/],
  ])('refuses %s with the network it belongs to', (addr, params, network) => {
    expect(() => parseBitcoinAddress(addr, params)).toThrowError(expect.objectContaining({ code: 'wrong_network', message: expect.stringMatching(network) }));
  });

  it('refuses a bech32 address with a bad checksum or mixed case', () => {
    expect(() => parseBitcoinAddress('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkm', testnet)).toThrowError(expect.objectContaining({ code: 'bad_address' }));
    expect(() => parseBitcoinAddress('tb1Q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl', testnet)).toThrowError(expect.objectContaining({ code: 'bad_address' }));
  });
});

describe('BIP21', () => {
  it('parses amount, label, message and lightning', () => {
    expect(parseBip21('bitcoin:tb1qxyz?amount=0.0012&label=Bob%27s&message=hi&lightning=LNTB1ABC')).toEqual({
      address: 'tb1qxyz',
      amount: 120_000n,
      label: "Bob's",
      message: 'hi',
      lightning: 'LNTB1ABC',
    });
  });
  it('refuses unknown required parameters and bad amounts', () => {
    expect(() => parseBip21('bitcoin:tb1qxyz?req-somethingnew=1')).toThrow(/not support/);
    expect(() => parseBip21('bitcoin:tb1qxyz?amount=1.123456789')).toThrow(/8 decimal places/);
  });
  it('builds a URI the parser reads back', () => {
    expect(parseBip21(buildBip21('tb1qxyz', { amount: 1n, label: 'a b' }))).toMatchObject({ address: 'tb1qxyz', amount: 1n, label: 'a b' });
  });
});

describe('amounts and fee rates', () => {
  it('parses and formats without floats', () => {
    expect(parseAmount('0.1', 8)).toBe(10_000_000n);
    expect(parseAmount('21000000', 8)).toBe(2_100_000_000_000_000n);
    expect(parseAmount('.5', 8)).toBe(50_000_000n);
    expect(parseAmount('1.000000000000000001', 18)).toBe(1_000_000_000_000_000_001n);
    expect(formatAmount(1n, 8)).toBe('0.00000001');
    expect(formatAmount(-150_000_000n, 8)).toBe('-1.5');
    expect(formatAmount(10n ** 18n, 18)).toBe('1');
  });
  it('computes fees from weight in integers, rounding up', () => {
    expect(feeForWeight(561, 1000n)).toBe(141n); // 140.25 vB at 1 sat/vB
    expect(feeForWeight(400, 1500n)).toBe(150n);
    expect(parseSatPerVb('1.5')).toBe(1500n);
    expect(() => parseSatPerVb('0.9')).toThrow(/at least 1 sat\/vB/);
    expect(fromEsploraRate(2.0001)).toBe(2001n);
    expect(fromEsploraRate(0.25)).toBe(1000n);
  });
});

describe('BIP21 refusals in the user\'s language', () => {
  const refusal = (uri: string): WalletError => {
    try {
      parseBip21(uri);
    } catch (err) {
      if (err instanceof WalletError) return err;
      throw err;
    }
    throw new Error('accepted');
  };

  it('names the part that is badly encoded, translated', () => {
    expect(refusal('bitcoin:tb1q%zz').message).toBe("The URI's address is not properly percent-encoded.");
    expect(shownError(refusal('bitcoin:tb1q?lab%zzel=x'))).toBe('URI 中的参数名没有正确进行百分号编码。');
    expect(shownError(refusal('bitcoin:tb1q?label=%zz'))).toBe('URI 中的“label”的值没有正确进行百分号编码。');
  });

  it('says why the amount is invalid with the amount parser\'s own keyed reason', () => {
    const err = refusal('bitcoin:tb1q?amount=0.000000001');
    expect(err.message).toBe("The URI's amount is invalid: At most 8 decimal places for BTC.");
    expect(shownError(err)).toBe('URI 中的金额无效：BTC 最多 8 位小数。');
  });
});
