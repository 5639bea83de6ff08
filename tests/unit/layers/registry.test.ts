/**
 * Walks both layer registries (the shared descriptors and the background modules)
 * and checks every layer is complete, so a half-added layer fails here: presets,
 * derivation on each, methods it owns and answers, a service, its side for hops,
 * assets to move.
 */
import { describe, expect, it } from 'vitest';
import { HOP_ASSETS } from '../../../src/shared/hop-views';
import { LAYER_MODULES, layerModule } from '../../../src/layers/registry';
import type { LayerRuntime } from '../../../src/layers/types';
import { LAYER_DESCRIPTORS, LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { DEFAULT_NETWORKS, PRESETS, resolvePreset } from '../../../src/shared/networks';
import { METHODS, methodOwner, type MethodName } from '../../../src/shared/rpc';
import { background, importWallet } from '../../helpers/background';

describe('layer registries', () => {
  it('list the same layers, each once', () => {
    expect(new Set(LAYER_IDS).size).toBe(LAYER_IDS.length);
    expect(Object.keys(LAYER_MODULES).sort()).toEqual([...LAYER_IDS].sort());
    for (const id of LAYER_IDS) expect(LAYER_MODULES[id].descriptor.id).toBe(id);
  });

  describe.each(LAYER_DESCRIPTORS.map((d) => [d.id, d] as const))('%s', (id, d) => {
    const mod = layerModule(id as LayerId);

    it('is the descriptor its module carries', () => {
      expect(mod.descriptor).toBe(d);
      expect(d.name.length).toBeGreaterThan(0);
    });

    it('has presets of its own, the default among them', () => {
      expect(d.presets.length).toBeGreaterThan(0);
      expect(new Set(d.presets.map((p) => p.id)).size).toBe(d.presets.length);
      for (const p of d.presets) expect(p.layer).toBe(id);
      expect(d.presets.map((p) => p.id)).toContain(d.defaultPreset);
      expect(DEFAULT_NETWORKS[id]).toBe(d.defaultPreset);
      expect(PRESETS[id]).toBe(d.presets);
    });

    it('derives an account on every preset', async () => {
      const bg = background();
      await importWallet(bg.wallet, bg.ports);
      const keyring = await bg.wallet.unlockedKeyring();
      for (const p of d.presets) {
        const account = mod.account(keyring, resolvePreset(id, p.id, {}) as never);
        expect(account).toMatchObject({ layer: id, network: p.id, networkLabel: p.label });
        expect(account.value.length).toBeGreaterThan(0);
        expect(account.path).toMatch(/^m\//);
      }
    });

    it('owns methods named after it, all in the protocol table', () => {
      const names = Object.keys(d.methods);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(name.startsWith(`${id}.`)).toBe(true);
        expect(Object.prototype.hasOwnProperty.call(METHODS, name)).toBe(true);
        expect(methodOwner(name as MethodName)).toBe(id);
      }
      // No other method in the table claims to be this layer's.
      const owned = (Object.keys(METHODS) as MethodName[]).filter((m) => methodOwner(m) === id);
      expect(owned.sort()).toEqual(names.sort());
    });

    it('answers exactly its methods, building nothing until a request needs it', () => {
      let built = 0;
      const runtime = {
        service: async () => {
          built++;
          throw new Error('not in this test');
        },
        deps: async () => {
          built++;
          throw new Error('not in this test');
        },
      } as LayerRuntime<LayerId, never>;
      const handlers = (mod.handlers as (r: typeof runtime) => Record<string, unknown>)(runtime);
      expect(Object.keys(handlers).sort()).toEqual(Object.keys(d.methods).sort());
      for (const h of Object.values(handlers)) expect(typeof h).toBe('function');
      expect(built).toBe(0);
    });

    it('builds its service on the default preset', async () => {
      const bg = background();
      await importWallet(bg.wallet, bg.ports);
      const service = await bg.layers.service(id);
      expect(service.layer).toBe(id);
      expect(typeof service.overview).toBe('function');
      expect(typeof service.receive).toBe('function');
    });

    it('offers hops its side on the default preset (Lightning: only through a connected wallet)', async () => {
      const bg = background();
      await importWallet(bg.wallet, bg.ports);
      const preset = resolvePreset(id, d.defaultPreset, {});
      const side = bg.layers.hopSide(id, preset);
      if (id === 'lightning') {
        await expect(side).rejects.toMatchObject({ code: 'no_funding' });
      } else {
        const methods = Object.values(await side);
        expect(methods.length).toBeGreaterThan(0);
        for (const m of methods) expect(typeof m === 'function' || typeof m === 'string').toBe(true);
      }
    });

    it('holds assets a hop can move', () => {
      expect(d.assets.length).toBeGreaterThan(0);
      for (const a of d.assets) {
        expect(a.symbol.length).toBeGreaterThan(0);
        expect(Number.isInteger(a.decimals) && a.decimals >= 0 && a.decimals <= 18).toBe(true);
        expect(HOP_ASSETS).toContainEqual({ layer: id, ...a });
      }
    });
  });
});
