/**
 * LND's verifymessage, written apart from the wallet: z-base-32 decoded bit by bit
 * from the alphabet in its spec, the digest taken with node:crypto, the key recovered
 * by the `secp256k1` package (libsecp256k1's bindings, or its elliptic fallback),
 * where the wallet uses its own zbase32.ts and @noble/curves.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const secp = createRequire(import.meta.url)('secp256k1') as { recover(msg: Buffer, sig: Buffer, recid: number, compressed: boolean): Buffer };

export function zbase32ToBytes(text: string): Buffer {
  const alphabet = 'ybndrfg8ejkmcpqxot1uwisza345h769';
  const bits = [...text].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The compressed key (hex) a signature recovers to over double-SHA256("Lightning Signed Message:" + message). */
export function lndRecover(message: string, signature: string): string {
  const sig = zbase32ToBytes(signature);
  if (sig.length !== 65 || sig[0]! < 31 || sig[0]! > 34) throw new Error('not a compressed-key compact signature');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  const digest = sha(sha(Buffer.concat([Buffer.from('Lightning Signed Message:'), Buffer.from(message, 'utf8')])));
  return secp.recover(digest, sig.subarray(1), sig[0]! - 31, true).toString('hex');
}
