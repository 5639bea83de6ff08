/** The chained-route planner with fake mechanisms: which chains, the amount at every leg, the totals, ranking and every reason a chain cannot be used. */
import { describe, expect, it } from 'vitest';
import { chainPaths } from '../../../../src/hops/chained/paths';
import { costBps, minReceiveOf, planChains } from '../../../../src/hops/chained/plan';
import type { ChainedQuote } from '../../../../src/hops/chained/types';
import { HopEngine } from '../../../../src/hops/engine';
import { HopStore } from '../../../../src/hops/records';
import { renderText } from '../../../../src/shared/local-text';
import { english, loadMessages, translator } from '../../../helpers/locale';
import { MemoryArea } from '../../../helpers/memory-ports';
import { ALL, BTC, countingFetch, deliver, fakeContext, fakeMechanism, LBTC, LN, RBTC, SBTC } from './fakes';

const W = 10_000_000_000n; // wei per sat

describe('chain paths', () => {
  const withdraw = fakeMechanism('sbtc-withdrawal', SBTC, BTC);
  const submarine = fakeMechanism('boltz-submarine', BTC, LN);
  const lbtcSubmarine = fakeMechanism('boltz-submarine', LBTC, LN);
  const chainSwap = fakeMechanism('boltz-chain', SBTC, LBTC);

  it('composes two legs through each held asset, one chain per choice of mechanism', () => {
    const paths = chainPaths([withdraw, submarine, lbtcSubmarine, chainSwap], SBTC, LN, ALL);
    expect(paths.map((p) => p.legs.map((l) => `${l.from.layer}>${l.to.layer}`).join(' '))).toEqual(['stacks>bitcoin bitcoin>lightning', 'stacks>liquid liquid>lightning']);
    expect(paths.map((p) => p.via)).toEqual([[BTC], [LBTC]]);
    const twoOnLeg2 = fakeMechanism('powpeg-pegin', BTC, LN);
    expect(chainPaths([withdraw, submarine, twoOnLeg2], SBTC, LN, ALL).map((p) => p.legs[1]!.mechanism.id)).toEqual(['boltz-submarine', 'powpeg-pegin']);
  });

  it('rests only on the assets it is given (a hidden layer is no intermediate), as plain asset refs', () => {
    expect(chainPaths([withdraw, submarine], SBTC, LN, [SBTC, LN, LBTC])).toEqual([]);
    const [path] = chainPaths([withdraw, submarine], SBTC, LN, [{ ...BTC, symbol: 'BTC', decimals: 8 } as typeof BTC]);
    expect(path!.via).toEqual([BTC]);
    expect(path!.legs.map((l) => [l.from, l.to])).toEqual([
      [SBTC, BTC],
      [BTC, LN],
    ]);
  });

  it('takes three legs only for a pair with neither a direct mechanism nor a two-leg chain', () => {
    const legs = [fakeMechanism('boltz-chain', SBTC, BTC), fakeMechanism('boltz-reverse', BTC, LN), fakeMechanism('boltz-submarine', LN, RBTC)];
    const three = chainPaths(legs, SBTC, RBTC, ALL);
    expect(three.map((p) => p.via)).toEqual([[BTC, LN]]);
    // A two-leg chain exists: no three-leg one.
    expect(chainPaths([...legs, fakeMechanism('powpeg-pegin', BTC, RBTC)], SBTC, RBTC, ALL).every((p) => p.legs.length === 2)).toBe(true);
    // A direct route exists: no three-leg one either.
    expect(chainPaths([...legs, fakeMechanism('powpeg-pegout', SBTC, RBTC)], SBTC, RBTC, ALL)).toEqual([]);
  });
});

describe('a chained quote', () => {
  it('quotes leg 2 at what leg 1 delivers less what the wallet pays on the intermediate layer on top, not the fees inside', async () => {
    // LN -> RBTC (claim gas from the account) then RBTC -> BTC (gas to fund it, on top).
    const leg1 = { ppm: 5_000n, fixed: 300n, claim: 21_000n * 60_000_000n, minutes: 3 };
    const leg2 = { ppm: 1_000n, fixed: 2_000n, funding: 50_000n * 60_000_000n, minutes: 20, counterparty: 'Rootstock PowPeg' };
    const mechs = [fakeMechanism('boltz-reverse', LN, RBTC, { ...leg1, counterparty: 'Boltz (x)' }), fakeMechanism('powpeg-pegout', RBTC, BTC, leg2)];
    const [chain] = await planChains(fakeContext(), mechs, LN, BTC, 1_000_000n, { held: ALL });
    const rbtcIn = deliver(leg1, LN, RBTC, 1_000_000n);
    const leg2Send = rbtcIn - leg1.claim - leg2.funding;
    const btcOut = deliver(leg2, RBTC, BTC, leg2Send);
    expect(chain!.legs.map((l) => [l.send, l.receive])).toEqual([
      ['1000000', rbtcIn.toString()],
      [leg2Send.toString(), btcOut.toString()],
    ]);
    expect(chain).toMatchObject({
      mechanism: 'chained',
      available: true,
      send: '1000000',
      receive: btcOut.toString(),
      via: [RBTC],
      expectedMinutes: 23,
      counterparty: { key: 'hopText_path', params: ['Boltz (x)', 'Rootstock PowPeg'] },
      costBps: costBps(LN, 1_000_000n, BTC, btcOut),
      minReceive: (btcOut - (btcOut + 99n) / 100n).toString(),
    });
    // The wallet can fund leg 2 from what arrived, to the unit.
    expect(leg2Send + leg2.funding + leg1.claim).toBe(rbtcIn);
    expect(rbtcIn % W).toBe(0n);
  });

  it('sums the cost in basis points with pegged assets 1:1, and keeps 1 % below receive as the least a re-quote may deliver', () => {
    expect(costBps(RBTC, 100_000n * W, BTC, 99_000n)).toBe(100);
    expect(costBps(BTC, 200_000n, LN, 199_999n)).toBe(0);
    expect(minReceiveOf(100_000n)).toBe(99_000n);
    expect(minReceiveOf(99n)).toBe(98n);
  });

  it("names each leg's worst case with keys both locales have", async () => {
    const mechs = [fakeMechanism('sbtc-withdrawal', SBTC, BTC), fakeMechanism('boltz-submarine', BTC, LN), fakeMechanism('boltz-chain', BTC, LBTC)];
    const [chain] = await planChains(fakeContext(), mechs, SBTC, LN, 500_000n, { held: ALL, destination: 'me@example.com' });
    expect(chain!.worstCase.map((w) => w.key)).toEqual(['chainWorst_first', 'chainWorst_later']);
    expect(chain!.worstCase[0]!.params).toEqual(['1', 'sBTC', 'BTC', { key: 'chainRefund_sbtc_withdrawal', params: ['0.005 sBTC', { key: 'layer_stacks' }] }]);
    expect(chain!.worstCase[1]!.params?.slice(0, 5)).toEqual(['2', 'BTC', { key: 'layer_lightning' }, '0.005 BTC', { key: 'layer_bitcoin' }]);
    expect(chain!.destination).toBe('me@example.com');
    const en = loadMessages('en');
    const zh = loadMessages('zh_CN');
    const keys = ['chainWorst_first', 'chainWorst_later', 'chainRefund_other', ...['boltz-submarine', 'boltz-reverse', 'boltz-chain', 'sbtc-deposit', 'sbtc-withdrawal', 'powpeg-pegin', 'powpeg-pegout'].map((m) => `chainRefund_${m.replace(/-/g, '_')}`)];
    expect(keys.filter((k) => !en[k] || !zh[k])).toEqual([]);
    expect(en.chainRefund_boltz_chain!.message).toContain('$P2$');
  });
});

describe('why a chain cannot be used', () => {
  const sbtcToLn = (over: { leg1?: object; leg2?: object } = {}) => [fakeMechanism('sbtc-withdrawal', SBTC, BTC, over.leg1), fakeMechanism('boltz-submarine', BTC, LN, over.leg2)];
  const plan = async (mechs: ReturnType<typeof sbtcToLn>, opts: { destination?: string; blocked?: string; noLightning?: boolean; amount?: bigint; from?: typeof SBTC; to?: typeof LN } = {}) =>
    (await planChains(fakeContext({ noLightning: opts.noLightning }), mechs, opts.from ?? SBTC, opts.to ?? LN, opts.amount ?? 500_000n, { held: ALL, destination: opts.destination ?? 'me@example.com', ...(opts.blocked ? { blocked: opts.blocked } : {}) }))[0]!;

  it("a leg's service missing on the selected network, named by leg, before anything is asked", async () => {
    const log: string[] = [];
    const mechs = [fakeMechanism('sbtc-withdrawal', SBTC, BTC, {}, log), fakeMechanism('boltz-submarine', BTC, LN, { missing: 'No Boltz service is known here.' }, log)];
    const chain = await plan(mechs);
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toBe('Leg 2 (BTC → Lightning): No Boltz service is known here.');
    expect(log).toEqual([]);
  });

  it('a chain ending on Lightning without an LNURL-pay or Lightning Address', async () => {
    const chain = (await planChains(fakeContext(), sbtcToLn(), SBTC, LN, 500_000n, { held: ALL }))[0]!;
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toMatch(/LNURL-pay link or a Lightning Address/);
    // The reason is a key the popup renders in its language, not an English sentence.
    expect(renderText(chain.reason!, translator('zh_CN'))).toBe('转入闪电网络的链式转移需支付到 LNURL-pay 链接或闪电地址（到账金额在最后一段开始时才确定）：请粘贴一个作为目标。');
  });

  it('a BOLT11 invoice destination: every chain unavailable with that reason, unquoted', async () => {
    const log: string[] = [];
    const chain = await plan([fakeMechanism('sbtc-withdrawal', SBTC, BTC, {}, log), fakeMechanism('boltz-submarine', BTC, LN, {}, log)], { blocked: 'An invoice fixes the amount.' });
    expect(chain).toMatchObject({ available: false, reason: 'An invoice fixes the amount.' });
    expect(log).toEqual([]);
  });

  it('Lightning in the middle without a connected Lightning wallet', async () => {
    const mechs = [fakeMechanism('boltz-submarine', LBTC, LN), fakeMechanism('boltz-reverse', LN, RBTC)];
    const chain = await plan(mechs, { from: LBTC, to: RBTC, noLightning: true });
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toMatch(/^No Lightning wallet is connected\..*A chain through Lightning/);
    expect((await plan(mechs, { from: LBTC, to: RBTC })).available).toBe(true);
  });

  it("a leg out of its limits at this amount, named by leg, with the chain's own range", async () => {
    const chain = await plan(sbtcToLn({ leg2: { min: 600_000n } }), { amount: 500_000n });
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toMatch(/^Leg 2 \(BTC → Lightning\): boltz-submarine: 500000 is outside 600000\.\..*This chain moves 0\.006 sBTC to /);
    expect(chain.min).toBe('600000');
  });

  it('a leg whose service cannot be reached', async () => {
    const chain = await plan(sbtcToLn({ leg2: { throws: 'Cannot reach 127.0.0.1:9.' } }));
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toMatch(/^Leg 2 \(BTC → Lightning\): Cannot reach 127\.0\.0\.1:9\./);
  });

  it('leg 1 delivers too little to pay for funding leg 2', async () => {
    const chain = await plan(sbtcToLn({ leg2: { funding: 600_000n } }), { amount: 500_000n });
    expect(chain.available).toBe(false);
    expect(english(chain.reason)).toMatch(/^Leg 1 delivers 0\.005 BTC, too little to pay for starting leg 2 \(BTC → Lightning\)/);
  });
});

describe('planning direct and chained routes together', () => {
  it('ranks usable routes first, then by what arrives, direct or chained', async () => {
    const mechs = [
      fakeMechanism('boltz-chain', BTC, RBTC, { ppm: 5_000n }),
      fakeMechanism('powpeg-pegin', BTC, RBTC, { min: 10_000_000n }),
      fakeMechanism('boltz-submarine', BTC, LN, { fixed: 100n }),
      fakeMechanism('boltz-reverse', LN, RBTC, { fixed: 100n }),
    ];
    const engine = new HopEngine(mechs, new HopStore(new MemoryArea()));
    const { routes } = await engine.plan(fakeContext(), BTC, RBTC, 1_000_000n, { held: ALL });
    expect(routes.map((r) => [r.mechanism, r.available, r.receive])).toEqual([
      ['chained', true, (999_800n * W).toString()],
      ['boltz-chain', true, (995_000n * W).toString()],
      ['powpeg-pegin', false, '0'],
    ]);
    expect(routes[0]).toMatchObject({ mechanism: 'chained', via: [LN] });
    // Without chain options, the engine plans direct routes only, as before.
    expect((await engine.plan(fakeContext(), BTC, RBTC, 1_000_000n)).routes.map((r) => r.mechanism)).toEqual(['boltz-chain', 'powpeg-pegin']);
  });

  it('asks every leg at once: leg 2 does not wait for leg 1 on the network, and each URL is fetched once', async () => {
    const net = countingFetch(30);
    const mechs = [fakeMechanism('sbtc-withdrawal', SBTC, BTC, { url: 'http://emily.test' }), fakeMechanism('boltz-submarine', BTC, LN, { url: 'http://boltz.test' })];
    const engine = new HopEngine(mechs, new HopStore(new MemoryArea()));
    // The wallet's own Bitcoin side: funding leg 2 costs 400 sats on top, kept back from what leg 1 delivers.
    const base = fakeContext({ fetchImpl: net.fetchImpl });
    const bitcoin = { payoutAddress: async () => 'bcrt1qours', quotePayment: async () => ({ fee: 400n }) };
    const ctx = { ...base, side: (async (layer: string) => (layer === 'bitcoin' ? bitcoin : base.side(layer as 'lightning'))) as typeof base.side };
    const { routes } = await engine.plan(ctx, SBTC, LN, 500_000n, { held: ALL, destination: 'me@example.com' });
    expect(routes[0]!.available).toBe(true);
    // Both fetches started before either ended; the exact re-quotes of leg 2 and the limits search read the memo.
    expect(net.events.slice(0, 2).sort()).toEqual(['start http://boltz.test/pairs', 'start http://emily.test/pairs']);
    expect([...net.counts.values()]).toEqual([1, 1]);
    expect((routes[0] as ChainedQuote).legs[1]!.send).toBe('499600');
  });
});
