/**
 * A dApp built with viem and mipd talks to Layerhop's Rootstock provider in Chromium,
 * on the devnet's anvil (chain 33): discovery by EIP-6963, connect, an RBTC send the
 * node mines, personal_sign and EIP-712 signatures recovered by viem (not by the code
 * under test), a rejection (4001), and a second origin that never connected (4100).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import { getAddress, verifyMessage, verifyTypedData } from 'viem';
import type { Page } from 'playwright-core';
import type { Anvil } from '../devnet/rootstock/anvil';
import { rootstockAddress } from '../../src/layers/rootstock/keys';
import { launchExtension, type LoadedExtension } from './chromium';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';
import { approvalWindow, approve, hasApprovalWindow, pageResult, reject } from './dapp/harness';
import { startDappServer, type DappServer } from './dapp/server';
import { MESSAGE, RECIPIENT, TYPED } from './dapp/rootstock-data';

const RBTC = 10n ** 18n;
const PHRASE = phraseFor('chromium-dapp-rootstock');
const ME = rootstockAddress(HDKey.fromMasterSeed(mnemonicToSeedSync(PHRASE)), { chainId: 33 }).address;

describe('Chromium: a viem + mipd dApp on the Rootstock devnet (anvil, chain 33)', () => {
  let anvil: Anvil;
  let ext: LoadedExtension;
  let server: DappServer;
  let dapp: Page;
  let popup: Page;

  /** Clicks a page button, answers the approval window, and returns the page's result. */
  const ask = async (testId: string, decide: typeof approve | typeof reject = approve, inspect?: (window: Page) => Promise<void>) => {
    await dapp.getByTestId(testId).click();
    const window = await approvalWindow(ext.context);
    await inspect?.(window);
    const shown = await decide(window);
    const answer = await pageResult(dapp, testId);
    // The window closes once nothing more is asked: the next request opens its own.
    if (!window.isClosed()) await window.waitForEvent('close', { timeout: 30_000 });
    return { shown, answer };
  };

  test.beforeAll(async ({ devnets }) => {
    anvil = await devnets.rootstock();
    [ext, server] = await Promise.all([launchExtension(), startDappServer()]);
    popup = await ext.openPopup();
    await importWalletThroughPopup(drive(popup), PHRASE);
    // Every layer on the devnet (loopback only), and RSK testnet's node is the loopback anvil too,
    // so a switch to chain 31 reaches no public endpoint.
    const d = drive(popup);
    await d.click('[data-testid=nav-settings]');
    await d.waitFor('[data-testid=settings]');
    await d.select('[data-testid=preset-all]', 'devnet');
    await d.select('[data-testid=preset-rootstock]', 'testnet');
    await d.fill('[data-testid=endpoint-rootstock-rpc]', anvil.url);
    await d.select('[data-testid=preset-rootstock]', 'devnet');
    await d.fill('[data-testid=endpoint-rootstock-rpc]', anvil.url);
    await d.click('[data-testid=settings-save]');
    await d.waitFor('[data-testid=settings-saved]');
    await d.click('[data-testid=nav-home]');
    await anvil.fund(ME, 2n * RBTC);
    dapp = await ext.context.newPage();
    await dapp.goto(`${server.url}/rootstock.html`);
  });
  afterAll(async () => {
    await Promise.all([ext?.close(), server?.close()]);
  });

  it('is found by mipd as Layerhop (dev.layerhop), answers the chain openly, and shows no account before connecting', async () => {
    await expect.poll(() => dapp.getByTestId('announced').textContent()).toBe(JSON.stringify([{ name: 'Layerhop', rdns: 'dev.layerhop' }]));
    expect(await dapp.evaluate(() => 'ethereum' in window)).toBe(false);
    await dapp.getByTestId('chain-id').click();
    expect(await pageResult(dapp, 'chain-id')).toEqual({ result: 33 });
    await dapp.getByTestId('accounts').click();
    expect(await pageResult(dapp, 'accounts')).toEqual({ result: [] });
  });

  it('connects after approval, naming the origin and the network', async () => {
    const { shown, answer } = await ask('connect');
    expect(shown.origin).toBe(server.url);
    expect(shown.network).toBe('Local devnet (regtest)');
    expect(answer).toEqual({ result: [getAddress(ME.toLowerCase())] });
    await expect.poll(() => dapp.getByTestId('events').textContent()).toContain('accountsChanged');
  });

  it('eth_sendTransaction of 0.1 RBTC, approved: the node mines it from our account with that value', async () => {
    const before = BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest']));
    const { answer } = await ask('send', approve, async (window) => {
      // Decoded in the window: the method, the value in wei with its unit, our address marked as ours.
      await window.getByTestId('approve-button').waitFor();
      expect(await window.getByTestId('approve').getAttribute('data-method')).toBe('eth_sendTransaction');
      expect(await window.locator('[data-testid=approve-row][data-kind=amount]').first().getAttribute('data-value')).toBe((RBTC / 10n).toString());
      expect(await window.locator('[data-testid=approve-row][data-kind=address][data-ours=true]').count()).toBeGreaterThan(0);
    });
    const hash = answer.result as string;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    const receipt = await anvil.receipt<{ status: string; from: string; to: string }>(hash);
    expect(receipt).toMatchObject({ status: '0x1', from: ME.toLowerCase(), to: RECIPIENT });
    expect(BigInt((await anvil.rpc<{ value: string }>('eth_getTransactionByHash', [hash])).value)).toBe(RBTC / 10n);
    expect(BigInt(await anvil.rpc<string>('eth_getBalance', [RECIPIENT, 'latest'])) - before).toBe(RBTC / 10n);
  });

  it('personal_sign and eth_signTypedData_v4, approved: viem recovers our address from both', async () => {
    const signed = (await ask('personal-sign')).answer.result as `0x${string}`;
    expect(await verifyMessage({ address: ME.toLowerCase() as `0x${string}`, message: MESSAGE, signature: signed })).toBe(true);
    const typed = (await ask('sign-typed')).answer.result as `0x${string}`;
    expect(await verifyTypedData({ address: ME.toLowerCase() as `0x${string}`, ...TYPED, signature: typed })).toBe(true);
  });

  it('a rejected send is 4001, and nothing reaches the node', async () => {
    const nonce = await anvil.rpc<string>('eth_getTransactionCount', [ME.toLowerCase(), 'pending']);
    const { answer } = await ask('send', reject);
    expect(answer.error?.code).toBe(4001);
    expect(await anvil.rpc<string>('eth_getTransactionCount', [ME.toLowerCase(), 'pending'])).toBe(nonce);
  });

  it('a second origin that never connected gets 4100 and sees no account, with no window opened', async () => {
    const other = await ext.context.newPage();
    await other.goto(`${server.otherUrl}/rootstock.html`);
    await expect.poll(() => other.getByTestId('announced').textContent()).toContain('dev.layerhop');
    await other.getByTestId('personal-sign-unconnected').click();
    expect(await pageResult(other, 'personal-sign-unconnected')).toMatchObject({ error: { code: 4100 } });
    await other.getByTestId('accounts').click();
    expect(await pageResult(other, 'accounts')).toEqual({ result: [] });
    expect(hasApprovalWindow(ext.context)).toBe(false);
    await other.close();
  });

  it('wallet_switchEthereumChain: 4902 for a chain without a preset; to RSK testnet and back after approval, each heard as chainChanged', async () => {
    await dapp.getByTestId('switch-unknown').click();
    expect(await pageResult(dapp, 'switch-unknown')).toMatchObject({ error: { code: 4902 } });
    expect(hasApprovalWindow(ext.context)).toBe(false);

    const { shown } = await ask('switch-testnet', approve, async (window) => {
      await window.getByTestId('approve-button').waitFor();
      expect(await window.getByTestId('approve').getAttribute('data-method')).toBe('wallet_switchEthereumChain');
    });
    expect(shown.network).toBe('Local devnet (regtest)');
    await expect.poll(() => dapp.getByTestId('events').textContent()).toContain('["chainChanged","0x1f"]');
    await dapp.getByTestId('chain-id').click();
    expect(await pageResult(dapp, 'chain-id')).toEqual({ result: 31 });

    await ask('switch-devnet');
    await expect.poll(() => dapp.getByTestId('events').textContent()).toContain('["chainChanged","0x21"]');
    await dapp.getByTestId('chain-id').click();
    expect(await pageResult(dapp, 'chain-id')).toEqual({ result: 33 });
  });

  it('a network switched in Settings is heard by the page as chainChanged too', async () => {
    const lastEvent = async () => JSON.parse((await dapp.getByTestId('events').textContent()) || '[]').at(-1);
    const pick = async (preset: string) => {
      const d = drive(popup);
      await d.click('[data-testid=nav-settings]');
      await d.waitFor('[data-testid=settings]');
      await d.select('[data-testid=preset-rootstock]', preset);
      await d.click('[data-testid=settings-save]');
      await d.waitFor('[data-testid=settings-saved]');
      await d.click('[data-testid=nav-home]');
    };
    await pick('testnet');
    await expect.poll(lastEvent).toEqual(['chainChanged', '0x1f']);
    await pick('devnet');
    await expect.poll(lastEvent).toEqual(['chainChanged', '0x21']);
  });
});
