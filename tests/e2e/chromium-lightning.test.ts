/**
 * Lightning through the real extension in Chromium, against the Lightning devnet:
 * lnurl-node on 127.0.0.1 (real LNURL-pay and -auth), a Nostr relay and a NIP-47
 * wallet service on the devnet ledger as the funding source.
 */
import type { Page } from 'playwright-core';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { LightningDevnet } from '../devnet/lightning';
import type { LoadedExtension } from './chromium';
import { test } from './devnets';
import { openDevnetWallet } from './devnet-wallet';

describe('Chromium: Lightning on the devnet', () => {
  let devnet: LightningDevnet;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.lightning();
    // LNURLs carry their host (the preset's one endpoint is the move journal's relay): pick the devnet preset.
    ({ ext, page } = await openDevnetWallet({ file: 'chromium-lightning', endpoints: [], lightning: true }));
    await page.click('[data-testid=open-lightning]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  });
  afterAll(async () => {
    devnet?.lnurl.setTamper('none');
    await ext?.close();
  });

  async function paste(text: string): Promise<void> {
    await page.click('[data-testid=ln-pay]');
    await page.fill('[data-testid=ln-input]', text);
    await page.waitForSelector('[data-testid=ln-continue]:not([disabled])');
    await page.click('[data-testid=ln-continue]');
  }

  it('logs in with LNURL-auth after a confirmation naming the domain; lnurl-node verifies the signature', async () => {
    const challenge = await devnet.lnurl.createAuthChallenge('login');
    const loginsBefore = devnet.lnurl.logins.length;
    await paste(challenge.encoded);
    await page.waitForSelector('[data-testid=ln-auth]');
    expect((await page.textContent('[data-testid=ln-auth-domain]'))!.trim()).toBe('127.0.0.1');
    const key = (await page.textContent('[data-testid=ln-auth-key]'))!.trim();
    expect(devnet.lnurl.logins.slice(loginsBefore)).toHaveLength(0); // nothing sent before the user agrees
    await page.click('[data-testid=ln-auth-confirm]');
    await page.waitForSelector('[data-testid=ln-auth-done]');
    // The server's 'login' event fires only after its verifyAuthorizationSignature accepted our signature.
    expect(devnet.lnurl.logins.slice(loginsBefore)).toEqual([{ key, hash: expect.any(String) }]);
    await page.click('[data-testid=ln-auth-finish]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  });

  it('refuses a malformed LNURL and a mainnet invoice with the error shown, nothing paid', async () => {
    const before = devnet.lnurl.node.balanceMsat;
    await paste('lnurl1dp68gurn8ghj7');
    expect(await page.textContent('[data-testid=error]')).toContain('This LNURL is damaged');
    const mainnet = devnet.ledger.createInvoice(devnet.lnurl.node, 5000n, { currency: 'bc', description: 'wrong network' });
    await page.fill('[data-testid=ln-input]', mainnet.invoice);
    await page.waitForSelector('[data-testid=ln-continue]:not([disabled])');
    await page.click('[data-testid=ln-continue]');
    await page.waitForFunction(() => /mainnet|network/i.test(document.querySelector('[data-testid=error]')?.textContent ?? ''));
    await page.click('text=Back');
    await page.waitForSelector('[data-testid=lightning-screen]');
    expect(devnet.lnurl.node.balanceMsat).toBe(before);
  });

  it('pays an LNURL-pay link through the review screen, funded over NWC; the service is paid', async () => {
    const commentsBefore = devnet.lnurl.comments.length;
    await page.click('[data-testid=ln-connect]');
    await page.fill('[data-testid=nwc-uri]', devnet.nwcUri);
    await page.click('[data-testid=nwc-connect]');
    await page.waitForSelector('[data-testid=nwc-status][data-connected=true]');
    // The devnet wallet service announces NIP-44 in its info event; the connection view says which is used.
    expect(await page.getAttribute('[data-testid=nwc-encryption]', 'data-encryption')).toBe('nip44_v2');
    await page.click('[data-testid=nwc-back]');
    await page.waitForSelector('[data-testid=ln-funding][data-connected=true]');

    const metadata = JSON.stringify([['text/plain', 'E2E coffee']]);
    const link = await devnet.lnurl.createPayLink({ minSendable: 1000, maxSendable: 500_000, metadata, commentAllowed: 50, successAction: { tag: 'message', message: 'Enjoy!' } });
    await paste(`lightning:${link.encoded}`);
    await page.waitForSelector('[data-testid=ln-pay-form]');
    expect(await page.getAttribute('[data-testid=ln-pay-min]', 'data-value')).toBe('1000');
    expect(await page.getAttribute('[data-testid=ln-pay-max]', 'data-value')).toBe('500000');
    expect((await page.textContent('[data-testid=ln-pay-description]'))!.trim()).toBe('E2E coffee');

    // Over the maximum: the background's words, no invoice asked for.
    await page.fill('[data-testid=ln-amount]', '600');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=error]');

    await page.fill('[data-testid=ln-amount]', '21');
    await page.fill('[data-testid=ln-comment]', 'oat milk');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=ln-review-screen]');
    expect(await page.getAttribute('[data-testid=ln-review-amount]', 'data-value')).toBe('21000');
    expect((await page.textContent('[data-testid=ln-review-destination]'))!.trim()).toBe('127.0.0.1');
    expect((await page.textContent('[data-testid=ln-review-description]'))!.trim()).toBe('E2E coffee');
    const before = devnet.lnurl.node.balanceMsat;
    expect(devnet.lnurl.comments.slice(commentsBefore)).not.toContain('oat milk');

    expect(await page.textContent('[data-testid=ln-review-checks]')).toMatch(/21/);

    // A service whose invoice commits to another description is refused at pay time, nothing paid.
    devnet.lnurl.setTamper('description-hash');
    await page.click('[data-testid=ln-confirm-pay]');
    await page.waitForFunction(() => /does not match the payment description/.test(document.querySelector('[data-testid=error]')?.textContent ?? ''));
    expect(devnet.lnurl.node.balanceMsat).toBe(before);
    devnet.lnurl.setTamper('none');

    await page.click('[data-testid=ln-confirm-pay]');
    await page.waitForSelector('[data-testid=ln-paid]');
    expect(await page.getAttribute('[data-testid=ln-paid-amount]', 'data-value')).toBe('21000');
    expect(await page.textContent('[data-testid=ln-success-action]')).toContain('Enjoy!');
    // The invoice the review checked (amount, description hash = sha256(metadata)) is the one settled.
    expect(devnet.lnurl.node.balanceMsat - before).toBe(21_000n);
    expect(devnet.lnurl.comments.slice(commentsBefore)).toContain('oat milk');
    const settled = [...devnet.ledger.invoices.values()].filter((i) => i.state === 'settled' && i.amountMsat === 21_000n);
    expect(settled.map((i) => i.descriptionHash)).toContain(bytesToHex(sha256(utf8ToBytes(metadata))));

    await page.click('[data-testid=ln-paid-done]');
    await page.waitForSelector('[data-testid=ln-activity] [data-status=confirmed]');
  });

  it('signs a pay link\'s login (LUD-18 auth) only from the login confirmation naming the domain; its aes secret stays out of storage.local', async () => {
    const sent = devnet.extras.payerData.length;
    await paste(`${devnet.extras.url}/lud18-auth`);
    await page.waitForSelector('[data-testid=ln-pay-form]');
    await page.fill('[data-testid=ln-amount]', '4');
    await page.click('[data-testid=ln-review]');
    await page.waitForSelector('[data-testid=ln-payer-auth]');
    expect((await page.textContent('[data-testid=ln-payer-auth-domain]'))!.trim()).toBe('127.0.0.1');
    const key = (await page.textContent('[data-testid=ln-payer-auth-key]'))!.trim();
    expect(devnet.extras.payerData.length).toBe(sent); // nothing signed or sent before the user agrees
    await page.click('[data-testid=ln-payer-auth-confirm]');
    await page.waitForSelector('[data-testid=ln-review-screen]');
    await page.click('[data-testid=ln-confirm-pay]');
    await page.waitForSelector('[data-testid=ln-paid]');
    // The service checked the signature (lnurl-node's verifier) before issuing the invoice.
    const auth = (JSON.parse(devnet.extras.payerData.at(-1)!) as { auth: { key: string } }).auth;
    expect(auth.key).toBe(key);
    expect(await page.textContent('[data-testid=ln-success-action]')).toContain(devnet.extras.secret);
    const stored = await page.evaluate(async () => {
      const area = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(k: null): Promise<unknown> }> } }).chrome.storage;
      return { local: JSON.stringify(await area.local.get(null)), session: JSON.stringify(await area.session.get(null)) };
    });
    expect(stored.local).not.toContain(devnet.extras.secret);
    expect(stored.session).toContain(devnet.extras.secret);
    await page.click('[data-testid=ln-paid-done]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  });

  it('withdraws from an LNURL-withdraw link into the NWC wallet; the service pays the invoice', async () => {
    const link = await devnet.lnurl.createWithdrawLink({ minWithdrawable: 1000, maxWithdrawable: 50_000, defaultDescription: 'E2E faucet' });
    const before = devnet.lnurl.node.balanceMsat;
    await paste(link.encoded);
    await page.waitForSelector('[data-testid=ln-withdraw]');
    expect((await page.textContent('[data-testid=ln-withdraw-domain]'))!.trim()).toContain('127.0.0.1');
    await page.fill('[data-testid=ln-withdraw-input]', '7');
    await page.click('[data-testid=ln-withdraw-submit]');
    await page.waitForSelector('[data-testid=ln-withdraw-status][data-status=confirmed]', { timeout: 30_000 });
    expect(before - devnet.lnurl.node.balanceMsat).toBeGreaterThanOrEqual(7_000n);
    await page.click('[data-testid=ln-withdraw-done]');
    await page.waitForSelector('[data-testid=lightning-screen]');
  });
});
