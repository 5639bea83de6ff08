/**
 * An RBTC send through the real extension in Chromium, against anvil with
 * Rootstock's regtest chain id 33. The popup is driven as a user would; what
 * ends up on the node is read with plain JSON-RPC and the raw transaction is
 * decoded with micro-eth-signer, never with the code under test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Transaction } from 'micro-eth-signer';
import { ANVIL_DEV_ACCOUNT, type Anvil } from '../devnet/rootstock/anvil';
import { formatAmount } from '../../src/shared/units';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const RBTC = 10n ** 18n;
const GWEI = 10n ** 9n;
// anvil's second dev account: a plain recipient, written lower case (no checksum).
const RECIPIENT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
// Loopback, never opened: only the link it makes is checked.
const EXPLORER = 'http://127.0.0.1:9/rsk-explorer';

interface NodeTx {
  hash: string;
  from: string;
  to: string;
  value: string;
  nonce: string;
  gas: string;
  gasPrice: string;
  type: string;
  blockNumber: string | null;
}
interface NodeReceipt {
  status: string;
  from: string;
  to: string;
  gasUsed: string;
  effectiveGasPrice: string;
}

/** Flips the case of the first letter (a-f) of an address: a typo the checksum must catch. */
function flipOneLetter(address: string): string {
  const i = address.slice(2).search(/[a-fA-F]/) + 2;
  const ch = address[i]!;
  return address.slice(0, i) + (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) + address.slice(i + 1);
}

describe('Chromium: Rootstock on the devnet (anvil, chain 33)', () => {
  let anvil: Anvil;
  let ext: LoadedExtension;
  let page: Page;
  const balanceOf = async (a: string) => BigInt(await anvil.rpc<string>('eth_getBalance', [a.toLowerCase(), 'latest']));
  const nonceOf = async (a: string, at: 'latest' | 'pending') => BigInt(await anvil.rpc<string>('eth_getTransactionCount', [a.toLowerCase(), at]));
  const value = async (testId: string) => BigInt((await page.getAttribute(`[data-testid=${testId}]`, 'data-value'))!);
  const errorText = async () => (await page.waitForSelector('[data-testid=error]')).textContent();

  test.beforeAll(async ({ devnets }) => {
    anvil = await devnets.rootstock();
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-rootstock'));
    await useDevnet(drive(page), [
      { layer: 'rootstock', key: 'rpc', url: anvil.url },
      { layer: 'rootstock', key: 'explorer', url: EXPLORER },
    ]);
  });
  afterAll(async () => {
    // The node is shared: mining on every transaction again, as the other files expect.
    await anvil?.setAutomine(true);
    await ext?.close();
  });

  it('funds from the devnet faucet, refuses bad input, sends through the review screen and speeds the send up; the node agrees', async () => {
    const me = (await page.textContent('[data-testid=address-rootstock]'))!.trim();
    expect(me).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(me).not.toBe(me.toLowerCase()); // shown with a checksum
    await page.click('[data-testid=open-rootstock]');
    await page.waitForSelector('[data-testid=rsk-confirmed][data-value="0"]');

    // Receive: the same checksummed address, as text and QR; the devnet faucet pays 1 RBTC from anvil's dev account.
    await page.click('[data-testid=rsk-receive]');
    expect((await page.textContent('[data-testid=rsk-receive-address]'))!.trim()).toBe(me);
    expect(await page.getAttribute('[data-testid=rsk-receive-panel] svg.qr', 'data-qr')).toBe(me);
    expect(await page.textContent('[data-testid=rsk-checksum-note]')).toContain('33');
    await page.click('[data-testid=rsk-devnet-faucet]');
    const faucetTx = (await (await page.waitForSelector('[data-testid=rsk-faucet-sent]')).getAttribute('data-hash'))!;
    const faucetReceipt = await anvil.receipt<NodeReceipt>(faucetTx);
    expect(faucetReceipt).toMatchObject({ status: '0x1', from: ANVIL_DEV_ACCOUNT, to: me.toLowerCase() });
    expect(await balanceOf(me)).toBe(RBTC);
    await page.click('[data-testid=rsk-receive-back]');
    await page.waitForSelector(`[data-testid=rsk-confirmed][data-value="${RBTC}"]`);
    await page.waitForSelector(`[data-testid=activity-${faucetTx}].in[data-status=confirmed]`);

    // Bad input is refused in the popup with the background's message; nothing reaches the node.
    await page.click('[data-testid=rsk-send]');
    const checksummed = await (async () => {
      await page.fill('[data-testid=rsk-send-to]', RECIPIENT);
      await page.fill('[data-testid=rsk-send-amount]', '0.25');
      await page.click('[data-testid=rsk-send-review]');
      const to = (await (await page.waitForSelector('[data-testid=rsk-review-to]')).textContent())!.trim();
      await page.click('[data-testid=rsk-review-back]');
      return to;
    })();
    expect(checksummed.toLowerCase()).toBe(RECIPIENT);
    expect(checksummed).not.toBe(RECIPIENT);

    await page.fill('[data-testid=rsk-send-to]', flipOneLetter(checksummed));
    await page.click('[data-testid=rsk-send-review]');
    expect(await errorText()).toMatch(/do not match its checksum/);
    expect(await page.$('[data-testid=rsk-review]')).toBeNull();

    await page.fill('[data-testid=rsk-send-to]', checksummed);
    await page.fill('[data-testid=rsk-send-amount]', '1.5');
    await page.click('[data-testid=rsk-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("1.5 RBTC is more than the 1 RBTC")');
    // The whole balance leaves nothing for gas.
    await page.fill('[data-testid=rsk-send-amount]', '1');
    await page.click('[data-testid=rsk-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("of gas is more than the 1 RBTC")');
    expect(await page.$('[data-testid=rsk-review]')).toBeNull();
    // A gas price given in the wrong unit (wei typed as gwei) is refused too.
    await page.fill('[data-testid=rsk-send-amount]', '0.25');
    await page.fill('[data-testid=rsk-send-gas-price]', '3000000000');
    await page.click('[data-testid=rsk-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("Check the unit")');
    expect(await nonceOf(me, 'pending')).toBe(0n);
    expect(await balanceOf(me)).toBe(RBTC);

    // Review: what was typed, at the network's suggested gas price (never below the block's base fee).
    const amount = RBTC / 4n;
    await page.fill('[data-testid=rsk-send-gas-price]', '');
    await page.click('[data-testid=rsk-send-review]');
    await page.waitForSelector('[data-testid=rsk-review]');
    const baseFee = BigInt((await anvil.rpc<{ baseFeePerGas: string }>('eth_getBlockByNumber', ['latest', false])).baseFeePerGas);
    expect((await page.textContent('[data-testid=rsk-review-to]'))!.trim()).toBe(checksummed);
    expect(await value('rsk-review-amount')).toBe(amount);
    expect(await page.textContent('[data-testid=rsk-review-amount]')).toBe('0.25 RBTC');
    expect(await value('rsk-review-gas-limit')).toBe(21_000n);
    const gasPrice = await value('rsk-review-gas-price');
    expect(gasPrice).toBeGreaterThanOrEqual(baseFee);
    expect(gasPrice).toBeGreaterThanOrEqual(BigInt(await anvil.rpc<string>('eth_gasPrice')));
    expect(await value('rsk-review-fee')).toBe(21_000n * gasPrice);
    expect(await value('rsk-review-total')).toBe(amount + 21_000n * gasPrice);
    expect(await nonceOf(me, 'pending')).toBe(0n);

    // Send with mining paused, so it stays pending and can be sped up. It goes out exactly as reviewed.
    const recipientBefore = await balanceOf(RECIPIENT);
    await anvil.setAutomine(false);
    await page.click('[data-testid=rsk-confirm-send]');
    await page.waitForSelector('[data-testid=rsk-sent]');
    const hash = (await page.textContent('[data-testid=rsk-sent-hash]'))!.trim();
    expect(await page.getAttribute('[data-testid=rsk-sent-explorer]', 'href')).toBe(`${EXPLORER}/tx/${hash}`);
    const tx = await anvil.rpc<NodeTx>('eth_getTransactionByHash', [hash]);
    expect(tx).toMatchObject({ from: me.toLowerCase(), to: RECIPIENT, type: '0x0', blockNumber: null });
    expect(BigInt(tx.value)).toBe(amount);
    expect(BigInt(tx.gas)).toBe(21_000n);
    expect(BigInt(tx.gasPrice)).toBe(gasPrice);
    const decoded = Transaction.fromHex(await anvil.rpc<string>('eth_getRawTransactionByHash', [hash]));
    expect(decoded.type).toBe('legacy');
    expect(decoded.raw.chainId).toBe(33n);
    expect(decoded.sender.toLowerCase()).toBe(me.toLowerCase());

    // Activity: pending, with a speed-up action. Too small a raise is refused; 5 gwei (typed in gwei) replaces it, same nonce.
    await page.click('[data-testid=rsk-sent-done]');
    await page.waitForSelector(`[data-testid=activity-${hash}][data-status=pending]`);
    await page.click(`[data-testid=activity-${hash}] [data-testid=speed-up]`);
    await page.waitForSelector('[data-testid=rsk-speed-up-panel]');
    await page.fill('[data-testid=rsk-speed-up-gas-price]', formatAmount(gasPrice, 9));
    await page.click('[data-testid=rsk-speed-up-confirm]');
    expect(await errorText()).toMatch(/the gas price must be at least/);
    expect(await nonceOf(me, 'pending')).toBe(1n);
    await page.fill('[data-testid=rsk-speed-up-gas-price]', '5');
    await page.click('[data-testid=rsk-speed-up-confirm]');
    await page.waitForSelector('[data-testid=rsk-sped-up]');
    const faster = (await page.textContent('[data-testid=rsk-sped-up-hash]'))!.trim();
    expect(faster).not.toBe(hash);
    expect(await value('rsk-sped-up-gas-price')).toBe(5n * GWEI);
    const replacement = await anvil.rpc<NodeTx>('eth_getTransactionByHash', [faster]);
    expect(BigInt(replacement.nonce)).toBe(BigInt(tx.nonce));
    expect(BigInt(replacement.gasPrice)).toBe(5n * GWEI);
    expect(BigInt(replacement.value)).toBe(amount);
    expect(replacement.to).toBe(RECIPIENT);

    // Mined: the replacement, not the original; balances on the node and in the popup agree.
    await anvil.mine();
    const receipt = await anvil.receipt<NodeReceipt>(faster);
    expect(receipt.status).toBe('0x1');
    expect(BigInt(receipt.effectiveGasPrice)).toBe(5n * GWEI);
    expect(await anvil.rpc('eth_getTransactionReceipt', [hash])).toBeNull();
    const spent = amount + BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    expect(await balanceOf(me)).toBe(RBTC - spent);
    expect(await balanceOf(RECIPIENT)).toBe(recipientBefore + amount);
    await page.click('[data-testid=rsk-sped-up-done]');
    await page.waitForSelector(`[data-testid=activity-${faster}][data-status=confirmed]`);
    await page.waitForSelector(`[data-testid=activity-${hash}][data-status=replaced]`);
    expect(await page.$(`[data-testid=activity-${faster}] [data-testid=speed-up]`)).toBeNull();
    expect(await value('rsk-confirmed')).toBe(RBTC - spent);
  });
});
