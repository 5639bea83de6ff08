/** EIP-712 hashing against viem's hashTypedData (an independent implementation), and the strict refusals. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashTypedData, recoverTypedDataAddress, recoverMessageAddress, type TypedDataDefinition } from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeType, parseTypedData, typedDataHash, TypedDataError } from '../../../../src/layers/rootstock/typed-data';
import { signPersonalMessage, signTypedData } from '../../../../src/layers/rootstock/message-sign';
import { addressFromPublicKey } from '../../../../src/layers/rootstock/address';

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}`;
/** As a page sends it: JSON, with bigints as decimal text (viem's stringify). */
const wire = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

const mail = {
  domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  },
} as const;

describe('EIP-712 typed data', () => {
  it("reproduces EIP-712's own example (encodeType and the signed hash)", () => {
    const data = parseTypedData(wire(mail));
    expect(encodeType(data, 'Mail')).toBe('Mail(Person from,Person to,string contents)Person(string name,address wallet)');
    expect(hex(typedDataHash(data))).toBe('0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
  });

  it('matches viem on every field kind: nested structs, dynamic and fixed arrays, bytes, bytesN, signed and small ints, bools', () => {
    const types = {
      Leaf: [
        { name: 'flag', type: 'bool' },
        { name: 'small', type: 'int8' },
        { name: 'tag', type: 'bytes4' },
      ],
      Root: [
        { name: 'leaves', type: 'Leaf[]' },
        { name: 'pair', type: 'uint16[2]' },
        { name: 'blob', type: 'bytes' },
        { name: 'who', type: 'address[]' },
        { name: 'big', type: 'int256' },
        { name: 'note', type: 'string' },
      ],
    } as const;
    const leaf = fc.record({ flag: fc.boolean(), small: fc.integer({ min: -128, max: 127 }), tag: fc.uint8Array({ minLength: 4, maxLength: 4 }).map(hex) });
    const root = fc.record({
      leaves: fc.array(leaf, { maxLength: 3 }),
      pair: fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })),
      blob: fc.uint8Array({ maxLength: 70 }).map(hex),
      who: fc.array(fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex), { maxLength: 2 }),
      big: fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n }),
      note: fc.string(),
    });
    const domain = fc.record({ name: fc.string(), chainId: fc.constantFrom(30, 31, 33), salt: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex) });
    fc.assert(
      fc.property(root, domain, (message, dom) => {
        const def = { domain: dom, types, primaryType: 'Root', message } as unknown as TypedDataDefinition;
        // viem sends the domain's type along; without it, the wallet derives the same one.
        const withDomainType = { ...def, types: { ...types, EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'salt', type: 'bytes32' }] } };
        expect(hex(typedDataHash(parseTypedData(wire(withDomainType))))).toBe(hashTypedData(def));
        expect(hex(typedDataHash(parseTypedData(wire(def))))).toBe(hashTypedData(def));
      }),
      { numRuns: 80 },
    );
  });

  it('signs so that viem recovers the signer, for typed data and for EIP-191 messages', async () => {
    const key = secp256k1.utils.randomSecretKey();
    const address = addressFromPublicKey(secp256k1.getPublicKey(key));
    const typed = await recoverTypedDataAddress({ ...(mail as unknown as TypedDataDefinition), signature: signTypedData(parseTypedData(wire(mail)), key) as `0x${string}` });
    expect(typed.toLowerCase()).toBe(address);
    const message = new TextEncoder().encode('héllo ✓');
    const personal = await recoverMessageAddress({ message: 'héllo ✓', signature: signPersonalMessage(message, key) as `0x${string}` });
    expect(personal.toLowerCase()).toBe(address);
  });

  it('refuses what it cannot encode exactly, saying which field', () => {
    const bad = (over: object, want: RegExp) => {
      expect(() => typedDataHash(parseTypedData(wire({ ...mail, ...over })))).toThrow(TypedDataError);
      expect(() => typedDataHash(parseTypedData(wire({ ...mail, ...over })))).toThrow(want);
    };
    bad({ message: { ...mail.message, contents: undefined } }, /message.contents is missing/);
    bad({ message: { ...mail.message, extra: 1 } }, /extra is not a field/);
    bad({ message: { ...mail.message, from: { name: 'Cow', wallet: '0x12' } } }, /message.from.wallet must be a 20-byte/);
    bad({ types: { ...mail.types, Person: [{ name: 'n', type: 'uint7' }] } }, /uint7 is not defined/);
    bad({ types: { ...mail.types, Person: [{ name: 'm', type: 'Mail' }] } }, /refers to itself/);
    bad({ primaryType: 'Nobody' }, /not among the types/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'uint8' }] }, message: { n: 256 } }, /does not fit uint8/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'uint256' }] }, message: { n: 2 ** 60 } }, /safe range/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'uint256' }] }, message: { n: 1.5 } }, /safe range/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'uint8[2]' }] }, message: { n: [1] } }, /must have 2 items/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'bytes2' }] }, message: { n: '0x010203' } }, /must be 2 bytes/);
    bad({ types: { ...mail.types, Mail: [{ name: 'n', type: 'bool' }] }, message: { n: 'true' } }, /true or false/);
    expect(() => parseTypedData('{')).toThrow(/not valid JSON/);
  });
});
