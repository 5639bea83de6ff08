/** Launches Debian's Chromium with the built extension loaded (never a downloaded browser). */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROME_DIST = join(import.meta.dirname, '../../dist/chrome');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
  });
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
