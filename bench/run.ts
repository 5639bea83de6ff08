/**
 * `npm run bench`: sizes and timings of the built extension, measured in the real
 * browser where that is where the cost is paid. Writes bench/results.json.
 */
// Before anything that starts secp256k1-zkp's Emscripten glue: see no-glue-exit.ts.
import '../tests/devnet/no-glue-exit';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension } from '../tests/e2e/chromium';
import { ABANDON, importWalletThroughPopup, PASSWORD, playwrightDriver } from '../tests/e2e/popup-flows';
import { encryptVault, decryptVault } from '../src/background/vault';
import { RPC_TAG } from '../src/shared/rpc';
import { benchBitcoin } from './bitcoin';
import { benchRootstock } from './rootstock';
import { benchStacks } from './stacks';
import { benchHops } from './hops';
import { benchChainCommit } from './chain-commit';
import { benchChains } from './chains';
import { benchLiquid } from './liquid';
import { benchLightning } from './lightning';
import { benchPopup } from './popup';
import { benchActivity } from './activity';
import { benchDapp } from './dapp';
import { benchRefresh } from './refresh';

const root = join(import.meta.dirname, '..');
const results: Record<string, number | string> = {};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function kb(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}

// Sizes.
for (const file of ['popup.js', 'background.js']) {
  const raw = readFileSync(join(root, 'dist/chrome', file));
  results[`${file} KB`] = kb(raw.length);
  results[`${file} KB gzipped`] = kb(gzipSync(raw, { level: 9 }).length);
}

// KDF in Node (OpenSSL) for reference.
{
  const blob = await encryptVault(ABANDON, PASSWORD);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await decryptVault(blob, PASSWORD);
    runs.push(performance.now() - t);
  }
  results['vault decrypt (PBKDF2 600k) in Node, ms'] = Math.round(median(runs));
}

// In Chromium: unlock through the real worker, and cold start to first answer.
const ext = await launchExtension();
try {
  const page = await ext.openPopup();
  await importWalletThroughPopup(playwrightDriver(page));
  const send = (method: string, params: object) =>
    page.evaluate(
      async ([tag, m, p]) => {
        const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<{ ok: boolean }> } } }).chrome;
        const t = performance.now();
        const reply = await api.runtime.sendMessage({ tag, method: m, params: p });
        if (!reply.ok) throw new Error(JSON.stringify(reply));
        return performance.now() - t;
      },
      [RPC_TAG, method, params] as const,
    );

  const unlock: number[] = [];
  for (let i = 0; i < 5; i++) {
    await send('vault.lock', {});
    unlock.push(await send('vault.unlock', { password: PASSWORD }));
  }
  results['unlock (KDF + seed + keyring) in Chromium, median ms'] = Math.round(median(unlock));

  const cold: number[] = [];
  for (let i = 0; i < 7; i++) {
    await ext.stopServiceWorker();
    cold.push(await send('wallet.status', {}));
  }
  results['service worker cold start to first answer, median ms'] = Math.round(median(cold));
  results['service worker cold start, max ms'] = Math.round(Math.max(...cold));

  const warm: number[] = [];
  for (let i = 0; i < 20; i++) warm.push(await send('accounts.list', {}));
  results['accounts.list warm round trip, median ms'] = Math.round(median(warm) * 10) / 10;
} finally {
  await ext.close();
}

Object.assign(results, await benchPopup());
Object.assign(results, await benchActivity());
Object.assign(results, await benchDapp());
Object.assign(results, await benchRefresh());
Object.assign(results, await benchBitcoin());
Object.assign(results, await benchRootstock());
Object.assign(results, await benchStacks());
Object.assign(results, await benchHops());
Object.assign(results, await benchChains());
Object.assign(results, await benchChainCommit());
Object.assign(results, await benchLiquid());
Object.assign(results, await benchLightning());
Object.assign(results, await (await import('./peers/index')).benchPeers());

results.measuredAt = new Date().toISOString();
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
console.table(results);
