import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChecksumAddress } from '../../src/layers/rootstock/address';
import { launchExtension, type LoadedExtension } from './chromium';
import {
  ABANDON,
  ADDRESS_SHAPES,
  createWalletThroughPopup,
  importWalletThroughPopup,
  PASSWORD,
  playwrightDriver as drive,
  readAddresses,
} from './popup-flows';

// The auto-lock alarm needs a minute of idleness: the wallet that waits for it is set up first
// and checked last, so the other describes run meanwhile (each in a browser of its own).
let idleExt: LoadedExtension;
let probe: Page;
/** storage.session read from an extension page directly, without a message that would count as activity. */
const sessionKeys = () =>
  probe.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<object> } } } }).chrome;
    return Object.keys(await api.storage.session.get(null));
  });

describe('Chromium: import, then left idle', () => {
  beforeAll(async () => {
    idleExt = await launchExtension();
  });

  it('imports the BIP84 test phrase and shows its first testnet address', async () => {
    const page = await idleExt.openPopup();
    await importWalletThroughPopup(drive(page), ABANDON);
    const addresses = await readAddresses(drive(page));
    expect(addresses.bitcoin).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    await page.close();
  });

  it('refuses a phrase with a bad checksum, naming the problem', async () => {
    const other = await launchExtension();
    try {
      const page = await other.openPopup();
      await page.click('[data-testid=start-import]');
      await page.fill('[data-testid=import-mnemonic]', Array(12).fill('abandon').join(' '));
      await page.fill('[data-testid=new-password]', PASSWORD);
      await page.fill('[data-testid=repeat-password]', PASSWORD);
      await page.click('[data-testid=import-submit]');
      expect(await page.textContent('[data-testid=error]')).toMatch(/checksum/);
    } finally {
      await other.close();
    }
  });

  it('sets the idle time to one minute', async () => {
    const page = await idleExt.openPopup();
    await page.click('[data-testid=nav-settings]');
    await page.selectOption('[data-testid=auto-lock]', '1');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    await page.close();
    // Nobody touches the wallet from here on: only the alarm can lock it.
    probe = await idleExt.context.newPage();
    await probe.goto(`chrome-extension://${idleExt.id}/popup.css`);
    expect(await sessionKeys()).toContain('unlocked');
  });
});

describe('Chromium: create, lock, unlock, survive a worker restart', () => {
  let ext: LoadedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => ext?.close());

  it('opens onboarding in a tab on install', async () => {
    const deadline = Date.now() + 10_000;
    while (!ext.context.pages().some((p) => p.url().startsWith(`${ext.popupUrl}?view=tab`)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const tab = ext.context.pages().find((p) => p.url().startsWith(`${ext.popupUrl}?view=tab`));
    expect(tab).toBeDefined();
    await tab!.waitForSelector('[data-testid=welcome]');
  });

  it('creates a wallet with a confirmed backup and shows five receive addresses', async () => {
    const page = await ext.openPopup();
    const words = await createWalletThroughPopup(drive(page));
    expect(words).toHaveLength(12);
    const addresses = await readAddresses(drive(page));
    expect(Object.keys(addresses).sort()).toEqual(['bitcoin', 'lightning', 'liquid', 'rootstock', 'stacks']);
    for (const [layer, shape] of Object.entries(ADDRESS_SHAPES)) expect(addresses[layer]).toMatch(shape);
    expect(addresses.rootstock).toBe(toChecksumAddress(addresses.rootstock!, 31));
    // Home's Receive opens the layer's Receive (Rootstock's needs no server): the same address, and a QR code of exactly it.
    await page.click('[data-testid=receive-rootstock]');
    await page.waitForSelector('[data-testid=rsk-receive-panel] [data-testid=rsk-receive-address]');
    expect((await page.textContent('[data-testid=rsk-receive-address]'))!.trim()).toBe(addresses.rootstock);
    expect(await page.getAttribute('[data-testid=rsk-receive-panel] svg.qr', 'data-qr')).toBe(addresses.rootstock);
    await page.close();
  });

  it('locks, refuses a wrong password, then unlocks', async () => {
    const page = await ext.openPopup();
    await page.waitForSelector('[data-testid=layers]');
    await page.click('[data-testid=nav-lock]');
    await page.waitForSelector('[data-testid=unlock]');
    await page.fill('[data-testid=unlock-password]', 'Wrong-Horse-42');
    await page.click('[data-testid=unlock-submit]');
    expect(await page.textContent('[data-testid=error]')).toBe('Wrong password.');
    await page.fill('[data-testid=unlock-password]', PASSWORD);
    await page.click('[data-testid=unlock-submit]');
    await page.waitForSelector('[data-testid=layers]');
    await page.close();
  });

  it('stays unlocked when the service worker is stopped and restarted', async () => {
    const before = await ext.openPopup();
    const addresses = await readAddresses(drive(before));
    await before.close();
    await ext.stopServiceWorker();
    const after = await ext.openPopup(); // its first message wakes a fresh worker
    await after.waitForSelector('[data-testid=layers]');
    expect(await readAddresses(drive(after))).toEqual(addresses);
    expect(await after.$('[data-testid=unlock]')).toBeNull();
    await after.close();
  });
});

describe('Chromium: Simplified Chinese', () => {
  it('shows the onboarding in Chinese when the browser language is zh-CN', async () => {
    const ext = await launchExtension({ lang: 'zh-CN' });
    try {
      const page = await ext.openPopup();
      await page.waitForSelector('[data-testid=welcome]');
      expect(await page.textContent('[data-testid=start-create]')).toBe('创建新钱包');
    } finally {
      await ext.close();
    }
  });
});

describe('Chromium: auto-lock, once the other describes have run', () => {
  afterAll(async () => idleExt?.close());

  it('locks itself after the idle time set in settings', async () => {
    const deadline = Date.now() + 100_000;
    while ((await sessionKeys()).includes('unlocked') && Date.now() < deadline) await probe.waitForTimeout(1000);
    expect(await sessionKeys()).not.toContain('unlocked');
    const popup = await idleExt.openPopup();
    await popup.waitForSelector('[data-testid=unlock]');
  });
});
