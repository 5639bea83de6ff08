/**
 * The rewind's own SHA-256 (sha256-compress.ts) against @noble/hashes: every
 * message length across three blocks (the padding on either side of a block's
 * end), and a hash continued from a midstate as HMAC's inner hash is.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { compress, hashFrom, IV, sha256, writeWords } from '../../../../src/layers/liquid/sha256-compress';

describe('sha256-compress', () => {
  it('hashes every length from 0 to 200 bytes as @noble/hashes does, and a challenge message\'s ~1 kB and more', () => {
    for (const len of [...Array.from({ length: 201 }, (_, i) => i), 929, 1000, 1024, 4096 + 55, 10_000]) {
      const msg = crypto.getRandomValues(new Uint8Array(len));
      expect(bytesToHex(sha256(msg)), `${len} bytes`).toBe(bytesToHex(nobleSha256(msg)));
    }
  });

  it("continues from a 64-byte block's midstate as HMAC's inner hash: HMAC-SHA256 of any length under a 32-byte key", () => {
    for (const len of [0, 1, 31, 32, 33, 55, 56, 63, 64, 119, 120, 130]) {
      const key = crypto.getRandomValues(new Uint8Array(32));
      const msg = crypto.getRandomValues(new Uint8Array(len));
      const pad = (byte: number) => {
        const block = new Int32Array(16).fill(byte * 0x01010101);
        for (let i = 0; i < 8; i++) block[i] = ((key[4 * i]! << 24) | (key[4 * i + 1]! << 16) | (key[4 * i + 2]! << 8) | key[4 * i + 3]!) ^ (byte * 0x01010101);
        const state = new Int32Array(8);
        compress(IV, block, state);
        return state;
      };
      const inner = new Int32Array(8);
      hashFrom(pad(0x36), 64, msg, inner);
      const innerBytes = new Uint8Array(32);
      writeWords(inner, innerBytes, 0);
      const outer = new Int32Array(8);
      hashFrom(pad(0x5c), 64, innerBytes, outer);
      const mac = new Uint8Array(32);
      writeWords(outer, mac, 0);
      expect(bytesToHex(mac), `${len} bytes`).toBe(bytesToHex(hmac(nobleSha256, key, msg)));
    }
  });
});
