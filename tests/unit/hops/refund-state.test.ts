/**
 * Each mechanism's refund state at heights before, at and after the point where the
 * chain alone allows the refund (or reclaim): Boltz submarine and chain swaps on
 * Bitcoin, Liquid and Rootstock (EtherSwap), the sBTC deposit's reclaim. The tips come
 * over HTTP from a loopback server speaking Esplora's `/blocks/tip/height` and
 * JSON-RPC's `eth_blockNumber`; one read per chain serves every hop for a few seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainMechanism, ReverseMechanism, SubmarineMechanism } from '../../../src/hops/boltz';
import type { SideData } from '../../../src/hops/boltz/shapes';
import { TIP_TTL_MS } from '../../../src/hops/chain-tips';
import type { HopContext } from '../../../src/hops/mechanism';
import { sbtcDeposit } from '../../../src/hops/sbtc';
import { HttpClient } from '../../../src/shared/http';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { endpointKey, resolvePreset, type NetworkPreset } from '../../../src/shared/networks';
import { DevServer, Text } from '../../devnet/http-server';
import { BTC, hopFixture, RBTC, SBTC } from '../../helpers/hop-record';

const LN = { layer: 'lightning', asset: 'BTC' } as const;
const LBTC = { layer: 'liquid', asset: 'L-BTC' } as const;

const tips = { bitcoin: 0, liquid: 0, rootstock: 0 };
const reads = { bitcoin: 0, liquid: 0, rootstock: 0 };
const server = new DevServer();
let origin = '';
// Each context gets its own server path, so the tip kept for one test is not another's.
let run = 0;

beforeAll(async () => {
  server.get('/:run/btc/blocks/tip/height', () => (reads.bitcoin++, new Text(String(tips.bitcoin))));
  server.get('/:run/liquid/blocks/tip/height', () => (reads.liquid++, new Text(String(tips.liquid))));
  server.post('/:run/rsk', (req) => {
    const body = req.json<{ id: number; method: string }>();
    if (body.method !== 'eth_blockNumber') return { jsonrpc: '2.0', id: body.id, error: { code: -32601, message: 'method not found' } };
    reads.rootstock++;
    return { jsonrpc: '2.0', id: body.id, result: `0x${tips.rootstock.toString(16)}` };
  });
  origin = await server.listen(0);
});
afterAll(() => server.close());

function context(clock = { now: 1_000_000 }): HopContext {
  const r = ++run;
  const urls: Record<string, string> = {
    [endpointKey('bitcoin', 'devnet', 'esplora')]: `${origin}/${r}/btc`,
    [endpointKey('liquid', 'devnet', 'esplora')]: `${origin}/${r}/liquid`,
    [endpointKey('rootstock', 'devnet', 'rpc')]: `${origin}/${r}/rsk`,
  };
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, 'devnet', urls)])) as { [L in LayerId]: NetworkPreset<L> };
  return { presets, http: (url: string) => new HttpClient(url, { retries: 0 }), now: () => clock.now } as unknown as HopContext;
}

const side = (currency: SideData['currency'], extra: Partial<SideData> = {}): SideData => ({ currency, address: 'x', amount: '100000', timeoutBlockHeight: 500, ...extra });

function submarine(lock: SideData, status = 'transaction.confirmed', state = 'funded') {
  const from = lock.currency === 'BTC' ? BTC : lock.currency === 'L-BTC' ? LBTC : RBTC;
  return hopFixture({ mechanism: 'boltz-submarine', from, to: LN, send: 100_000n, state, steps: ['fund', 'pay', 'refund'], data: { kind: 'submarine', boltz: 'b', swapId: 's', preimageHash: 'aa', status, lock } });
}

describe('Boltz submarine swap: our lockup comes back', () => {
  const sub = new SubmarineMechanism();

  it('on Bitcoin by the refund leaf from the timeout height: before, at and after', async () => {
    const hop = submarine(side('BTC', { txid: 'f1' }));
    tips.bitcoin = 499;
    expect(await sub.refundState(context(), hop)).toEqual({ now: false, layer: 'bitcoin', atHeight: 500, tip: 499, action: 'refund' });
    tips.bitcoin = 500;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: true, atHeight: 500, tip: 500 });
    tips.bitcoin = 510;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: true, tip: 510 });
  });

  it('on Liquid the same way, counting Liquid blocks', async () => {
    const hop = submarine(side('L-BTC', { txid: 'f1', timeoutBlockHeight: 800 }));
    tips.liquid = 799;
    tips.bitcoin = 10_000;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: false, layer: 'liquid', atHeight: 800 });
    tips.liquid = 800;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: true, layer: 'liquid' });
  });

  it('on Rootstock one block earlier: EtherSwap.refund runs in the next block, which must reach the timelock', async () => {
    const hop = submarine(side('RBTC', { txid: '0xf1', timeoutBlockHeight: 300 }));
    tips.rootstock = 298;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: false, layer: 'rootstock', atHeight: 299, tip: 298 });
    tips.rootstock = 299;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: true, atHeight: 299 });
    tips.rootstock = 400;
    expect(await sub.refundState(context(), hop)).toMatchObject({ now: true });
  });

  it('before the timeout once Boltz says the payment failed (it co-signs), but not after it declined (refunding)', async () => {
    tips.bitcoin = 450;
    const failed = submarine(side('BTC', { txid: 'f1' }), 'invoice.failedToPay');
    expect(await sub.refundState(context(), failed)).toMatchObject({ now: true, cooperative: true, atHeight: 500 });
    const declined = submarine(side('BTC', { txid: 'f1' }), 'invoice.failedToPay', 'refunding');
    expect(await sub.refundState(context(), declined)).toEqual({ now: false, layer: 'bitcoin', atHeight: 500, tip: 450, action: 'refund' });
    // A status Boltz gives while the swap goes on is no reason to refund early.
    expect((await sub.refundState(context(), submarine(side('BTC', { txid: 'f1' }), 'invoice.pending')))!.now).toBe(false);
  });

  it('nothing to refund: not funded, our refund already sent, or the hop finished', async () => {
    tips.bitcoin = 600;
    expect(await sub.refundState(context(), submarine(side('BTC')))).toBeNull();
    expect(await sub.refundState(context(), submarine(side('BTC', { txid: 'f1', spendTxid: 'r1' })))).toBeNull();
    expect(await sub.refundState(context(), { ...submarine(side('BTC', { txid: 'f1' })), outcome: 'completed' })).toBeNull();
  });
});

describe('Boltz chain swap', () => {
  const chain = new ChainMechanism();
  const hop = (claim: Partial<SideData>, status = 'transaction.server.mempool') =>
    hopFixture({
      mechanism: 'boltz-chain',
      from: BTC,
      to: RBTC,
      send: 100_000n,
      state: 'funded',
      steps: ['fund', 'lock', 'claim', 'refund'],
      data: { kind: 'chain', boltz: 'b', swapId: 's', preimageHash: 'aa', status, lock: side('BTC', { txid: 'f1', timeoutBlockHeight: 700 }), claim: side('RBTC', { timeoutBlockHeight: 900, ...claim }) },
    });

  it('our lockup from its timeout while Boltz has not locked or we have not claimed', async () => {
    tips.bitcoin = 699;
    expect(await chain.refundState(context(), hop({}))).toMatchObject({ now: false, atHeight: 700, layer: 'bitcoin' });
    tips.bitcoin = 700;
    expect(await chain.refundState(context(), hop({}))).toMatchObject({ now: true });
  });

  it('none once our claim showed the preimage; again once Boltz took its lockup back', async () => {
    tips.bitcoin = 700;
    expect(await chain.refundState(context(), hop({ spendTxid: '0xc1' }))).toBeNull();
    expect(await chain.refundState(context(), hop({ spendTxid: '0xc1', takenBack: '0xb1' }))).toMatchObject({ now: true });
  });

  it('a lockup Boltz rejected (lockupFailed) is refunded with its signature before the timeout', async () => {
    tips.bitcoin = 100;
    expect(await chain.refundState(context(), hop({}, 'transaction.lockupFailed'))).toMatchObject({ now: true, cooperative: true });
  });
});

describe("Boltz's deadline for our claim", () => {
  const reverse = new ReverseMechanism();
  const hop = (claim: Partial<SideData>, extra: Record<string, unknown> = {}) =>
    hopFixture({
      mechanism: 'boltz-reverse',
      from: LN,
      to: BTC,
      send: 100_000n,
      state: 'claiming',
      steps: ['pay', 'lock', 'claim'],
      data: { kind: 'reverse', boltz: 'b', swapId: 's', preimageHash: 'aa', claim: side('BTC', { timeoutBlockHeight: 640, ...claim }), ...extra },
    });

  it("is Boltz's lockup timeout on the claim side's chain, before and after it", async () => {
    tips.bitcoin = 630;
    expect(await reverse.deadline(context(), hop({}))).toEqual({ layer: 'bitcoin', atHeight: 640, tip: 630 });
    tips.bitcoin = 650;
    expect(await reverse.deadline(context(), hop({}))).toEqual({ layer: 'bitcoin', atHeight: 640, tip: 650 });
  });

  it('none once our claim is in a block, Boltz took its lockup back, the wallet will not claim, or for a submarine swap', async () => {
    tips.bitcoin = 630;
    expect(await reverse.deadline(context(), hop({ spendTxid: 'c', spendConfirmed: true }))).toBeNull();
    expect(await reverse.deadline(context(), hop({ takenBack: 'b' }))).toBeNull();
    expect(await new ChainMechanism().deadline(context(), hop({}, { refundOnly: 'too little' }))).toBeNull();
    expect(await new SubmarineMechanism().deadline(context(), submarine(side('BTC', { txid: 'f1' })))).toBeNull();
  });
});

describe('sBTC deposit reclaim', () => {
  const deposit = (data: { fundingTxid?: string; fundingHeight?: number; reclaimTxid?: string }, state = 'awaiting-signers') =>
    hopFixture({
      mechanism: 'sbtc-deposit',
      from: BTC,
      to: SBTC,
      send: 100_000n,
      state,
      steps: ['fund', 'notify', 'sweep', 'mint'],
      data: { recipient: 'ST', depositAddress: 'a', depositScript: '', reclaimScript: '', reclaimControlBlock: '', signersKey: '', maxFee: 80_000, lockTime: 12, ...data },
    });

  it('from fundingHeight + lockTime - 1 (BIP68 counts from the next block): before, at and after', async () => {
    const hop = deposit({ fundingTxid: 't', fundingHeight: 100 });
    tips.bitcoin = 110;
    expect(await sbtcDeposit.refundState!(context(), hop)).toEqual({ now: false, layer: 'bitcoin', atHeight: 111, tip: 110, action: 'reclaim' });
    tips.bitcoin = 111;
    expect(await sbtcDeposit.refundState!(context(), hop)).toMatchObject({ now: true, action: 'reclaim' });
    tips.bitcoin = 200;
    expect(await sbtcDeposit.refundState!(context(), hop)).toMatchObject({ now: true });
  });

  it('not yet when the deposit is unconfirmed (its lock has not started); none once swept or reclaiming', async () => {
    tips.bitcoin = 500;
    expect(await sbtcDeposit.refundState!(context(), deposit({ fundingTxid: 't' }))).toEqual({ now: false, layer: 'bitcoin', action: 'reclaim' });
    expect(await sbtcDeposit.refundState!(context(), deposit({ fundingTxid: 't', fundingHeight: 100 }, 'swept'))).toBeNull();
    expect(await sbtcDeposit.refundState!(context(), deposit({ fundingTxid: 't', fundingHeight: 100, reclaimTxid: 'r' }))).toBeNull();
    expect(await sbtcDeposit.refundState!(context(), deposit({}))).toBeNull();
  });
});

describe('tip reads', () => {
  it('one read per chain serves every hop for a few seconds, then the chain is asked again', async () => {
    const clock = { now: 5_000_000 };
    const ctx = context(clock);
    const sub = new SubmarineMechanism();
    tips.bitcoin = 450;
    const before = reads.bitcoin;
    const hops = [1, 2, 3].map(() => submarine(side('BTC', { txid: 'f1' })));
    await Promise.all(hops.map((h) => sub.refundState(ctx, h)));
    expect(reads.bitcoin - before).toBe(1);
    tips.bitcoin = 500;
    clock.now += TIP_TTL_MS - 1;
    expect((await sub.refundState(ctx, hops[0]!))!.now).toBe(false);
    clock.now += 1;
    expect((await sub.refundState(ctx, hops[0]!))!.now).toBe(true);
    expect(reads.bitcoin - before).toBe(2);
  });
});
