/**
 * libsecp256k1's RFC 6979 HMAC-SHA256 generator (secp256k1_rfc6979_hmac_sha256),
 * which secp256k1-zkp uses to draw a range proof's random values: 32 bytes per
 * call, the key and V updated between calls as in RFC 6979 3.2.h.
 *
 * Why its own SHA-256 rounds: rewinding one range proof draws ~154 values, each
 * three HMACs under a fresh key. Through @noble/hashes' HMAC objects that is ~5 ms
 * of allocation and views per output; here every HMAC of the stream is two
 * compressions of one block on preallocated words. The seeding's four HMACs (two
 * over the seed, ~130 bytes) run on the same compression: through @noble/hashes
 * they took ~16 µs an output warm (~7 µs here), and ~10-20 ms more over a fresh
 * process's first 25 outputs while its hash classes warmed up (measured in Node).
 */
import { compress, hashFrom, IV, writeWords } from './sha256-compress';

/** HMAC-SHA256 under one 32-byte key, as its two padded-key midstates. */
class Hmac32 {
  readonly inner = new Int32Array(8);
  readonly outer = new Int32Array(8);
  private readonly block = new Int32Array(16);

  rekey(key: Int32Array): void {
    for (let i = 0; i < 8; i++) this.block[i] = key[i]! ^ 0x36363636;
    this.block.fill(0x36363636, 8);
    compress(IV, this.block, this.inner);
    for (let i = 0; i < 8; i++) this.block[i] = key[i]! ^ 0x5c5c5c5c;
    this.block.fill(0x5c5c5c5c, 8);
    compress(IV, this.block, this.outer);
  }

  /** HMAC of `msg` of any length into `out` (the seeding's: v || 0x00/0x01 || seed). */
  macBytes(msg: Uint8Array, out: Int32Array): void {
    // Inner hash: the key block is already in `inner`; the message and SHA-256's padding follow it.
    const block = this.block;
    hashFrom(this.inner, 64, msg, out);
    for (let i = 0; i < 8; i++) block[i] = out[i]!;
    block[8] = 0x80000000;
    block.fill(0, 9, 15);
    block[15] = (64 + 32) * 8;
    compress(this.outer, block, out);
  }

  /** HMAC of the 32-byte `msg`, followed by one zero byte when `zeroByte`, into `out`. */
  mac(msg: Int32Array, zeroByte: boolean, out: Int32Array): void {
    const block = this.block;
    for (let i = 0; i < 8; i++) block[i] = msg[i]!;
    // Padding: 0x80 after the message, then its bit length (a 64-byte key block precedes it).
    block[8] = zeroByte ? 0x00800000 : 0x80000000;
    block.fill(0, 9, 15);
    block[15] = (64 + 32 + (zeroByte ? 1 : 0)) * 8;
    compress(this.inner, block, out);
    for (let i = 0; i < 8; i++) block[i] = out[i]!;
    block[8] = 0x80000000;
    block.fill(0, 9, 15);
    block[15] = (64 + 32) * 8;
    compress(this.outer, block, out);
  }
}

export class Rfc6979Stream {
  private readonly v: Int32Array;
  private readonly k = new Int32Array(8);
  private readonly keyed = new Hmac32();
  private retry = false;

  constructor(seed: Uint8Array) {
    // RFC 6979 3.2.b-f: K = HMAC_K(V || 0x00 || seed), V = HMAC_K(V), then again with 0x01.
    const v = new Int32Array(8).fill(0x01010101);
    const k = this.k; // zeros
    const msg = new Uint8Array(33 + seed.length);
    msg.set(seed, 33);
    this.keyed.rekey(k);
    for (const separator of [0, 1]) {
      writeWords(v, msg, 0);
      msg[32] = separator;
      this.keyed.macBytes(msg, k);
      this.keyed.rekey(k);
      this.keyed.mac(v, false, v);
    }
    this.v = v;
  }

  /** The next 32 bytes. */
  next(): Uint8Array {
    const out = new Uint8Array(32);
    this.nextInto(out, 0);
    return out;
  }

  /** The next 32 bytes, written into `out` at `offset` (a range proof's ~150 draws into one buffer). */
  nextInto(out: Uint8Array, offset: number): void {
    if (this.retry) {
      this.keyed.mac(this.v, true, this.k);
      this.keyed.rekey(this.k);
      this.keyed.mac(this.v, false, this.v);
    }
    this.keyed.mac(this.v, false, this.v);
    this.retry = true;
    writeWords(this.v, out, offset);
  }
}
