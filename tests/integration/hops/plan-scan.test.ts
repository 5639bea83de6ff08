/**
 * One plan looks at each wallet once: every quote in it that prices a payment from
 * BTC or L-BTC (Boltz lockups, chained legs, their limits search) shares one scan of
 * that wallet. A funding after the plan reads the chain afresh.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../src/hops/boltz/assets';
import { planContext } from '../../../src/hops/engine';
import { HOP_ASSETS } from '../../../src/shared/hop-views';
import { makeWallet, startBoltzDevnetsForFile, type Devnets, type TestWallet } from './boltz/helpers';

let d: Devnets;
startBoltzDevnetsForFile((x) => (d = x));

/** GETs of the history of the wallet's first receive address: one per scan of that wallet. */
const scansOf = (w: TestWallet, esplora: string, address: string) => w.requests.filter((r) => r === `GET ${esplora}/address/${address}/txs`).length;

describe('a plan scans each wallet once', () => {
  it('BTC → Lightning with its chained routes: the Bitcoin wallet is scanned once, and a funding after the plan sees a coin that came after it', async () => {
    const w = makeWallet(d);
    const first = (await w.bitcoin.receive()).address;
    await d.bitcoin.faucet(first, 400_000n);
    await d.bitcoin.mine(1);
    w.requests.length = 0;
    const { routes } = await w.engine.plan(w.ctx, BTC_ONCHAIN, BTC_LIGHTNING, 300_000n, { held: HOP_ASSETS, destination: 'bob@127.0.0.1' });
    expect(routes.filter((r) => r.available).length).toBeGreaterThan(1);
    expect(scansOf(w, w.ctx.presets.bitcoin.endpoints.esplora!, first)).toBe(1);

    // A coin arriving after the plan: a funding made now must be able to spend it.
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 500_000n);
    await d.bitcoin.mine(1);
    const look = await (await w.ctx.side('bitcoin')).lookOnce();
    const paid = await look.pay((await w.bitcoin.receive()).address, 700_000n);
    expect(paid.txid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('BTC → Lightning bound to invoices of a pay link after planning (as the background does): still one scan of the Bitcoin wallet', async () => {
    const w = makeWallet(d);
    const first = (await w.bitcoin.receive()).address;
    await d.bitcoin.faucet(first, 400_000n);
    await d.bitcoin.mine(1);
    w.requests.length = 0;
    const planning = planContext(w.ctx);
    const planned = await w.engine.plan(planning, BTC_ONCHAIN, BTC_LIGHTNING, 300_000n, { held: HOP_ASSETS, destination: 'bob@127.0.0.1' });
    const bound = await w.engine.bindInvoices(planning, planned, (sats) => w.funding.makeInvoice(sats * 1000n, 'plan-scan'));
    expect(bound.some((r) => r.mechanism === 'boltz-submarine' && r.available && 'invoice' in (r.terms as object))).toBe(true);
    expect(scansOf(w, w.ctx.presets.bitcoin.endpoints.esplora!, first)).toBe(1);
  });

  it('L-BTC → Lightning with its chained routes: the Liquid wallet is scanned once per plan, and again by the next plan', async () => {
    const w = makeWallet(d);
    const first = (await w.liquid.receive()).address;
    await d.liquid.faucet(first, 400_000);
    d.liquid.mine(1);
    w.requests.length = 0;
    await w.liquid.overview();
    const unconfidential = w.requests.find((r) => /\/address\/[^/]+\/txs$/.test(r) && r.startsWith(`GET ${w.ctx.presets.liquid.endpoints.esplora}`))!.split(' ')[1]!;
    const plan = () => w.engine.plan(w.ctx, LBTC, BTC_LIGHTNING, 300_000n, { held: HOP_ASSETS, destination: 'bob@127.0.0.1' });
    w.requests.length = 0;
    const { routes } = await plan();
    expect(routes.filter((r) => r.available).length).toBeGreaterThan(1);
    expect(w.requests.filter((r) => r === `GET ${unconfidential}`)).toHaveLength(1);
    await plan();
    expect(w.requests.filter((r) => r === `GET ${unconfidential}`)).toHaveLength(2);
  });
});
