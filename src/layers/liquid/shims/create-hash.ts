/**
 * Browser stand-in for the `create-hash` package, which liquidjs-lib's crypto
 * module calls for sha256/ripemd160/sha1. The real package's browser build pulls
 * Node's `stream` through cipher-base; the extension build aliases it to this
 * (see build.config.ts). Same digests, from @noble/hashes.
 */
import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';

const ALGORITHMS: Record<string, (data: Uint8Array) => Uint8Array> = { sha256, sha1, rmd160: ripemd160, ripemd160 };

export interface Hash {
  update(data: Uint8Array | string, encoding?: 'utf8' | 'hex'): Hash;
  digest(): Buffer;
  digest(encoding: 'hex'): string;
}

export default function createHash(algorithm: string): Hash {
  const fn = ALGORITHMS[algorithm.toLowerCase()];
  if (!fn) throw new Error(`Digest method not supported: ${algorithm}`);
  const parts: Uint8Array[] = [];
  const hash: Hash = {
    update(data, encoding) {
      parts.push(typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : data);
      return hash;
    },
    digest(encoding?: 'hex') {
      const out = Buffer.from(fn(Buffer.concat(parts)));
      return (encoding === 'hex' ? out.toString('hex') : out) as Buffer & string;
    },
  };
  return hash;
}
