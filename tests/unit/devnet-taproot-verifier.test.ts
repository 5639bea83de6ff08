/**
 * The devnet's Taproot verifier (tests/devnet/bitcoin/taproot-verifier.ts) against
 * BIP341's wallet test vectors and BIP340's test vectors (bitcoin/bips
 * bip-0341/wallet-test-vectors.json, bip-0340/test-vectors.csv, in tests/unit/vectors):
 * it must accept the real signed transaction and refuse it once anything a
 * signature commits to is changed.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { bip340Verify, tweakedKey } from '../devnet/bip340';
import { taprootSighash, verifyTaprootInputs, type Prevout } from '../devnet/bitcoin/taproot-verifier';

interface Bip341Vectors {
  fullySignedTx: string;
  utxosSpent: { scriptPubKey: string; amountSats: number }[];
  inputSpending: { txinIndex: number; hashType: number; sigHash: string; witness: string[] }[];
  tweaks: { internalPubkey: string; merkleRoot: string | null; tweakedPubkey: string; controlBlocks: string[] }[];
}

const v = JSON.parse(readFileSync(new URL('./vectors/bip341.json', import.meta.url), 'utf8')) as Bip341Vectors;
const signed = hexToBytes(v.fullySignedTx);
const prevouts = (): Prevout[] => v.utxosSpent.map((u) => ({ script: hexToBytes(u.scriptPubKey), value: BigInt(u.amountSats) }));

/** The signed vector with `edit` applied to its parsed form. */
function tampered(edit: (tx: Transaction) => void): Uint8Array {
  const tx = Transaction.fromBuffer(signed);
  edit(tx);
  return tx.toBuffer();
}

describe('Taproot verifier: BIP341 key-path vectors', () => {
  it('accepts the fully signed vector transaction (seven key-path inputs, every hash type)', () => {
    expect(verifyTaprootInputs(signed, prevouts())).toBeNull();
  });

  it('computes each input’s BIP341 sighash as the vector does, from both libraries', () => {
    for (const input of v.inputSpending) {
      expect(bytesToHex(taprootSighash(signed, input.txinIndex, prevouts(), input.hashType))).toBe(input.sigHash);
    }
  });

  it('refuses a flipped bit in a signature', () => {
    const raw = tampered((tx) => {
      const sig = Uint8Array.from(tx.ins[4]!.witness[0]!);
      sig[10] = sig[10]! ^ 0x01;
      tx.ins[4]!.witness = [sig];
    });
    expect(verifyTaprootInputs(raw, prevouts())).toBe('input 4: invalid Taproot key-path signature');
  });

  it('refuses a changed output amount (every SIGHASH_ALL input commits to it)', () => {
    const raw = tampered((tx) => {
      tx.outs[1]!.value -= 1n;
    });
    expect(verifyTaprootInputs(raw, prevouts())).toMatch(/^input \d: invalid Taproot key-path signature$/);
  });

  it('refuses a spent amount other than the one signed (BIP341 commits to every input’s amount)', () => {
    const spent = prevouts();
    spent[7] = { ...spent[7]!, value: spent[7]!.value + 1n };
    // Input 0 is SIGHASH_SINGLE without ANYONECANPAY: it too commits to all amounts.
    expect(verifyTaprootInputs(signed, spent)).toBe('input 0: invalid Taproot key-path signature');
  });

  it('refuses a signature whose hash-type byte is changed', () => {
    const raw = tampered((tx) => {
      const sig = Uint8Array.from(tx.ins[0]!.witness[0]!);
      expect(sig[64]).toBe(3);
      sig[64] = 1;
      tx.ins[0]!.witness = [sig];
    });
    expect(verifyTaprootInputs(raw, prevouts())).toBe('input 0: invalid Taproot key-path signature');
  });

  it('refuses hash types BIP341 does not define, and SIGHASH_SINGLE without its output', () => {
    const raw = tampered((tx) => {
      tx.ins[4]!.witness = [new Uint8Array([...tx.ins[4]!.witness[0]!, 0x04])];
    });
    expect(verifyTaprootInputs(raw, prevouts())).toBe('input 4: hash type 4 is not defined by BIP341');
    expect(() => taprootSighash(signed, 8, prevouts(), 0x03)).toThrow(/SIGHASH_SINGLE without a matching output/);
  });

  it('refuses an empty witness and a script-path spend with a malformed control block', () => {
    const empty = tampered((tx) => {
      tx.ins[1]!.witness = [];
    });
    expect(verifyTaprootInputs(empty, prevouts())).toBe('input 1: empty Taproot witness');
    const badControl = tampered((tx) => {
      tx.ins[1]!.witness = [new Uint8Array(64), new Uint8Array([0x51]), new Uint8Array(40)];
    });
    expect(verifyTaprootInputs(badControl, prevouts())).toBe('input 1: bad control block');
  });
});

describe('Taproot verifier: BIP341 output key tweak', () => {
  it('derives every vector’s tweaked output key and parity from its internal key and Merkle root', () => {
    for (const t of v.tweaks) {
      const q = tweakedKey(hexToBytes(t.internalPubkey), t.merkleRoot ? hexToBytes(t.merkleRoot) : new Uint8Array());
      expect(bytesToHex(q.x)).toBe(t.tweakedPubkey);
      for (const cb of t.controlBlocks) expect(q.parity).toBe(hexToBytes(cb)[0]! & 1);
    }
  });
});

describe('BIP340 verification (elliptic): BIP340 test vectors', () => {
  const rows = readFileSync(new URL('./vectors/bip340.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  it.each(rows.map((r) => [r[0]!, r[7] ?? '', r] as const))('vector %s %s', (_i, _comment, r) => {
    const [, , pubkey, , msg, sig, result] = r;
    expect(bip340Verify(hexToBytes(sig!.toLowerCase()), hexToBytes(msg!.toLowerCase()), hexToBytes(pubkey!.toLowerCase()))).toBe(result === 'TRUE');
  });
});
