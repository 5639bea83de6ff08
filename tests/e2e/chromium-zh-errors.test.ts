/**
 * Chromium asking for zh-CN: the errors a user meets first, raised in the background, read
 * in Chinese (a wrong-network address, an amount above the balance, a malformed LNURL), and
 * a hop's steps do too. Each expected sentence is the zh_CN entry filled with its
 * parameters, so a key shown in English or not at all fails.
 */
import { Transaction } from 'bitcoinjs-lib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { BoltzDevnet } from '../devnet/boltz';
import type { LightningDevnet } from '../devnet/lightning';
import { loadMessages, translator } from '../helpers/locale';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

const zh = translator('zh_CN');
const en = translator('en');
const HAN = /[\u4e00-\u9fff]/;

/** Whether a broadcast spends an output of `txid` (one that cannot be decoded counts too). */
function spendsFrom(hex: string, txid: string): boolean {
  try {
    return Transaction.fromHex(hex).ins.some((i) => Buffer.from(i.hash).reverse().toString('hex') === txid);
  } catch {
    return true;
  }
}

describe('Chromium in zh-CN: background errors and hop steps in Chinese', () => {
  let d: { bitcoin: BitcoinDevnet; lightning: LightningDevnet; boltz: BoltzDevnet };
  let ext: LoadedExtension;
  let page: Page;

  const errorShown = async () => (await (await page.waitForSelector('[data-testid=error]')).textContent())!.trim();

  test.beforeAll(async ({ devnets }) => {
    d = await devnets.boltz();
    ({ ext, page } = await openDevnetWallet({
      file: 'chromium-zh-errors',
      lang: 'zh-CN',
      endpoints: [
        { layer: 'bitcoin', key: 'esplora', url: d.bitcoin.esploraUrl },
        { layer: 'bitcoin', key: 'explorer', url: d.bitcoin.url },
        { layer: 'bitcoin', key: 'boltz', url: d.boltz.url },
      ],
      lightning: true,
    }));
    // The popup renders in the browser's UI language (the worker may report another, it never renders).
    expect(await page.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage())).toBe('zh-CN');
  }, 180_000);
  afterAll(async () => ext?.close());

  it('a wrong-network address and an amount above the balance are refused in Chinese, nothing broadcast', async () => {
    const receive = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const funding = await d.bitcoin.faucet(receive, 250_000n);
    await page.click('[data-testid=open-bitcoin]');
    await page.waitForSelector('[data-testid=btc-confirmed][data-value="250000"]');
    // Boltz acts on this chain on its own (it claims swaps a file run before this one left in
    // progress): what counts is any broadcast that spends the wallet's one coin, or cannot be read.
    const ours = () => d.bitcoin.facade.broadcasts.filter((b) => spendsFrom(b.hex, funding)).length;

    await page.click('[data-testid=btc-send]');
    await page.fill('[data-testid=send-to]', 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    await page.fill('[data-testid=send-amount]', '0.001');
    await page.click('[data-testid=send-review]');
    expect(await errorShown()).toBe(zh('err_btc_wrong_network', zh('btcNet_testnet'), zh('btcNet_here_regtest')));

    const wrongNetwork = await errorShown();
    await page.fill('[data-testid=send-to]', receive);
    await page.fill('[data-testid=send-amount]', '1');
    await page.click('[data-testid=send-review]');
    await page.waitForFunction((old) => document.querySelector('[data-testid=error]')?.textContent?.trim() !== old, wrongNetwork);
    expect(await errorShown()).toBe(zh('err_above_balance', '1 BTC', '0.0025 BTC'));
    expect(ours()).toBe(0);
    await page.click('[data-testid=nav-home]');
  }, 120_000);

  it('a malformed LNURL is refused in Chinese', async () => {
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-lightning]');
    await page.click('[data-testid=ln-pay]');
    await page.fill('[data-testid=ln-input]', 'lnurl1dp68gurn8ghj7');
    await page.click('[data-testid=ln-continue]');
    expect(await errorShown()).toBe(zh('err_lnurl_checksum'));
    await page.click('[data-testid=nav-home]');
  }, 60_000);

  it('an LNURL-pay review without a connected wallet warns in Chinese', async () => {
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-lightning]');
    await page.click('[data-testid=ln-pay]');
    await page.fill('[data-testid=ln-input]', d.lightning.samples.payLink);
    await page.waitForSelector('[data-testid=ln-continue]:not([disabled])');
    await page.click('[data-testid=ln-continue]');
    await page.waitForSelector('[data-testid=ln-pay-form]');
    await page.fill('[data-testid=ln-amount]', '21');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=ln-review-screen]');
    const warnings = await page.$$eval('[data-testid=ln-review-screen] .warning', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    expect(warnings).toContain(zh('lnWarn_no_wallet'));
    await page.waitForSelector('[data-testid=ln-connect-first]');
    await page.click('[data-testid=nav-home]');
  }, 60_000);

  it("a hop's steps read in Chinese", async () => {
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-lightning]');
    await page.click('[data-testid=ln-connect]');
    await page.fill('[data-testid=nwc-uri]', d.lightning.nwcUri);
    await page.click('[data-testid=nwc-connect]');
    await page.waitForSelector('[data-testid=nwc-status][data-connected=true]');
    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-screen]');
    await page.selectOption('[data-testid=move-from]', 'bitcoin:BTC');
    await page.selectOption('[data-testid=move-to]', 'lightning:BTC');
    // Below Boltz's minimum: the route says why in Chinese, the amounts with their unit.
    await page.fill('[data-testid=move-amount]', '0.00005');
    await page.click('[data-testid=move-plan]');
    const low = await page.waitForSelector('[data-testid=route-boltz-submarine][data-available=false] [data-testid=route-reason]');
    expect((await low.textContent())!.trim()).toMatch(/^闪电网络金额（0\.0000\d+ BTC）低于 Boltz 对此交易对的最低限额 0\.0001 BTC。$/);
    await page.fill('[data-testid=move-amount]', '0.0005');
    await page.click('[data-testid=move-plan]');
    const card = await page.waitForSelector('[data-testid=route-boltz-submarine][data-available=true]');
    await (await card.$('[data-testid=route-choose]'))!.click();
    await page.waitForSelector('[data-testid=hop-steps] li');
    const steps = await page.$$eval('[data-testid=hop-steps] li > span', (els) => els.map((e) => e.textContent ?? ''));
    expect(steps.length).toBeGreaterThan(1);
    for (const s of steps) expect(s).toMatch(HAN);
    // None is the English sentence of a step key.
    const englishSteps = Object.keys(loadMessages('en')).filter((k) => k.startsWith('hopStep_')).map((k) => en(k).replace(/\s*\$P\d\$.*$/, ''));
    for (const s of steps) expect(englishSteps.filter((e) => e.length > 8 && s.startsWith(e))).toEqual([]);
  }, 120_000);
});
