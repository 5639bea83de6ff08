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
import { startLightningDesk } from './lightning/desk';
import { startBoltzDevnet } from './boltz';
import { startPowpegDevnet } from './powpeg';
import { startSbtcDevnet } from './sbtc';
import { startStacksDevnet } from './stacks';
import { DEVNET_RELAY, SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';

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
  // The PowPeg's Bridge stand-in on anvil and its federation, acting on both chains.
  const powpeg = await startPowpegDevnet({ bitcoin, anvil: rootstock, pollMs: 2_000 });
  // Stacks: the Hiro API stand-in; sBTC: Emily and the signers, minting on it and answering its sbtc-registry.
  const stacks = await startStacksDevnet({ port: 3999, deployer: SBTC_DEVNET_DEPLOYER, blockIntervalMs: 10_000 });
  const sbtc = await startSbtcDevnet({ bitcoin, stacks, port: 3031, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 5_000, mint: async (to, sats) => stacks.mintSbtc(to, sats) });
  sbtc.mountRegistry(stacks.server);
  // The relay on the port the Lightning preset's move journal names (NWC uses it too).
  const lightning = await startLightningDevnet({ lnurlPort: 3100, relayPort: Number(new URL(DEVNET_RELAY).port) });
  // Boltz API v2 stand-in acting as the counterparty on these chains and the Lightning ledger.
  const boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock, lightning, port: 9001, pollMs: 2_000 });
  const desk = await startLightningDesk(lightning);
  return [
    { name: 'Bitcoin regtest (bcoin) Esplora + faucet', url: bitcoin.esploraUrl, stop: bitcoin.stop },
    { name: 'Rootstock regtest (anvil, chain 33) JSON-RPC', url: rootstock.url, stop: rootstock.stop },
    { name: 'Liquid (Elements regtest stand-in) Esplora + faucet', url: liquid.url, stop: liquid.stop },
    { name: 'PowPeg federation (Bridge stand-in on anvil), federation address', url: powpeg.federationAddress, stop: powpeg.stop },
    { name: 'Stacks (Hiro API stand-in, a block every 10 s)', url: stacks.url, stop: stacks.stop },
    { name: 'sBTC Emily + signers stand-in', url: sbtc.url, stop: sbtc.stop },
    { name: 'Boltz API v2 stand-in', url: boltz.url, stop: boltz.stop },
    { name: 'Lightning desk (pay / create regtest invoices, see README)', url: desk.url, stop: desk.stop },
    { name: 'Lightning: lnurl-node server (ledger backend)', url: lightning.lnurlUrl, stop: lightning.stop },
    { name: 'Nostr relay (NWC, move journal)', url: lightning.relayUrl, stop: async () => undefined },
    { name: 'Lightning: NWC connection for the wallet (Lightning > Connect)', url: lightning.nwcUri, stop: async () => undefined },
    { name: 'Lightning: LNURL-pay link to try', url: lightning.samples.payLink, stop: async () => undefined },
    { name: 'Lightning: LNURL-withdraw link', url: lightning.samples.withdrawLink, stop: async () => undefined },
    { name: 'Lightning: LNURL-auth login', url: lightning.samples.login, stop: async () => undefined },
    { name: 'Lightning Address', url: lightning.samples.lightningAddress, stop: async () => undefined },
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
