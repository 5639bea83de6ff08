/** The Move screen's grid, from the real mechanisms' pairs and the selected presets: no quote is fetched. */
import { describe, expect, it } from 'vitest';
import { routeMatrix } from '../../../../src/hops/chained/matrix';
import type { HopContext } from '../../../../src/hops/mechanism';
import { MECHANISMS } from '../../../../src/hops/registry';
import { HOP_ASSETS, type RouteMatrixCell } from '../../../../src/shared/hop-views';
import { LAYER_IDS, type LayerId } from '../../../../src/shared/layers';
import { resolvePreset, type NetworkPreset } from '../../../../src/shared/networks';
import { BTC, fakeContext, fakeMechanism, LBTC, LN, RBTC } from './fakes';

function ctxOn(networks: Partial<Record<LayerId, string>>, noLightning = false): HopContext {
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, networks[l] ?? 'devnet', {}, {})])) as { [L in LayerId]: NetworkPreset<L> };
  const fetchImpl = (async () => {
    throw new Error('the matrix fetches nothing');
  }) as unknown as typeof fetch;
  return { ...fakeContext({ fetchImpl, noLightning }), presets };
}

const name = (c: RouteMatrixCell) => `${c.from.layer}>${c.to.layer}`;

describe('route matrix', () => {
  it('on the devnet: all 20 ordered pairs have a route, the 14 direct ones with their mechanisms, the others chained through BTC', async () => {
    const cells = await routeMatrix(ctxOn({}), MECHANISMS, HOP_ASSETS);
    expect(cells).toHaveLength(20);
    const direct = cells.filter((c) => c.kind === 'direct');
    expect(direct.map(name).sort()).toEqual(
      [
        ...['bitcoin>lightning', 'liquid>lightning', 'rootstock>lightning', 'lightning>bitcoin', 'lightning>liquid', 'lightning>rootstock'],
        ...['bitcoin>liquid', 'liquid>bitcoin', 'bitcoin>rootstock', 'rootstock>bitcoin', 'liquid>rootstock', 'rootstock>liquid', 'bitcoin>stacks', 'stacks>bitcoin'],
      ].sort(),
    );
    expect(cells.find((c) => name(c) === 'bitcoin>rootstock')!.mechanisms.sort()).toEqual(['boltz-chain', 'powpeg-pegin']);
    const sbtcLn = cells.find((c) => name(c) === 'stacks>lightning')!;
    expect(sbtcLn).toMatchObject({ kind: 'chained', via: [BTC], mechanisms: ['sbtc-withdrawal', 'boltz-submarine'] });
    expect(cells.filter((c) => c.kind === 'none')).toEqual([]);
  });

  it("on testnet4 (no Boltz there): the Boltz pairs are 'none' with Boltz's reason, chains through it fall away too", async () => {
    const cells = await routeMatrix(ctxOn({ bitcoin: 'testnet4' }), MECHANISMS, HOP_ASSETS);
    const btcLn = cells.find((c) => name(c) === 'bitcoin>lightning')!;
    expect(btcLn.kind).toBe('none');
    expect(btcLn.reason).toEqual({ key: 'matrixNone_reason', params: [expect.stringMatching(/^No Boltz service is known for the Bitcoin network "Testnet4"/)] });
    expect(cells.every((c) => c.kind !== 'direct' || c.mechanisms.every((m) => !m.startsWith('boltz')))).toBe(true);
  });

  it('leaves hidden layers out, and takes Lightning as an intermediate only with a connected wallet', async () => {
    const mechs = [fakeMechanism('boltz-submarine', LBTC, LN), fakeMechanism('boltz-reverse', LN, RBTC)];
    const shown = [LBTC, LN, RBTC];
    const off = await routeMatrix(fakeContext({ noLightning: true }), mechs, shown);
    expect(off).toHaveLength(6);
    const lbtcRbtc = off.find((c) => name(c) === 'liquid>rootstock')!;
    expect(lbtcRbtc).toMatchObject({ kind: 'none', reason: { key: 'matrixNone_reason', params: [expect.stringMatching(/^No Lightning wallet is connected/)] } });
    expect((await routeMatrix(fakeContext(), mechs, shown)).find((c) => name(c) === 'liquid>rootstock')).toMatchObject({ kind: 'chained', via: [LN] });
    expect(off.find((c) => name(c) === 'rootstock>liquid')).toMatchObject({ kind: 'none', reason: { key: 'matrixNone_never' } });
    expect((await routeMatrix(fakeContext(), mechs, [LBTC, RBTC])).map((c) => c.kind)).toEqual(['none', 'none']);
  });
});
