/**
 * SHA-256's compression on preallocated 32-bit words, for the hashing that
 * opening a Liquid output repeats: the range-proof stream's ~1,200 compressions
 * (rfc6979-stream.ts) and the proof's few short hashes (the challenge message,
 * ring challenges, the ECDH nonce).
 *
 * Why not @noble/hashes there: each of its calls builds a hash object, a buffer
 * and views before the first round; for the rewind's 72-byte inputs that costs
 * more than the two compressions themselves.
 */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
export const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);

/** One SHA-256 compression of the 16-word `block` into `out`, starting from `state` (out may be state). */
export function compress(state: Int32Array, block: Int32Array, out: Int32Array): void {
  for (let i = 0; i < 16; i++) W[i] = block[i]!;
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = state[0]! + a;
  out[1] = state[1]! + b;
  out[2] = state[2]! + c;
  out[3] = state[3]! + d;
  out[4] = state[4]! + e;
  out[5] = state[5]! + f;
  out[6] = state[6]! + g;
  out[7] = state[7]! + h;
}

/**
 * SHA-256, continued from `state` (the midstate after `prefixBytes` bytes, a whole
 * number of blocks) over `msg` and the padding, into `out`.
 */
export function hashFrom(state: Int32Array, prefixBytes: number, msg: Uint8Array, out: Int32Array): void {
  const padded = new Uint8Array(Math.ceil((msg.length + 9) / 64) * 64);
  padded.set(msg);
  padded[msg.length] = 0x80;
  // The bit length's low 32 bits (messages here are far below 512 MiB).
  new DataView(padded.buffer).setUint32(padded.length - 4, (prefixBytes + msg.length) * 8);
  const block = new Int32Array(16);
  out.set(state);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + 4 * i;
      block[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    }
    compress(out, block, out);
  }
}

/** The 32 big-endian bytes of eight words, written into `out` at `offset`. */
export function writeWords(words: Int32Array, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    const j = offset + 4 * i;
    out[j] = w >>> 24;
    out[j + 1] = (w >>> 16) & 255;
    out[j + 2] = (w >>> 8) & 255;
    out[j + 3] = w & 255;
  }
}

/** SHA-256 of `msg`, what @noble/hashes' sha256 returns. */
export function sha256(msg: Uint8Array): Uint8Array {
  const words = new Int32Array(8);
  hashFrom(IV, 0, msg, words);
  const out = new Uint8Array(32);
  writeWords(words, out, 0);
  return out;
}
