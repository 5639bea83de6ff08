/**
 * The popup's first paint from cache, in Debian's Chromium with the built extension:
 * a wallet whose Bitcoin balance the worker cached from the devnet, reopened; the time
 * from the popup script's start (`layerhop:start`) to the cached balance in the DOM.
 * The devnet is stopped before the popup opens, so the balance painted can only come
 * from the cache (and it is checked to be the cached one); the other layers point at a
 * closed loopback port, so no refresh reaches a public endpoint. Measured with the worker
 * warm and with it stopped first (as after Chrome's idle stop).
 * `npx tsx bench/popup.ts` prints it; bench/run.ts imports benchPopup().
 */
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { LAYER_IDS } from '../src/shared/layers';
import { endpointKey, PRESETS } from '../src/shared/networks';
import { RPC_TAG } from '../src/shared/rpc';
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { launchExtension, type LoadedExtension } from '../tests/e2e/chromium';
import { importWalletThroughPopup, playwrightDriver } from '../tests/e2e/popup-flows';

const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Sends one protocol request from `page`; returns its result. */
export function request<T = unknown>(page: Page, method: string, params: object): Promise<T> {
  return page.evaluate(
    async ([tag, m, p]) => {
      const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<{ ok: boolean; result: unknown }> } } }).chrome;
      const reply = await api.runtime.sendMessage({ tag, method: m, params: p });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      return reply.result;
    },
    [RPC_TAG, method, params] as const,
  ) as Promise<T>;
}

/**
 * Opens the popup `runs` times and times, in the page's own clock, navigation start and
 * script start to the moment every element of `selectors` is in the DOM.
 */
export async function timePaint(ext: LoadedExtension, selectors: string[], runs: number, beforeEach?: () => Promise<void>): Promise<{ fromNavigation: number[]; fromScript: number[]; pages: string[][] }> {
  const fromNavigation: number[] = [];
  const fromScript: number[] = [];
  const pages: string[][] = [];
  const all = selectors.join(',');
  for (let i = 0; i < runs; i++) {
    await beforeEach?.();
    const p = await ext.context.newPage();
    await p.addInitScript((wanted: string[]) => {
      new MutationObserver((_m, obs) => {
        if (wanted.every((s) => document.querySelector(s))) {
          performance.mark('bench:painted');
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, selectors);
    await p.goto(ext.popupUrl);
    await p.waitForFunction((s: string[]) => s.every((x) => document.querySelector(x)), selectors);
    // (No named helpers inside evaluate: tsx would inject a __name call the page lacks.)
    const [nav, script] = await p.evaluate(() => [
      performance.getEntriesByName('bench:painted')[0]!.startTime,
      performance.getEntriesByName('bench:painted')[0]!.startTime - performance.getEntriesByName('layerhop:start')[0]!.startTime,
    ]);
    pages.push(await p.$$eval(all, (els) => els.map((e) => e.textContent ?? '')));
    fromNavigation.push(nav);
    fromScript.push(script);
    await p.close();
  }
  return { fromNavigation, fromScript, pages };
}

/** A loopback URL nothing listens on: the layers not measured refresh there and fail at once, never on a public endpoint. */
export async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

/** Settings putting every layer on its devnet preset: Bitcoin's Esplora at `esploraUrl`, every other endpoint at the closed port `nowhere`. */
export function onlyBitcoinDevnet(nowhere: string, esploraUrl: string): { networks: Record<string, string>; endpoints: Record<string, string> } {
  const endpoints: Record<string, string> = {};
  for (const layer of LAYER_IDS) {
    const preset = PRESETS[layer].find((p) => p.id === 'devnet')!;
    // A relay endpoint takes a ws:// URL: the same closed port, in its scheme.
    for (const key of Object.keys(preset.endpoints)) endpoints[endpointKey(layer, 'devnet', key)] = key === 'journalRelay' ? nowhere.replace(/^http/, 'ws') : nowhere;
  }
  endpoints[endpointKey('bitcoin', 'devnet', 'esplora')] = esploraUrl;
  return { networks: Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet'])), endpoints };
}

export async function benchPopup(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const ext = await launchExtension();
  const devnet = await startBitcoinDevnet();
  let devnetUp = true;
  try {
    const page = await ext.openPopup();
    // Every layer on its devnet preset before the wallet exists: Bitcoin's is the devnet here,
    // the others' endpoints a closed loopback port.
    await request(page, 'settings.update', onlyBitcoinDevnet(await closedLoopbackUrl(), devnet.esploraUrl));
    await importWalletThroughPopup(playwrightDriver(page));
    const [account] = await request<{ value: string }[]>(page, 'accounts.list', {});
    await devnet.faucet(account!.value, 123_456n);
    await devnet.mine(1);
    const fresh = await request<{ balances: { confirmed: string }[] }>(page, 'layers.overview', { layer: 'bitcoin' });
    if (fresh.balances[0]!.confirmed !== '123456') throw new Error(`the devnet balance did not arrive: ${JSON.stringify(fresh.balances)}`);
    await devnet.stop();
    devnetUp = false;

    const selector = '[data-testid=balance-bitcoin]';
    const check = (pages: string[][]) => {
      for (const [text] of pages) if (!text?.includes('0.00123456')) throw new Error(`painted "${text}", not the cached balance`);
    };
    const warm = await timePaint(ext, [selector], RUNS);
    check(warm.pages);
    out['popup: navigation start to cached balance painted, median ms'] = Math.round(median(warm.fromNavigation));
    out['popup: script start to cached balance painted, median ms'] = Math.round(median(warm.fromScript));
    const cold = await timePaint(ext, [selector], RUNS, () => ext.stopServiceWorker());
    check(cold.pages);
    out['popup: script start to cached balance painted, worker stopped first, median ms'] = Math.round(median(cold.fromScript));
  } finally {
    if (devnetUp) await devnet.stop();
    await ext.close();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchPopup());
  process.exit(0);
}
