/**
 * Lightning through the real extension in Chromium, against the Lightning devnet:
 * the `lnurl` npm server (lnurl-node) on 127.0.0.1 with a ledger backend, a Nostr
 * relay and a NIP-47 wallet service that funds payments. What the services saw
 * (the login the server verified, the invoice the ledger settled) is read from
 * them, not from the wallet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLightningDevnet, type LightningDevnet } from '../devnet/lightning';
import { launchExtension, type LoadedExtension } from './chromium';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

// BOLT-11's first example: a mainnet (lnbc) invoice.
const MAINNET_INVOICE =
  'lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql';

describe('Chromium: Lightning on the devnet', () => {
  let devnet: LightningDevnet;
  let ext: LoadedExtension;
  let page: Page;

  beforeAll(async () => {
    devnet = await startLightningDevnet();
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page));
    await page.click('[data-testid=nav-settings]');
    await page.selectOption('[data-testid=preset-lightning]', 'devnet');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-lightning]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    await devnet?.stop();
  });

  const paste = async (text: string) => {
    await page.click('[data-testid=ln-pay]');
    await page.fill('[data-testid=ln-input]', text);
    await page.waitForSelector('[data-testid=ln-continue]:not([disabled])');
    await page.click('[data-testid=ln-continue]');
  };
  const back = async () => {
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-lightning]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  };

  it('refuses a mainnet invoice and a malformed LNURL with clear errors', async () => {
    await paste(MAINNET_INVOICE);
    await page.waitForSelector('[data-testid=error]:has-text("mainnet")');
    await page.fill('[data-testid=ln-input]', 'lnurl1qqqqqqqqqq');
    await page.waitForSelector('[data-testid=ln-continue]:not([disabled])');
    await page.click('[data-testid=ln-continue]');
    const err = await page.waitForSelector('[data-testid=error]');
    expect(await err.textContent()).not.toMatch(/mainnet/);
    expect(await err.textContent()).toMatch(/LNURL|link|recogni/i);
    await back();
  });

  it('logs in with LNURL-auth after a confirmation naming the domain; the server verifies the signature', async () => {
    await paste(devnet.samples.login);
    await page.waitForSelector('[data-testid=ln-auth]');
    expect((await page.textContent('[data-testid=ln-auth-domain]'))!.trim()).toBe('127.0.0.1');
    const key = (await page.textContent('[data-testid=ln-auth-key]'))!.trim();
    expect(devnet.logins).toHaveLength(0);
    await page.click('[data-testid=ln-auth-confirm]');
    await page.waitForSelector('[data-testid=ln-auth-done]');
    expect(devnet.logins.map((l) => l.key)).toContain(key);
    await page.click('[data-testid=ln-auth-finish]');
  });

  it('connects the devnet wallet, reviews an LNURL-pay (amount, description) and pays it; the ledger settles the invoice', async () => {
    await back();
    await page.click('[data-testid=ln-connect]');
    await page.fill('[data-testid=nwc-uri]', devnet.nwcUri);
    await page.click('[data-testid=nwc-connect]');
    await page.waitForSelector('[data-testid=nwc-status][data-connected=true]');
    await page.click('[data-testid=nwc-back]');

    await paste(devnet.samples.payLink);
    await page.waitForSelector('[data-testid=ln-pay-form]');
    expect(await page.textContent('[data-testid=ln-pay-description]')).toBe('Devnet coffee');
    // Above the link's maximum (1,000 sats): refused before any invoice is asked for.
    await page.fill('[data-testid=ln-amount]', '2100');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=error]:has-text("between 1 sat and 1,000 sats")');
    await page.fill('[data-testid=ln-amount]', '210');
    await page.fill('[data-testid=ln-comment]', 'for the devs');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=ln-review-screen]');
    expect(await page.textContent('[data-testid=ln-review-description]')).toBe('Devnet coffee');
    expect(await page.textContent('[data-testid=ln-review-screen]')).toMatch(/210/);
    const settledBefore = [...devnet.ledger.invoices.values()].filter((i) => i.state === 'settled').length;
    await page.click('[data-testid=ln-confirm-pay]');
    await page.waitForSelector('[data-testid=ln-paid]', { timeout: 30_000 });
    const settled = [...devnet.ledger.invoices.values()].filter((i) => i.state === 'settled');
    expect(settled.length).toBe(settledBefore + 1);
    expect(settled.some((i) => i.amountMsat === 210_000n)).toBe(true);
    expect(await page.getAttribute('[data-testid=ln-success-action]', 'data-tag')).toBe('message');
  });
});
