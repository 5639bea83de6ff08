/**
 * The devnet's Taproot verifier (tests/devnet/bitcoin/taproot-verifier.ts) against
 * BIP341's wallet test vectors and BIP340's test vectors (bitcoin/bips
 * bip-0341/wallet-test-vectors.json, bip-0340/test-vectors.csv, in tests/unit/vectors):
 * it must accept the real signed transaction and refuse it once anything a
 * signature commits to is changed. The same transaction's P2WPKH input (5) checks
 * the low-S DER ECDSA the Liquid stand-in uses.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { bip340Verify, ecdsaVerifyLowS, tweakedKey } from '../../devnet/secp256k1-checks';
import { taprootSighash, verifyLeaf, verifyTaprootInputs, type Prevout } from '../../devnet/bitcoin/taproot-verifier';

interface Bip341Vectors {
  fullySignedTx: string;
  utxosSpent: { scriptPubKey: string; amountSats: number }[];
  inputSpending: { txinIndex: number; hashType: number; sigHash: string; witness: string[] }[];
  tweaks: { internalPubkey: string; merkleRoot: string | null; tweakedPubkey: string; controlBlocks: string[] }[];
}

const v = JSON.parse(readFileSync(new URL('../vectors/bip341.json', import.meta.url), 'utf8')) as Bip341Vectors;
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
  const rows = readFileSync(new URL('../vectors/bip340.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  it.each(rows.map((r) => [r[0]!, r[7] ?? '', r] as const))('vector %s %s', (_i, _comment, r) => {
    const [, , pubkey, , msg, sig, result] = r;
    expect(bip340Verify(hexToBytes(sig!.toLowerCase()), hexToBytes(msg!.toLowerCase()), hexToBytes(pubkey!.toLowerCase()))).toBe(result === 'TRUE');
  });
});

describe('Low-S DER ECDSA (elliptic): the vector transaction’s P2WPKH input', () => {
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const tx = Transaction.fromBuffer(signed);
  const [sigWithType, pub] = tx.ins[5]!.witness as [Uint8Array, Uint8Array];
  const der = sigWithType.subarray(0, -1);
  const keyHash = hexToBytes(v.utxosSpent[5]!.scriptPubKey).subarray(2);
  const scriptCode = Uint8Array.from([0x76, 0xa9, 0x14, ...keyHash, 0x88, 0xac]);
  const hash = tx.hashForWitnessV0(5, scriptCode, BigInt(v.utxosSpent[5]!.amountSats), sigWithType[sigWithType.length - 1]!);
  /** DER of (r, s) as BIP66 writes it. */
  const encode = (r: bigint, s: bigint) => {
    const int = (n: bigint) => {
      let b: Uint8Array = hexToBytes(n.toString(16).padStart(64, '0'));
      while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.slice(1);
      return b[0]! & 0x80 ? Uint8Array.from([0, ...b]) : b;
    };
    const [rb, sb] = [int(r), int(s)];
    return Uint8Array.from([0x30, 4 + rb.length + sb.length, 0x02, rb.length, ...rb, 0x02, sb.length, ...sb]);
  };
  const rLen = der[3]!;
  const r = BigInt(`0x${bytesToHex(der.subarray(4, 4 + rLen))}`);
  const s = BigInt(`0x${bytesToHex(der.subarray(6 + rLen))}`);

  it('accepts the signature, and its re-encoding is the same bytes', () => {
    expect(ecdsaVerifyLowS(der, hash, pub)).toBe(true);
    expect(bytesToHex(encode(r, s))).toBe(bytesToHex(der));
  });

  it('refuses another message, another key, a flipped bit, the high-S twin, and a non-minimal encoding', () => {
    expect(ecdsaVerifyLowS(der, Uint8Array.from(hash, (b, i) => (i === 0 ? b ^ 1 : b)), pub)).toBe(false);
    expect(ecdsaVerifyLowS(der, hash, hexToBytes(`02${'79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'}`))).toBe(false);
    const flipped = Uint8Array.from(der);
    flipped[der.length - 1] = flipped[der.length - 1]! ^ 1;
    expect(ecdsaVerifyLowS(flipped, hash, pub)).toBe(false);
    // (r, n - s) is as valid mathematically; BIP146 refuses it.
    expect(ecdsaVerifyLowS(encode(r, N - s), hash, pub)).toBe(false);
    const padded = Uint8Array.from([0x30, der[1]! + 1, 0x02, rLen + 1, 0x00, ...der.subarray(4)]);
    expect(ecdsaVerifyLowS(padded, hash, pub)).toBe(false);
  });
});

describe('sBTC leaves', () => {
  const key = new Uint8Array(32).fill(7);
  // deposits.rs: <max fee (8) || principal> OP_DROP <key> OP_CHECKSIG; the data's last byte is the principal's, anything.
  const depositLeaf = (lastByte: number) => {
    const data = new Uint8Array(30).fill(1);
    data[data.length - 1] = lastByte;
    return Uint8Array.from([data.length, ...data, 0x75, 0x20, ...key, 0xac]);
  };

  it('takes a deposit leaf whose data ends in the byte of OP_CHECKSEQUENCEVERIFY (0xb2) for a deposit, not a reclaim', () => {
    for (const last of [0x00, 0xb2, 0xff]) {
      expect(verifyLeaf(depositLeaf(last), [new Uint8Array(64)], () => true, 0, 0xffffffff), `last byte ${last}`).toBeNull();
      expect(verifyLeaf(depositLeaf(last), [new Uint8Array(64)], () => false, 0, 0xffffffff)).toBe('invalid sBTC leaf signature');
    }
  });

  it('reads a reclaim leaf’s lock and holds the input to it', () => {
    const reclaim = Uint8Array.from([0x02, 0x90, 0x00, 0xb2, 0x75, 0x20, ...key, 0xac]); // 144 blocks
    expect(verifyLeaf(reclaim, [new Uint8Array(64)], () => true, 0, 144)).toBeNull();
    expect(verifyLeaf(reclaim, [new Uint8Array(64)], () => true, 0, 143)).toMatch(/below the leaf's 144/);
  });
});
