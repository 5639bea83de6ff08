/**
 * The sBTC deposit output and its reclaim spend, against stacks-network/sbtc
 * (commit a291cdd2): the deposit and reclaim scripts and the P2TR output of a real
 * deposit Emily accepts (emily/handler/tests/fixtures/create-deposit-valid.json,
 * whose transaction hashes to its txid), the lock-time encodings
 * sbtc/src/deposits.rs tests (reclaim_script_lock_time), and the reclaim spend
 * checked by the devnet's independent Taproot verifier.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { deserializeCV, type PrincipalCV } from '@stacks/transactions';
import { networks, payments, Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { verifyTaprootInputs } from '../../../devnet/bitcoin/taproot-verifier';
import { buildReclaim } from '../../../../src/hops/sbtc/reclaim';
import { depositData, depositOutput, depositScript, NUMS_X_ONLY, reclaimScript, xOnly } from '../../../../src/hops/sbtc/scripts';
import { bitcoinNetwork } from '../../../../src/layers/bitcoin/keys';
import { secp256k1 } from '@noble/curves/secp256k1.js';

// emily/handler/tests/fixtures/create-deposit-valid.json: tx f75cb869…58de, output 0.
const EMILY_VALID = {
  depositScript: '1e000000000001388005160bf8a0a80e3a205534977e0d9e00bcd8b9c1b3a17520f898f8a6ddb86dd4608dd168355ec6135fe2839222240c01942e8e7e50dd4c89ac',
  reclaimScript: '5cb275204384f64fdbe709bec8cbecdb1780258449313fb2c02801098bb56ef742308d54ac',
  outputScript: '5120d58d5d38bb5a2813cecfeced939b190048527a2b249dbaf09c302bb636af0f1e',
};
// The fixture's deposit data: max fee 0x013880 sats, then a standard principal (05, version 0x16, hash160).
const RECIPIENT = (deserializeCV('05160bf8a0a80e3a205534977e0d9e00bcd8b9c1b3a1') as PrincipalCV).value;
const SIGNERS = hexToBytes('f898f8a6ddb86dd4608dd168355ec6135fe2839222240c01942e8e7e50dd4c89');
const USER = hexToBytes('4384f64fdbe709bec8cbecdb1780258449313fb2c02801098bb56ef742308d54');

describe('sBTC deposit scripts (stacks-network/sbtc v1 format)', () => {
  it('builds the deposit script, reclaim script and P2TR output of a deposit Emily accepts', () => {
    expect(RECIPIENT).toBe('SP5ZH8581RX20N9MJXZ0V7G0QKCBKGDKM4EK3700');
    const out = depositOutput({ maxFee: 80_000n, recipient: RECIPIENT, signersXOnly: SIGNERS, lockTime: 12, ourXOnly: USER }, networks.bitcoin);
    expect(bytesToHex(out.depositScript)).toBe(EMILY_VALID.depositScript);
    expect(bytesToHex(out.reclaimScript)).toBe(EMILY_VALID.reclaimScript);
    expect(bytesToHex(out.output)).toBe(EMILY_VALID.outputScript);
    expect(out.address).toBe(payments.p2tr({ output: hexToBytes(EMILY_VALID.outputScript) }).address);
  });

  it('puts the max fee first, 8 bytes big-endian, then the SIP-005 principal (deposits.rs DepositScriptInputs::parse layout)', () => {
    const data = depositData(0x0102030405060708n, RECIPIENT);
    expect(bytesToHex(data.slice(0, 8))).toBe('0102030405060708');
    expect(bytesToHex(data.slice(8))).toBe('05160bf8a0a80e3a205534977e0d9e00bcd8b9c1b3a1');
    // deposits.rs STANDARD_SCRIPT_LENGTH: push, type prefix, max fee, 21-byte address, 35-byte fixed tail.
    expect(depositScript(1n, RECIPIENT, SIGNERS)).toHaveLength(1 + 1 + 8 + 21 + 35);
  });

  it('pushes a long contract principal with OP_PUSHDATA1, minimally (deposits.rs rejects a non-minimal push)', () => {
    // 127 characters: @stacks/transactions refuses 128, which Clarity allows (the wallet only deposits to its standard address).
    const contract = `${RECIPIENT}.${'a'.repeat(127)}`;
    const script = depositScript(1n, contract, SIGNERS);
    const dataLength = 8 + 1 + 1 + 20 + 1 + 127;
    expect(bytesToHex(script.slice(0, 2))).toBe(`4c${dataLength.toString(16)}`);
    const short = depositScript(1n, `${RECIPIENT}.c`, SIGNERS);
    expect(short[0]).toBe(8 + 1 + 1 + 20 + 1 + 1);
  });

  it('encodes the reclaim lock time as a minimal script number (deposits.rs reclaim_script_lock_time cases)', () => {
    const lockOf = (lock: number) => bytesToHex(reclaimScript(lock, USER).slice(0, -35));
    expect(lockOf(6)).toBe('56b2');
    expect(lockOf(15)).toBe('5fb2');
    expect(lockOf(16)).toBe('60b2');
    expect(lockOf(17)).toBe('0111b2');
    expect(lockOf(0xff)).toBe('02ff00b2');
    expect(lockOf(0xffff)).toBe('03ffff00b2');
    expect(bytesToHex(reclaimScript(6, USER).slice(-35))).toBe(`7520${bytesToHex(USER)}ac`);
  });

  it('refuses lock times sBTC does not accept: zero (no lock), above 16 bits (not block-based), fractions', () => {
    for (const bad of [0, -1, 0x10000, 0x400000, 1.5, Number.NaN]) expect(() => reclaimScript(bad, USER)).toThrow(RangeError);
  });

  it('locks the output to the unspendable NUMS key and both leaves (the key path is nobody’s)', () => {
    const out = depositOutput({ maxFee: 80_000n, recipient: RECIPIENT, signersXOnly: SIGNERS, lockTime: 12, ourXOnly: USER }, networks.bitcoin);
    const keyPathOnly = payments.p2tr({ internalPubkey: NUMS_X_ONLY, network: networks.bitcoin }).output!;
    expect(bytesToHex(out.output)).not.toBe(bytesToHex(keyPathOnly));
    // The control block names the NUMS internal key and the deposit leaf as the sibling of the reclaim leaf.
    expect(out.reclaimControlBlock).toHaveLength(65);
    expect(bytesToHex(out.reclaimControlBlock.slice(1, 33))).toBe(bytesToHex(NUMS_X_ONLY));
  });

  it('xOnly drops the parity byte of a compressed key and keeps an x-only key', () => {
    const compressed = hexToBytes(`03${bytesToHex(USER)}`);
    expect(bytesToHex(xOnly(compressed))).toBe(bytesToHex(USER));
    expect(bytesToHex(xOnly(USER))).toBe(bytesToHex(USER));
  });
});

describe('sBTC reclaim spend', () => {
  const network = bitcoinNetwork({ bech32: 'bcrt' });
  const privateKey = hexToBytes('0101010101010101010101010101010101010101010101010101010101010101');
  const ours = xOnly(secp256k1.getPublicKey(privateKey, true));
  const signers = xOnly(secp256k1.getPublicKey(hexToBytes('0202020202020202020202020202020202020202020202020202020202020202'), true));
  const lockTime = 20;
  const out = depositOutput({ maxFee: 80_000n, recipient: RECIPIENT, signersXOnly: signers, lockTime, ourXOnly: ours }, network);
  const to = payments.p2wpkh({ pubkey: secp256k1.getPublicKey(privateKey, true), network }).address!;
  const input = {
    fundingTxid: 'aa'.repeat(32),
    fundingVout: 1,
    amount: 100_000n,
    depositAddress: out.address,
    reclaimScript: out.reclaimScript,
    controlBlock: out.reclaimControlBlock,
    lockTime,
    to,
    feeRate: 2_000n,
    privateKey,
    network,
  };
  const prevouts = (amount = input.amount) => [{ script: out.output, value: amount }];

  it('is a version-2 spend through the reclaim leaf, with the lock time as its relative lock, that an independent verifier accepts', () => {
    const built = buildReclaim(input);
    const tx = Transaction.fromHex(built.hex);
    expect(tx.version).toBe(2);
    expect(tx.ins[0]!.sequence).toBe(lockTime);
    expect(bytesToHex(tx.ins[0]!.hash.slice().reverse())).toBe(input.fundingTxid);
    expect(tx.ins[0]!.index).toBe(1);
    expect(tx.outs[0]!.value).toBe(input.amount - built.fee);
    // The fee pays the rate for the whole signed weight (2 sat/vB), no more than one vbyte over.
    const vbytes = BigInt(Math.ceil(tx.weight() / 4));
    expect(built.fee).toBeGreaterThanOrEqual(2n * vbytes - 2n);
    expect(built.fee).toBeLessThanOrEqual(2n * vbytes + 2n);
    expect(verifyTaprootInputs(hexToBytes(built.hex), prevouts())).toBeNull();
    expect(built.txid).toBe(tx.getId());
  });

  it('its signature commits to the deposit amount: a different amount does not verify', () => {
    const built = buildReclaim(input);
    expect(verifyTaprootInputs(hexToBytes(built.hex), prevouts(input.amount + 1n))).toBe('input 0: invalid sBTC leaf signature');
  });

  it('signed with another key than the reclaim leaf names, it does not verify', () => {
    const built = buildReclaim({ ...input, privateKey: hexToBytes('03'.repeat(32)) });
    expect(verifyTaprootInputs(hexToBytes(built.hex), prevouts())).toBe('input 0: invalid sBTC leaf signature');
  });

  it('a relative lock below the leaf’s is refused by the verifier (BIP112)', () => {
    const built = buildReclaim({ ...input, lockTime: lockTime - 1 });
    expect(verifyTaprootInputs(hexToBytes(built.hex), prevouts())).toMatch(/relative lock 19 is below the leaf's 20/);
  });

  it('refuses a deposit too small to pay its own reclaim fee, and a fee above the cap', () => {
    expect(() => buildReclaim({ ...input, amount: 400n })).toThrow(/too small to pay the fee of reclaiming it/);
    expect(() => buildReclaim({ ...input, feeRate: 1_000_000_000n })).toThrow();
  });
});
