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
import { BOLTZ_DEVNET_PORT, startBoltzDevnet } from './boltz';
import { DevServer, HttpReply } from './http-server';
import { startLightningDevnet, type LightningDevnet } from './lightning';
import { startAnvil } from './rootstock/anvil';
import { startLiquidDevnet } from './liquid';

interface Service {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Each service listens on the port its devnet preset expects (src/shared/networks.ts). */
async function startDevnet(): Promise<Service[]> {
  const bitcoin = await startBitcoinDevnet({ port: 18443, autoMineMs: 10_000 });
  // Mined per transaction while Boltz deploys EtherSwap, then a block every 10 s
  // (set below), so a send stays pending long enough to try "speed up".
  const rootstock = await startAnvil({ chainId: 33, port: 4444 });
  const liquid = await startLiquidDevnet({ port: 18445, blockIntervalMs: 10_000 });
  const lightning = await startLightningDevnet();
  // Boltz on the preset's port, the real counterparty on these same chains and ledger.
  const boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock, lightning, port: BOLTZ_DEVNET_PORT });
  await rootstock.rpc('evm_setIntervalMining', [10]);
  const desk = await startLightningDesk(lightning);
  return [
    { name: 'Boltz API v2 stand-in', url: boltz.url, stop: boltz.stop },
    { name: 'Lightning desk (pay / create regtest invoices)', url: desk.url, stop: desk.stop },
    { name: 'Lightning devnet LNURL', url: lightning.lnurlUrl, stop: lightning.stop },
    { name: 'Bitcoin regtest (bcoin) Esplora + faucet', url: bitcoin.esploraUrl, stop: bitcoin.stop },
    { name: 'Rootstock regtest (anvil, chain 33) JSON-RPC', url: rootstock.url, stop: rootstock.stop },
    { name: 'Liquid (Elements regtest stand-in) Esplora + faucet', url: liquid.url, stop: liquid.stop },
  ];
}

/**
 * A payer and payee on the devnet's Lightning ledger, so a person can pay the hold
 * invoice of a move from Lightning, and get an invoice to move BTC to:
 *   curl -X POST localhost:9002/pay -d lnbcrt…     curl 'localhost:9002/invoice?sats=5000'
 */
async function startLightningDesk(lightning: LightningDevnet): Promise<{ url: string; stop(): Promise<void> }> {
  const { ledger } = lightning;
  const node = ledger.addNode('desk', 10_000_000_000n);
  const server = new DevServer();
  server.post('/pay', async (req) => {
    // Hold invoices stay in flight until Boltz settles them: report an immediate
    // refusal (unknown invoice, no balance), otherwise that the payment is on its way.
    const paying = ledger.payAsync(node, req.body.trim()).then(() => 'settled', (err: Error) => `failed: ${err.message}`);
    return { result: await Promise.race([paying, new Promise<string>((r) => setTimeout(() => r('in flight'), 200))]) };
  });
  server.get('/invoice', (req) => {
    const sats = BigInt(req.query.get('sats') ?? '0');
    if (sats <= 0n) throw new HttpReply(400, { error: 'sats must be positive' });
    const inv = ledger.createInvoice(node, sats * 1000n, { description: 'Devnet desk' });
    return { invoice: inv.invoice, paymentHash: inv.paymentHash };
  });
  server.get('/invoice/:hash', (req) => ledger.invoice(req.params.hash ?? '') ?? { state: 'unknown' });
  const url = await server.listen(LIGHTNING_DESK_PORT);
  return { url, stop: () => server.close() };
}
const LIGHTNING_DESK_PORT = 9002;

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
