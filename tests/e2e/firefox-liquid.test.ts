/**
 * Firefox ESR: a confidential Liquid send from the extension's background page, whose range
 * proofs come from secp256k1-zkp as the build rewrote it (zkp-context-cache.ts: one context
 * kept), fetched and streamed there by the library's glue.
 * The devnet verifies every range and surjection proof and the balance before accepting.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ZKP_LOAD_MEASURE, type ZkpLoadDetail } from '../../src/layers/liquid/zkp';
import { RPC_TAG } from '../../src/shared/rpc';
import type { LiquidDevnet } from '../devnet/liquid';
import { phraseFor } from './devnets';
import { test } from './firefox';
import { devnetSettings, importPhrase, noLook } from './firefox-flows';

type Reply = { ok: boolean; result?: unknown; error?: unknown };
type Runtime = { chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } } };

/** One protocol request from the onboarding tab (an extension page). */
async function call(page: Page, method: string, params: object): Promise<unknown> {
  const reply = await page.evaluate(
    (tag, m, p) => (globalThis as unknown as Runtime).chrome.runtime.sendMessage({ tag, method: m, params: p }),
    RPC_TAG,
    method,
    params,
  );
  if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

describe('Firefox ESR: Liquid on the devnet', () => {
  let devnet: LiquidDevnet;
  let closeFirefox: (() => Promise<void>) | undefined;
  let page: Page;

  test.beforeAll(async ({ devnets, firefox }) => {
    devnet = await devnets.liquid();
    ({ onboarding: page, close: closeFirefox } = await firefox.withExtension());
  });
  afterAll(async () => closeFirefox?.());

  it('sends confidentially; the devnet checks the range proofs and accepts it', async () => {
    const d = await importPhrase(page, phraseFor('firefox-liquid'), noLook);
    await devnetSettings(d, noLook, ['liquid'], [{ layer: 'liquid', key: 'esplora', url: devnet.url }]);
    await call(page, 'liquid.devnetFaucet', { asset: 'lbtc' });
    devnet.mine();
    await call(page, 'layers.overview', { layer: 'liquid' });
    const { address } = (await call(page, 'liquid.receive', {})) as { address: string };
    const acceptedBefore = devnet.broadcasts.accepted.length;
    const rejectedBefore = devnet.broadcasts.rejected.length;
    const sent = (await call(page, 'liquid.send', { asset: devnet.policyAsset, to: address, amount: '0.0001' })) as { txid: string };
    expect(devnet.broadcasts.rejected.slice(rejectedBefore)).toEqual([]);
    expect(devnet.broadcasts.accepted.slice(acceptedBefore)).toEqual([sent.txid]);
    // Blinded: the payment and the change carry value commitments, not amounts.
    const outputs = devnet.state.txJson(sent.txid)!.vout.filter((o) => o.scriptpubkey_type !== 'fee');
    expect(outputs.length).toBeGreaterThanOrEqual(2);
    for (const o of outputs) expect(o).toMatchObject({ valuecommitment: expect.any(String) });
    // The background page loaded the module once, keeping its context: Firefox runs MV3 backgrounds as event pages, which an extension page can reach.
    const loads = await page.evaluate(async (name) => {
      const bg = await (globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<Window> } } }).browser.runtime.getBackgroundPage();
      return bg.performance.getEntriesByName(name).map((e) => (e as PerformanceMeasure).detail as unknown);
    }, ZKP_LOAD_MEASURE);
    expect(loads).toEqual([{ contextKept: true, via: 'streaming' } satisfies ZkpLoadDetail]);
  });
});
