/**
 * The Activity screen in Debian's Chromium with the built extension, on the Bitcoin,
 * Liquid and Stacks devnets (Rootstock and Lightning switched off in Settings, every
 * endpoint not started a closed loopback port, so nothing reaches a public endpoint),
 * five Bitcoin receives listed: the time from the click on Home’s Activity to the
 * timeline painted, right after Home refreshed every layer (the overviews it cached are
 * reused), and from Refresh (every layer read afresh) to the list painted again.
 * `npx tsx bench/activity.ts` prints it; bench/run.ts imports benchActivity().
 */
import { pathToFileURL } from 'node:url';
import type { TimelineView } from '../src/shared/timeline';
import { endpointKey, SBTC_DEVNET_DEPLOYER } from '../src/shared/networks';
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { startLiquidDevnet } from '../tests/devnet/liquid';
import { startStacksDevnet } from '../tests/devnet/stacks';
import { launchExtension } from '../tests/e2e/chromium';
import { importWalletThroughPopup, playwrightDriver } from '../tests/e2e/popup-flows';
import { closedLoopbackUrl, onlyBitcoinDevnet, request } from './popup';

const RUNS = 7;
const TXS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchActivity(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const ext = await launchExtension();
  const [devnet, liquid, stacks] = await Promise.all([startBitcoinDevnet(), startLiquidDevnet(), startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER })]);
  try {
    const page = await ext.openPopup();
    const settings = onlyBitcoinDevnet(await closedLoopbackUrl(), devnet.esploraUrl);
    settings.endpoints[endpointKey('liquid', 'devnet', 'esplora')] = liquid.url;
    settings.endpoints[endpointKey('stacks', 'devnet', 'api')] = stacks.url;
    await request(page, 'settings.update', { ...settings, hiddenLayers: ['rootstock', 'lightning'] });
    await importWalletThroughPopup(playwrightDriver(page));
    const [account] = await request<{ value: string }[]>(page, 'accounts.list', {});
    for (let i = 0; i < TXS; i++) await devnet.faucet(account!.value, 10_000n + BigInt(i));
    await devnet.mine(1);
    const check = await request<TimelineView>(page, 'activity.list', { reuseMs: 0 });
    if (check.entries.filter((e) => e.layers.includes('bitcoin')).length !== TXS) throw new Error(`the timeline lists ${check.entries.length} entries, not the ${TXS} receives`);

    const painted = '[data-testid=activity-screen][data-loading=false] [data-testid=timeline] > li';
    const reused: number[] = [];
    const fresh: number[] = [];
    const wall: number[] = [];
    const slowest: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.click('[data-testid=nav-home]');
      // Home refreshes every layer; once it has, its overviews are cached moments ago.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^=refreshed-]')].every((e) => !/Refreshing/.test(e.textContent ?? '')), undefined, { timeout: 60_000 });
      let t0 = performance.now();
      await page.click('[data-testid=open-activity]');
      await page.waitForSelector(painted);
      reused.push(performance.now() - t0);
      // The loading state can come and go between two polls of waitForSelector (it did, on a fast run),
      // so an observer set up before the click records it, from the attribute's old values too.
      await page.evaluate(() => {
        const screen = document.querySelector('[data-testid=activity-screen]')!;
        (globalThis as unknown as { sawLoading: Promise<void> }).sawLoading = new Promise<void>((resolve, reject) => {
          setTimeout(() => reject(new Error('Activity never showed its loading state after Refresh')), 30_000);
          new MutationObserver((records, observer) => {
            if (records.some((r) => r.oldValue === 'true') || screen.getAttribute('data-loading') === 'true') {
              observer.disconnect();
              resolve();
            }
          }).observe(screen, { attributes: true, attributeFilter: ['data-loading'], attributeOldValue: true });
        });
      });
      t0 = performance.now();
      await page.click('[data-testid=activity-refresh]');
      await page.evaluate(() => (globalThis as unknown as { sawLoading: Promise<void> }).sawLoading);
      await page.waitForSelector(painted);
      fresh.push(performance.now() - t0);
      const view = await request<TimelineView>(page, 'activity.list', { reuseMs: 0 });
      wall.push(view.wallMs);
      slowest.push(Math.max(...view.sources.map((s) => s.ms)));
    }
    out['activity: Home → Activity painted, overviews reused, median ms'] = Math.round(median(reused));
    out['activity: Refresh → Activity painted, every layer read afresh, median ms'] = Math.round(median(fresh));
    out['activity: activity.list in the worker, every layer afresh, median ms'] = Math.round(median(wall));
    // Layers are read in parallel: the whole list should take about its slowest layer.
    out['activity: slowest single layer read within it, median ms'] = Math.round(median(slowest));
  } finally {
    await Promise.all([devnet.stop(), liquid.stop(), stacks.stop()]);
    await ext.close();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchActivity());
  process.exit(0);
}
