/**
 * STX and sBTC sends through the real extension in Chromium, against the Stacks
 * devnet stand-in, which checks every broadcast itself (signature recovered with
 * @noble, nonce, balance, post-conditions). Balances are read from the devnet.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';
import type { StacksDevnet } from '../devnet/stacks';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const FRIEND = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
const SBTC_ID = `${SBTC_DEVNET_DEPLOYER}.sbtc-token::sbtc-token`;

describe('Chromium: Stacks on the devnet', () => {
  let devnet: StacksDevnet;
  let ext: LoadedExtension;
  let page: Page;
  const value = async (testId: string) => BigInt((await page.getAttribute(`[data-testid=${testId}]`, 'data-value'))!);

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.stacks();
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-stacks'));
    await useDevnet(drive(page), [{ layer: 'stacks', key: 'api', url: devnet.url }]);
  });
  afterAll(async () => ext?.close());

  it('gets STX from the faucet, refuses bad input, sends STX and sBTC through the review; the devnet agrees', async () => {
    const me = (await page.textContent('[data-testid=address-stacks]'))!.trim();
    const acceptedBefore = devnet.accepted.length;
    const accepted = () => devnet.accepted.slice(acceptedBefore);
    await page.click('[data-testid=open-stacks]');
    await page.waitForSelector('[data-testid=stx-confirmed-STX][data-value="0"]');

    await page.click('[data-testid=stx-receive]');
    expect((await page.textContent('[data-testid=stx-receive-address]'))!.trim()).toBe(me);
    await page.click('[data-testid=stx-faucet]');
    await page.waitForSelector('[data-testid=stx-faucet-sent]');
    expect(devnet.stx(me)).toBe(500_000_000n);
    devnet.mintSbtc(me, 40_000n);
    await page.click('[data-testid=stx-receive-back]');
    await page.waitForSelector('[data-testid=stx-confirmed-STX][data-value="500000000"]');
    await page.waitForSelector('[data-testid=stx-confirmed-sBTC][data-value="40000"]');

    // Bad input: a mainnet address, a memo over 34 bytes, more than the balance; nothing reaches the devnet.
    await page.click('[data-testid=stx-send]');
    await page.fill('[data-testid=stx-send-to]', 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7');
    await page.fill('[data-testid=stx-send-amount]', '1');
    await page.click('[data-testid=stx-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("mainnet")');
    await page.fill('[data-testid=stx-send-to]', FRIEND);
    await page.fill('[data-testid=stx-send-memo]', 'a memo that is far too long for stacks');
    await page.click('[data-testid=stx-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("at most 34 bytes")');
    await page.fill('[data-testid=stx-send-memo]', 'lunch');
    await page.fill('[data-testid=stx-send-amount]', '501');
    await page.click('[data-testid=stx-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("more than this account")');
    expect(accepted()).toEqual([]);

    // STX: the review shows what will be signed. The devnet is shared with other files: FRIEND may hold STX already.
    const friendBefore = devnet.stx(FRIEND);
    const friendSbtcBefore = devnet.sbtcBalance(FRIEND);
    await page.fill('[data-testid=stx-send-amount]', '12.5');
    await page.click('[data-testid=stx-send-review]');
    await page.waitForSelector('[data-testid=stx-review]');
    expect((await page.textContent('[data-testid=stx-review-to]'))!.trim()).toBe(FRIEND);
    expect(await value('stx-review-amount')).toBe(12_500_000n);
    expect(await page.textContent('[data-testid=stx-review-memo]')).toBe('lunch');
    expect(await value('stx-review-nonce')).toBe(0n);
    const fee = await value('stx-review-fee');
    await page.click('[data-testid=stx-confirm-send]');
    await page.waitForSelector('[data-testid=stx-sent]');
    expect(accepted()).toHaveLength(1);
    await page.click('[data-testid=stx-sent-done]');
    // Pending until mined, then on the devnet's books.
    await page.waitForSelector(`[data-testid=stx-pending-STX][data-value="${-(12_500_000n + fee)}"]`);
    devnet.mine();
    expect(devnet.stx(FRIEND)).toBe(friendBefore + 12_500_000n);
    expect(devnet.stx(me)).toBe(500_000_000n - 12_500_000n - fee);

    // sBTC: the second send takes the next nonce.
    await page.click('[data-testid=stx-send]');
    await page.selectOption('[data-testid=stx-send-asset]', SBTC_ID);
    await page.fill('[data-testid=stx-send-to]', FRIEND);
    await page.fill('[data-testid=stx-send-amount]', '0.0001');
    await page.click('[data-testid=stx-send-review]');
    await page.waitForSelector('[data-testid=stx-review]');
    expect(await value('stx-review-amount')).toBe(10_000n);
    expect(await value('stx-review-nonce')).toBe(1n);
    await page.click('[data-testid=stx-confirm-send]');
    await page.waitForSelector('[data-testid=stx-sent]');
    devnet.mine();
    expect(devnet.sbtcBalance(FRIEND)).toBe(friendSbtcBefore + 10_000n);
    expect(devnet.sbtcBalance(me)).toBe(30_000n);
    await page.click('[data-testid=stx-sent-done]');
    await page.waitForSelector('[data-testid=stx-confirmed-sBTC][data-value="30000"]');
  }, 120_000);
});
