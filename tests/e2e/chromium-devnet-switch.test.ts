/**
 * The one switch for the local devnet, in Chromium: the end of onboarding offers the
 * devnet only when its services answer on loopback, and Settings moves every layer to
 * the devnet and back at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAYER_IDS } from '../../src/shared/layers';
import { DEFAULT_NETWORKS, endpointKey } from '../../src/shared/networks';
import { RPC_TAG } from '../../src/shared/rpc';
import { launchExtension, type LoadedExtension } from './chromium';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
type Runtime = { chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } } };

/** A request straight from the popup page, as any popup code would send it. */
async function rpc<T>(page: Page, method: string, params: object): Promise<T> {
  const reply = await page.evaluate(
    ([tag, m, p]) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage({ tag, method: m, params: p }),
    [RPC_TAG, method, params] as const,
  );
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.result as T;
}

const savedNetworks = async (page: Page) => (await rpc<{ networks: Record<string, string> }>(page, 'settings.get', {})).networks;
const shownPresets = (page: Page) => Promise.all(LAYER_IDS.map((l) => page.inputValue(`[data-testid=preset-${l}]`)));

async function save(page: Page): Promise<void> {
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('[data-testid=settings-saved]');
}

describe('Chromium: onboarding without a devnet', () => {
  let ext: LoadedExtension;
  afterAll(async () => ext?.close());

  it('offers nothing when no devnet service answers', async () => {
    ext = await launchExtension();
    const page = await ext.openPopup();
    // Fresh settings: the probe asks the devnet presets' own loopback ports, where this test runs nothing.
    await importWalletThroughPopup(drive(page), phraseFor('chromium-devnet-switch'));
    await page.waitForSelector('[data-testid=devnet-offer-none]', { state: 'attached', timeout: 15_000 });
    expect(await page.$('[data-testid=devnet-offer]')).toBeNull();
    expect(await savedNetworks(page)).toEqual(DEFAULT_NETWORKS);
  });
});

describe('Chromium: the local devnet, found and switched to', () => {
  let ext: LoadedExtension;
  let page: Page;
  afterAll(async () => ext?.close());

  test.beforeAll(async ({ devnets }) => {
    const [bitcoin, liquid, rootstock, lightning, stacks, sbtc, { boltz }] = await Promise.all([
      devnets.bitcoin(),
      devnets.liquid(),
      devnets.rootstock(),
      devnets.lightning(),
      devnets.stacks(),
      devnets.sbtc(),
      devnets.boltz(),
    ]);
    ext = await launchExtension();
    page = await ext.openPopup();
    await page.waitForSelector('[data-testid=welcome]');
    // The test devnets listen on free ports, not the presets' own: point the devnet presets at them
    // before onboarding (the probe reads the same endpoint overrides Settings keeps).
    const at = (layer: string, key: string) => endpointKey(layer as never, 'devnet', key);
    await rpc(page, 'settings.update', {
      endpoints: {
        [at('bitcoin', 'esplora')]: bitcoin.esploraUrl,
        [at('bitcoin', 'explorer')]: bitcoin.url,
        [at('bitcoin', 'boltz')]: boltz.url,
        [at('liquid', 'esplora')]: liquid.url,
        [at('rootstock', 'rpc')]: rootstock.url,
        [at('lightning', 'journalRelay')]: lightning.relayUrl,
        [at('stacks', 'api')]: stacks.url,
        [at('stacks', 'emily')]: sbtc.url,
      },
    });
  }, 180_000);

  it('ends onboarding with "Local devnet found — use it", which puts every layer on the devnet', async () => {
    await importWalletThroughPopup(drive(page), phraseFor('chromium-devnet-switch'));
    await page.waitForSelector('[data-testid=devnet-offer]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid=devnet-offer] strong')).toBe('Local devnet found — use it');
    expect(await savedNetworks(page)).toEqual(DEFAULT_NETWORKS);
    await page.click('[data-testid=devnet-offer-use]');
    await page.waitForSelector('[data-testid=devnet-offer]', { state: 'detached' });
    expect(Object.values(await savedNetworks(page))).toEqual(LAYER_IDS.map(() => 'devnet'));
    // Home follows at once: regtest addresses, and each Stacks asset on its own line.
    await page.waitForFunction(() => document.querySelector('[data-testid=address-bitcoin]')?.textContent?.startsWith('bcrt1'));
    await page.waitForSelector('[data-testid=balance-stacks] [data-value]');
    const stacksLines = (await page.innerText('[data-testid=balance-stacks]')).split('\n').map((l) => l.trim());
    expect(stacksLines).toEqual(['0 STX', '0 sBTC']);
  });

  it('moves all five layers to public testnets and back with the one switch; a layer changed alone shows "mixed"', async () => {
    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector('[data-testid=settings]');
    expect(await page.inputValue('[data-testid=preset-all]')).toBe('devnet');
    expect(await shownPresets(page)).toEqual(LAYER_IDS.map(() => 'devnet'));

    await page.selectOption('[data-testid=preset-all]', 'testnets');
    expect(await shownPresets(page)).toEqual(LAYER_IDS.map((l) => DEFAULT_NETWORKS[l]));
    await save(page);
    expect(await savedNetworks(page)).toEqual(DEFAULT_NETWORKS);

    await page.selectOption('[data-testid=preset-all]', 'devnet');
    expect(await shownPresets(page)).toEqual(LAYER_IDS.map(() => 'devnet'));
    // One layer set by hand: the switch says mixed, and that is what is saved.
    await page.selectOption('[data-testid=preset-stacks]', 'testnet');
    expect(await page.inputValue('[data-testid=preset-all]')).toBe('mixed');
    await save(page);
    expect(await savedNetworks(page)).toEqual({ ...Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet'])), stacks: 'testnet' });

    await page.selectOption('[data-testid=preset-all]', 'devnet');
    await save(page);
    expect(Object.values(await savedNetworks(page))).toEqual(LAYER_IDS.map(() => 'devnet'));
  });
});
