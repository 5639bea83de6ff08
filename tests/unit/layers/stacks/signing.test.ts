/**
 * The Stacks account key's off-chain and transaction signatures. Message encodings
 * from stacks.js (packages/encryption/tests/messageSignature.test.ts); transaction
 * signatures checked by the devnet's independent SIP-005 verifier (@noble).
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { makeUnsignedContractCall, makeUnsignedSTXTokenTransfer, Cl } from '@stacks/transactions';
import { stacksMessageHash } from '../../../../src/layers/stacks/message-signing';
import { decodeTransaction, signOwnTransaction, spendsFrom } from '../../../../src/layers/stacks/sign-transaction';
import { WalletError } from '../../../../src/shared/errors';
import { verifySingleSig } from '../../../devnet/stacks/signature';

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const root = HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));
const key = root.derive("m/44'/5757'/0'/0/0");
const other = root.derive("m/44'/5757'/0'/0/1");
const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof WalletError) return err.code;
    throw err;
  }
  return 'signed';
};

describe('Stacks message hash', () => {
  it('hashes the prefix, the CompactSize length and the bytes (stacks.js vectors)', () => {
    expect(bytesToHex(stacksMessageHash('hello world'))).toBe(bytesToHex(sha256(utf8ToBytes('\x17Stacks Signed Message:\n\x0bhello world'))));
    expect(bytesToHex(stacksMessageHash(''))).toBe(bytesToHex(sha256(utf8ToBytes('\x17Stacks Signed Message:\n\x00'))));
    const long = 'This is a really long message to test the var_int prefix '.repeat(5).trimEnd();
    expect(long.length).toBe(284);
    expect(bytesToHex(stacksMessageHash(long))).toBe(bytesToHex(sha256(concatBytes(utf8ToBytes('\x17Stacks Signed Message:\n'), new Uint8Array([253, 28, 1]), utf8ToBytes(long)))));
  });
});

describe('signing a transaction a page built', () => {
  const transfer = (publicKey: Uint8Array, network: 'testnet' | 'mainnet' = 'testnet') =>
    makeUnsignedSTXTokenTransfer({ recipient: network === 'testnet' ? FRIEND : 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7', amount: 10n, publicKey: bytesToHex(publicKey), nonce: 3n, fee: 400n, network });

  it('signs ours so that an independent SIP-005 check recovers our key', async () => {
    const tx = decodeTransaction((await transfer(key.publicKey!)).serialize());
    expect(spendsFrom(tx, key.publicKey!)).toBe(true);
    const signed = signOwnTransaction(tx, key.privateKey!, key.publicKey!);
    expect(verifySingleSig(hexToBytes(signed.hex))).toBeNull();
    const call = await makeUnsignedContractCall({ contractAddress: FRIEND, contractName: 'c', functionName: 'f', functionArgs: [Cl.uint(1)], publicKey: bytesToHex(key.publicKey!), nonce: 0n, fee: 300n, network: 'testnet', validateWithAbi: false });
    expect(verifySingleSig(hexToBytes(signOwnTransaction(decodeTransaction(call.serialize()), key.privateKey!, key.publicKey!).hex))).toBeNull();
  });

  it('refuses another key\'s transaction, a mainnet one, and bytes that are not exactly one transaction', async () => {
    const theirs = decodeTransaction((await transfer(other.publicKey!)).serialize());
    expect(spendsFrom(theirs, key.publicKey!)).toBe(false);
    expect(code(() => signOwnTransaction(theirs, key.privateKey!, key.publicKey!))).toBe('bad_params');
    const mainnet = decodeTransaction((await transfer(key.publicKey!, 'mainnet')).serialize());
    expect(code(() => signOwnTransaction(mainnet, key.privateKey!, key.publicKey!))).toBe('wrong_network');
    const hex = (await transfer(key.publicKey!)).serialize();
    expect(code(() => decodeTransaction(`${hex}00`))).toBe('bad_params');
    expect(code(() => decodeTransaction(hex.slice(0, -2)))).toBe('bad_params');
    expect(code(() => decodeTransaction('0xzz'))).toBe('bad_params');
  });
});
