/** The Bitcoin family's params: whole sats only, strict shapes, and a named network that must be the preset's. */
import { describe, expect, it } from 'vitest';
import { checkNetwork, networkName } from '../../../src/dapp/bitcoin/network';
import { parsePurposes, parseSats, parseSignMessage, parseSignPsbt, parseTransfer } from '../../../src/dapp/bitcoin/params';
import { DappError } from '../../../src/dapp/family';
import { resolvePreset } from '../../../src/shared/networks';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(DappError);
    return (err as DappError).refusal;
  }
  throw new Error('expected a refusal');
};

describe('Bitcoin dApp params', () => {
  it('takes amounts as whole sats (safe integers or digit strings), nothing else', () => {
    expect(parseSats(1, 'a')).toBe(1n);
    expect(parseSats(2_100_000_000_000_000, 'a')).toBe(2_100_000_000_000_000n);
    expect(parseSats('2100000000000000', 'a')).toBe(2_100_000_000_000_000n);
    for (const bad of [0, -1, 1.5, 2 ** 53, Number.NaN, Infinity, '1.0', ' 1', '1e3', '0x10', '2100000000000001', true, null, {}, 10n]) {
      expect(refusal(() => parseSats(bad, 'a'))).toBe('invalid_params');
    }
  });

  it('pays up to 16 recipients per sendTransfer and refuses malformed ones', () => {
    expect(parseTransfer({ recipients: [{ address: 'bcrt1q', amount: '5000' }], network: 'Regtest' })).toEqual({ recipients: [{ address: 'bcrt1q', amount: 5000n }] });
    expect(parseTransfer({ recipients: [{ address: 'a', amount: 1 }, { address: 'b', amount: 2 }] }).recipients.map((r) => r.amount)).toEqual([1n, 2n]);
    const many = Array.from({ length: 17 }, () => ({ address: 'a', amount: 1 }));
    for (const bad of [undefined, {}, { recipients: [] }, { recipients: many }, { recipients: [{ address: '', amount: 1 }] }, { recipients: 'x' }]) {
      expect(refusal(() => parseTransfer(bad))).toBe('invalid_params');
    }
  });

  it('reads signPsbt and signMessage strictly', () => {
    expect(parseSignPsbt({ psbt: 'cHNidP8=', signInputs: { bcrt1qx: [0, 2] }, broadcast: true })).toEqual({ psbt: 'cHNidP8=', signInputs: new Map([['bcrt1qx', [0, 2]]]), broadcast: true });
    expect(parseSignPsbt({ psbt: 'cHNidP8=' })).toEqual({ psbt: 'cHNidP8=', signInputs: undefined, broadcast: false });
    for (const bad of [{ psbt: 'not base64!' }, { psbt: 'cHNidP8=', signInputs: { a: [-1] } }, { psbt: 'cHNidP8=', signInputs: { a: [1.5] } }, { psbt: 'cHNidP8=', signInputs: [0] }, { psbt: 'cHNidP8=', broadcast: 'yes' }]) {
      expect(refusal(() => parseSignPsbt(bad))).toBe('invalid_params');
    }
    expect(parseSignMessage({ address: 'a', message: '' })).toEqual({ address: 'a', message: '', protocol: 'BIP322' });
    expect(refusal(() => parseSignMessage({ address: 'a', message: 'm', protocol: 'bip137' }))).toBe('invalid_params');
  });

  it('gives both address purposes unless some are named; other families\' purposes are left to them', () => {
    expect(parsePurposes(undefined, 'getAddresses')).toEqual(['payment', 'ordinals']);
    expect(parsePurposes({ purposes: ['stacks', 'ordinals'] }, 'getAddresses')).toEqual(['ordinals']);
    expect(parsePurposes({ addresses: ['payment'] }, 'wallet_connect')).toEqual(['payment']);
    expect(refusal(() => parsePurposes({ purposes: ['cold'] }, 'getAddresses'))).toBe('invalid_params');
  });

  it('names the preset by Sats Connect network names and refuses any other', () => {
    const preset = (id: string) => resolvePreset('bitcoin', id, {});
    expect(['testnet4', 'testnet3', 'signet', 'sbtc-testnet', 'devnet'].map((id) => networkName(preset(id)))).toEqual(['Testnet4', 'Testnet', 'Signet', 'Regtest', 'Regtest']);
    expect(() => checkNetwork('Regtest', preset('devnet'))).not.toThrow();
    expect(() => checkNetwork('devnet', preset('devnet'))).not.toThrow();
    expect(() => checkNetwork('Testnet4', preset('testnet4'))).not.toThrow();
    expect(() => checkNetwork(undefined, preset('signet'))).not.toThrow();
    expect(refusal(() => checkNetwork('Mainnet', preset('testnet4')))).toBe('wrong_network');
    expect(refusal(() => checkNetwork('Signet', preset('testnet4')))).toBe('wrong_network');
    expect(refusal(() => checkNetwork('Testnet4', preset('devnet')))).toBe('wrong_network');
    expect(refusal(() => checkNetwork('liquid', preset('devnet')))).toBe('wrong_network');
    // Sats Connect's "Testnet" is testnet3; lower-case names (Leather, @stacks/connect) are looser: Stacks testnet pairs with the sBTC regtest.
    expect(refusal(() => checkNetwork('Testnet', preset('testnet4')))).toBe('wrong_network');
    expect(() => checkNetwork('testnet', preset('testnet4'))).not.toThrow();
    expect(() => checkNetwork('testnet', preset('sbtc-testnet'))).not.toThrow();
    expect(refusal(() => checkNetwork('testnet', preset('devnet')))).toBe('wrong_network');
    expect(refusal(() => checkNetwork('mainnet', preset('devnet')))).toBe('wrong_network');
    expect(refusal(() => checkNetwork('devnet', preset('testnet4')))).toBe('wrong_network');
  });
});
