/**
 * The set-up most Chromium files share: a fresh profile, this file's own phrase imported
 * through the popup, the layers pointed at the worker's devnets, and, when asked, the
 * devnet's NWC wallet connected as the Lightning funding.
 */
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet, type DevnetEndpoint } from './devnet-settings';
import { phraseFor } from './devnets';
import { importWalletThroughPopup, playwrightDriver } from './popup-flows';

export interface DevnetWalletOptions {
  /** The test file's name: its phrase (`phraseFor`). */
  file: string;
  endpoints: DevnetEndpoint[];
  /** Lightning on its devnet preset too (regtest invoices; no endpoint to fill). */
  lightning?: boolean;
  /** The devnet's NWC connection string: connected from the Lightning screen (implies `lightning`). */
  nwcUri?: string;
  /** The browser's UI language, e.g. 'zh-CN'. */
  lang?: string;
}

export async function openDevnetWallet(opts: DevnetWalletOptions): Promise<{ ext: LoadedExtension; page: Page }> {
  const ext = await launchExtension(opts.lang ? { lang: opts.lang } : {});
  try {
    const page = await ext.openPopup();
    const d = playwrightDriver(page);
    await importWalletThroughPopup(d, phraseFor(opts.file));
    await useDevnet(d, opts.endpoints);
    // Lightning's devnet preset in a save of its own, after the others, as the files did before this helper.
    if (opts.lightning || opts.nwcUri) await useDevnet(d, [], ['lightning']);
    if (opts.nwcUri) {
      await page.click('[data-testid=open-lightning]');
      await page.click('[data-testid=ln-connect]');
      await page.fill('[data-testid=nwc-uri]', opts.nwcUri);
      await page.click('[data-testid=nwc-connect]');
      await page.waitForSelector('[data-testid=nwc-status][data-connected=true]');
      await page.click('[data-testid=nav-home]');
    }
    return { ext, page };
  } catch (err) {
    await ext.close();
    throw err;
  }
}
