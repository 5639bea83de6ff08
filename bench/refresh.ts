/**
 * The full refresh Home makes, in the real MV3 worker (Debian's Chromium, the built
 * extension) against local devnets of all five layers with a funded wallet: each
 * layer's `layers.overview` alone, then all five at once as Home sends them; wall
 * time against the slowest single layer, and what each layer sends per refresh
 * (HTTP requests counted by wrapping the worker's fetch, Nostr messages by wrapping
 * its WebSocket send). `npx tsx bench/refresh.ts` prints it; bench/run.ts imports benchRefresh().
 * BENCH_WORKER_NETWORK_EVENTS=0 measures the same without the DevTools network events
 * Playwright turns on for the worker (a second measurement, labelled in the output).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { LayerAccountView } from '../src/shared/accounts';
import { LAYER_IDS, type LayerId } from '../src/shared/layers';
import { endpointKey } from '../src/shared/networks';
import { startAnvil } from '../tests/devnet/rootstock/anvil';
import { launchExtension } from '../tests/e2e/chromium';
import { importWalletThroughPopup, playwrightDriver } from '../tests/e2e/popup-flows';
import { processCpuMs, startDevnetProcess } from './devnet-process';
import { request } from './popup';

// BENCH_RUNS: more rounds where the machine is shared and medians move.
const RUNS = Number(process.env.BENCH_RUNS) || 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

async function currentWorker(context: BrowserContext, id: string): Promise<Worker> {
  const mine = (w: Worker) => w.url().startsWith(`chrome-extension://${id}/`);
  return context.serviceWorkers().find(mine) ?? (await context.waitForEvent('serviceworker', { predicate: mine }));
}

/** Times overviews of `layers` sent at once from the page, in the page's clock: wall time and each one's. */
function overviews(page: Page, tag: string, layers: LayerId[]): Promise<{ wall: number; each: Record<string, number> }> {
  return page.evaluate(
    async ([t, ls]) => {
      const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<{ ok: boolean }> } } }).chrome;
      const start = performance.now();
      const each: Record<string, number> = {};
      await Promise.all(
        ls.map(async (layer) => {
          const reply = await api.runtime.sendMessage({ tag: t, method: 'layers.overview', params: { layer } });
          if (!reply.ok) throw new Error(`${layer}: ${JSON.stringify(reply)}`);
          each[layer] = performance.now() - start;
        }),
      );
      return { wall: performance.now() - start, each };
    },
    [tag, layers] as const,
  );
}

/** BENCH_PROFILE=file.cpuprofile: a CPU profile of the worker over the all-at-once runs (CDP, through the page's session). */
export async function profileWorker(page: Page, id: string): Promise<{ stop(file?: string): Promise<CpuProfile> }> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(id))!;
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let next = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const mid = next++;
      waiting.set(mid, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mid, method, params }) });
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  await send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await send('Profiler.stop')) as { profile: CpuProfile };
      await cdp.detach();
      if (file) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(file, JSON.stringify(profile));
      }
      return profile;
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The worker thread's CPU time in a profile: every sample but idle ones (program and GC count, as they hold the thread). */
function busyMs(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let us = 0;
  for (let i = 0; i < profile.samples.length; i++) if (!idle.has(profile.samples[i]!)) us += profile.timeDeltas[i + 1] ?? 0;
  return us / 1000;
}

/** CPU time (ms, Linux schedstat) of this process's Chromium descendants, by process type (browser, renderer, utility...); `anvil` (Rootstock's node) as well with `withAnvil`. */
function chromiumCpuMs(withAnvil = false): Record<string, number> {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const parentOf = new Map<number, number>();
  for (const pid of procs) {
    try {
      parentOf.set(Number(pid), Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p > 1; p = parentOf.get(p)) if (p === process.pid) return true;
    return false;
  };
  const out: Record<string, number> = {};
  for (const pid of parentOf.keys()) {
    if (!mine(pid)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (withAnvil && /(^|\/)anvil\0/.test(cmd)) {
      out.anvil = (out.anvil ?? 0) + processCpuMs(pid);
      continue;
    }
    if (!cmd.includes('chrom')) continue;
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    const kind = type === 'utility' ? `utility ${/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? ''}`.trim() : type;
    out[kind] = (out[kind] ?? 0) + processCpuMs(pid);
  }
  return out;
}

/**
 * BENCH_DETAIL=1: where the time goes. Each layer alone and all five together under a
 * CPU profile of the worker (its busy ms per refresh), and one all-five refresh's
 * requests by layer: how many, the span from the first start to the last end, and
 * the median time one takes.
 */
async function detail(page: Page, id: string, worker: Worker, originOf: Record<LayerId, string>): Promise<Record<string, number>> {
  const { RPC_TAG } = await import('../src/shared/rpc');
  const out: Record<string, number> = {};
  const N = 5;
  const measure = async (label: string, layers: LayerId[]) => {
    const profiler = await profileWorker(page, id);
    const walls: number[] = [];
    for (let i = 0; i < N; i++) walls.push((await overviews(page, RPC_TAG, layers)).wall);
    const dir = process.env.BENCH_PROFILE_DIR;
    out[`detail ${label}: worker CPU per refresh, ms`] = round(busyMs(await profiler.stop(dir && `${dir}/${label.replace(' ', '-')}.cpuprofile`)) / N);
    out[`detail ${label}: wall median, ms`] = round(median(walls));
  };
  for (const layer of LAYER_IDS) await measure(layer, [layer]);
  await measure('all five', [...LAYER_IDS]);
  // chrome.storage calls one refresh makes (the popup's own polls included, as Home makes them): how many, by method, and the bytes they carry.
  const storageLines: string[] = [];
  for (const [label, layers] of [...LAYER_IDS.map((l) => [l, [l]] as const), ['all five', [...LAYER_IDS]] as const]) {
    await worker.evaluate('void (globalThis.__benchStorage = [])');
    await overviews(page, RPC_TAG, [...layers]);
    const calls = (await worker.evaluate('globalThis.__benchStorage.splice(0)')) as [string, string, number][];
    out[`detail storage ${label}: calls`] = calls.length;
    out[`detail storage ${label}: KB carried`] = round(calls.reduce((a, c) => a + c[2], 0) / 1024);
    for (const op of new Set(calls.map((c) => c[0]))) out[`detail storage ${label}: ${op}`] = calls.filter((c) => c[0] === op).length;
    storageLines.push(`# ${label}`, ...calls.map((c) => c.join('\t')));
  }
  await worker.evaluate('void (globalThis.__benchStorage = undefined)');
  if (process.env.BENCH_STORAGE) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.BENCH_STORAGE, storageLines.join('\n'));
  }
  // When each layer's answer arrives while all five run at once.
  const each: Record<string, number[]> = {};
  for (let i = 0; i < N; i++) for (const [layer, ms] of Object.entries((await overviews(page, RPC_TAG, [...LAYER_IDS])).each)) (each[layer] ??= []).push(ms);
  for (const layer of LAYER_IDS) out[`detail all five: ${layer} answered after, median ms`] = round(median(each[layer]!));
  await worker.evaluate('void (globalThis.__benchLog = [])');
  const { wall } = await overviews(page, RPC_TAG, [...LAYER_IDS]);
  const log = (await worker.evaluate('globalThis.__benchLog.splice(0)')) as [string, number, number][];
  await worker.evaluate('void (globalThis.__benchLog = undefined)');
  out['detail waterfall: all five wall, ms'] = round(wall);
  const t0 = Math.min(...log.map((r) => r[1]));
  for (const layer of LAYER_IDS) {
    const mine = log.filter(([url]) => new URL(url.split(' ')[0]!).origin === originOf[layer] || `ws ${new URL(url.split(' ')[0]!.replace(/^ws/, 'http')).origin}` === originOf[layer]);
    if (!mine.length) continue;
    out[`detail waterfall ${layer}: requests`] = mine.length;
    out[`detail waterfall ${layer}: first start, ms`] = round(Math.min(...mine.map((r) => r[1])) - t0);
    out[`detail waterfall ${layer}: last end, ms`] = round(Math.max(...mine.map((r) => r[2])) - t0);
    out[`detail waterfall ${layer}: median request, ms`] = round(median(mine.map((r) => r[2] - r[1])));
  }
  if (process.env.BENCH_WATERFALL) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.BENCH_WATERFALL, log.map(([u, a, b]) => `${(a - t0).toFixed(1)}\t${(b - t0).toFixed(1)}\t${u}`).join('\n'));
  }
  return out;
}

export async function benchRefresh(): Promise<Record<string, number>> {
  const { RPC_TAG } = await import('../src/shared/rpc');
  const out: Record<string, number> = {};
  // Each devnet in a process of its own, as each layer's backend is a server of its own: none waits on another's event loop, or on this one's.
  const bitcoin = await startDevnetProcess('bitcoin');
  const liquid = await startDevnetProcess('liquid');
  const rootstock = await startAnvil({ chainId: 33 });
  const stacks = await startDevnetProcess('stacks');
  const lightning = await startDevnetProcess('lightning');
  // BENCH_WORKER_NETWORK_EVENTS=0, a second measurement: Playwright then does not enable DevTools' network events on
  // the worker (every request of it otherwise sends four or more events through the browser process to this one), as no user's browser does.
  const workerNetworkEvents = process.env.BENCH_WORKER_NETWORK_EVENTS !== '0';
  if (!workerNetworkEvents) process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';
  out['refresh: DevTools network events of the worker on (1) or off (0)'] = workerNetworkEvents ? 1 : 0;
  const ext = await launchExtension();
  try {
    const page = await ext.openPopup();
    // Devnets selected before the wallet exists, so no refresh ever goes to a public endpoint.
    const devnetOrigin = (url: string) => new URL(url).origin;
    await request(page, 'settings.update', {
      networks: Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet'])),
      endpoints: {
        [endpointKey('bitcoin', 'devnet', 'esplora')]: bitcoin.url,
        [endpointKey('liquid', 'devnet', 'esplora')]: liquid.url,
        [endpointKey('rootstock', 'devnet', 'rpc')]: rootstock.url,
        [endpointKey('stacks', 'devnet', 'api')]: stacks.url,
      },
    });
    await importWalletThroughPopup(playwrightDriver(page));
    // The onboarding tab the worker opens on install would mount Home once it sees the wallet unlocked, and refresh every layer in the middle of a count.
    for (const other of ext.context.pages()) if (other !== page) await other.close();
    await request(page, 'lightning.nwcConnect', { uri: lightning.info.nwcUri });

    // A funded wallet: coins on every layer, some of them pending.
    const accounts = await request<LayerAccountView[]>(page, 'accounts.list', {});
    const address = (l: LayerId) => accounts.find((a) => a.layer === l)!.value;
    await bitcoin.post('/faucet', { address: address('bitcoin'), sats: 500_000 });
    await bitcoin.post('/faucet', { address: address('bitcoin'), sats: 200_000, confirm: false });
    await liquid.post('/faucet', { address: address('liquid'), sats: 300_000 });
    await liquid.post('/faucet', { address: address('liquid'), sats: 1_000, asset: 'test' });
    await liquid.post('/mine', {});
    await rootstock.fund(address('rootstock'), 10n ** 16n);
    const tapped = await fetch(`${stacks.url}/extended/v1/faucets/stx?address=${address('stacks')}`, { method: 'POST' });
    if (!tapped.ok) throw new Error(`stacks faucet: ${tapped.status}`);
    await stacks.post('/devnet/mine', {});

    const devnetCpuMs = () => bitcoin.cpuMs() + liquid.cpuMs() + stacks.cpuMs() + lightning.cpuMs();
    const worker = await currentWorker(ext.context, ext.id);
    // A string, not a function: tsx would add __name calls the worker lacks.
    await worker.evaluate(`(() => {
      const g = globalThis;
      g.__benchCount = {};
      g.__benchInFlight = 0;
      g.__benchLast = performance.now();
      const realFetch = g.fetch;
      g.fetch = (input, init) => {
        const key = new URL(input instanceof Request ? input.url : String(input)).origin;
        g.__benchCount[key] = (g.__benchCount[key] ?? 0) + 1;
        g.__benchInFlight++;
        const t0 = (g.__benchLast = performance.now());
        return realFetch(input, init).finally(() => {
          g.__benchInFlight--;
          g.__benchLast = performance.now();
          g.__benchLog?.push([String(input instanceof Request ? input.url : input), t0, g.__benchLast]);
        });
      };
      const realSend = g.WebSocket.prototype.send;
      g.WebSocket.prototype.send = function (data) {
        const key = 'ws ' + new URL(this.url).origin.replace(/^ws/, 'http');
        g.__benchCount[key] = (g.__benchCount[key] ?? 0) + 1;
        g.__benchLast = performance.now();
        g.__benchLog?.push([this.url + ' ' + String(data).slice(0, 12), g.__benchLast, g.__benchLast]);
        return realSend.call(this, data);
      };
      // chrome.storage calls (the polyfill looks each method up at call time, callback style): area, method, keys, bytes answered.
      for (const [areaName, area] of [['local', chrome.storage.local], ['session', chrome.storage.session]]) {
        for (const op of ['get', 'set', 'remove']) {
          const real = area[op];
          area[op] = function (...args) {
            const arg = args[0];
            const keys = typeof arg === 'string' ? [arg] : Array.isArray(arg) ? arg : arg && typeof arg === 'object' && op === 'set' ? Object.keys(arg) : arg && typeof arg === 'object' ? Object.keys(arg) : ['(all)'];
            const entry = [areaName + '.' + op, keys.join(','), op === 'set' ? JSON.stringify(arg).length : 0];
            g.__benchStorage?.push(entry);
            const cb = args[args.length - 1];
            const measure = (r) => { entry[2] = JSON.stringify(r ?? {}).length; };
            if (op === 'get' && typeof cb === 'function') args[args.length - 1] = (r) => { measure(r); return cb(r); };
            const answer = real.apply(this, args);
            return op === 'get' && answer && typeof answer.then === 'function' ? answer.then((r) => (measure(r), r)) : answer;
          };
        }
      }
    })()`);

    // Warm: the first refresh of each layer opens new outputs, scans addresses, loads WASM.
    await overviews(page, RPC_TAG, [...LAYER_IDS]);
    // Home's own refresh after the import may still be under way: wait until the worker has sent nothing for a second.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const quietMs = (await worker.evaluate('globalThis.__benchInFlight === 0 ? performance.now() - globalThis.__benchLast : 0')) as number;
      if (quietMs >= 1000) break;
      if (Date.now() > deadline) throw new Error('the worker never went quiet after the warm-up refresh');
      await new Promise((r) => setTimeout(r, 200));
    }

    const counts = () => worker.evaluate('({ ...globalThis.__benchCount })') as Promise<Record<string, number>>;
    const reset = () => worker.evaluate('void (globalThis.__benchCount = {})');
    const originOf: Record<LayerId, string> = {
      bitcoin: devnetOrigin(bitcoin.url),
      lightning: `ws ${devnetOrigin(lightning.url.replace(/^ws/, 'http'))}`,
      stacks: devnetOrigin(stacks.url),
      liquid: devnetOrigin(liquid.url),
      rootstock: devnetOrigin(rootstock.url),
    };

    // Requests per layer, each refreshed alone once; none may reach another layer's server.
    for (const layer of LAYER_IDS) {
      await reset();
      await overviews(page, RPC_TAG, [layer]);
      const c = await counts();
      out[`refresh ${layer}: requests per refresh`] = c[originOf[layer]] ?? 0;
      const stray = Object.entries(c).filter(([o]) => o !== originOf[layer]);
      if (stray.length) throw new Error(`${layer} reached ${JSON.stringify(stray)}`);
    }
    await reset();
    await overviews(page, RPC_TAG, [...LAYER_IDS]);
    out['refresh all five at once: requests'] = Object.values(await counts()).reduce((a, b) => a + b, 0);

    // Where the time goes when all run at once: the worker's thread (a timer's lateness) and this process's.
    await worker.evaluate(`(() => {
      const g = globalThis;
      g.__benchLag = 0;
      let last = performance.now();
      clearInterval(g.__benchProbe);
      g.__benchProbe = setInterval(() => {
        const now = performance.now();
        g.__benchLag += Math.max(0, now - last - 5);
        last = now;
      }, 5);
    })()`);
    const profiler = process.env.BENCH_PROFILE ? await profileWorker(page, ext.id) : null;
    // Alone and together take turns, so a load that comes and goes on the machine weighs on both alike.
    const alone: Record<string, number[]> = Object.fromEntries(LAYER_IDS.map((l) => [l, []]));
    const together: number[] = [];
    let workerBusy = 0;
    let elu = performance.eventLoopUtilization();
    let eluTogether = 0;
    let devnetCpu = 0;
    const chromeCpu: Record<string, number> = {};
    // What each layer alone costs the machine: every Chromium process (browser, network service, renderer) and the layer's own server.
    const serverCpuMs: Record<LayerId, () => number> = {
      bitcoin: () => bitcoin.cpuMs(),
      liquid: () => liquid.cpuMs(),
      stacks: () => stacks.cpuMs(),
      lightning: () => lightning.cpuMs(),
      rootstock: () => chromiumCpuMs(true).anvil ?? 0,
    };
    let anvilCpu = 0;
    const aloneCpu: Record<string, Record<string, number>> = Object.fromEntries(LAYER_IDS.map((l) => [l, {}]));
    for (let i = 0; i < RUNS; i++) {
      for (const layer of LAYER_IDS) {
        const chromeBefore = chromiumCpuMs();
        const serverBefore = serverCpuMs[layer]();
        alone[layer]!.push((await overviews(page, RPC_TAG, [layer])).wall);
        const serverAfter = serverCpuMs[layer]();
        const mine = aloneCpu[layer]!;
        for (const [kind, ms] of Object.entries(chromiumCpuMs())) mine[kind] = (mine[kind] ?? 0) + ms - (chromeBefore[kind] ?? 0);
        mine.server = (mine.server ?? 0) + serverAfter - serverBefore;
      }
      await worker.evaluate('void (globalThis.__benchLag = 0)');
      elu = performance.eventLoopUtilization();
      const cpuBefore = devnetCpuMs();
      const chromeBefore = chromiumCpuMs();
      const anvilBefore = serverCpuMs.rootstock();
      together.push((await overviews(page, RPC_TAG, [...LAYER_IDS])).wall);
      anvilCpu += serverCpuMs.rootstock() - anvilBefore;
      devnetCpu += devnetCpuMs() - cpuBefore;
      for (const [kind, ms] of Object.entries(chromiumCpuMs())) chromeCpu[kind] = (chromeCpu[kind] ?? 0) + ms - (chromeBefore[kind] ?? 0);
      eluTogether += performance.eventLoopUtilization(elu).utilization / RUNS;
      workerBusy += (await worker.evaluate('globalThis.__benchLag')) as number;
    }
    for (const layer of LAYER_IDS) out[`refresh ${layer} alone, median ms`] = round(median(alone[layer]!));
    for (const layer of LAYER_IDS) {
      const { server, ...chrome } = aloneCpu[layer]!;
      out[`refresh ${layer} alone: CPU ms per refresh, all Chromium processes`] = round(Object.values(chrome).reduce((a, b) => a + b, 0) / RUNS);
      for (const [kind, ms] of Object.entries(chrome)) if (ms > 0) out[`refresh ${layer} alone: CPU ms per refresh, Chromium ${kind}`] = round(ms / RUNS);
      out[`refresh ${layer} alone: CPU ms per refresh, its devnet process${layer === 'rootstock' ? ' (anvil)' : ''}`] = round((server ?? 0) / RUNS);
    }
    if (profiler) await profiler.stop(process.env.BENCH_PROFILE!);
    out['refresh all five at once: bench process busy, %'] = Math.round(eluTogether * 100);
    out['refresh all five at once: Bitcoin, Liquid, Stacks and Lightning devnet processes CPU, % of wall'] = Math.round((devnetCpu / together.reduce((a, b) => a + b, 0)) * 100);
    for (const [kind, ms] of Object.entries(chromeCpu)) {
      if (ms > 0) out[`refresh all five at once: Chromium ${kind} process CPU, % of wall`] = Math.round((ms / together.reduce((a, b) => a + b, 0)) * 100);
    }
    // The same as CPU time per refresh, which a loaded machine stretches far less than wall time.
    out['refresh all five at once: CPU ms per refresh, devnet processes'] = round(devnetCpu / RUNS);
    out['refresh all five at once: CPU ms per refresh, anvil (Rootstock devnet)'] = round(anvilCpu / RUNS);
    for (const [kind, ms] of Object.entries(chromeCpu)) if (ms > 0) out[`refresh all five at once: CPU ms per refresh, Chromium ${kind}`] = round(ms / RUNS);
    out['refresh all five at once: CPU ms per refresh, all Chromium processes'] = round(Object.values(chromeCpu).reduce((a, b) => a + b, 0) / RUNS);
    out['refresh all five at once: worker thread blocked, % of wall'] = Math.round((workerBusy / together.reduce((a, b) => a + b, 0)) * 100);
    if (process.env.BENCH_DETAIL) Object.assign(out, await detail(page, ext.id, worker, originOf));
    const slowest = Math.max(...LAYER_IDS.map((l) => median(alone[l]!)));
    out['refresh all five at once (as Home does), wall median ms'] = round(median(together));
    out['refresh: slowest single layer, median ms'] = round(slowest);
    out['refresh: all at once / slowest single layer'] = Math.round((median(together) / slowest) * 100) / 100;

    // The same after one new block on Bitcoin and on Liquid before each refresh of them (only the layer refreshed
    // alone gets one then: a block the other layer did not refresh after would make its next refresh follow two).
    const newBlocks = (layers: readonly ('bitcoin' | 'liquid')[] = ['bitcoin', 'liquid']) => Promise.all(layers.map((l) => (l === 'bitcoin' ? bitcoin : liquid).post('/mine', {})));
    const aloneAfter: Record<'bitcoin' | 'liquid', number[]> = { bitcoin: [], liquid: [] };
    const togetherAfter: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const layer of ['bitcoin', 'liquid'] as const) {
        await newBlocks([layer]);
        aloneAfter[layer].push((await overviews(page, RPC_TAG, [layer])).wall);
      }
      await newBlocks();
      await reset();
      togetherAfter.push((await overviews(page, RPC_TAG, [...LAYER_IDS])).wall);
    }
    const afterCounts = await counts();
    out['refresh after a new block: requests, all five at once'] = Object.values(afterCounts).reduce((a, b) => a + b, 0);
    for (const layer of LAYER_IDS) out[`refresh after a new block: ${layer} requests`] = afterCounts[originOf[layer]] ?? 0;
    const slowestAfter = Math.max(median(aloneAfter.bitcoin), median(aloneAfter.liquid), ...(['lightning', 'stacks', 'rootstock'] as const).map((l) => median(alone[l]!)));
    out['refresh after a new block: bitcoin alone, median ms'] = round(median(aloneAfter.bitcoin));
    out['refresh after a new block: liquid alone, median ms'] = round(median(aloneAfter.liquid));
    out['refresh after a new block: all five at once, median ms'] = round(median(togetherAfter));
    out['refresh after a new block: all at once / slowest single layer'] = Math.round((median(togetherAfter) / slowestAfter) * 100) / 100;
  } finally {
    await ext.close();
    await lightning.stop();
    await stacks.stop();
    await rootstock.stop();
    await liquid.stop();
    await bitcoin.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchRefresh());
  process.exit(0);
}
