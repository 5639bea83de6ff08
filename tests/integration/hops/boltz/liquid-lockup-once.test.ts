/**
 * Our L-BTC lockup of a Boltz swap is paid once, even when the worker dies between its
 * broadcast and the hop's record of it and the Esplora then hides it from the lockup
 * address (src/hops/boltz/chains.ts, LiquidChain.fund): its txid and hex are on the hop
 * before it is broadcast, and a hop that has them follows that lockup by txid.
 * Against the Liquid devnet (its Elements verifier behind the Esplora routes), with its
 * `hideFromHistory` lie.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC } from '../../../../src/hops/boltz/assets';
import { dataOf } from '../../../../src/hops/boltz/record';
import { HopStore } from '../../../../src/hops/records';
import type { AssetRef } from '../../../../src/hops/types';
import { MemoryArea } from '../../../helpers/memory-ports';
import { type Devnets, makeWallet, route, startBoltzDevnetsForFile, type TestWallet } from './helpers';

let d: Devnets;
startBoltzDevnetsForFile((started) => {
  d = started;
});

async function withLbtc(sats: number): Promise<TestWallet> {
  const w = makeWallet(d);
  await d.liquid.faucet((await w.liquid.receive()).address, sats);
  d.liquid.mine(1);
  return w;
}

function copyOf(area: MemoryArea): MemoryArea {
  const copy = new MemoryArea();
  for (const [k, v] of area.data) copy.data.set(k, v);
  return copy;
}

/** Storage as it is once the Liquid service's send returned (broadcast done): what a worker killed right then leaves. */
function storageWhenSent(w: TestWallet): { hopArea?: MemoryArea; layerArea?: MemoryArea; txid?: string } {
  const taken: { hopArea?: MemoryArea; layerArea?: MemoryArea; txid?: string } = {};
  const original = w.liquid.send.bind(w.liquid);
  w.liquid.send = async (...args) => {
    const out = await original(...args);
    taken.hopArea ??= copyOf(w.hopArea);
    taken.layerArea ??= copyOf(w.layerArea);
    taken.txid ??= out.txid;
    return out;
  };
  return taken;
}

describe('an L-BTC lockup broadcast by a worker killed before the hop saved it, hidden afterwards by a lying Esplora', () => {
  const cases: { name: string; to: AssetRef; amount: bigint }[] = [
    { name: 'chain L-BTC -> BTC', to: BTC_ONCHAIN, amount: 150_000n },
    { name: 'submarine L-BTC -> Lightning', to: BTC_LIGHTNING, amount: 60_000n },
  ];
  for (const c of cases) {
    it(`${c.name}: the hop names the lockup, and a fresh worker does not pay a second one`, async () => {
      const a = await withLbtc(400_000);
      const killed = storageWhenSent(a);
      const started = await a.engine.start(a.ctx, await route(a, LBTC, c.to, c.amount));
      expect(killed.txid).toBeDefined();
      const left = (await new HopStore(killed.hopArea!).get(started.id))!;
      // What the dead worker left names the lockup it broadcast: nothing can take the hop for unfunded.
      expect(dataOf(left).lock!.fundingTxid).toBe(killed.txid);

      // The Esplora now hides the lockup from its address, while the wallet's own history shows its coins spent.
      d.liquid.misbehave({ hideFromHistory: { address: dataOf(left).lock!.address, txid: killed.txid! } });
      try {
        const accepted = d.liquid.broadcasts.accepted.length;
        const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: killed.hopArea!, layerArea: killed.layerArea! });
        const r = await b.engine.advance(b.ctx, started.id);
        expect(d.liquid.broadcasts.accepted.slice(accepted)).toEqual([]);
        expect(dataOf(r).lock!.txid).toBe(killed.txid);
        expect(r.outcome).toBe('in-progress');
      } finally {
        d.liquid.misbehave({});
      }
    });
  }
});

describe('an L-BTC lockup signed and saved on the hop by a worker killed before its broadcast', () => {
  it('a fresh worker sends that same lockup, and no other', async () => {
    const a = await withLbtc(400_000);
    const taken: { hopArea?: MemoryArea; layerArea?: MemoryArea; txid?: string } = {};
    const original = a.liquid.send.bind(a.liquid);
    a.liquid.send = (draft, extras) =>
      original(draft, {
        beforeBroadcast: async (signed) => {
          await extras?.beforeBroadcast?.(signed);
          taken.hopArea = copyOf(a.hopArea);
          taken.layerArea = copyOf(a.layerArea);
          taken.txid = signed.txid;
          throw new Error('worker killed');
        },
      });
    const accepted = d.liquid.broadcasts.accepted.length;
    const started = await a.engine.start(a.ctx, await route(a, LBTC, BTC_ONCHAIN, 150_000n));
    expect(started.state).toBe('created');
    expect(d.liquid.broadcasts.accepted.slice(accepted)).toEqual([]);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: taken.hopArea!, layerArea: taken.layerArea! });
    const r = await b.engine.advance(b.ctx, started.id);
    expect(r.state).toBe('funded');
    expect(dataOf(r).lock!.txid).toBe(taken.txid);
    expect(d.liquid.broadcasts.accepted.slice(accepted)).toEqual([taken.txid]);
  });
});
