/** Firefox ESR: a BTC -> Lightning move through the devnet's Boltz, into the connected NWC wallet. */
import type { Page } from 'puppeteer-core';
import { afterAll, describe, it } from 'vitest';
import { phraseFor, type BoltzDevnets } from './devnets';
import { test } from './firefox';
import { connectNwc, devnetSettings, importPhrase, moveBtcToLightning, noLook } from './firefox-flows';

describe('Firefox ESR: a move through Boltz on the devnets', () => {
  let d: BoltzDevnets;
  let closeFirefox: (() => Promise<void>) | undefined;
  let page: Page;
  let mining = true;

  test.beforeAll(async ({ devnets, firefox }) => {
    d = await devnets.boltz();
    ({ onboarding: page, close: closeFirefox } = await firefox.withExtension());
    const driver = await importPhrase(page, phraseFor('firefox-move'), noLook);
    await devnetSettings(driver, noLook, ['bitcoin', 'lightning'], [
      { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
      { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
    ]);
    await connectNwc(page, d.lightning.nwcUri, noLook);
    // A block now and then, as on a live network: Boltz waits for our lockup to confirm.
    void (async () => {
      while (mining) {
        await new Promise((r) => setTimeout(r, 1500));
        if (mining) await d.bitcoin.mine(1).catch(() => undefined);
      }
    })();
  });
  afterAll(async () => {
    mining = false;
    await closeFirefox?.();
  });

  it('BTC -> Lightning: the hop completes, Boltz claims our lockup and the wallet\'s invoice of what the route promised is settled', async () => {
    await moveBtcToLightning(page, d, noLook);
  });
});
