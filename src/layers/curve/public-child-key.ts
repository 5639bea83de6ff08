/**
 * BIP32's CKDpub for one non-hardened step: the public keys of a chain node's
 * children, from the node's public key and chain code alone.
 *
 * Why not @scure/bip32's deriveChild: it multiplies I_L·G with noble's generic
 * constant-time `multiply` (about 0.9 ms here per address), and a wallet's first
 * scan derives eighty or more. The base table of constant-time-multiply.ts does
 * the same product in about a third of that, and the node's point is decoded once,
 * not once per child. I_L is public to anyone holding the node's extended public
 * key; the table is constant-time all the same.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { baseMultiplyConstantTime } from './constant-time-multiply';

const Point = secp256k1.Point;
type Point = InstanceType<typeof Point>;
const N = Point.Fn.ORDER;
const HARDENED = 0x8000_0000;

export class PublicChainNode {
  private readonly point: Point;

  constructor(
    /** Compressed, 33 bytes. */
    private readonly publicKey: Uint8Array,
    private readonly chainCode: Uint8Array,
  ) {
    if (publicKey.length !== 33 || chainCode.length !== 32) throw new Error('a chain node needs a 33-byte key and a 32-byte chain code');
    this.point = Point.fromBytes(publicKey);
  }

  /**
   * The public key of child `index` (0 ≤ index < 2^31) as a point. Where BIP32 says
   * an index has no key (I_L ≥ n, or the sum at infinity: odds of about 2^-127), it
   * goes on with the next index, as @scure/bip32 does for the same index.
   */
  childPoint(index: number): Point {
    if (!Number.isSafeInteger(index) || index < 0 || index >= HARDENED) throw new Error(`not a non-hardened index: ${index}`);
    const tweak = this.tweakAt(index);
    if (tweak >= N) return this.childPoint(index + 1);
    const child = baseMultiplyConstantTime(tweak).add(this.point);
    if (child.equals(Point.ZERO)) return this.childPoint(index + 1);
    return child;
  }

  /** I_L of child `index`: the first half of HMAC-SHA512(chain code, public key || index). */
  protected tweakAt(index: number): bigint {
    const data = new Uint8Array(37);
    data.set(this.publicKey);
    new DataView(data.buffer).setUint32(33, index);
    return bytesToNumberBE(hmac(sha512, this.chainCode, data).subarray(0, 32));
  }

  /** The compressed public key of child `index`. */
  childKey(index: number): Uint8Array {
    return this.childPoint(index).toBytes(true);
  }
}
