/** "Layers shown" in Chromium: a user switches Stacks and Rootstock off and on again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAYER_IDS } from '../../src/shared/layers';
import { RPC_TAG } from '../../src/shared/rpc';
import { launchExtension, type LoadedExtension } from './chromium';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
type Runtime = { chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } } };

/** A request straight from the popup page, as any popup code would send it. */
async function rpc(page: Page, method: string, params: object): Promise<Reply> {
  return page.evaluate(
    ([tag, m, p]) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage({ tag, method: m, params: p }),
    [RPC_TAG, method, params] as const,
  );
}

const homeLayers = (page: Page) => page.$$eval('[data-testid=layers] > li', (els) => els.map((e) => e.getAttribute('data-testid')));
const moveLayers = (page: Page, select: string) =>
  page.$$eval(`[data-testid=${select}] option`, (els) => [...new Set(els.map((e) => (e as HTMLOptionElement).value.split(':')[0]))]);
const networkLayers = (page: Page) => page.$$eval('[data-testid^=network-]', (els) => els.map((e) => e.getAttribute('data-testid')));

/** Ticks or unticks a layer's box and waits until the background has stored it (the box follows what is saved). */
async function setShown(page: Page, layer: string, shown: boolean): Promise<void> {
  const box = `[data-testid=layer-shown-${layer}]`;
  await page.click(box);
  await page.waitForSelector(`${box}${shown ? ':checked' : ':not(:checked)'}:not([disabled])`);
}

describe('Chromium: Layers shown', () => {
  let ext: LoadedExtension;
  let page: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page));
    // Every layer on its local devnet preset, with nothing listening there: no request leaves the machine.
    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector('[data-testid=settings]');
    for (const layer of LAYER_IDS) await page.selectOption(`[data-testid=preset-${layer}]`, 'devnet');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
  });
  afterAll(async () => ext?.close());

  it('hides Stacks and Rootstock from Home, Move, the network list and the RPC surface, then shows them again', async () => {
    for (const layer of LAYER_IDS) expect(await page.isChecked(`[data-testid=layer-shown-${layer}]`)).toBe(true);
    await setShown(page, 'stacks', false);
    await setShown(page, 'rootstock', false);
    expect(await networkLayers(page)).toEqual(['network-bitcoin', 'network-lightning', 'network-liquid']);

    // The last shown layer cannot be switched off.
    await setShown(page, 'bitcoin', false);
    await setShown(page, 'lightning', false);
    expect(await page.isDisabled('[data-testid=layer-shown-liquid]')).toBe(true);
    expect(await page.isChecked('[data-testid=layer-shown-liquid]')).toBe(true);
    await page.waitForSelector('[data-testid=layer-shown-last]');
    expect(await networkLayers(page)).toEqual(['network-liquid']);
    await setShown(page, 'bitcoin', true);
    await setShown(page, 'lightning', true);
    expect(await page.$('[data-testid=layer-shown-last]')).toBeNull();

    // Saved in the background, not only on this screen.
    const stored = await rpc(page, 'settings.get', {});
    expect((stored.result as { hiddenLayers: string[] }).hiddenLayers).toEqual(['stacks', 'rootstock']);

    await page.click('[data-testid=nav-home]');
    await page.waitForSelector('[data-testid=layers]');
    expect(await homeLayers(page)).toEqual(['layer-bitcoin', 'layer-lightning', 'layer-liquid']);
    expect(await page.$('[data-testid=open-stacks]')).toBeNull();

    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-from] option', { state: 'attached' });
    expect(await moveLayers(page, 'move-from')).toEqual(['bitcoin', 'lightning', 'liquid']);
    expect(await moveLayers(page, 'move-to')).toEqual(['bitcoin', 'lightning', 'liquid']);
    const symbols = await page.$$eval('[data-testid=move-from] option', (els) => els.map((e) => e.textContent ?? ''));
    expect(symbols.join(' ')).not.toMatch(/sBTC|RBTC|STX/);

    // The background refuses a hidden layer's methods (its gate is the background registry's part).
    for (const [method, params] of [
      ['layers.overview', { layer: 'stacks' }],
      ['stacks.assets', {}],
      ['rootstock.receive', {}],
    ] as const) {
      const reply = await rpc(page, method, params);
      expect(reply.ok, method).toBe(false);
      expect(reply.error?.code, method).toBe('layer_disabled');
    }

    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector('[data-testid=settings]');
    await setShown(page, 'stacks', true);
    await setShown(page, 'rootstock', true);
    expect(await networkLayers(page)).toEqual(LAYER_IDS.map((l) => `network-${l}`));

    await page.click('[data-testid=nav-home]');
    await page.waitForSelector('[data-testid=layers]');
    expect(await homeLayers(page)).toEqual(LAYER_IDS.map((l) => `layer-${l}`));
    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-from] option', { state: 'attached' });
    expect(await moveLayers(page, 'move-from')).toEqual(expect.arrayContaining(['stacks', 'rootstock']));
    expect(await moveLayers(page, 'move-to')).toEqual(expect.arrayContaining(['stacks', 'rootstock']));
    const assets = await rpc(page, 'stacks.assets', {});
    expect(assets.ok).toBe(true);
  });
});
