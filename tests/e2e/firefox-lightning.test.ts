/** Firefox ESR: the devnet's NIP-47 wallet connected, then an LNURL-pay of lnurl-node paid through it. */
import type { Page } from 'puppeteer-core';
import { afterAll, describe, it } from 'vitest';
import type { LightningDevnet } from '../devnet/lightning';
import { phraseFor } from './devnets';
import { test } from './firefox';
import { connectNwc, devnetSettings, importPhrase, noLook, payLnurlThroughNwc } from './firefox-flows';

describe('Firefox ESR: Lightning on the devnet', () => {
  let devnet: LightningDevnet;
  let closeFirefox: (() => Promise<void>) | undefined;
  let page: Page;

  test.beforeAll(async ({ devnets, firefox }) => {
    devnet = await devnets.lightning();
    ({ onboarding: page, close: closeFirefox } = await firefox.withExtension());
    const d = await importPhrase(page, phraseFor('firefox-lightning'), noLook);
    // LNURLs carry their host; the preset's one endpoint is the move journal's relay.
    await devnetSettings(d, noLook, ['lightning'], []);
  });
  afterAll(async () => closeFirefox?.());

  it('connects the NWC wallet and pays an LNURL-pay link through the review; the ledger settles the service\'s invoice from that wallet', async () => {
    await connectNwc(page, devnet.nwcUri, noLook);
    await payLnurlThroughNwc(page, devnet, noLook);
  });
});
