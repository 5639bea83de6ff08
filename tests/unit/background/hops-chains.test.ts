/** The background's plan path with chains: what reaches the planner (shown layers, destination), how chained quotes are held, and the route grid. */
import { describe, expect, it } from 'vitest';
import { hopHandlers } from '../../../src/background/handlers/hops';
import { isChained } from '../../../src/hops/chained/plan';
import { DevLightningLedger } from '../../devnet/lightning/ledger';
import { background, importWallet } from '../../helpers/background';
import { english } from '../../helpers/locale';
import { BTC, fakeMechanism, LBTC, LN, SBTC } from '../hops/chained/fakes';

const DEVNET = { bitcoin: 'devnet', lightning: 'devnet', liquid: 'devnet', rootstock: 'devnet', stacks: 'devnet' };

async function unlocked() {
  const bg = background([fakeMechanism('sbtc-withdrawal', SBTC, BTC), fakeMechanism('boltz-submarine', BTC, LN), fakeMechanism('boltz-chain', SBTC, LBTC), fakeMechanism('boltz-reverse', LBTC, LN)]);
  await importWallet(bg.wallet, bg.ports);
  await bg.settings.update({ networks: DEVNET });
  return bg;
}

describe('planning chained routes in the background', () => {
  it('holds a chained route by quote id for chains.start, with the networks it was made on; hops.start refuses it', async () => {
    const { hops } = await unlocked();
    const { routes } = await hops.plan(SBTC, LN, '0.005', 'alice@example.com');
    // Through Liquid: a leg funded on Bitcoin asks the wallet's Esplora for its funding fee, and no devnet runs here.
    const viaLiquid = routes.find((r) => r.mechanism === 'chained' && r.via?.[0]?.layer === 'liquid')!;
    expect(viaLiquid).toMatchObject({ available: true, send: '500000', legs: [{ mechanism: 'boltz-chain' }, { mechanism: 'boltz-reverse' }] });
    const held = hops.heldChainQuote(viaLiquid.quoteId)!;
    expect(isChained(held)).toBe(true);
    expect(held.destination).toBe('alice@example.com');
    await expect(hops.start(viaLiquid.quoteId)).rejects.toMatchObject({ code: 'bad_params' });
    // Refused without being taken: the chained route can still be started as one.
    expect(hops.heldChainQuote(viaLiquid.quoteId)).toBeDefined();
  });

  it('rests chains only on shown layers', async () => {
    const { hops, settings } = await unlocked();
    await settings.update({ hiddenLayers: ['liquid'] });
    const { routes } = await hops.plan(SBTC, LN, '0.005', 'alice@example.com');
    expect(routes.map((r) => r.via?.map((v) => v.layer))).toEqual([['bitcoin']]);
  });

  it('a BOLT11 invoice destination lists the chains as unavailable, saying why', async () => {
    const { hops } = await unlocked();
    const ledger = new DevLightningLedger('bcrt');
    const invoice = ledger.createInvoice(ledger.addNode('shop'), 400_000_000n).invoice;
    const { routes } = await hops.plan(SBTC, LN, '0.005', invoice);
    expect(routes.length).toBe(2);
    for (const r of routes) {
      expect(r).toMatchObject({ mechanism: 'chained', available: false });
      expect(english(r.reason)).toMatch(/^A Lightning invoice fixes what must arrive/);
    }
  });

  it('hops.matrix: every ordered pair of the shown assets, with how or why not', async () => {
    const bg = await unlocked();
    await bg.settings.update({ hiddenLayers: ['rootstock'] });
    const cells = await hopHandlers(bg.hops, bg.settings)['hops.matrix']({});
    expect(cells).toHaveLength(12);
    expect(cells.some((c) => c.from.layer === 'rootstock' || c.to.layer === 'rootstock')).toBe(false);
    expect(cells.find((c) => c.from.layer === 'stacks' && c.to.layer === 'lightning')).toMatchObject({ kind: 'chained', via: [BTC] });
    expect(cells.find((c) => c.from.layer === 'bitcoin' && c.to.layer === 'lightning')).toMatchObject({ kind: 'direct', mechanisms: ['boltz-submarine'] });
    expect(cells.find((c) => c.from.layer === 'lightning' && c.to.layer === 'stacks')).toMatchObject({ kind: 'none', reason: { key: 'matrixNone_never' } });
  });
});
