/**
 * Planning every ordered pair of BTC, Lightning, L-BTC, RBTC and sBTC on the devnet
 * (Boltz on bcoin, the Liquid stand-in, anvil and the Lightning ledger; the PowPeg
 * and the Stacks/sBTC stand-ins on the same bcoin): all 20 plans at once, direct and
 * chained routes. Prints the wall time of the whole matrix against the slowest single
 * leg or route quote, and how many requests the plans made. `npx tsx bench/chains.ts`
 * prints them; bench/run.ts imports benchChains().
 */
import { pathToFileURL } from 'node:url';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import { MECHANISMS } from '../src/hops/registry';
import { HopEngine } from '../src/hops/engine';
import { HopStore } from '../src/hops/records';
import { isChained } from '../src/hops/chained/plan';
import { StacksService } from '../src/layers/stacks/service';
import { HOP_ASSETS, type HopAsset } from '../src/shared/hop-views';
import { HttpClient } from '../src/shared/http';
import { SBTC_DEVNET_DEPLOYER, resolvePreset } from '../src/shared/networks';
import { startBoltzDevnet } from '../tests/devnet/boltz';
import { startPowpegDevnet } from '../tests/devnet/powpeg';
import { startSbtcDevnet } from '../tests/devnet/sbtc';
import { startStacksDevnet } from '../tests/devnet/stacks';
import { makeWallet, type Devnets } from '../tests/integration/hops/boltz/helpers';
import { hopSides } from '../tests/helpers/hop-sides';
import { MemoryArea } from '../tests/helpers/memory-ports';

/** 300,000 sats of each asset: above every devnet minimum (the peg-out's 250,000 included). */
function amountOf(a: HopAsset): bigint {
  return a.layer === 'rootstock' ? 300_000n * 10_000_000_000n : 300_000n;
}

export async function benchChains(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const boltz = await startBoltzDevnet({ pollMs: 0 });
  const d: Devnets = { boltz, bitcoin: boltz.started.bitcoin!, liquid: boltz.started.liquid!, rootstock: boltz.started.rootstock! };
  const powpeg = await startPowpegDevnet({ bitcoin: d.bitcoin, anvil: d.rootstock, pollMs: 60_000 });
  const stacks = await startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER });
  const sbtc = await startSbtcDevnet({ bitcoin: d.bitcoin, stacks, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 60_000, mint: async (to, sats) => stacks.mintSbtc(to, sats) });
  sbtc.mountRegistry(stacks.server);
  try {
    const w = makeWallet(d, { endpoints: { 'stacks.devnet.api': stacks.url, 'stacks.devnet.emily': sbtc.url } });
    const requests: string[] = [];
    const http = (url: string) => new HttpClient(url, { retries: 1, baseDelayMs: 50, onRequest: (m, u) => requests.push(`${m} ${u}`) });
    const stacksPreset = resolvePreset('stacks', 'devnet', { 'stacks.devnet.api': stacks.url, 'stacks.devnet.emily': sbtc.url }, {});
    const root = HDKey.fromMasterSeed(mnemonicToSeedSync(w.mnemonic));
    const stacksService = new StacksService({ root, preset: stacksPreset, store: new MemoryArea(), http, now: () => Date.now() });
    const presets = { ...w.ctx.presets, stacks: stacksPreset };
    const ctx = {
      ...w.ctx,
      presets,
      http,
      side: hopSides({ bitcoin: w.bitcoin, liquid: w.liquid, rootstock: w.rootstock, stacks: stacksService, lightning: w.funding }),
    };
    // What the quotes that look at the wallet need: coins to plan a payment with, sBTC to withdraw.
    await d.bitcoin.faucet((await w.bitcoin.receive()).address, 2_000_000n);
    await d.liquid.faucet((await w.liquid.receive()).address, 2_000_000);
    d.liquid.mine(1);
    await d.rootstock.fund(w.rootstock.address, 10n ** 17n);
    stacks.credit(stacksService.address, 5_000_000n);
    stacks.mintSbtc(stacksService.address, 2_000_000n);
    stacks.mine();

    const engine = new HopEngine(MECHANISMS, new HopStore(new MemoryArea()));
    const pairs = HOP_ASSETS.flatMap((from) => HOP_ASSETS.filter((to) => to !== from).map((to) => ({ from, to })));
    const destination = `bob@127.0.0.1`;
    requests.length = 0;
    w.requests.length = 0;
    const t = performance.now();
    const plans = await Promise.all(
      pairs.map(({ from, to }) => engine.plan(ctx, from, to, amountOf(from), { held: HOP_ASSETS, ...(to.layer === 'lightning' ? { destination } : {}) })),
    );
    const wall = performance.now() - t;
    const quoteTimes = plans.flatMap((p) => p.routes.flatMap((r) => (isChained(r) ? r.legs.map((l) => l.quoteMs ?? 0) : [r.quoteMs ?? 0])));
    const perPair = plans.map((p) => p.wallMs);
    out['chains: 20 pairs planned at once (direct and chained), wall ms'] = Math.round(wall);
    out['chains: slowest single quote (a route or a leg), ms'] = Math.round(Math.max(...quoteTimes));
    out['chains: slowest single pair plan, ms'] = Math.round(Math.max(...perPair));
    out['chains: sum of the 20 pair plans (one after another), ms'] = Math.round(perPair.reduce((a, b) => a + b, 0));
    out['chains: quotes asked (routes and legs, with the limits search)'] = quoteTimes.length;
    out['chains: HTTP requests made by the 20 plans'] = requests.length + w.requests.length;
    out['chains: usable routes over the 20 pairs'] = plans.reduce((n, p) => n + p.routes.filter((r) => r.available).length, 0);
    out['chains: pairs with a usable route'] = plans.filter((p) => p.routes.some((r) => r.available)).length;
    // One plan alone: the pair whose chains take longest (sBTC → Lightning through BTC).
    const sbtcAsset = HOP_ASSETS.find((a) => a.layer === 'stacks')!;
    const lnAsset = HOP_ASSETS.find((a) => a.layer === 'lightning')!;
    const sent = () => requests.length + w.requests.length;
    let before = sent();
    const one = await engine.plan(ctx, sbtcAsset, lnAsset, amountOf(sbtcAsset), { held: HOP_ASSETS, destination });
    out['chains: sBTC -> Lightning alone, HTTP requests'] = sent() - before;
    const btcAsset = HOP_ASSETS.find((a) => a.layer === 'bitcoin')!;
    before = sent();
    await engine.plan(ctx, btcAsset, lnAsset, amountOf(btcAsset), { held: HOP_ASSETS, destination });
    out['chains: BTC -> Lightning alone, HTTP requests'] = sent() - before;
    const legs = one.routes.filter(isChained).flatMap((c) => c.legs.map((l) => l.quoteMs ?? 0));
    out['chains: sBTC -> Lightning alone, wall ms'] = Math.round(one.wallMs);
    out['chains: sBTC -> Lightning alone, slowest leg quote, ms'] = Math.round(Math.max(...legs));
    out['chains: sBTC -> Lightning alone, sum of its leg quotes (legs one after another), ms'] = Math.round(legs.reduce((a, b) => a + b, 0));
  } finally {
    await sbtc.stop();
    await stacks.stop();
    await powpeg.stop();
    await boltz.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchChains());
  process.exit(0);
}
