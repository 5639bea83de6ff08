/**
 * `npm start`: build the extension, start the local devnet, and open Chromium with
 * the extension loaded. The devnet and what it prints are in local-devnet.ts.
 */
// Before anything that starts secp256k1-zkp's Emscripten glue: see no-glue-exit.ts.
import './no-glue-exit';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, DIST } from '../../build.config';
import { CHROMIUM } from '../e2e/chromium';
import { PRESET_PORTS, startLocalDevnet } from './local-devnet';

await buildAll();
console.log(`Built ${join(DIST, 'chrome')} and ${join(DIST, 'firefox')}.`);
// Each service listens on the port its devnet preset expects (src/shared/networks.ts).
const devnet = await startLocalDevnet({ ports: PRESET_PORTS, pace: 'live' });
for (const s of devnet.printed) console.log(`  ${s.name}: ${s.url}`);

const extension = join(DIST, 'chrome');
const headless = !process.env.DISPLAY && process.platform === 'linux';
if (headless) {
  console.log('No display found: load the extension by hand (see README), or run with a display to open Chromium.');
} else {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'layerhop-dev-')), {
    executablePath: CHROMIUM,
    headless: false,
    args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--no-first-run'],
  });
  context.on('close', () => void shutdown());
  // Start the wallet on the devnet presets; a user can switch networks in settings.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } } }).chrome;
    const { settings } = await api.storage.local.get('settings');
    const networks = { bitcoin: 'devnet', lightning: 'devnet', stacks: 'devnet', liquid: 'devnet', rootstock: 'devnet' };
    await api.storage.local.set({ settings: { autoLockMinutes: 15, endpoints: {}, ...(settings as object), networks } });
  });
  console.log('Chromium is open with Layerhop loaded, on the devnet networks. Close it or press Ctrl+C to stop.');
}

async function shutdown(): Promise<void> {
  await devnet.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
