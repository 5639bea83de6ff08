/**
 * A chained move's "confirm to funds committed" on the devnet: from `chains.start` (the
 * chain stored, its journal copies, leg 0 created) until leg 0's lockup is broadcast,
 * for L-BTC → BTC → Lightning (two Boltz swaps, the last paying an LNURL-pay link),
 * without a move journal and with the real one on a local relay (two copies awaited
 * before the funds move). Each profile's first swap includes its one-time key index
 * sync with Boltz, so a second chain on the same profile is timed as well.
 * `npx tsx bench/chain-commit.ts` prints it; bench/run.ts imports benchChainCommit().
 */
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { invoiceFromLnurl, parseHopDestination } from '../src/background/hop-destination';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../src/hops/boltz/assets';
import { ChainRunner } from '../src/hops/chained/runner';
import { ChainStore } from '../src/hops/chained/store';
import type { ChainedQuote, MoveJournal } from '../src/hops/chained/types';
import { NostrMoveJournal } from '../src/hops/journal/nostr-journal';
import type { WebSocketLike } from '../src/layers/lightning/nostr/relay';
import { HttpClient } from '../src/shared/http';
import { startBoltzDevnet } from '../tests/devnet/boltz';
import { startLnurlServer } from '../tests/devnet/lightning/lnurl-server';
import { startNostrRelay } from '../tests/devnet/nostr-relay';
import { makeWallet, type Devnets, type TestWallet } from '../tests/integration/hops/boltz/helpers';

const SEND = 200_000n;
const RESERVE = 5_000n;

export async function benchChainCommit(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const boltz = await startBoltzDevnet({ pollMs: 0 });
  const d: Devnets = { boltz, bitcoin: boltz.started.bitcoin!, liquid: boltz.started.liquid!, rootstock: boltz.started.rootstock! };
  const lnurl = await startLnurlServer({ ledger: boltz.ledger });
  const relay = await startNostrRelay();
  const runnerOf = (w: TestWallet, journal?: MoveJournal) =>
    new ChainRunner({
      engine: w.engine,
      hops: w.store,
      chains: new ChainStore(w.hopArea),
      ...(journal ? { journal } : {}),
      invoiceFor: (ctx, destination, sats) => invoiceFromLnurl(ctx, (url) => new HttpClient(url), parseHopDestination(ctx, destination).lnurl!, sats),
    });
  const quote = async (w: TestWallet): Promise<ChainedQuote> => {
    const leg0 = await w.engine.quote(w.ctx, 'boltz-chain', LBTC, BTC_ONCHAIN, SEND);
    const leg1 = await w.engine.quote(w.ctx, 'boltz-submarine', BTC_ONCHAIN, BTC_LIGHTNING, BigInt(leg0.receive) - RESERVE);
    const link = await lnurl.createPayLink({ minSendable: 1000, maxSendable: 1_000_000_000, metadata: JSON.stringify([['text/plain', 'bench']]) });
    return { ...leg0, mechanism: 'chained', to: BTC_LIGHTNING, receive: leg1.receive, legs: [leg0, leg1], via: [BTC_ONCHAIN], costBps: 0, worstCase: [], minReceive: '0', destination: link.encoded };
  };
  try {
    for (const withJournal of [false, true]) {
      const w = makeWallet(d);
      await d.liquid.faucet((await w.liquid.receive()).address, 1_000_000);
      d.liquid.mine(1);
      const journal = withJournal ? new NostrMoveJournal(w.ctx.root, relay.url, 'devnet', { webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike, timeoutMs: 5000 }) : undefined;
      const runner = runnerOf(w, journal);
      const label = withJournal ? 'with the relay journal' : 'no journal';
      for (const nth of ['first', 'second']) {
        const q = await quote(w);
        const t = performance.now();
        const chain = await runner.start(w.ctx, q);
        const ms = performance.now() - t;
        if (!(await w.store.get(chain.legs[0]!.hopId!))?.data) throw new Error('leg 0 was not created');
        out[`chain L-BTC -> BTC -> Lightning, ${label}: confirm to leg 0 funds committed, the profile's ${nth} chain, ms`] = Math.round(ms);
      }
    }
  } finally {
    await relay.stop();
    await lnurl.stop();
    await boltz.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await benchChainCommit());
  process.exit(0);
}
