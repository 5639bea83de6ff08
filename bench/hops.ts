/**
 * Hop costs on the devnet (Boltz stand-in on bcoin, the Liquid facade, anvil
 * and the Lightning ledger): how long from "confirm" until the funds are committed (our lockup
 * broadcast, or the hold invoice being paid), how many storage writes a whole hop
 * makes, and what fetching every route's quote in parallel costs against the
 * slowest single quote. `npx tsx bench/hops.ts` prints them; bench/run.ts imports benchHops().
 *
 * A profile's first swap with a Boltz needs the one-time key index sync (boltz/index-sync.ts),
 * which the plan starts. So the first swap is timed as a user meets it: plan, read the routes
 * while the sync runs, confirm (the sync's own time, from the plan's answer, is its own line);
 * and, on another fresh profile, confirmed the moment the plan answers, which waits for the
 * rest of the sync (no one confirms that fast: the bound). On the devnet most of the sync is
 * the stand-in's Boltz deriving a page of keys in JavaScript in this same process.
 */
import { pathToFileURL } from 'node:url';
import { HDKey } from '@scure/bip32';
import { generateMnemonic, mnemonicToSeedSync } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../src/hops/boltz/assets';
import type { AssetRef } from '../src/hops/types';
import { boltzMechanisms } from '../src/hops/boltz';
import { HopEngine } from '../src/hops/engine';
import { powpegPegin } from '../src/hops/powpeg';
import { HopStore } from '../src/hops/records';
import { KEY_LOOKUP_LIMIT, KeyLookup } from '../src/hops/boltz/key-lookup';
import { HopKeys } from '../src/hops/keys';
import { startBoltzDevnet } from '../tests/devnet/boltz';
import { startPowpegDevnet } from '../tests/devnet/powpeg';
import { drive, makeWallet, type Devnets } from '../tests/integration/hops/boltz/helpers';
import { MemoryArea } from '../tests/helpers/memory-ports';

/** A fresh seed's hop key tree. */
function makeWalletKeys(): HopKeys {
  return new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(wordlist))));
}

/** A storage area that counts its writes. */
class CountingArea extends MemoryArea {
  writes = 0;
  override async set(items: Record<string, unknown>) {
    this.writes += 1;
    await super.set(items);
  }
}

/**
 * Runs `start` while Boltz's nursery runs without pause, as boltz-backend reacts to a held
 * payment at once (its LightningNursery); elsewhere here the nursery runs only when drive() asks.
 */
async function startWithNursery<T>(d: Devnets, start: () => Promise<T>): Promise<T> {
  let starting = true;
  const nursery = (async () => {
    while (starting) {
      await d.boltz.sync();
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    return await start();
  } finally {
    starting = false;
    await nursery;
  }
}

export async function benchHops(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  {
    // A restore's worst lookup: a preimage hash that is not ours (an invoice's, a stranger's lock) walks every index.
    const keys = makeWalletKeys();
    const t = performance.now();
    new KeyLookup(keys).indexOfPreimageHash('00'.repeat(32));
    out[`hops key index lookup: a preimage hash none of the first ${KEY_LOOKUP_LIMIT} indexes has, ms`] = Math.round(performance.now() - t);
  }
  const boltz = await startBoltzDevnet({ pollMs: 0, cooperativeClaimWaitMs: 300 });
  const d: Devnets = { boltz, bitcoin: boltz.started.bitcoin!, liquid: boltz.started.liquid!, rootstock: boltz.started.rootstock! };
  const powpeg = await startPowpegDevnet({ bitcoin: d.bitcoin, anvil: d.rootstock, pollMs: 60_000 });
  try {
    // BTC -> RBTC has two routes (Boltz chain swap, PowPeg peg-in): both quotes at once.
    const w0 = makeWallet(d);
    await d.bitcoin.faucet((await w0.bitcoin.receive()).address, 1_000_000n);
    const both = await new HopEngine([...boltzMechanisms(), powpegPegin], new HopStore(new MemoryArea())).plan(w0.ctx, BTC_ONCHAIN, RBTC, 200_000n);
    out['hops BTC -> RBTC: quotes of 2 routes in parallel, wall ms'] = Math.round(both.wallMs);
    out['hops BTC -> RBTC: slowest single quote, ms'] = Math.round(Math.max(...both.routes.map((r) => r.quoteMs ?? 0)));
    out['hops BTC -> RBTC: sum of the quotes (what a serial planner would take), ms'] = Math.round(both.routes.reduce((a, r) => a + (r.quoteMs ?? 0), 0));
    const cases: { name: string; from: AssetRef; to: AssetRef; amount: bigint }[] = [
      { name: 'BTC -> Lightning (submarine)', from: BTC_ONCHAIN, to: BTC_LIGHTNING, amount: 100_000n },
      { name: 'Lightning -> BTC (reverse)', from: BTC_LIGHTNING, to: BTC_ONCHAIN, amount: 100_000n },
      { name: 'BTC -> RBTC (chain)', from: BTC_ONCHAIN, to: RBTC, amount: 100_000n },
      { name: 'L-BTC -> Lightning (submarine)', from: LBTC, to: BTC_LIGHTNING, amount: 100_000n },
      { name: 'Lightning -> L-BTC (reverse)', from: BTC_LIGHTNING, to: LBTC, amount: 100_000n },
      { name: 'BTC -> L-BTC (chain)', from: BTC_ONCHAIN, to: LBTC, amount: 100_000n },
    ];
    // BENCH_HOPS=reverse runs only the cases whose name contains it.
    for (const c of cases.filter((x) => !process.env.BENCH_HOPS || x.name.includes(process.env.BENCH_HOPS))) {
      const funded = async (hopArea = new CountingArea()) => {
        const w = makeWallet(d, { hopArea });
        await d.bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
        await d.rootstock.fund(w.rootstock.address, 10n ** 16n);
        if (c.from === LBTC) {
          await d.liquid.faucet((await w.liquid.receive()).address, 1_000_000);
          d.liquid.mine(1);
        }
        return { w, hopArea };
      };

      // A fresh profile confirming the moment the plan answers: it waits for what is left of the index sync.
      {
        const { w } = await funded();
        const quote = (await w.engine.plan(w.ctx, c.from, c.to, c.amount)).routes.find((r) => r.available)!;
        const t = performance.now();
        const started = await startWithNursery(d, () => w.engine.start(w.ctx, quote));
        out[`hops ${c.name}: confirm to funds committed, the profile's first swap confirmed the moment the plan answers (waits for its index sync), ms`] = Math.round(performance.now() - t);
        await drive(d, w, started.id);
      }

      const { w, hopArea } = await funded();
      // The hop's writes include its index sync's, as when the start ran it.
      const writesBefore = hopArea.writes;
      const planned = await w.engine.plan(w.ctx, c.from, c.to, c.amount);
      const slowest = Math.max(...planned.routes.map((r) => r.quoteMs ?? 0));
      out[`hops ${c.name}: quotes of ${planned.routes.length} route(s) in parallel, wall ms`] = Math.round(planned.wallMs);
      out[`hops ${c.name}: slowest single quote, ms`] = Math.round(slowest);
      // The user reads the routes while the sync the plan started runs.
      const tSync = performance.now();
      await w.engine.prepared();
      out[`hops ${c.name}: the profile's first index sync with Boltz, begun by the plan, from the plan's answer, ms`] = Math.round(performance.now() - tSync);
      const quote = planned.routes.find((r) => r.available)!;
      const t = performance.now();
      const started = await startWithNursery(d, () => w.engine.start(w.ctx, quote));
      out[`hops ${c.name}: confirm to funds committed, the profile's first swap (confirmed once its index sync is done), ms`] = Math.round(performance.now() - t);
      const t2 = performance.now();
      const done = await drive(d, w, started.id);
      out[`hops ${c.name}: storage writes for the whole hop (${done.outcome})`] = hopArea.writes - writesBefore;
      // Includes the stand-in's nursery and a devnet block between passes: an upper bound on the wallet's part.
      out[`hops ${c.name}: funds committed to hop finished on the devnet, ms`] = Math.round(performance.now() - t2);
      {
        // The same move again: no index sync, so this is the swap's own cost (what the first one is held to).
        const again = (await w.engine.plan(w.ctx, c.from, c.to, c.amount)).routes.find((r) => r.available)!;
        const t3 = performance.now();
        const second = await startWithNursery(d, () => w.engine.start(w.ctx, again));
        out[`hops ${c.name}: confirm to funds committed, the profile's second swap, ms`] = Math.round(performance.now() - t3);
        await drive(d, w, second.id);
      }
    }
  } finally {
    await powpeg.stop();
    await boltz.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchHops());
  process.exit(0);
}
