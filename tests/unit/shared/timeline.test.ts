/** The activity timeline's merge, order, filter and link rules (shared/timeline.ts). */
import { describe, expect, it } from 'vitest';
import type { ChainView, HopRecordView } from '../../../src/shared/hop-views';
import type { ActivityItem, LayerOverview } from '../../../src/shared/layer-views';
import type { LayerId } from '../../../src/shared/layers';
import { endpointKey } from '../../../src/shared/networks';
import { pagelessExplorers } from '../../../src/shared/explorer';
import { compareEntries, filterTimeline, mergeTimeline, withoutPagelessLinks, type TimelineEntry } from '../../../src/shared/timeline';

const TX = (c: string) => c.repeat(64);

function overview(layer: LayerId, activity: Partial<ActivityItem>[]): LayerOverview {
  return {
    layer,
    network: 'devnet',
    balances: [],
    updatedAt: 0,
    activity: activity.map((a, i) => ({ id: TX(String(i)), direction: 'in', asset: 'X', symbol: 'X', decimals: 8, amount: '1', status: 'confirmed', ...a })),
  };
}

function hop(over: Partial<HopRecordView>): HopRecordView {
  return {
    id: 'hop-1',
    index: 0,
    mechanism: 'boltz-submarine',
    from: { layer: 'bitcoin', asset: 'BTC' },
    to: { layer: 'lightning', asset: 'BTC' },
    send: '50000',
    expectedReceive: '49000',
    network: { bitcoin: 'devnet', lightning: 'devnet', stacks: 'testnet' },
    createdAt: 1_000_000,
    updatedAt: 1_000_000,
    state: 'funded',
    outcome: 'in-progress',
    steps: [],
    data: {},
    ...over,
  };
}

function chain(over: Partial<ChainView>): ChainView {
  return {
    id: 'chain-1',
    from: { layer: 'stacks', asset: 'sBTC' },
    to: { layer: 'lightning', asset: 'BTC' },
    send: '100000',
    expectedReceive: '95000',
    minReceive: '94000',
    legs: [
      { from: { layer: 'stacks', asset: 'sBTC' }, to: { layer: 'bitcoin', asset: 'BTC' }, mechanism: 'sbtc-withdrawal', counterparty: 'sBTC signers', send: '100000', expectedReceive: '97000' },
      { from: { layer: 'bitcoin', asset: 'BTC' }, to: { layer: 'lightning', asset: 'BTC' }, mechanism: 'boltz-submarine', counterparty: 'Boltz', send: '97000', expectedReceive: '95000' },
    ],
    current: 0,
    status: 'running',
    network: { stacks: 'devnet', bitcoin: 'devnet', lightning: 'devnet' },
    createdAt: 3_000_000,
    updatedAt: 3_000_000,
    ...over,
  };
}

const keys = (entries: TimelineEntry[]) => entries.map((e) => e.key);

describe('mergeTimeline', () => {
  it('lists every layer’s items and every move newest first, an item not yet in a block first of all', () => {
    const btc = overview('bitcoin', [
      { id: TX('a'), time: 1_000 },
      { id: TX('b'), status: 'pending' }, // no time: not in a block yet
    ]);
    const stx = overview('stacks', [{ id: `0x${TX('c')}`, direction: 'out', time: 2_500 }]);
    const ln = overview('lightning', [{ id: TX('d'), time: 500 }]);
    const merged = mergeTimeline([btc, stx, ln], [hop({ createdAt: 2_000_000 })], []);
    expect(keys(merged)).toEqual([`tx:bitcoin:${TX('b')}`, `tx:stacks:0x${TX('c')}`, 'hop:hop-1', `tx:bitcoin:${TX('a')}`, `tx:lightning:${TX('d')}`]);
    // Layer times are seconds, move times ms: both end up in ms.
    expect(merged.map((e) => e.time)).toEqual([undefined, 2_500_000, 2_000_000, 1_000_000, 500_000]);
  });

  it('dates a transaction by when the wallet first saw it when that is earlier than its block’s time (block times can run ahead of the clock)', () => {
    // The devnet's bcoin stamps blocks up to a minute ahead; testnet blocks may be two hours ahead.
    const btc = overview('bitcoin', [{ id: TX('a'), time: 1_090 }]);
    const stx = overview('stacks', [{ id: TX('c'), direction: 'out', time: 1_030 }]);
    const seen = new Map([
      [`tx:bitcoin:${TX('a')}`, 1_000_000],
      [`tx:stacks:${TX('c')}`, 1_020_000],
    ]);
    const merged = mergeTimeline([btc, stx], [hop({ createdAt: 1_040_000 })], [], seen);
    expect(keys(merged)).toEqual(['hop:hop-1', `tx:stacks:${TX('c')}`, `tx:bitcoin:${TX('a')}`]);
    expect(merged.map((e) => e.time)).toEqual([1_040_000, 1_020_000, 1_000_000]);
    // A pending transaction the wallet has seen is dated then; a block time earlier than the first look stands.
    const later = mergeTimeline([overview('bitcoin', [{ id: TX('b'), status: 'pending' }, { id: TX('d'), time: 500 }])], [], [], new Map([[`tx:bitcoin:${TX('b')}`, 7_000], [`tx:bitcoin:${TX('d')}`, 900_000]]));
    expect(later.map((e) => e.time)).toEqual([500_000, 7_000]);
  });

  it('gives each entry its layer(s), kind, amounts as integer strings with their asset, status and id', () => {
    const merged = mergeTimeline(
      [overview('stacks', [{ id: `0x${TX('c')}`, direction: 'out', asset: 'STX', symbol: 'STX', decimals: 6, amount: '2500000', time: 10 }])],
      [hop({ outcome: 'refunded', steps: [{ key: 'fund', label: 'fund', status: 'done', txid: TX('e'), explorerUrl: `https://mempool.space/testnet4/tx/${TX('e')}` }] })],
      [],
    );
    const stx = merged.find((e) => e.key.startsWith('tx:'))!;
    expect(stx).toMatchObject({ kind: 'send', layers: ['stacks'], status: 'confirmed', txid: `0x${TX('c')}`, networks: { stacks: 'devnet' } });
    expect(stx.amounts).toEqual([{ layer: 'stacks', asset: 'STX', symbol: 'STX', decimals: 6, amount: '2500000' }]);
    const move = merged.find((e) => e.kind === 'move')!;
    expect(move).toMatchObject({ layers: ['bitcoin', 'lightning'], status: 'refunded', id: 'hop-1', txid: TX('e'), explorerUrl: `https://mempool.space/testnet4/tx/${TX('e')}` });
    // The networks it was created on, for its layers only.
    expect(move.networks).toEqual({ bitcoin: 'devnet', lightning: 'devnet' });
    expect(move.amounts.map((a) => [a.layer, a.symbol, a.decimals, a.amount])).toEqual([
      ['bitcoin', 'BTC', 8, '50000'],
      ['lightning', 'sats', 0, '49000'],
    ]);
  });

  it('gives a Lightning payment no txid (its id is a payment hash)', () => {
    const [ln] = mergeTimeline([overview('lightning', [{ id: TX('d'), time: 1 }])], [], []);
    expect(ln!.txid).toBeUndefined();
    expect(ln!.id).toBe(TX('d'));
  });

  it('shows a chained move once, its legs as its steps, across every layer it crosses', () => {
    const leg0 = hop({ id: 'chain-1-leg0', chainId: 'chain-1', leg: 0, from: { layer: 'stacks', asset: 'sBTC' }, to: { layer: 'bitcoin', asset: 'BTC' }, steps: [{ key: 'initiate', label: 'x', status: 'done', txid: `0x${TX('f')}` }] });
    const merged = mergeTimeline([overview('stacks', [{ id: TX('f'), direction: 'out', time: 3_100 }])], [leg0], [chain({})]);
    expect(keys(merged)).toEqual([`tx:stacks:${TX('f')}`, 'chain:chain-1']);
    const c = merged[1]!;
    expect(c).toMatchObject({ kind: 'move', layers: ['stacks', 'bitcoin', 'lightning'], status: 'pending', txid: `0x${TX('f')}` });
    // The Stacks transaction stays listed (a counterparty's word hides nothing) and says whose step it is, 0x or not.
    expect(merged[0]!.partOf).toBe('chain:chain-1');
  });

  it('lists a leg whose chain is not stored as a hop of its own', () => {
    const merged = mergeTimeline([], [hop({ id: 'gone-leg0', chainId: 'gone', leg: 0 })], []);
    expect(keys(merged)).toEqual(['hop:gone-leg0']);
  });

  it('maps outcomes and chain statuses onto the timeline’s statuses', () => {
    const merged = mergeTimeline([], [hop({ id: 'a', outcome: 'completed' }), hop({ id: 'b', outcome: 'expired' })], [chain({ id: 'c', status: 'stopped' }), chain({ id: 'd', status: 'left' })]);
    expect(Object.fromEntries(merged.map((e) => [e.id, e.status]))).toEqual({ a: 'completed', b: 'expired', c: 'stopped', d: 'left' });
  });

  it('keeps an entry listed twice once', () => {
    const btc = overview('bitcoin', [{ id: TX('a'), time: 5 }]);
    expect(keys(mergeTimeline([btc, btc], [], []))).toEqual([`tx:bitcoin:${TX('a')}`]);
  });

  it('orders equal times by key, so a list never reshuffles between reads', () => {
    const a = mergeTimeline([overview('bitcoin', [{ id: TX('a'), time: 7 }]), overview('liquid', [{ id: TX('a'), time: 7 }])], [], []);
    const b = mergeTimeline([overview('liquid', [{ id: TX('a'), time: 7 }]), overview('bitcoin', [{ id: TX('a'), time: 7 }])], [], []);
    expect(keys(a)).toEqual(keys(b));
    expect(compareEntries(a[0]!, a[1]!)).toBeLessThan(0);
  });
});

describe('filterTimeline', () => {
  const merged = mergeTimeline(
    [overview('bitcoin', [{ id: TX('a'), time: 1 }]), overview('stacks', [{ id: TX('c'), time: 2 }]), overview('liquid', [{ id: TX('e'), time: 3 }])],
    [hop({})],
    [chain({})],
  );

  it('shows everything for all layers', () => {
    expect(filterTimeline(merged, 'all')).toHaveLength(5);
  });

  it('shows one layer’s transactions and the moves that cross it, nothing else', () => {
    expect(keys(filterTimeline(merged, 'stacks'))).toEqual(['chain:chain-1', `tx:stacks:${TX('c')}`]);
    expect(keys(filterTimeline(merged, 'bitcoin'))).toEqual(['chain:chain-1', 'hop:hop-1', `tx:bitcoin:${TX('a')}`]);
    expect(keys(filterTimeline(merged, 'rootstock'))).toEqual([]);
  });
});

describe('explorer links', () => {
  it('names the devnet presets’ own explorers as pageless until Settings set another URL there', () => {
    const bases = pagelessExplorers({});
    expect(bases).toContain('http://127.0.0.1:18443');
    expect(bases).toContain('http://127.0.0.1:18445');
    expect(bases.some((b) => b.includes('mempool.space') || b.includes('blockstream'))).toBe(false);
    const set = pagelessExplorers({ [endpointKey('bitcoin', 'devnet', 'explorer')]: 'http://127.0.0.1:5000' });
    expect(set).not.toContain('http://127.0.0.1:18443');
    expect(set).toContain('http://127.0.0.1:18445');
  });

  it('drops a link under a pageless base and keeps the txid to copy; other links stay', () => {
    const merged = mergeTimeline(
      [
        overview('bitcoin', [{ id: TX('a'), time: 2, explorerUrl: `http://127.0.0.1:18443/tx/${TX('a')}` }]),
        overview('liquid', [{ id: TX('b'), time: 1, explorerUrl: `https://blockstream.info/liquidtestnet/tx/${TX('b')}` }]),
      ],
      [],
      [],
    );
    const [btc, lq] = withoutPagelessLinks(merged, pagelessExplorers({}));
    expect(btc!.explorerUrl).toBeUndefined();
    expect(btc!.txid).toBe(TX('a'));
    expect(lq!.explorerUrl).toBe(`https://blockstream.info/liquidtestnet/tx/${TX('b')}`);
  });

  it('does not take a host that only begins like a pageless one', () => {
    const [e] = withoutPagelessLinks(mergeTimeline([overview('bitcoin', [{ id: TX('a'), time: 2, explorerUrl: `http://127.0.0.1:184430/tx/${TX('a')}` }])], [], []), ['http://127.0.0.1:18443']);
    expect(e!.explorerUrl).toBe(`http://127.0.0.1:184430/tx/${TX('a')}`);
  });
});
