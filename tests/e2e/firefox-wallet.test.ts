import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { test } from './firefox';
import { ADDRESS_SHAPES, createWalletThroughPopup, puppeteerDriver, readAddresses } from './popup-flows';

describe('Firefox ESR: onboarding tab', () => {
  let closeFirefox: (() => Promise<void>) | undefined;
  let onboarding: Page;
  test.beforeAll(async ({ firefox }) => {
    ({ onboarding, close: closeFirefox } = await firefox.withExtension());
  });
  afterAll(async () => closeFirefox?.());

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
