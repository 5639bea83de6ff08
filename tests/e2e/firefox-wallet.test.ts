import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchFirefoxWithExtension } from './firefox';
import { ADDRESS_SHAPES, createWalletThroughPopup, puppeteerDriver, readAddresses } from './popup-flows';

describe('Firefox ESR: onboarding tab', () => {
  let browser: Browser;
  let onboarding: Page;
  beforeAll(async () => {
    ({ browser, onboarding } = await launchFirefoxWithExtension());
  });
  afterAll(async () => browser?.close());

  it('creates a wallet and shows the five receive addresses', async () => {
    const d = puppeteerDriver(onboarding);
    await d.waitFor('[data-testid=welcome]');
    const words = await createWalletThroughPopup(d);
    expect(words).toHaveLength(12);
    const addresses = await readAddresses(d);
    expect(Object.keys(addresses).sort()).toEqual(['bitcoin', 'lightning', 'liquid', 'rootstock', 'stacks']);
    for (const [layer, shape] of Object.entries(ADDRESS_SHAPES)) expect(addresses[layer]).toMatch(shape);
  });
});
