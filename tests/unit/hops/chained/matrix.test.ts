/** The Move screen's grid, from the real mechanisms' pairs and the selected presets: no quote is fetched. */
import { describe, expect, it } from 'vitest';
import { routeMatrix } from '../../../../src/hops/chained/matrix';
import type { HopContext } from '../../../../src/hops/mechanism';
import { MECHANISMS } from '../../../../src/hops/registry';
import { HOP_ASSETS, type RouteMatrixCell } from '../../../../src/shared/hop-views';
import { LAYER_IDS, type LayerId } from '../../../../src/shared/layers';
import { renderText, type LocalText } from '../../../../src/shared/local-text';
import { networksOfGroup, resolvePreset, type NetworkPreset } from '../../../../src/shared/networks';
import { translator } from '../../../helpers/locale';
import { BTC, fakeContext, fakeMechanism, LBTC, LN, RBTC } from './fakes';

function ctxOn(networks: Partial<Record<LayerId, string>>, noLightning = false): HopContext {
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, networks[l] ?? 'devnet', {}, {})])) as { [L in LayerId]: NetworkPreset<L> };
  const fetchImpl = (async () => {
    throw new Error('the matrix fetches nothing');
  }) as unknown as typeof fetch;
  return { ...fakeContext({ fetchImpl, noLightning }), presets };
}

const name = (c: RouteMatrixCell) => `${c.from.layer}>${c.to.layer}`;
const side = (layer: LayerId, preset: string): LocalText => ({ key: 'hopText_boltzSide', params: [{ key: `layer_${layer}` }, { key: `preset_${layer}_${preset}` }] });
const english = (key: string) => translator('en')(key);

/** Every ordered pair a Boltz swap connects (submarine, reverse and chain). */
const BOLTZ_PAIRS = [
  ...['bitcoin>lightning', 'liquid>lightning', 'rootstock>lightning', 'lightning>bitcoin', 'lightning>liquid', 'lightning>rootstock'],
  ...['bitcoin>liquid', 'liquid>bitcoin', 'bitcoin>rootstock', 'rootstock>bitcoin', 'liquid>rootstock', 'rootstock>liquid'],
];

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
    expect(btcLn.reason).toEqual({ key: 'matrixNone_reason', params: [{ key: 'err_boltz_none', params: [side('bitcoin', 'testnet4'), side('lightning', 'devnet'), { key: 'preset_bitcoin_testnet4' }] }] });
    expect(cells.every((c) => c.kind !== 'direct' || c.mechanisms.every((m) => !m.startsWith('boltz')))).toBe(true);
  });

  it("on the public testnets (Settings' one switch, and with Bitcoin on testnet3, Boltz's old testnet): every pair Boltz would serve is 'none', saying so in words that name the route's networks, with nothing fetched", async () => {
    for (const bitcoin of ['testnet4', 'testnet3']) {
      const nets = { ...networksOfGroup('testnets'), bitcoin };
      const cells = await routeMatrix(ctxOn(nets), MECHANISMS, HOP_ASSETS);
      for (const pair of BOLTZ_PAIRS) {
        const c = cells.find((x) => name(x) === pair)!;
        const [from, to] = pair.split('>') as [LayerId, LayerId];
        const label = (l: LayerId) => resolvePreset(l, nets[l], {}).label;
        if (pair === 'rootstock>bitcoin' && bitcoin === 'testnet3') {
          // The PowPeg peg-out is the one route left there; Boltz's chain swap is not among its mechanisms.
          expect(c, pair).toMatchObject({ kind: 'direct', mechanisms: ['powpeg-pegout'] });
          continue;
        }
        expect(c.kind, pair).toBe('none');
        const why = (c.reason as LocalText).params![0] as LocalText;
        expect(why, pair).toEqual({ key: 'err_boltz_none', params: [side(from, nets[from]), side(to, nets[to]), { key: `preset_bitcoin_${nets.bitcoin}` }] });
        const [en, zh] = [renderText(c.reason!, translator('en')), renderText(c.reason!, translator('zh_CN'))];
        expect(en, pair).toContain(`${english(`layer_${from}`)} on ${label(from)} → ${english(`layer_${to}`)} on ${label(to)}`);
        expect(en, pair).toMatch(/This route works on the local devnet/);
        expect(zh, pair).not.toMatch(/err_|hopText_|layer_/);
      }
    }
  });

  it('on a mix (Bitcoin and its Boltz on the devnet, Liquid on Liquid testnet): the routes touching Liquid say the devnet Boltz does not serve it; the others run', async () => {
    const cells = await routeMatrix(ctxOn({ liquid: 'testnet' }), MECHANISMS, HOP_ASSETS);
    expect(cells.find((c) => name(c) === 'bitcoin>lightning')).toMatchObject({ kind: 'direct', mechanisms: ['boltz-submarine'] });
    for (const pair of ['bitcoin>liquid', 'liquid>bitcoin', 'liquid>lightning', 'lightning>liquid', 'liquid>rootstock', 'rootstock>liquid']) {
      const c = cells.find((x) => name(x) === pair)!;
      expect(c.kind, pair).toBe('none');
      expect((c.reason as LocalText).params![0], pair).toMatchObject({ key: 'err_boltz_otherNetwork', params: ['127.0.0.1:9001', { key: 'preset_bitcoin_devnet' }, side('liquid', 'testnet'), { key: 'layer_liquid' }] });
    }
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
