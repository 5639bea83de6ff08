/**
 * Hop costs on the devnet with the Boltz stand-in: time from confirming a route to
 * the funding transaction being broadcast, storage.local writes per hop (start to
 * completion), and every route quoted in parallel (wall time against the slowest
 * single quote). `npx tsx bench/hops.ts` prints them; bench/run.ts imports benchHops().
 */
import { pathToFileURL } from 'node:url';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HopEngine } from '../src/hops/engine';
import { HopStore } from '../src/hops/records';
import { boltzMechanisms, submarineQuoteForInvoice } from '../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../src/hops/boltz/assets';
import { powpegPegin, powpegPegout } from '../src/hops/powpeg';
import type { Mechanism } from '../src/hops/mechanism';
import type { HopRecord, RouteQuote } from '../src/hops/types';
import { startBitcoinDevnet } from '../tests/devnet/bitcoin';
import { startBoltzDevnet } from '../tests/devnet/boltz';
import { DevLightningLedger } from '../tests/devnet/lightning/ledger';
import { startLiquidDevnet } from '../tests/devnet/liquid';
import { startAnvil } from '../tests/devnet/rootstock/anvil';
import { hopWallet } from '../tests/helpers/hop-context';
import { MemoryArea } from '../tests/helpers/memory-ports';

/** A storage area that counts writes, as storage.local.set calls would be counted. */
class CountingArea extends MemoryArea {
  writes = 0;
  override async set(items: Record<string, unknown>) {
    this.writes++;
    await super.set(items);
  }
}

export async function benchHops(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const bitcoin = await startBitcoinDevnet();
  const liquid = await startLiquidDevnet();
  const anvil = await startAnvil({ chainId: 33 });
  const ledger = new DevLightningLedger('bcrt');
  const boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock: anvil, lightning: ledger, pollMs: 0 });
  try {
    const hopArea = new CountingArea();
    const w = hopWallet({
      mnemonic: generateMnemonic(wordlist),
      endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl, 'bitcoin.boltz': boltz.url, 'rootstock.rpc': anvil.url },
    });
    const mechanisms: Mechanism[] = [powpegPegin, powpegPegout, ...boltzMechanisms()];
    const engine = new HopEngine(mechanisms, new HopStore(hopArea));
    await bitcoin.faucet((await w.bitcoin.receive()).address, 2_000_000n);
    await anvil.fund(w.rootstock.address.toLowerCase(), 10n ** 17n);

    // Every route the mechanisms offer, quoted at once.
    const pairs = mechanisms.flatMap((m) => m.pairs());
    const unique = [...new Map(pairs.map((p) => [`${p.from.layer}:${p.to.layer}`, p])).values()];
    const amountFor = (layer: string) => (layer === 'rootstock' ? 200_000n * 10n ** 10n : 200_000n);
    const t0 = performance.now();
    const planned = await Promise.all(unique.map((p) => engine.plan(w.ctx, p.from, p.to, amountFor(p.from.layer))));
    results['hops: quotes, all routes in parallel (ms)'] = Math.round(performance.now() - t0);
    const quotes = planned.flatMap((p) => p.routes);
    results['hops: quotes, count'] = quotes.length;
    results['hops: quotes, slowest single (ms)'] = Math.round(Math.max(...quotes.map((q) => q.quoteMs ?? 0)));

    /** Confirm to funded (start() broadcasts the funding), then run to the end counting writes. */
    const run = async (name: string, quote: RouteQuote, pay?: (r: HopRecord) => void) => {
      const before = hopArea.writes;
      const started = performance.now();
      let r = await engine.start(w.ctx, quote);
      results[`hops: ${name} confirm to funded (ms)`] = Math.round(performance.now() - started);
      pay?.(r);
      for (let i = 0; i < 40 && r.outcome === 'in-progress'; i++) {
        await bitcoin.mine(1);
        await boltz.sync();
        r = await engine.advance(w.ctx, r.id);
      }
      results[`hops: ${name} outcome completed`] = r.outcome === 'completed' ? 1 : 0;
      results[`hops: ${name} storage writes`] = hopArea.writes - before;
    };

    const shop = ledger.addNode('shop');
    const invoice = ledger.createInvoice(shop, 50_000_000n);
    await run('BTC -> Lightning', await submarineQuoteForInvoice(w.ctx, invoice.invoice, 50_000n));

    const chain = (await engine.plan(w.ctx, BTC_ONCHAIN, RBTC, 200_000n)).routes.find((q) => q.mechanism === 'boltz-chain')!;
    // A refused swap (verification failing) is reported, not fatal to the other numbers.
    await run('BTC -> RBTC (chain)', chain).catch((err: Error) => console.error(`BTC -> RBTC (chain): ${err.message}`));

    const payer = ledger.addNode('payer', 10_000_000_000n);
    const reverse = (await engine.plan(w.ctx, BTC_LIGHTNING, RBTC, 120_000n)).routes.find((q) => q.mechanism === 'boltz-reverse')!;
    // The Move screen's reverse swaps are paid from another wallet (here the payer node).
    await run('Lightning -> RBTC', { ...reverse, terms: { ...reverse.terms, externalPayer: true } }, (r) => {
      void ledger.payAsync(payer, String(r.data.invoice)).catch(() => undefined);
    });
  } finally {
    await boltz.stop();
    await Promise.all([anvil.stop(), liquid.stop(), bitcoin.stop()]);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await benchHops());
}
