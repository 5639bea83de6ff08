/** Launches Debian's Chromium with the built extension loaded (never a downloaded browser). */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROME_DIST = join(import.meta.dirname, '../../dist/chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Features switched off at launch. Chromium 156 starts a renderer for its omnibox popup
 * (chrome://omnibox-popup.top-chrome/) in every new profile and window, which no test ever
 * opens: about 2.4 of a launch's 5-6 CPU-seconds on this machine, over 25 launches a run.
 * Chromium keeps only the last --disable-features it is given, so the list repeats
 * Playwright's own (playwright-core's chromiumSwitches.ts), and launchExtension checks that
 * it still holds every one of them.
 */
const DISABLED_FEATURES = [
  // Playwright's defaults, as of playwright-core 1.65.
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
  // The omnibox popup's WebUI renderer, prewarmed or not.
  'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI',
];

export interface LoadedExtension {
  context: BrowserContext;
  id: string;
  worker: Worker;
  popupUrl: string;
  openPopup(): Promise<Page>;
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/** `dist`: another build of the extension (tests/e2e/dapp/probe-build.ts), dist/chrome by default. */
export async function launchExtension(opts: { lang?: string; dist?: string } = {}): Promise<LoadedExtension> {
  const dist = opts.dist ?? CHROME_DIST;
  const profile = mkdtempSync(join(tmpdir(), 'layerhop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: opts.lang,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-features=${DISABLED_FEATURES.join(',')}`,
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
  });
  try {
    keepsDefaultDisabledFeatures(profile);
  } catch (err) {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const popupUrl = `chrome-extension://${id}/popup.html`;
  await firstRunTab(context, popupUrl);
  return {
    context,
    id,
    worker,
    popupUrl,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(popupUrl);
      return page;
    },
    /** Stops the extension's service worker the way Chrome does when it goes idle. */
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      const deadline = Date.now() + 15_000;
      // Asked again every second: a stop sent while the worker is starting up can be lost.
      for (let tick = 0; ; tick++) {
        if (tick % 10 === 0) await cdp.send('ServiceWorker.stopAllWorkers');
        const { targetInfos } = await cdp.send('Target.getTargets');
        if (!targetInfos.some((t) => t.type === 'service_worker' && t.url.includes(id))) break;
        if (Date.now() > deadline) throw new Error('service worker did not stop');
        await new Promise((r) => setTimeout(r, 100));
      }
      await cdp.detach();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Throws if the browser launched on `profile` was given a --disable-features before ours
 * that names a feature ours leaves out: Playwright changed its defaults, and ours would
 * switch that feature back on.
 */
function keepsDefaultDisabledFeatures(profile: string): void {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone, or not ours to read
    }
    if (!args.includes(`--user-data-dir=${profile}`) || args.some((a) => a.startsWith('--type='))) continue;
    const lists = args.filter((a) => a.startsWith('--disable-features=')).map((a) => a.slice('--disable-features='.length).split(','));
    const ours = new Set(lists.at(-1));
    const dropped = lists.slice(0, -1).flat().filter((f) => !ours.has(f));
    if (dropped.length) throw new Error(`Playwright now disables ${dropped.join(', ')} too: add them to DISABLED_FEATURES in tests/e2e/chromium.ts`);
    return;
  }
  throw new Error(`no browser process with --user-data-dir=${profile} found in /proc`);
}

/**
 * Waits for the tab the extension opens on install (an empty wallet's onboarding). It opens in
 * the window last focused, so a page the test opened before it would become a background tab,
 * where every Playwright click then waits 1-2 s for the element to be "stable" (measured:
 * a devnet set-up of 11 s took 1.5 s once the test's pages opened after it).
 */
async function firstRunTab(context: BrowserContext, popupUrl: string): Promise<void> {
  const isIt = (p: Page) => p.url().startsWith(`${popupUrl}?view=tab`);
  if (context.pages().some(isIt)) return;
  await context.waitForEvent('page', { predicate: isIt, timeout: 10_000 }).catch(() => {
    throw new Error('the extension opened no onboarding tab within 10 s of its install');
  });
}
