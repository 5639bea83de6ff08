/**
 * The move journal's relay in Settings, in the built extension: none on the public
 * Lightning preset, the devnet relay on the devnet one, a ws(s) URL taken and kept,
 * an http(s) one refused with the background's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEVNET_RELAY } from '../../src/shared/networks';
import { launchExtension, type LoadedExtension } from './chromium';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const INPUT = '[data-testid=endpoint-lightning-journalRelay]';

describe('Chromium: the move journal relay in Settings', () => {
  let ext: LoadedExtension;
  let page: Page;
  beforeAll(async () => {
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page));
  });
  afterAll(async () => ext?.close());

  async function openSettings(): Promise<void> {
    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector(INPUT);
  }

  it('is empty on testnet, takes a wss:// URL and keeps it', async () => {
    await openSettings();
    expect(await page.inputValue(INPUT)).toBe('');
    await page.fill(INPUT, 'wss://relay.example.org/');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    await page.click('[data-testid=nav-home]');
    await openSettings();
    expect(await page.inputValue(INPUT)).toBe('wss://relay.example.org');
  });

  it('refuses an https:// URL for it, in words', async () => {
    await page.fill(INPUT, 'https://relay.example.org');
    await page.click('[data-testid=settings-save]');
    expect(await page.textContent('[data-testid=error]')).toBe('Relay URLs must start with wss:// or ws://.');
  });

  it('names the devnet relay on the devnet preset', async () => {
    await page.selectOption('[data-testid=preset-lightning]', 'devnet');
    expect(await page.inputValue(INPUT)).toBe(DEVNET_RELAY);
  });
});
