/**
 * Liquid in the real MV3 service worker (Debian's Chromium, the built extension,
 * the Liquid devnet): how long secp256k1-zkp takes to fetch, compile and
 * instantiate there (a cold worker's send, the only thing that needs it), and
 * what a cold worker's first Liquid refresh costs, with every output opened
 * before and with a new one to open (neither loads the WASM).
 *
 * The load time is read from the worker itself: zkp.ts records it as a standard
 * User Timing measure (`layerhop:zkp-load`), which `worker.evaluate` reads — no
 * protocol method and no global exist for the bench's sake.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { ZKP_LOAD_MEASURE, type ZkpLoadDetail } from '../src/layers/liquid/zkp';
import { RPC_TAG } from '../src/shared/rpc';
import { startLiquidDevnet } from '../tests/devnet/liquid';
import { launchExtension } from '../tests/e2e/chromium';
import { useDevnet } from '../tests/e2e/devnet-settings';
import { importWalletThroughPopup, playwrightDriver } from '../tests/e2e/popup-flows';

const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Sends one protocol request from the popup page; returns the round trip in ms. */
async function request(page: Page, method: string, params: object): Promise<number> {
  return (await call(page, method, params)).ms;
}

/** One protocol request from the popup page: its result and round trip. */
function call(page: Page, method: string, params: object): Promise<{ ms: number; result: unknown }> {
  return page.evaluate(
    async ([tag, m, p]) => {
      const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<{ ok: boolean; result?: unknown }> } } }).chrome;
      const t = performance.now();
      const reply = await api.runtime.sendMessage({ tag, method: m, params: p });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      return { ms: performance.now() - t, result: reply.result };
    },
    [RPC_TAG, method, params] as const,
  );
}

async function currentWorker(context: BrowserContext, id: string): Promise<Worker> {
  const mine = (w: Worker) => w.url().startsWith(`chrome-extension://${id}/`);
  return context.serviceWorkers().find(mine) ?? (await context.waitForEvent('serviceworker', { predicate: mine }));
}

export async function benchLiquidInWorker(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const devnet = await startLiquidDevnet();
  const ext = await launchExtension();
  try {
    const page = await ext.openPopup();
    await importWalletThroughPopup(playwrightDriver(page));
    await useDevnet(playwrightDriver(page), [{ layer: 'liquid', key: 'esplora', url: devnet.url }]);
    // A funded wallet: two confidential coins, one of them a second asset.
    await request(page, 'liquid.devnetFaucet', { asset: 'lbtc' });
    await request(page, 'liquid.devnetFaucet', { asset: 'test' });
    devnet.mine();
    await request(page, 'layers.overview', { layer: 'liquid' });

    const loads: number[] = [];
    const coldRefresh: number[] = [];
    const coldNewOutput: number[] = [];
    const warmRefresh: number[] = [];
    let loadsWithNothingNew = 0;
    let loadsWithNewOutput = 0;
    const { address } = (await call(page, 'liquid.receive', {})).result as { address: string };
    const loadsIn = async (): Promise<number[]> =>
      (await currentWorker(ext.context, ext.id)).evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), ZKP_LOAD_MEASURE);
    for (let i = 0; i < RUNS; i++) {
      // Every output already opened (amounts stored): the refresh needs no WASM.
      await ext.stopServiceWorker();
      coldRefresh.push(await request(page, 'layers.overview', { layer: 'liquid' }));
      if ((await loadsIn()).length > 0) loadsWithNothingNew++;
      warmRefresh.push(await request(page, 'layers.overview', { layer: 'liquid' }));
      // A new confidential output arrived while the worker slept: rewound in JavaScript, no WASM.
      await request(page, 'liquid.devnetFaucet', { asset: 'lbtc' });
      await ext.stopServiceWorker();
      coldNewOutput.push(await request(page, 'layers.overview', { layer: 'liquid' }));
      if ((await loadsIn()).length > 0) loadsWithNewOutput++;
      // A send from a cold worker: its range proofs load the WASM.
      await ext.stopServiceWorker();
      await request(page, 'liquid.send', { asset: devnet.policyAsset, to: address, amount: '0.0001' });
      const [load] = await loadsIn();
      if (load === undefined) throw new Error('the worker recorded no WASM load for a send');
      loads.push(load);
      // Its outputs opened and stored, so the next cold refresh again has nothing new.
      devnet.mine();
      await request(page, 'layers.overview', { layer: 'liquid' });
    }
    const kept = await (await currentWorker(ext.context, ext.id)).evaluate(
      (name) => performance.getEntriesByName(name).map((e) => ((e as PerformanceMeasure).detail as ZkpLoadDetail | null)?.contextKept === true),
      ZKP_LOAD_MEASURE,
    );
    out["liquid: the service worker's WASM keeps its secp256k1 context (rewritten at build; 1 = yes)"] = kept.length === 1 && kept[0] ? 1 : 0;
    out['liquid: WASM fetch + compile + instantiate in the service worker, first ms'] = round(loads[0]!);
    out['liquid: WASM fetch + compile + instantiate in the service worker, median ms'] = round(median(loads));
    out['liquid: cold worker to first Liquid overview (outputs opened before), median ms'] = Math.round(median(coldRefresh));
    out['liquid: cold worker runs that loaded the WASM with nothing new to open'] = loadsWithNothingNew;
    out['liquid: cold worker to first Liquid overview with a new output (rewind, no WASM), median ms'] = Math.round(median(coldNewOutput));
    out['liquid: cold worker runs that loaded the WASM for a new output'] = loadsWithNewOutput;
    out['liquid: warm Liquid overview in the worker, median ms'] = Math.round(median(warmRefresh));
  } finally {
    await ext.close();
    await devnet.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchLiquidInWorker());
  process.exit(0);
}
