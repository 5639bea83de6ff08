/** Firefox ESR: a phrase imported, then a Bitcoin send on the bcoin devnet, confirmed in the popup and on the node. */
import type { Page } from 'puppeteer-core';
import { afterAll, describe, it } from 'vitest';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { phraseFor } from './devnets';
import { test } from './firefox';
import { bitcoinSendConfirmed, devnetSettings, importPhrase, noLook } from './firefox-flows';

describe('Firefox ESR: Bitcoin on the devnet', () => {
  let devnet: BitcoinDevnet;
  let closeFirefox: (() => Promise<void>) | undefined;
  let page: Page;

  test.beforeAll(async ({ devnets, firefox }) => {
    devnet = await devnets.bitcoin();
    ({ onboarding: page, close: closeFirefox } = await firefox.withExtension());
  });
  afterAll(async () => closeFirefox?.());

  it('imports a phrase, receives faucet coins, sends through the review; the send confirms in the popup and on bcoin', async () => {
    const d = await importPhrase(page, phraseFor('firefox-bitcoin'), noLook);
    await devnetSettings(d, noLook, ['bitcoin'], [
      { layer: 'bitcoin', key: 'esplora', url: devnet.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: devnet.url },
    ]);
    await bitcoinSendConfirmed(page, devnet, noLook);
  });
});
