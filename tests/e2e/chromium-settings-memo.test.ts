/**
 * The worker keeps Settings in memory (src/background/settings-store.ts): a save is
 * what the very next request sees, a write to storage.local from another context
 * (as tests/devnet/start.ts makes from a page) reaches the worker through
 * storage.onChanged, and a restarted worker reads them afresh. "Layers shown" makes
 * the settings visible on the RPC surface: a hidden layer answers `layer_disabled`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RPC_TAG } from '../../src/shared/rpc';
import { SETTINGS_STORAGE_KEY } from '../../src/shared/settings';
import { launchExtension, type LoadedExtension } from './chromium';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
type Api = {
  chrome: {
    runtime: { sendMessage(message: unknown): Promise<Reply> };
    storage: { local: { get(keys: string[]): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
  };
};

async function rpc(page: Page, method: string, params: object): Promise<Reply> {
  return page.evaluate(([tag, m, p]) => (globalThis as unknown as Api).chrome.runtime.sendMessage({ tag, method: m, params: p }), [RPC_TAG, method, params] as const);
}

/** What the gate says of Stacks now: hidden, or let through (to find no wallet). */
const stacksGate = async (page: Page) => ((await rpc(page, 'layers.overview', { layer: 'stacks' })).error?.code === 'layer_disabled' ? 'hidden' : 'shown');

/** Asks until the worker says `want`, for at most 10 s (a change report is delivered a moment after the write). */
async function until(page: Page, want: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = await stacksGate(page);
    if (got === want || Date.now() > deadline) return got;
    await page.waitForTimeout(50);
  }
}

describe('Chromium: settings kept in the worker', () => {
  let ext: LoadedExtension;
  let page: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    page = await ext.openPopup();
  });
  afterAll(async () => ext?.close());

  it('answers the request right after a save with the saved settings', async () => {
    expect(await stacksGate(page)).toBe('shown');
    for (let i = 0; i < 3; i++) {
      const hide = await rpc(page, 'settings.update', { hiddenLayers: ['stacks'] });
      expect(hide.ok).toBe(true);
      // Five at once, as Home sends them, right after the save's answer.
      expect(await Promise.all(Array.from({ length: 5 }, () => stacksGate(page)))).toEqual(Array(5).fill('hidden'));
      expect(((await rpc(page, 'settings.get', {})).result as { hiddenLayers: string[] }).hiddenLayers).toEqual(['stacks']);
      expect((await rpc(page, 'settings.update', { hiddenLayers: [] })).ok).toBe(true);
      expect(await stacksGate(page)).toBe('shown');
    }
  });

  it('sees settings another context wrote to storage, and reads them afresh after a restart', async () => {
    expect(await stacksGate(page)).toBe('shown');
    await page.evaluate(
      async ([key]) => {
        const { storage } = (globalThis as unknown as Api).chrome;
        const current = (await storage.local.get([key]))[key] as object;
        await storage.local.set({ [key]: { ...current, hiddenLayers: ['stacks'] } });
      },
      [SETTINGS_STORAGE_KEY] as const,
    );
    expect(await until(page, 'hidden')).toBe('hidden');
    await ext.stopServiceWorker();
    expect(await stacksGate(page)).toBe('hidden');
    expect((await rpc(page, 'settings.update', { hiddenLayers: [] })).ok).toBe(true);
    expect(await stacksGate(page)).toBe('shown');
  });
});
