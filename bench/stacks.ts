/**
 * Stacks costs: what @stacks/transactions (and the rest of @stacks/*) weighs in
 * the built background bundle (from esbuild's metafile, dist/meta.json: run
 * `npm run build` first), and the time to build and sign an STX transfer and an
 * sBTC transfer. `npx tsx bench/stacks.ts` prints them; bench/run.ts imports benchStacks().
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hexToBytes } from '@noble/hashes/utils.js';
import { parsePrincipal } from '../src/layers/stacks/address';
import { findAsset } from '../src/layers/stacks/assets';
import { signTransfer } from '../src/layers/stacks/transfer';
import { findPreset } from '../src/shared/networks';

const root = join(import.meta.dirname, '..');

interface Meta {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchStacks(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const meta = JSON.parse(readFileSync(join(root, 'dist/meta.json'), 'utf8')) as Meta;
  const [, background] = Object.entries(meta.outputs).find(([k]) => /background\.js$/.test(k))!;
  const stacksBytes = Object.entries(background.inputs)
    .filter(([p]) => p.includes('node_modules/@stacks/'))
    .reduce((s, [, i]) => s + i.bytesInOutput, 0);
  out['stacks: @stacks/* in the background bundle, bytes'] = stacksBytes;
  out['stacks: share of the background bundle, %'] = Math.round((stacksBytes / background.bytes) * 1000) / 10;

  const params = findPreset('stacks', 'devnet')!.params;
  const key = hexToBytes('46'.repeat(32));
  const sender = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
  const recipient = parsePrincipal('ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG', { allowContract: false });
  for (const [label, asset] of [['STX transfer', findAsset(params, 'STX')], ['sBTC transfer', findAsset(params, 'sBTC')]] as const) {
    const spec = { asset, sender, recipient, amount: 1_000n, memo: 'bench', fee: 300n };
    for (let i = 0; i < 10; i++) await signTransfer({ ...spec, nonce: BigInt(i) }, key);
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await signTransfer({ ...spec, nonce: BigInt(i) }, key);
      times.push(performance.now() - t);
    }
    out[`stacks: build and sign an ${label}, median ms`] = Math.round(median(times) * 100) / 100;
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchStacks());
