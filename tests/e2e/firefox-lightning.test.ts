/** Firefox ESR: the devnet's NIP-47 wallet connected, then an LNURL-pay of lnurl-node paid through it. */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, describe, it } from 'vitest';
import type { LightningDevnet } from '../devnet/lightning';
import { phraseFor, test } from './devnets';
import { launchFirefoxWithExtension } from './firefox';
import { connectNwc, devnetSettings, importPhrase, noLook, payLnurlThroughNwc } from './firefox-flows';

describe('Firefox ESR: Lightning on the devnet', () => {
  let devnet: LightningDevnet;
  let browser: Browser;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.lightning();
    ({ browser, onboarding: page } = await launchFirefoxWithExtension());
    const d = await importPhrase(page, phraseFor('firefox-lightning'), noLook);
    // LNURLs carry their host; the preset's one endpoint is the move journal's relay.
    await devnetSettings(d, noLook, ['lightning'], []);
  });
  afterAll(async () => browser?.close());

  it('connects the NWC wallet and pays an LNURL-pay link through the review; the ledger settles the service\'s invoice from that wallet', async () => {
    await connectNwc(page, devnet.nwcUri, noLook);
    await payLnurlThroughNwc(page, devnet, noLook);
  });
});
