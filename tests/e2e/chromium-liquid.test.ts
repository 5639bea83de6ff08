/**
 * A confidential Liquid send through the real extension in Chromium, against the
 * devnet's stand-in Esplora (which verifies every broadcast's proofs, commitment
 * balance and signatures). The blinding runs in the service worker, so this also
 * proves the built secp256k1-zkp.wasm is fetched and compiled there under the
 * extension's CSP.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../helpers/bip39-seed';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { liquidAddress, slip77MasterBlindingKey } from '../../src/layers/liquid/keys';
import { LiquidService } from '../../src/layers/liquid/service';
import { ZKP_LOAD_MEASURE, type ZkpLoadDetail } from '../../src/layers/liquid/zkp';
import type { LiquidDevnet } from '../devnet/liquid';
import { testDeps } from '../helpers/layer-deps';
import { launchExtension, type LoadedExtension } from './chromium';
import { useDevnet } from './devnet-settings';
import { phraseFor, test } from './devnets';
import { importWalletThroughPopup, playwrightDriver as drive } from './popup-flows';

const RECIPIENT_MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const REGTEST = { blech32: 'el', bech32: 'ert' } as const;

describe('Chromium: Liquid on the devnet', () => {
  let devnet: LiquidDevnet;
  let ext: LoadedExtension;
  let page: Page;

  test.beforeAll(async ({ devnets }) => {
    devnet = await devnets.liquid();
    ext = await launchExtension();
    page = await ext.openPopup();
    await importWalletThroughPopup(drive(page), phraseFor('chromium-liquid'));
    await useDevnet(drive(page), [
      { layer: 'liquid', key: 'esplora', url: devnet.url },
      { layer: 'liquid', key: 'explorer', url: devnet.origin },
    ]);
  });
  afterAll(async () => ext?.close());

  const value = async (testId: string) => BigInt((await page.getAttribute(`[data-testid=${testId}]`, 'data-value'))!);
  const broadcastCount = () => devnet.broadcasts.accepted.length + devnet.broadcasts.rejected.length;

  it('funds from the devnet faucet, refuses bad input, sends confidentially through the review; the devnet verifies and accepts it', async () => {
    const policy = devnet.policyAsset;
    // The devnet is shared: what it recorded before this test is not ours.
    const mintsBefore = devnet.state.txs.size;
    const acceptedBefore = devnet.broadcasts.accepted.length;
    const rejectedBefore = devnet.broadcasts.rejected.length;
    await page.waitForSelector('[data-testid=address-liquid]');
    expect((await page.textContent('[data-testid=address-liquid]'))!.trim()).toMatch(/^el1qq/);
    await page.click('[data-testid=open-liquid]');
    await page.waitForSelector('[data-testid=liquid-screen]');
    await page.waitForSelector(`[data-testid=lq-balance-${policy}][data-value="0"]`);

    // Receive: the confidential address and its QR, the unconfidential form on request; the faucet pays it.
    await page.click('[data-testid=lq-receive]');
    await page.waitForSelector('[data-testid=lq-receive-address][data-confidential=true]');
    const confidential = (await page.textContent('[data-testid=lq-receive-address]'))!.trim();
    expect(confidential).toMatch(/^el1qq/);
    expect(await page.getAttribute('[data-testid=lq-receive-panel] svg.qr', 'data-qr')).toBe(confidential);
    await page.click('[data-testid=lq-receive-toggle]');
    await page.waitForSelector('[data-testid=lq-receive-address][data-confidential=false]');
    const unconfidential = (await page.textContent('[data-testid=lq-receive-address]'))!.trim();
    expect(unconfidential).toMatch(/^ert1q/);
    expect(await page.getAttribute('[data-testid=lq-receive-panel] svg.qr', 'data-qr')).toBe(unconfidential);
    await page.click('[data-testid=lq-devnet-faucet]');
    await page.waitForSelector('[data-testid=lq-faucet-sent]');
    await page.click('[data-testid=lq-devnet-faucet-test]');
    const minted = () => [...devnet.state.txs.values()].slice(mintsBefore).filter((t) => t.mint);
    await expect.poll(() => minted().length).toBe(2);
    // Both mints are blinded: the first to the address shown, the second to the next unused one.
    const [first, second] = minted().map((m) => devnet.state.txJson(m.txid)!.vout[0]!);
    expect(first).toMatchObject({ scriptpubkey_address: unconfidential, valuecommitment: expect.any(String) });
    expect(second).toMatchObject({ scriptpubkey_address: expect.stringMatching(/^ert1q/), valuecommitment: expect.any(String) });
    expect(second!.scriptpubkey_address).not.toBe(unconfidential);
    devnet.mine();
    await page.click('[data-testid=lq-receive-back]');
    // Unblinded in the service worker: 0.01 L-BTC and 1 TEST, each on its own line.
    await page.waitForSelector(`[data-testid=lq-balance-${policy}][data-value="1000000"]`);
    await page.waitForSelector(`[data-testid=lq-balance-${devnet.testAsset}][data-value="100000000"]`);
    expect(await page.textContent(`[data-testid=lq-balance-${devnet.testAsset}]`)).toContain('1 TEST');
    // Opened without secp256k1-zkp: the worker has not loaded the WASM yet (the send below does).
    const zkpLoads = () =>
      ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.id}/`))!.evaluate((name) => performance.getEntriesByName(name).length, ZKP_LOAD_MEASURE);
    expect(await zkpLoads()).toBe(0);

    const recipientSeed = mnemonicToSeedSync(RECIPIENT_MNEMONIC);
    const to = liquidAddress(HDKey.fromMasterSeed(recipientSeed), slip77MasterBlindingKey(recipientSeed), REGTEST, 0, 0).confidential;

    // Bad input is refused in the UI with the background's message, and nothing reaches the network.
    const before = broadcastCount();
    await page.click('[data-testid=lq-send]');
    await page.waitForSelector('[data-testid=lq-send-form]');
    expect(await page.$$eval('[data-testid=lq-send-asset] option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(
      expect.arrayContaining([policy, devnet.testAsset]),
    );
    await page.selectOption('[data-testid=lq-send-asset]', policy);
    await page.fill('[data-testid=lq-send-to]', 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl');
    await page.fill('[data-testid=lq-send-amount]', '0.001');
    await page.click('[data-testid=lq-send-review]');
    expect(await page.textContent('[data-testid=error]')).toMatch(/Bitcoin address, not a Liquid one/);
    await page.fill('[data-testid=lq-send-to]', to);
    await page.fill('[data-testid=lq-send-amount]', '0.02');
    await page.click('[data-testid=lq-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("plus a network fee")');
    await page.selectOption('[data-testid=lq-send-asset]', devnet.testAsset);
    await page.fill('[data-testid=lq-send-amount]', '1.5');
    await page.click('[data-testid=lq-send-review]');
    await page.waitForSelector('[data-testid=error]:has-text("TEST) is more than the spendable balance")');
    expect(await page.isVisible('[data-testid=lq-review]')).toBe(false);
    expect(broadcastCount()).toBe(before);

    // The review: amount as typed in L-BTC, fee in L-BTC, total, and a confidential destination.
    await page.selectOption('[data-testid=lq-send-asset]', policy);
    await page.fill('[data-testid=lq-send-amount]', '0.0025');
    await page.click('[data-testid=lq-send-review]');
    await page.waitForSelector('[data-testid=lq-review]');
    expect((await page.textContent('[data-testid=lq-review-to]'))!.trim()).toBe(to);
    expect(await value('lq-review-amount')).toBe(250_000n);
    const fee = await value('lq-review-fee');
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThan(1_000n);
    expect(await page.textContent('[data-testid=lq-review-fee]')).toContain('L-BTC');
    expect(await value('lq-review-total')).toBe(250_000n + fee);
    expect(await page.getAttribute('[data-testid=lq-review-confidential]', 'data-confidential')).toBe('true');
    expect(broadcastCount()).toBe(before);

    await page.click('[data-testid=lq-confirm-send]');
    await page.waitForSelector('[data-testid=lq-sent]');
    const txid = (await page.textContent('[data-testid=lq-sent-txid]'))!.trim();
    // The facade parsed it, checked every range and surjection proof, the commitment balance and the signatures.
    expect(devnet.broadcasts.accepted.slice(acceptedBefore)).toEqual([txid]);
    expect(devnet.broadcasts.rejected.slice(rejectedBefore)).toEqual([]);
    const onChain = devnet.state.txJson(txid)!;
    expect(onChain.vout.find((o) => o.scriptpubkey_type === 'fee')).toMatchObject({ value: Number(fee), asset: policy });
    for (const o of onChain.vout.filter((v) => v.scriptpubkey_type !== 'fee')) {
      expect(o).toHaveProperty('valuecommitment');
      expect(o).not.toHaveProperty('value');
    }

    // The recipient, unblinding on its own, sees exactly the amount sent.
    const recipient = new LiquidService(testDeps('liquid', 'devnet', { esplora: devnet.url }, RECIPIENT_MNEMONIC), slip77MasterBlindingKey(recipientSeed));
    expect((await recipient.overview()).balances).toContainEqual(expect.objectContaining({ asset: policy, confirmed: '0', pending: '250000' }));

    // Activity: pending, then confirmed after a block, with the L-BTC balance down by amount + fee.
    await page.click('[data-testid=lq-sent-done]');
    await page.waitForSelector(`[data-testid=activity-${txid}][data-status=pending]`);
    devnet.mine();
    await page.click('[data-testid=lq-refresh]');
    await page.waitForSelector(`[data-testid=activity-${txid}][data-status=confirmed]`);
    expect(await value(`lq-balance-${policy}`)).toBe(1_000_000n - 250_000n - fee);
    expect(await value(`lq-balance-${devnet.testAsset}`)).toBe(100_000_000n);

    // The WASM (no longer inline in background.js, see build-output.test.ts) was fetched and
    // compiled inside this service worker, once: zkp.ts leaves a User Timing measure when it is ready.
    // (Chromium keeps no resource-timing entry for chrome-extension:// fetches, so the fetch itself is not listed.)
    const worker = ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.id}/`))!;
    const loads = await worker.evaluate(
      (name) => performance.getEntriesByName(name).map((e) => ({ ms: e.duration, detail: (e as PerformanceMeasure).detail as unknown })),
      ZKP_LOAD_MEASURE,
    );
    expect(loads).toHaveLength(1);
    expect(loads[0]!.ms).toBeGreaterThan(0);
    // Streamed as the build wrote it: a module that builds its context once (zkp-context-cache.ts).
    expect(loads[0]!.detail).toEqual({ contextKept: true, via: 'streaming' } satisfies ZkpLoadDetail);
  });
});
