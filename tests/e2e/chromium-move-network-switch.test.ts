/**
 * A hop keeps to the networks it was created on, in the real extension. A BTC ->
 * sBTC deposit starts on the devnet presets (bcoin regtest, the Stacks, Emily and
 * signer stand-ins); then Settings switch Bitcoin to *sBTC testnet regtest*,
 * whose addresses look the same (`bcrt`) and whose Esplora URL points at a second
 * bcoin regtest chain. The hop must stop, say which network to switch back to,
 * send nothing to the other chain, and finish once switched back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { RPC_TAG } from '../../src/shared/rpc';
import { startBitcoinDevnet, type BitcoinDevnet } from '../devnet/bitcoin';
import type { SbtcDevnet } from '../devnet/sbtc';
import type { StacksDevnet } from '../devnet/stacks';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import type { LocalText } from '../../src/shared/local-text';
import { englishOf } from '../helpers/english-of';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

describe('Chromium: a hop waits while its Bitcoin network is switched away', () => {
  let bitcoin: BitcoinDevnet;
  let other: BitcoinDevnet;
  let sbtc: SbtcDevnet;
  let stacks: StacksDevnet;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    // The second chain is this file's own; the rest are shared with the other files.
    [bitcoin, other, stacks, sbtc] = await Promise.all([devnets.bitcoin(), startBitcoinDevnet(), devnets.stacks(), devnets.sbtc()]);
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-move-network-switch'));
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: bitcoin.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: bitcoin.url },
      { layer: 'stacks', key: 'api', url: stacks.url },
      { layer: 'stacks', key: 'emily', url: sbtc.url },
    ]);
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    await other?.stop();
  });

  /** Asks the background as the popup does (this page is the extension's own). */
  const ask = <T>(method: string, params: unknown): Promise<T> =>
    page.evaluate(
      async ({ tag, method, params }) => {
        const { runtime } = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ result: unknown }> } } }).chrome;
        return (await runtime.sendMessage({ tag, method, params })).result;
      },
      { tag: RPC_TAG, method, params },
    ) as Promise<T>;

  /** Picks a Bitcoin preset in Settings as a user would (with its Esplora when given), then opens the hop again on the Move screen. */
  const switchBitcoin = async (preset: string, endpoints?: { esplora: string; explorer: string }) => {
    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector('[data-testid=settings]');
    await page.selectOption('[data-testid=preset-bitcoin]', preset);
    if (endpoints) {
      await page.fill('[data-testid=endpoint-bitcoin-esplora]', endpoints.esplora);
      await page.fill('[data-testid=endpoint-bitcoin-explorer]', endpoints.explorer);
    }
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    await page.click('[data-testid=nav-move]');
    await page.click('[data-testid=hop-open]');
  };

  it('stops with the network to switch back to named in the popup, sends nothing on the other chain, and finishes when switched back', async () => {
    const btcAddress = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    const stxAddress = (await page.textContent('[data-testid=address-stacks]'))!.trim();
    // The same address holds coins on both chains: paying on the wrong one would go through.
    await Promise.all([bitcoin.faucet(btcAddress, 1_000_000n), other.faucet(btcAddress, 1_000_000n)]);

    await page.click('[data-testid=nav-move]');
    await page.selectOption('[data-testid=move-from]', 'bitcoin:BTC');
    await page.selectOption('[data-testid=move-to]', 'stacks:sBTC');
    await page.fill('[data-testid=move-amount]', '0.0025');
    await page.click('[data-testid=move-plan]');
    const card = await page.waitForSelector('[data-testid=route-sbtc-deposit][data-available=true]');
    await (await card.$('[data-testid=route-choose]'))!.click();
    await page.waitForSelector('[data-testid=hop-progress][data-state=awaiting-signers]');
    const [hop] = await ask<{ id: string }[]>('hops.list', {});

    await switchBitcoin('sbtc-testnet', { esplora: other.esploraUrl, explorer: other.url });
    const note = await page.waitForSelector('[data-testid=hop-last-error]:has-text("switch back to Bitcoin Local devnet (regtest)")');
    expect(await note.textContent()).toMatch(/sends nothing/);

    // Meanwhile the signers sweep the deposit and mint; asked to advance now, the hop still does not act.
    for (let i = 0; i < 2; i++) {
      await bitcoin.mine(1);
      await sbtc.pass();
    }
    const advanced = await ask<{ state: string; outcome: string; lastError?: string | LocalText }>('hops.get', { id: hop!.id });
    expect(advanced).toMatchObject({ state: 'awaiting-signers', outcome: 'in-progress' });
    expect(englishOf(advanced.lastError)).toMatch(/Local devnet \(regtest\)/);
    expect(other.facade.broadcasts).toEqual([]);

    await switchBitcoin('devnet');
    await page.waitForSelector('[data-testid=hop-progress][data-outcome=completed]', { timeout: 30_000 });
    expect(await page.$('[data-testid=hop-last-error]')).toBeNull();
    expect(stacks.sbtcBalance(stxAddress)).toBe(248_000n);
    expect(other.facade.broadcasts).toEqual([]);
  }, 120_000);
});
