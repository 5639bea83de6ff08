/**
 * BTC -> sBTC through the popup's Move screen in the real extension: bcoin
 * regtest for Bitcoin, the stand-in Emily and sBTC signers acting on it. The
 * deposit output, the announcement and the sweep are read from the devnet, not
 * from the wallet.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import type { SbtcDevnet } from '../devnet/sbtc';
import type { StacksDevnet } from '../devnet/stacks';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test, type Devnets } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

describe('Chromium: BTC -> sBTC deposit on the devnets', () => {
  let bitcoin: BitcoinDevnet;
  let sbtc: SbtcDevnet;
  let stacks: StacksDevnet;
  let ext: LoadedExtension;
  let page: Page;
  let mints: Devnets['sbtcMints'];

  test.beforeAll(async ({ devnets }) => {
    [bitcoin, stacks, sbtc] = await Promise.all([devnets.bitcoin(), devnets.stacks(), devnets.sbtc()]);
    mints = devnets.sbtcMints;
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-sbtc'));
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: bitcoin.url },
      { layer: 'stacks', key: 'api', url: stacks.url },
      { layer: 'stacks', key: 'emily', url: sbtc.url },
    ]);
  }, 180_000);
  afterAll(async () => ext?.close());

  it('deposits through the Move screen; the signers sweep and mint to our Stacks address; the popup shows it done', async () => {
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const stxAddress = (await page.textContent('[data-testid=address-stacks]'))!.trim();
    await bitcoin.faucet(btcAddress, 1_000_000n);
    // The signers are shared: deposits and mints from before this test are not ours.
    const depositsBefore = sbtc.deposits.size;
    const mintsBefore = mints.length;

    await page.click('[data-testid=nav-move]');
    await page.waitForSelector('[data-testid=move-screen]');
    await page.selectOption('[data-testid=move-from]', 'bitcoin:BTC');
    await page.selectOption('[data-testid=move-to]', 'stacks:sBTC');
    await page.fill('[data-testid=move-amount]', '0.0025');
    await page.click('[data-testid=move-plan]');
    const card = await page.waitForSelector('[data-testid=route-sbtc-deposit]');
    expect(await card.getAttribute('data-available')).toBe('true');
    // What arrives is stated at worst: the amount less the most the signers may keep.
    expect(await (await card.$('[data-testid=route-receive]'))!.getAttribute('data-value')).toBe(String(250_000n - 10_000n));
    await (await card.$('[data-testid=route-choose]'))!.click();

    await page.waitForSelector('[data-testid=hop-progress][data-state=awaiting-signers]');
    const deposits = [...sbtc.deposits.values()].slice(depositsBefore);
    expect(deposits).toHaveLength(1);
    expect(deposits[0]).toMatchObject({ status: 'pending', amount: 250_000, recipientAddress: stxAddress });

    await bitcoin.mine(1);
    await sbtc.pass();
    await bitcoin.mine(1);
    await sbtc.pass();
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 60_000 });
    expect(mints.slice(mintsBefore)).toEqual([{ recipient: stxAddress, sats: 248_000n }]);
    expect(await page.getAttribute('[data-testid=step-mint]', 'data-status')).toBe('done');
    // And the Stacks screen shows the minted sBTC, read from the Stacks devnet.
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-stacks]');
    await page.waitForSelector('[data-testid=stx-confirmed-sBTC][data-value="248000"]');
    expect(stacks.sbtcBalance(stxAddress)).toBe(248_000n);
  }, 180_000);
});
