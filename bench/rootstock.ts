/**
 * Rootstock costs: what transaction signing adds to the bundle (ours, hand-rolled
 * RLP on noble, against micro-eth-signer's Transaction), the whole layer's size,
 * and the time to sign a legacy transaction. `npx tsx bench/rootstock.ts` prints
 * them; bench/run.ts may import benchRootstock().
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { hexToBytes } from '@noble/hashes/utils.js';
import { signLegacyTx } from '../src/layers/rootstock/tx';

const root = join(import.meta.dirname, '..');

/** Minified browser bundle of `entry` (a module's source), in bytes and gzipped bytes. */
async function bundleSize(entry: string): Promise<{ bytes: number; gzipped: number }> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.contents;
  return { bytes: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// What the background already carries for Rootstock addresses (and Bitcoin): secp256k1 and keccak.
const NOBLE = `import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
globalThis.keep = [secp256k1, keccak_256];`;

export async function benchRootstock(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const baseline = await bundleSize(NOBLE);
  const ours = await bundleSize(`${NOBLE}\nimport { signLegacyTx } from './src/layers/rootstock/tx';\nglobalThis.sign = signLegacyTx;`);
  const micro = await bundleSize(`${NOBLE}\nimport { Transaction } from 'micro-eth-signer';\nglobalThis.tx = Transaction;`);
  const layer = await bundleSize(`import { RootstockService } from './src/layers/rootstock/service';\nglobalThis.s = RootstockService;`);

  results['rootstock: noble secp256k1+keccak baseline, bytes'] = baseline.bytes;
  results['rootstock: tx signing (hand-rolled RLP) added, bytes'] = ours.bytes - baseline.bytes;
  results['rootstock: tx signing (hand-rolled RLP) added, gzipped bytes'] = ours.gzipped - baseline.gzipped;
  results['rootstock: micro-eth-signer Transaction added, bytes'] = micro.bytes - baseline.bytes;
  results['rootstock: micro-eth-signer Transaction added, gzipped bytes'] = micro.gzipped - baseline.gzipped;
  results['rootstock: whole layer (service + deps) bundle, bytes'] = layer.bytes;
  results['rootstock: whole layer (service + deps) bundle, gzipped bytes'] = layer.gzipped;

  const key = hexToBytes('46'.repeat(32));
  const tx = { nonce: 7n, gasPrice: 65_164_000n, gasLimit: 21_000n, to: '0x' + '35'.repeat(20), value: 10n ** 15n, chainId: 31 };
  for (let i = 0; i < 20; i++) signLegacyTx({ ...tx, nonce: BigInt(i) }, key); // warm up the JIT and noble's tables
  const N = 200;
  const runs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    signLegacyTx({ ...tx, nonce: BigInt(i) }, key);
    runs.push(performance.now() - t);
  }
  results[`rootstock: sign legacy tx in Node, median of ${N}, µs`] = Math.round(median(runs) * 1000);
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await benchRootstock());
}
