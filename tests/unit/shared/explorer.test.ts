/**
 * Explorer links on the local devnet: its presets' explorer endpoints point at the
 * devnet's own JSON APIs, which serve no transaction page (GET /tx/<txid> answers 404),
 * so no layer or hop offers a link there unless Settings set another explorer URL.
 */
import { describe, expect, it } from 'vitest';
import { explorerLink } from '../../../src/hops/boltz/assets';
import { btcExplorer, rskExplorer } from '../../../src/hops/explorer-links';
import type { HopContext } from '../../../src/hops/mechanism';
import { presetPageExplorer } from '../../../src/shared/explorer';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { endpointKey, PRESETS, resolvePreset } from '../../../src/shared/networks';

const TXID = 'ab'.repeat(32);

function ctxOn(presetOf: (layer: LayerId) => string, overrides: Record<string, string> = {}): HopContext {
  return { presets: Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, presetOf(l), overrides)])) } as unknown as HopContext;
}

describe('presetPageExplorer', () => {
  it('gives no explorer on any devnet preset left as it is', () => {
    for (const layer of LAYER_IDS) expect(presetPageExplorer(resolvePreset(layer, 'devnet', {}))).toBeUndefined();
  });

  it('gives the explorer Settings set on a devnet preset', () => {
    const preset = resolvePreset('bitcoin', 'devnet', { [endpointKey('bitcoin', 'devnet', 'explorer')]: 'http://127.0.0.1:5000' });
    expect(presetPageExplorer(preset)).toBe('http://127.0.0.1:5000');
  });

  it('gives every public preset’s explorer as it is (not Rootstock’s node RPC)', () => {
    for (const layer of ['bitcoin', 'liquid', 'rootstock'] as const) {
      for (const p of PRESETS[layer].filter((p) => p.id !== 'devnet')) expect(presetPageExplorer(p)).toBe(p.endpoints.explorer);
    }
  });
});

describe('hop transaction links', () => {
  it('are absent on the devnet presets', () => {
    const ctx = ctxOn(() => 'devnet');
    expect(btcExplorer(ctx, TXID)).toBeUndefined();
    expect(rskExplorer(ctx, `0x${TXID}`)).toBeUndefined();
    expect(explorerLink(ctx, 'liquid', TXID)).toBeUndefined();
    expect(explorerLink(ctx, 'bitcoin', TXID)).toBeUndefined();
  });

  it('point at the public presets’ explorers', () => {
    const ctx = ctxOn((l) => PRESETS[l][0]!.id);
    expect(btcExplorer(ctx, TXID)).toBe(`${PRESETS.bitcoin[0]!.endpoints.explorer}/tx/${TXID}`);
    expect(explorerLink(ctx, 'liquid', TXID)).toBe(`${PRESETS.liquid[0]!.endpoints.explorer}/tx/${TXID}`);
  });
});
