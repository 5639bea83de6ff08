/** One plan's memo of GET answers: one request per URL while it lives, none shared with the next plan, POSTs always sent. */
import { describe, expect, it } from 'vitest';
import { HopEngine } from '../../../src/hops/engine';
import { HopStore } from '../../../src/hops/records';
import { HttpClient } from '../../../src/shared/http';
import { GetMemo } from '../../../src/shared/http-memo';
import { ALL, BTC, countingFetch, fakeContext, fakeMechanism, LN, SBTC } from '../hops/chained/fakes';
import { MemoryArea } from '../../helpers/memory-ports';

describe('GET memo', () => {
  it('answers a URL fetched before (or still in flight) from the memo, across clients of the same memo', async () => {
    const net = countingFetch(10);
    const memo = new GetMemo();
    const a = memo.wrap(new HttpClient('http://boltz.test/v2', { fetchImpl: net.fetchImpl }));
    const b = memo.wrap(new HttpClient('http://boltz.test/v2', { fetchImpl: net.fetchImpl }));
    await Promise.all([a.getJson('/swap/chain'), b.getJson('/swap/chain'), a.getJson('http://boltz.test/v2/swap/chain')]);
    await a.getJson('/swap/chain');
    expect(net.counts.get('GET http://boltz.test/v2/swap/chain')).toBe(1);
    expect(a.host).toBe('boltz.test');
    // Asked for another type, the same URL is asked again.
    await a.getText('/swap/chain');
    expect(net.counts.get('GET http://boltz.test/v2/swap/chain')).toBe(2);
  });

  it('never memoizes a POST', async () => {
    const net = countingFetch();
    const client = new GetMemo().wrap(new HttpClient('http://rpc.test', { fetchImpl: net.fetchImpl }));
    await client.postJson('/', { method: 'eth_call' });
    await client.postJson('/', { method: 'eth_call' });
    expect(net.counts.get('POST http://rpc.test/')).toBe(2);
  });

  it('keeps one memo per plan: a second plan fetches again', async () => {
    const net = countingFetch();
    const engine = new HopEngine(
      [fakeMechanism('sbtc-withdrawal', SBTC, BTC, { url: 'http://emily.test' }), fakeMechanism('boltz-submarine', BTC, LN, { url: 'http://boltz.test' })],
      new HopStore(new MemoryArea()),
    );
    const ctx = fakeContext({ fetchImpl: net.fetchImpl });
    for (let i = 0; i < 2; i++) await engine.plan(ctx, SBTC, LN, 500_000n, { held: ALL, destination: 'me@example.com' });
    expect(Object.fromEntries(net.counts)).toEqual({ 'GET http://emily.test/pairs': 2, 'GET http://boltz.test/pairs': 2 });
    // The context the caller holds is left as it was: its clients are not memoized.
    await ctx.http('http://emily.test').getJson('/pairs');
    await ctx.http('http://emily.test').getJson('/pairs');
    expect(net.counts.get('GET http://emily.test/pairs')).toBe(4);
  });
});
