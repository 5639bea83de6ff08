import { createContract } from 'micro-eth-signer/abi.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeBool, decodeInt, decodeString, encodeCall, selector } from '../../../../src/layers/rootstock/abi';

const abi = [
  { type: 'function', name: 'getFederationAddress', inputs: [], outputs: [{ name: '', type: 'string' }] },
  { type: 'function', name: 'getMinimumLockTxValue', inputs: [], outputs: [{ name: '', type: 'int256' }] },
  { type: 'function', name: 'isBtcTxHashAlreadyProcessed', inputs: [{ name: 'hash', type: 'string' }], outputs: [{ name: '', type: 'bool' }] },
  // Functions whose inputs have the layout of the values returned above (for decoding tests).
  { type: 'function', name: 'retString', inputs: [{ name: 'v', type: 'string' }], outputs: [] },
  { type: 'function', name: 'retInt', inputs: [{ name: 'v', type: 'int256' }], outputs: [] },
  { type: 'function', name: 'retBool', inputs: [{ name: 'v', type: 'bool' }], outputs: [] },
  {
    type: 'function',
    name: 'creditPegin',
    inputs: [
      { name: 'h', type: 'string' },
      { name: 'b', type: 'bytes32' },
      { name: 'r', type: 'address' },
      { name: 'height', type: 'int256' },
    ],
    outputs: [],
  },
] as const;
const c = createContract(abi as never) as Record<string, { encodeInput(v?: unknown): Uint8Array; encodeOutput?(v: unknown): Uint8Array }>;

describe('small ABI coder, checked against micro-eth-signer', () => {
  it('matches selectors and calldata', () => {
    expect(selector('getFederationAddress()')).toBe('6923fa85');
    expect(encodeCall('getFederationAddress()')).toBe(`0x${bytesToHex(c.getFederationAddress!.encodeInput())}`);
    const hash = 'ab'.repeat(32);
    expect(encodeCall('isBtcTxHashAlreadyProcessed(string)', [{ type: 'string', value: hash }])).toBe(
      `0x${bytesToHex(c.isBtcTxHashAlreadyProcessed!.encodeInput(hash))}`,
    );
    const args = { h: 'a long hash string that spans more than one word of thirty-two bytes', b: new Uint8Array(32).fill(0x11), r: '0x' + '22'.repeat(20), height: -5n };
    expect(
      encodeCall('creditPegin(string,bytes32,address,int256)', [
        { type: 'string', value: args.h },
        { type: 'bytes32', value: `0x${'11'.repeat(32)}` },
        { type: 'address', value: args.r },
        { type: 'int256', value: -5n },
      ]),
    ).toBe(`0x${bytesToHex(c.creditPegin!.encodeInput(args))}`);
  });

  it('decodes return values', () => {
    // micro-eth-signer encodes the value as an argument; without the selector that is the return layout.
    const enc = (name: string, v: unknown) => `0x${bytesToHex(c[name]!.encodeInput(v).slice(4))}`;
    expect(decodeString(enc('retString', '2N5muMepJizJE1gR7FbHJU6CD18V3BpNF9p'))).toBe('2N5muMepJizJE1gR7FbHJU6CD18V3BpNF9p');
    expect(decodeInt(enc('retInt', 1_000_000n))).toBe(1_000_000n);
    expect(decodeInt(enc('retInt', -1n))).toBe(-1n);
    expect(decodeBool(enc('retBool', true))).toBe(true);
  });
});
