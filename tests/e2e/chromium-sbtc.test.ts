/**
 * BTC -> sBTC through the popup's Move screen in the real extension: bcoin
 * regtest for Bitcoin, the stand-in Emily and sBTC signers acting on it. The
 * deposit output, the announcement and the sweep are read from the devnet, not
 * from the wallet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../devnet/bitcoin';
import { startSbtcDevnet, type SbtcDevnet } from '../devnet/sbtc';
import { startStacksDevnet, type StacksDevnet } from '../devnet/stacks';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

describe('Chromium: BTC -> sBTC deposit on the devnets', () => {
  let bitcoin: BitcoinDevnet;
  let sbtc: SbtcDevnet;
  let stacks: StacksDevnet;
  let ext: LoadedExtension;
  let page: Page;
  const minted: { recipient: string; sats: bigint }[] = [];

  beforeAll(async () => {
    bitcoin = await startBitcoinDevnet();
    stacks = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
    sbtc = await startSbtcDevnet({
      bitcoin,
      stacks,
      deployer: SBTC_DEVNET_DEPLOYER,
      pollMs: 60_000,
      mint: async (recipient, sats) => {
        minted.push({ recipient, sats });
        return stacks.mintSbtc(recipient, sats);
      },
    });
    sbtc.mountRegistry(stacks.server);
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page));
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: bitcoin.url },
      { layer: 'stacks', key: 'api', url: stacks.url },
      { layer: 'stacks', key: 'emily', url: sbtc.url },
    ]);
  }, 180_000);
  afterAll(async () => {
    await ext?.close();
    await sbtc?.stop();
    await stacks?.stop();
    await bitcoin?.stop();
  });

  it('deposits through the Move screen; the signers sweep and mint to our Stacks address; the popup shows it done', async () => {
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const stxAddress = (await page.textContent('[data-testid=address-stacks]'))!.trim();
    await bitcoin.faucet(btcAddress, 1_000_000n);

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
    const [deposit] = [...sbtc.deposits.values()];
    expect(deposit).toMatchObject({ status: 'pending', amount: 250_000, recipientAddress: stxAddress });

    await bitcoin.mine(1);
    await sbtc.pass();
    await bitcoin.mine(1);
    await sbtc.pass();
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 60_000 });
    expect(minted).toEqual([{ recipient: stxAddress, sats: 248_000n }]);
    expect(await page.getAttribute('[data-testid=step-mint]', 'data-status')).toBe('done');
    // And the Stacks screen shows the minted sBTC, read from the Stacks devnet.
    await page.click('[data-testid=nav-home]');
    await page.click('[data-testid=open-stacks]');
    await page.waitForSelector('[data-testid=stx-confirmed-sBTC][data-value="248000"]');
    expect(stacks.sbtcBalance(stxAddress)).toBe(248_000n);
  }, 180_000);
});
