/**
 * `npm start`: build the extension, start the local devnet, and open Chromium with
 * the extension loaded. Services join this list as each layer's devnet lands.
 */
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, DIST } from '../../build.config';
import { CHROMIUM } from '../e2e/chromium';
import { startBitcoinDevnet } from './bitcoin';
import { startAnvil } from './rootstock/anvil';
import { startLiquidDevnet } from './liquid';
import { startLightningDevnet } from './lightning';

interface Service {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Each service listens on the port its devnet preset expects (src/shared/networks.ts). */
async function startDevnet(): Promise<Service[]> {
  const bitcoin = await startBitcoinDevnet({ port: 18443, autoMineMs: 10_000 });
  // A block every 10 s, so a send stays pending long enough to try "speed up".
  const rootstock = await startAnvil({ chainId: 33, port: 4444, blockTimeSeconds: 10 });
  const liquid = await startLiquidDevnet({ port: 18445, blockIntervalMs: 10_000 });
  // The Lightning preset has no endpoints: LNURLs carry their host; fixed ports keep the printed samples stable.
  const lightning = await startLightningDevnet({ lnurlPort: 3080, relayPort: 7447 });
  console.log(`Lightning samples to paste: pay ${lightning.samples.payLink}\n  withdraw ${lightning.samples.withdrawLink}\n  login ${lightning.samples.login}\n  address ${lightning.samples.lightningAddress}\n  NWC funding ${lightning.nwcUri}`);
  return [
    { name: 'Bitcoin regtest (bcoin) Esplora + faucet', url: bitcoin.esploraUrl, stop: bitcoin.stop },
    { name: 'Rootstock regtest (anvil, chain 33) JSON-RPC', url: rootstock.url, stop: rootstock.stop },
    { name: 'Liquid (Elements regtest stand-in) Esplora + faucet', url: liquid.url, stop: liquid.stop },
    { name: 'Lightning LNURL server (lnurl-node, dummy backend on a ledger)', url: lightning.lnurlUrl, stop: lightning.stop },
  ];
}

await buildAll();
console.log(`Built ${join(DIST, 'chrome')} and ${join(DIST, 'firefox')}.`);
const services = await startDevnet();
for (const s of services) console.log(`  ${s.name}: ${s.url}`);

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
  await Promise.all(services.map((s) => s.stop().catch(() => undefined)));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
if (headless && services.length === 0) await shutdown();
