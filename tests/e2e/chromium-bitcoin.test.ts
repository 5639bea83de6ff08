/** A Bitcoin send through the real extension in Chromium, against the bcoin devnet. */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BitcoinDevnet } from '../devnet/bitcoin';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const RECIPIENT_MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

describe('Chromium: Bitcoin on the devnet', () => {
  let devnet: BitcoinDevnet;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.bitcoin();
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-bitcoin'));
    await useDevnet(drive(page), [
      { layer: 'bitcoin', key: 'esplora', url: devnet.esploraUrl },
      { layer: 'bitcoin', key: 'explorer', url: devnet.url },
    ]);
  });
  afterAll(async () => ext?.close());

  it('receives faucet coins, sends through the review screen, then speeds the send up after reviewing every output; bcoin accepts both', async () => {
    const receive = (await page.textContent('[data-testid=address-bitcoin]'))!.trim();
    expect(receive).toMatch(/^bcrt1q/);
    await devnet.faucet(receive, 250_000n);

    await page.click('[data-testid=open-bitcoin]');
    await page.waitForSelector('[data-testid=btc-confirmed][data-value="250000"]');

    // Receive shows a fresh (next unused) address, different from the funded one.
    await page.click('[data-testid=btc-receive]');
    const fresh = (await page.textContent('[data-testid=receive-address]'))!.trim();
    expect(fresh).toMatch(/^bcrt1q/);
    expect(fresh).not.toBe(receive);
    await page.click('text=Back');

    // A wrong-network address is refused with a clear error, nothing broadcast.
    const before = devnet.facade.broadcasts.length;
    await page.click('[data-testid=btc-send]');
    await page.fill('[data-testid=send-to]', 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    await page.fill('[data-testid=send-amount]', '0.001');
    await page.click('[data-testid=send-review]');
    expect(await page.textContent('[data-testid=error]')).toMatch(/testnet\/signet address/);

    const { BitcoinKeys } = await import('../../src/layers/bitcoin/keys');
    const { HDKey } = await import('@scure/bip32');
    const { mnemonicToSeedSync } = await import('@scure/bip39');
    const to = new BitcoinKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(RECIPIENT_MNEMONIC)), { bech32: 'bcrt' }).address('p2wpkh', 0, 0).address;
    await page.fill('[data-testid=send-to]', to);
    await page.fill('[data-testid=send-amount]', '0.0012');
    await page.click('[data-testid=send-review]');
    await page.waitForSelector('[data-testid=btc-review]');
    expect(await page.getAttribute('[data-testid=review-amount]', 'data-value')).toBe('120000');
    const fee = BigInt((await page.getAttribute('[data-testid=review-fee]', 'data-value'))!);
    const change = BigInt((await page.getAttribute('[data-testid=review-change]', 'data-value'))!);
    expect(120_000n + fee + change).toBe(250_000n);
    expect(await page.getAttribute('[data-testid=review-total]', 'data-value')).toBe(String(120_000n + fee));
    expect(devnet.facade.broadcasts.length).toBe(before);

    await page.click('[data-testid=btc-confirm-send]');
    await page.waitForSelector('[data-testid=btc-sent]');
    const txid = (await page.textContent('[data-testid=sent-txid]'))!.trim();
    expect(devnet.facade.broadcasts.at(-1)).toMatchObject({ accepted: true });
    const onNode = await (await fetch(`${devnet.esploraUrl}/tx/${txid}`)).json();
    expect(onNode.vout.some((o: { scriptpubkey_address: string; value: number }) => o.scriptpubkey_address === to && o.value === 120_000)).toBe(true);

    // The activity shows it pending with a speed-up action.
    await page.click('[data-testid=sent-done]');
    await page.waitForSelector(`[data-testid=activity-${txid}][data-status=pending]`);

    // Speed up: the review lists every output of the replacement before anything is signed.
    await page.click(`[data-testid=activity-${txid}] [data-testid=speed-up]`);
    await page.click('[data-testid=fee-fast]');
    await page.click('[data-testid=bump-review]');
    await page.waitForSelector('[data-testid=bump-review-panel]');
    const outputs = await page.$$eval('[data-testid=bump-output]', (els) =>
      els.map((e) => ({ role: (e as HTMLElement).dataset.role, address: (e as HTMLElement).dataset.address, value: (e as HTMLElement).dataset.value })),
    );
    const newFee = BigInt((await page.getAttribute('[data-testid=bump-fee]', 'data-value'))!);
    expect(newFee).toBeGreaterThan(fee);
    expect(await page.getAttribute('[data-testid=bump-old-fee]', 'data-value')).toBe(String(fee));
    const newChange = change - (newFee - fee);
    expect(outputs).toHaveLength(2);
    expect(outputs).toContainEqual({ role: 'recipient', address: to, value: '120000' });
    expect(outputs).toContainEqual({ role: 'change', address: expect.stringMatching(/^bcrt1q/), value: String(newChange) });
    expect(devnet.facade.broadcasts.length).toBe(before + 1);

    await page.click('[data-testid=bump-confirm]');
    await page.waitForSelector('[data-testid=bumped]');
    const bumped = (await page.textContent('[data-testid=bumped-txid]'))!.trim();
    // bcoin holds exactly the reviewed outputs, in the reviewed order; the original is gone.
    const replacement = await (await fetch(`${devnet.esploraUrl}/tx/${bumped}`)).json();
    expect(replacement.vout.map((o: { scriptpubkey_address: string; value: number }) => [o.scriptpubkey_address, String(o.value)])).toEqual(
      outputs.map((o) => [o.address, o.value]),
    );
    expect((await fetch(`${devnet.esploraUrl}/tx/${txid}`)).status).toBe(404);

    // After a block the replacement confirms.
    await page.click('[data-testid=bumped-done]');
    await page.waitForSelector(`[data-testid=activity-${bumped}][data-status=pending]`);
    await devnet.mine();
    await page.click('[data-testid=btc-refresh]');
    await page.waitForSelector(`[data-testid=activity-${bumped}][data-status=confirmed]`);
    expect(await page.getAttribute('[data-testid=btc-confirmed]', 'data-value')).toBe(String(newChange));
  });
});
