/**
 * Which Boltz routes can run on which networks, from the presets alone. Boltz runs
 * no public test service (boltz-backend docs since PR 971; boltz-web-app has no
 * testnet config since 2026-05-16), so on every public preset each Boltz route is
 * unavailable with words naming its networks, before any request; on the local
 * devnet none is; a Boltz the user runs and sets in Settings is asked.
 */
import { describe, expect, it } from 'vitest';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { submarineQuoteForInvoice } from '../../../../src/hops/boltz/invoice-quote';
import type { HopContext } from '../../../../src/hops/mechanism';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import { planRoutes } from '../../../../src/hops/routes';
import { englishText } from '../../../../src/shared/english';
import { WalletError } from '../../../../src/shared/errors';
import { LAYER_IDS, type LayerId } from '../../../../src/shared/layers';
import { renderText } from '../../../../src/shared/local-text';
import { networksOfGroup, PRESETS, resolvePreset, type NetworkPreset, type NetworkSelection } from '../../../../src/shared/networks';
import { SettingsStore } from '../../../../src/background/settings-store';
import { translator } from '../../../helpers/locale';
import { MemoryArea } from '../../../helpers/memory-ports';
import { englishOf } from '../../../helpers/english-of';

const mechanisms = boltzMechanisms();
const ROUTES = mechanisms.flatMap((m) => m.pairs().map((p) => ({ mechanism: m, ...p })));

/** A context on `networks` whose HTTP records every request and answers none. */
function ctxOn(networks: NetworkSelection, endpoints: Record<string, string> = {}): { ctx: HopContext; asked: string[] } {
  const asked: string[] = [];
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, networks[l], endpoints, {})])) as { [L in LayerId]: NetworkPreset<L> };
  const ctx = {
    keys: undefined as never,
    root: undefined as never,
    presets,
    side: (async () => {
      throw new Error('no wallet side in these tests');
    }) as unknown as HopContext['side'],
    http: (base: string) => {
      asked.push(base);
      throw new Error(`no request may be made (asked for ${base})`);
    },
    now: () => Date.now(),
  } as HopContext;
  return { ctx, asked };
}

const PUBLIC_BITCOIN = PRESETS.bitcoin.filter((p) => p.id !== 'devnet').map((p) => p.id);

describe('Boltz routes by network', () => {
  it('no public Bitcoin preset names a Boltz; the devnet preset does', () => {
    expect(PUBLIC_BITCOIN.sort()).toEqual(['sbtc-testnet', 'signet', 'testnet3', 'testnet4']);
    for (const id of PUBLIC_BITCOIN) expect(resolvePreset('bitcoin', id, {}).endpoints.boltz, id).toBe('');
    expect(resolvePreset('bitcoin', 'devnet', {}).endpoints.boltz).toBe('http://127.0.0.1:9001/v2');
  });

  it('on every public Bitcoin preset with the other layers on public testnets: each Boltz route says why, in both languages, before any request', async () => {
    expect(ROUTES).toHaveLength(12);
    for (const bitcoin of PUBLIC_BITCOIN) {
      const networks = { ...networksOfGroup('testnets'), bitcoin };
      const { ctx, asked } = ctxOn(networks);
      for (const { mechanism, from, to } of ROUTES) {
        const what = `${bitcoin}: ${mechanism.id} ${from.layer} → ${to.layer}`;
        const missing = mechanism.serviceMissing!(ctx, from, to);
        expect(missing, what).toMatchObject({ key: 'err_boltz_none' });
        const q = await mechanism.quote(ctx, from, to, 100_000n);
        expect(q, what).toMatchObject({ available: false, reason: missing });
        const en = englishText(q.reason!);
        expect(en, what).toContain(`${ctx.presets[from.layer].label} → `);
        expect(en, what).toContain(`on ${ctx.presets[to.layer].label} here`);
        expect(en, what).toMatch(/This route works on the local devnet/);
        expect(en, what).toContain(`under Bitcoin (${ctx.presets.bitcoin.label})`);
        expect(renderText(q.reason!, translator('zh_CN')), what).not.toMatch(/err_|hopText_|layer_/);
      }
      expect(asked).toEqual([]);
    }
  });

  it('through the planner too: a move on the public testnets lists each Boltz route unavailable with its reason, asking nothing', async () => {
    const { ctx, asked } = ctxOn({ ...networksOfGroup('testnets'), bitcoin: 'testnet3' });
    const planned = await planRoutes(ctx, mechanisms, { layer: 'liquid', asset: 'L-BTC' }, { layer: 'lightning', asset: 'BTC' }, 50_000n);
    expect(planned.routes).toHaveLength(1);
    expect(planned.routes[0]).toMatchObject({ mechanism: 'boltz-submarine', available: false, reason: { key: 'err_boltz_none' } });
    expect(englishText(planned.routes[0]!.reason!)).toContain('Liquid on Liquid testnet → Lightning on Testnet');
    // Paying a given invoice from Liquid: the same words, as an error.
    const err = await submarineQuoteForInvoice(ctx, 'lntb1', 20_000n, { layer: 'liquid', asset: 'L-BTC' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).text).toMatchObject({ key: 'err_boltz_none' });
    expect(asked).toEqual([]);
  });

  it('a pasted invoice on the public testnets: the plan lists the route unavailable with the reason, rather than failing as a whole', async () => {
    const { ctx, asked } = ctxOn({ ...networksOfGroup('testnets'), bitcoin: 'testnet3' });
    const engine = new HopEngine(mechanisms, new HopStore(new MemoryArea()));
    const planned = await engine.planForInvoice(ctx, { layer: 'bitcoin', asset: 'BTC' }, { layer: 'lightning', asset: 'BTC' }, { text: 'lntb1', sats: 20_000n });
    expect(planned!.routes).toHaveLength(1);
    expect(planned!.routes[0]).toMatchObject({ mechanism: 'boltz-submarine', available: false, reason: { key: 'err_boltz_none' } });
    expect(asked).toEqual([]);
  });

  it('on the local devnet: every Boltz route may be asked', () => {
    const { ctx } = ctxOn(networksOfGroup('devnet'));
    for (const { mechanism, from, to } of ROUTES) expect(mechanism.serviceMissing!(ctx, from, to), `${from.layer} → ${to.layer}`).toBeNull();
  });

  it('a devnet Boltz is not taken for a layer on a public network, nor a public one for a layer on the devnet', () => {
    const { ctx } = ctxOn({ ...networksOfGroup('devnet'), rootstock: 'testnet' });
    for (const { mechanism, from, to } of ROUTES) {
      const missing = mechanism.serviceMissing!(ctx, from, to);
      if (from.layer === 'rootstock' || to.layer === 'rootstock') {
        expect(missing).toMatchObject({ key: 'err_boltz_otherNetwork' });
        expect(englishText(missing!)).toMatch(/^The Boltz at 127\.0\.0\.1:9001 is set for Bitcoin Local devnet \(regtest\) and does not serve Rootstock on RSK testnet/);
      } else expect(missing).toBeNull();
    }
    const own = { 'bitcoin.testnet3.boltz': 'https://boltz.example/v2' };
    const mixed = ctxOn({ ...networksOfGroup('testnets'), bitcoin: 'testnet3', lightning: 'devnet' }, own).ctx;
    const sub = mechanisms.find((m) => m.id === 'boltz-submarine')!;
    expect(sub.serviceMissing!(mixed, { layer: 'bitcoin', asset: 'BTC' }, { layer: 'lightning', asset: 'BTC' })).toMatchObject({
      key: 'err_boltz_otherNetwork',
      params: ['boltz.example', { key: 'preset_bitcoin_testnet3' }, expect.anything(), { key: 'layer_lightning' }],
    });
  });

  it("the reason's advice holds: Settings take a Boltz URL for every public Bitcoin preset, and the routes then ask it", async () => {
    for (const bitcoin of PUBLIC_BITCOIN) {
      const settings = await new SettingsStore(new MemoryArea()).update({ endpoints: { [`bitcoin.${bitcoin}.boltz`]: 'https://boltz.example/v2/' } });
      const { ctx } = ctxOn({ ...networksOfGroup('testnets'), bitcoin }, settings.endpoints);
      expect(ctx.presets.bitcoin.endpoints.boltz, bitcoin).toBe('https://boltz.example/v2');
      const sub = mechanisms.find((m) => m.id === 'boltz-submarine')!;
      expect(sub.serviceMissing!(ctx, { layer: 'bitcoin', asset: 'BTC' }, { layer: 'lightning', asset: 'BTC' }), bitcoin).toBeNull();
    }
  });

  it('a Boltz the user runs, set under Bitcoin Testnet3, is asked for every route on the public testnets (RBTC routes still want the EtherSwap pinned)', () => {
    const { ctx } = ctxOn({ ...networksOfGroup('testnets'), bitcoin: 'testnet3' }, { 'bitcoin.testnet3.boltz': 'https://boltz.example/v2' });
    for (const { mechanism, from, to } of ROUTES) {
      const missing = mechanism.serviceMissing!(ctx, from, to);
      if (from.layer === 'rootstock' || to.layer === 'rootstock') expect(englishOf(missing ?? undefined)).toMatch(/EtherSwap contract is not pinned for RSK testnet/);
      else expect(missing, `${from.layer} → ${to.layer}`).toBeNull();
    }
  });
});
