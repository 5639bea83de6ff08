/** Firefox ESR: the viem + mipd test dApp connects to the Rootstock provider and sends 0.1 RBTC that anvil mines. */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import { getAddress } from 'viem';
import type { Anvil } from '../devnet/rootstock/anvil';
import { rootstockAddress } from '../../src/layers/rootstock/keys';
import { approvalWindowFirefox, approveFirefox } from './dapp/harness';
import { RECIPIENT } from './dapp/rootstock-data';
import { startDappServer, type DappServer } from './dapp/server';
import { phraseFor } from './devnets';
import { test } from './firefox';
import { devnetSettings, importPhrase, noLook } from './firefox-flows';

const RBTC = 10n ** 18n;
const PHRASE = phraseFor('firefox-dapp-rootstock');
const ME = rootstockAddress(HDKey.fromMasterSeed(mnemonicToSeedSync(PHRASE)), { chainId: 33 }).address;

const result = async (page: Page, testId: string) => {
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-result"]`)?.textContent ?? '') !== '', { timeout: 60_000 }, testId);
  return JSON.parse(await page.$eval(`[data-testid="${testId}-result"]`, (e) => e.textContent ?? '')) as { result?: unknown; error?: { code: number } };
};

/** Until no approval window is open: the next request then gets a window of its own, not one closing. */
async function approvalClosed(browser: Browser): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const hrefs = await Promise.all((await browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')));
    if (!hrefs.some((h) => h.includes('view=approve'))) return;
    if (Date.now() > deadline) throw new Error('the approval window stayed open');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Firefox ESR: a viem + mipd dApp on the Rootstock devnet', () => {
  let anvil: Anvil;
  let browser: Browser;
  let closeFirefox: (() => Promise<void>) | undefined;
  let server: DappServer;

  test.beforeAll(async ({ devnets, firefox }) => {
    anvil = await devnets.rootstock();
    server = await startDappServer();
    let onboarding: Page;
    ({ browser, onboarding, close: closeFirefox } = await firefox.withExtension());
    const d = await importPhrase(onboarding, PHRASE, noLook);
    // Every layer on the devnet: the popup's refreshes stay on loopback.
    await devnetSettings(d, noLook, ['bitcoin', 'lightning', 'stacks', 'liquid', 'rootstock'], [{ layer: 'rootstock', key: 'rpc', url: anvil.url }]);
    await anvil.fund(ME, RBTC);
  });
  afterAll(async () => {
    await closeFirefox?.();
    await server?.close();
  });

  it('connects and sends 0.1 RBTC, both approved in the window; anvil mines the send from our account', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/rootstock.html`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="announced"]')?.textContent ?? '').includes('dev.layerhop'), { timeout: 30_000 });

    await page.click('[data-testid="connect"]');
    await approveFirefox(await approvalWindowFirefox(browser));
    expect(await result(page, 'connect')).toEqual({ result: [getAddress(ME.toLowerCase())] });
    await approvalClosed(browser);

    const before = BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest']));
    await page.click('[data-testid="send"]');
    await approveFirefox(await approvalWindowFirefox(browser));
    const hash = (await result(page, 'send')).result as string;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await anvil.receipt<{ status: string; from: string }>(hash)).toMatchObject({ status: '0x1', from: ME.toLowerCase() });
    expect(BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest'])) - before).toBe(RBTC / 10n);
    await page.close();
  });
});
