/**
 * The Elements segwit v0 signature hash, written from Elements' interpreter
 * (BIP143 plus `hashIssuances` after `hashSequence`, the spent output's value
 * field as serialised — 9 bytes explicit or a 33-byte commitment — and the
 * input's issuance when present). Independent of liquidjs-lib's own
 * hashForWitnessV0, which the wallet uses to sign.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Transaction } from 'liquidjs-lib/src/transaction';

const sha256d = (b: Uint8Array) => sha256(sha256(b));

class Writer {
  private parts: Uint8Array[] = [];
  bytes(b: Uint8Array) {
    this.parts.push(Uint8Array.from(b));
    return this;
  }
  u32(n: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    return this.bytes(b);
  }
  varint(n: number) {
    if (n < 0xfd) return this.bytes(Uint8Array.of(n));
    if (n <= 0xffff) return this.bytes(Uint8Array.of(0xfd, n & 0xff, n >> 8));
    const b = new Uint8Array(5);
    b[0] = 0xfe;
    new DataView(b.buffer).setUint32(1, n, true);
    return this.bytes(b);
  }
  varslice(b: Uint8Array) {
    return this.varint(b.length).bytes(b);
  }
  end(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export const SIGHASH_ALL = 1;

/** Only SIGHASH_ALL is accepted by the devnet, so only that form is computed. */
export function elementsSegwitV0Sighash(tx: Transaction, inIndex: number, scriptCode: Uint8Array, spentValue: Uint8Array): Uint8Array {
  const prevouts = new Writer();
  const sequences = new Writer();
  const issuances = new Writer();
  for (const input of tx.ins) {
    prevouts.bytes(input.hash).u32(input.index);
    sequences.u32(input.sequence);
    if (input.issuance) throw new Error('issuance inputs are not supported by the devnet');
    issuances.bytes(Uint8Array.of(0));
  }
  const outputs = new Writer();
  for (const o of tx.outs) outputs.bytes(o.asset).bytes(o.value).bytes(o.nonce).varslice(o.script);

  const input = tx.ins[inIndex]!;
  const preimage = new Writer()
    .u32(tx.version)
    .bytes(sha256d(prevouts.end()))
    .bytes(sha256d(sequences.end()))
    .bytes(sha256d(issuances.end()))
    .bytes(input.hash)
    .u32(input.index)
    .varslice(scriptCode)
    .bytes(spentValue)
    .u32(input.sequence)
    .bytes(sha256d(outputs.end()))
    .u32(tx.locktime)
    .u32(SIGHASH_ALL)
    .end();
  return sha256d(preimage);
}
