import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Transaction } from 'micro-eth-signer';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { bigintToBytes, encodeBytes, encodeList } from '../../../../src/layers/rootstock/rlp';
import { rawTxData, rawTxHash, signingHash, signLegacyTx, type LegacyTx } from '../../../../src/layers/rootstock/tx';
import { addressFromPublicKey } from '../../../../src/layers/rootstock/address';

const hex = (b: Uint8Array) => bytesToHex(b);

describe('RLP (yellow paper appendix B examples)', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  it('encodes strings, integers and lists', () => {
    expect(hex(encodeBytes(text('dog')))).toBe('83646f67');
    expect(hex(encodeList([text('cat'), text('dog')]))).toBe('c88363617483646f67');
    expect(hex(encodeBytes(new Uint8Array(0)))).toBe('80');
    expect(hex(encodeList([]))).toBe('c0');
    expect(hex(encodeList([0n]))).toBe('c180');
    expect(hex(encodeBytes(Uint8Array.of(0x0f)))).toBe('0f');
    expect(hex(encodeBytes(bigintToBytes(1024n)))).toBe('820400');
    expect(hex(encodeBytes(Uint8Array.of(0x80)))).toBe('8180');
  });
  it('switches to the long form at 56 bytes', () => {
    const lorem = text('Lorem ipsum dolor sit amet, consectetur adipisicing elit');
    expect(lorem.length).toBe(56);
    expect(hex(encodeBytes(lorem)).slice(0, 4)).toBe('b838');
    expect(hex(encodeBytes(lorem.subarray(0, 55))).slice(0, 2)).toBe('b7');
  });
  it('refuses negative integers', () => {
    expect(() => bigintToBytes(-1n)).toThrow();
  });
});

describe('legacy EIP-155 transactions', () => {
  it('reproduces the example of EIP-155 byte for byte', () => {
    const tx: LegacyTx = {
      nonce: 9n,
      gasPrice: 20_000_000_000n,
      gasLimit: 21_000n,
      to: '0x3535353535353535353535353535353535353535',
      value: 10n ** 18n,
      chainId: 1,
    };
    expect(hex(signingHash(tx))).toBe('daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53');
    const signed = signLegacyTx(tx, hexToBytes('46'.repeat(32)));
    expect(signed.raw).toBe(
      '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
    );
    expect(signed.hash).toBe(rawTxHash(signed.raw));
  });

  const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidSecretKey(k));
  const txArb = fc.record({
    nonce: fc.bigInt({ min: 0n, max: 2n ** 32n }),
    gasPrice: fc.bigInt({ min: 1n, max: 10n ** 13n }),
    gasLimit: fc.bigInt({ min: 21_000n, max: 10_000_000n }),
    to: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${hex(b)}`),
    value: fc.bigInt({ min: 0n, max: 10n ** 24n }),
    chainId: fc.constantFrom(30, 31, 33, 1, 1337),
  });

  it('matches micro-eth-signer on random transactions, and it decodes ours to the same fields and sender', () => {
    fc.assert(
      fc.property(txArb, keyArb, (tx, key) => {
        const ours = signLegacyTx(tx, key);
        const theirs = Transaction.prepare({ type: 'legacy', ...tx, chainId: BigInt(tx.chainId), data: '' }, false).signBy(key, false);
        expect(ours.raw).toBe(theirs.toHex());
        expect(ours.hash).toBe(theirs.hash);
        const decoded = Transaction.fromHex(ours.raw);
        if (decoded.type !== 'legacy') throw new Error('not legacy');
        expect(decoded.raw.chainId).toBe(BigInt(tx.chainId));
        expect(decoded.raw.nonce).toBe(tx.nonce);
        expect(decoded.raw.value).toBe(tx.value);
        expect(decoded.raw.to.toLowerCase()).toBe(tx.to);
        expect(decoded.sender.toLowerCase()).toBe(addressFromPublicKey(secp256k1.getPublicKey(key)));
      }),
      { numRuns: 60 },
    );
  });

  it('reads the call data back out of a signed transaction, as micro-eth-signer decodes it', () => {
    const dataArb = fc.uint8Array({ minLength: 0, maxLength: 300 });
    fc.assert(
      fc.property(txArb, keyArb, dataArb, (tx, key, data) => {
        const raw = signLegacyTx({ ...tx, data }, key).raw;
        const decoded = Transaction.fromHex(raw);
        expect(hex(rawTxData(raw))).toBe(decoded.raw.data.replace(/^0x/, ''));
        expect(hex(rawTxData(raw))).toBe(hex(data));
      }),
      { numRuns: 60 },
    );
    expect(() => rawTxData('0x' + hex(encodeList([1n, 2n])))).toThrow();
    expect(() => rawTxData('0x83646f67')).toThrow();
  });

  it('binds the signature to the chain id', () => {
    const key = hexToBytes('46'.repeat(32));
    const base = { nonce: 0n, gasPrice: 60_000_000n, gasLimit: 21_000n, to: '0x' + '35'.repeat(20), value: 1n };
    const on31 = Transaction.fromHex(signLegacyTx({ ...base, chainId: 31 }, key).raw);
    const on33 = Transaction.fromHex(signLegacyTx({ ...base, chainId: 33 }, key).raw);
    expect(on31.raw.chainId).toBe(31n);
    expect(on33.raw.chainId).toBe(33n);
    expect(on31.hash).not.toBe(on33.hash);
  });

  it('rejects a destination that is not 20 bytes', () => {
    const key = hexToBytes('46'.repeat(32));
    expect(() => signLegacyTx({ nonce: 0n, gasPrice: 1n, gasLimit: 21_000n, to: '0x1234', value: 1n, chainId: 31 }, key)).toThrow();
  });
});
