/**
 * Boltz quotes state what the wallet itself pays, at fixed fee rates: our claim at
 * the rate it will be signed with (deducted from what arrives on Bitcoin and Liquid,
 * gas from the account on Rootstock), and our lockup's funding, on top of `send`.
 * Boltz's own guesses for these (`minerFees.claim`, `minerFees.user.lockup`) are set
 * far off here so a quote that used them shows it.
 */
import { describe, expect, it } from 'vitest';
import { BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from '../../../../src/hops/boltz/assets';
import { chainServerLockFor, reverseOnchainFor, submarineInvoiceFor, submarineLockFor } from '../../../../src/hops/boltz/fees';
import { ETHERSWAP_GAS } from '../../../../src/hops/boltz/our-fees';
import { quoteBoltz } from '../../../../src/hops/boltz/quote';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { FeeLine, RouteQuote } from '../../../../src/hops/types';
import { feeForWeight } from '../../../../src/layers/bitcoin/fee-rate';
import { discountVsize, feeFor } from '../../../../src/layers/liquid/plan';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../../../src/layers/bitcoin/script-types';
import { WalletError } from '../../../../src/shared/errors';
import { HttpClient } from '../../../../src/shared/http';
import { resolvePreset } from '../../../../src/shared/networks';
import { isLocalText, renderText } from '../../../../src/shared/local-text';
import { translator } from '../../../helpers/locale';

const WEI = 10_000_000_000n;
const GWEI = 1_000_000_000n;

const limits = { minimal: 10_000, maximal: 1_000_000, maximalZeroConf: 0 };
const PAIRS: Record<string, unknown> = {
  '/swap/submarine': {
    BTC: { BTC: { hash: 'h-sub', rate: 1, limits, fees: { percentage: 0.1, minerFees: 350 } } },
    RBTC: { BTC: { hash: 'h-sub-r', rate: 1, limits, fees: { percentage: 0.1, minerFees: 350 } } },
    'L-BTC': { BTC: { hash: 'h-sub-l', rate: 1, limits, fees: { percentage: 0.1, minerFees: 60 } } },
  },
  '/swap/reverse': {
    BTC: {
      BTC: { hash: 'h-rev', rate: 1, limits, fees: { percentage: 0.5, minerFees: { lockup: 450, claim: 9 } } },
      'L-BTC': { hash: 'h-rev-l', rate: 1, limits, fees: { percentage: 0.5, minerFees: { lockup: 40, claim: 9 } } },
      RBTC: { hash: 'h-rev-r', rate: 1, limits, fees: { percentage: 0.5, minerFees: { lockup: 300, claim: 9 } } },
    },
  },
  '/swap/chain': {
    BTC: { 'L-BTC': { hash: 'h-chain', rate: 1, limits, fees: { percentage: 0.1, minerFees: { server: 700, user: { claim: 9, lockup: 9 } } } } },
  },
};

interface Fixed {
  /** Esplora's 2-block estimate on Bitcoin and Liquid (sat/vB). */
  btcRate: number;
  lbtcRate: number;
  gasPrice: bigint;
  /** What the wallets' own payment quotes answer (sats), or 'unfunded'. */
  btcLockupFee: bigint | 'unfunded';
  lbtcLockupFee: bigint | 'unfunded';
  /** The Bitcoin wallet's normal rate (sat/kvB). */
  btcNormalRate: bigint;
}

const DEFAULT: Fixed = { btcRate: 5, lbtcRate: 0.2, gasPrice: 2n * GWEI, btcLockupFee: 1_234n, lbtcLockupFee: 33n, btcNormalRate: 5_000n };

/** Boltz, both Esploras and the Rootstock node answer from fixed tables; the wallets' sides quote fixed fees. */
function ctxWith(fixed: Partial<Fixed> = {}): HopContext & { asked: string[] } {
  const f = { ...DEFAULT, ...fixed };
  const asked: string[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const u = new URL(url);
    const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (u.port === '9001') {
      const body = PAIRS[u.pathname.replace(/^\/v2/, '')];
      asked.push(`boltz ${u.pathname}`);
      return new Response(JSON.stringify(body ?? { error: 'not found' }), { status: body ? 200 : 404 });
    }
    if (u.port === '18443' && u.pathname === '/api/fee-estimates') return asked.push('bitcoin fee-estimates'), ok({ '1': f.btcRate * 2, '2': f.btcRate, '6': 1 });
    if (u.port === '18445' && u.pathname === '/api/fee-estimates') return asked.push('liquid fee-estimates'), ok({ '2': f.lbtcRate, '6': 0.1 });
    if (u.port === '4444') {
      const req = JSON.parse(String(init?.body)) as { id: number; method: string };
      asked.push(`rootstock ${req.method}`);
      const result =
        req.method === 'eth_gasPrice' ? `0x${f.gasPrice.toString(16)}` : req.method === 'eth_getBlockByNumber' ? { number: '0x10', timestamp: '0x1', baseFeePerGas: '0x1', transactions: [] } : null;
      return ok({ jsonrpc: '2.0', id: req.id, result });
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  const sides = {
    bitcoin: {
      quotePayment: async (to: string, sats: bigint) => {
        asked.push(`bitcoin quotePayment ${to.slice(0, 6)} ${sats}`);
        if (f.btcLockupFee === 'unfunded') throw new WalletError('insufficient_funds', 'Not enough BTC.');
        return { fee: f.btcLockupFee };
      },
      normalFeeRate: async () => f.btcNormalRate,
    },
    liquid: {
      quotePayment: async (to: string, sats: bigint) => {
        asked.push(`liquid quotePayment ${to.slice(0, 6)} ${sats}`);
        if (f.lbtcLockupFee === 'unfunded') throw new WalletError('insufficient_funds', 'Not enough L-BTC.');
        return { fee: f.lbtcLockupFee };
      },
    },
  };
  return {
    asked,
    keys: undefined as never,
    root: undefined as never,
    presets: {
      bitcoin: resolvePreset('bitcoin', 'devnet', {}),
      lightning: resolvePreset('lightning', 'devnet', {}),
      stacks: resolvePreset('stacks', 'devnet', {}),
      liquid: resolvePreset('liquid', 'devnet', {}),
      rootstock: resolvePreset('rootstock', 'devnet', {}),
    },
    side: (async (layer: string) => (sides as Record<string, unknown>)[layer]) as unknown as HopContext['side'],
    http: (base) => new HttpClient(base, { retries: 0, fetchImpl }),
    now: () => Date.now(),
  };
}

const lines = (q: RouteQuote) => [...(q.serviceFee ? [q.serviceFee] : []), ...q.networkFees];
const onTop = (q: RouteQuote, layer: string): FeeLine[] => lines(q).filter((l) => l.onTopOn === layer);

describe('Boltz quotes count our own claim at the rate it will be signed with', () => {
  it('a reverse swap to BTC deducts our key-path claim (99 vB + 1 per input, as boltz-core targets) at 5 sat/vB, not Boltz\'s 9 sats', async () => {
    const q = await quoteBoltz(ctxWith(), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 100_000n);
    const onchain = reverseOnchainFor(100_000n, 5_000n, 450n);
    expect(q.receive).toBe(String(onchain - 500n));
    expect(q.networkFees.map((l) => l.amount)).toContain('500');
    expect(q.terms).toMatchObject({ onchainSats: onchain.toString(), claimFeeSats: '500' });
    // At 12 sat/vB the same claim costs 1,200.
    expect((await quoteBoltz(ctxWith({ btcRate: 12 }), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 100_000n)).receive).toBe(String(onchain - 1_200n));
  });

  it('a reverse swap to L-BTC deducts our sweep (231 discounted vB) at 0.2 sat/vB: 47 sats', async () => {
    const q = await quoteBoltz(ctxWith(), 'reverse', BTC_LIGHTNING, LBTC, 100_000n);
    expect(q.receive).toBe(String(reverseOnchainFor(100_000n, 5_000n, 40n) - 47n));
  });

  it('a reverse swap to RBTC lists our claim gas (EtherSwap claim at the node\'s gas price) paid from the account', async () => {
    const q = await quoteBoltz(ctxWith(), 'reverse', BTC_LIGHTNING, RBTC, 100_000n);
    expect(q.receive).toBe(String(reverseOnchainFor(100_000n, 5_000n, 300n) * WEI));
    expect(onTop(q, 'rootstock').map((l) => l.amount)).toEqual([String(ETHERSWAP_GAS.claim * 2n * GWEI)]);
  });
});

describe('Boltz quotes count funding our lockup, on top of what is locked', () => {
  it('a submarine swap from BTC lists the wallet\'s own payment fee to a Taproot lockup of the amount locked', async () => {
    const ctx = ctxWith();
    const q = await quoteBoltz(ctx, 'submarine', BTC_ONCHAIN, BTC_LIGHTNING, 50_000n);
    expect(q.send).toBe(String(submarineLockFor(submarineInvoiceFor(50_000n, 1_000n, 350n), 1_000n, 350n)));
    expect(onTop(q, 'bitcoin').map((l) => l.amount)).toEqual(['1234']);
    // Asked of the wallet for a Taproot output (bcrt1p…): its coin choice, at the rate it pays.
    expect(ctx.asked.some((a) => /^bitcoin quotePayment bcrt1p/.test(a))).toBe(true);
  });

  it('a submarine swap from RBTC lists the EtherSwap lock\'s gas', async () => {
    const q = await quoteBoltz(ctxWith(), 'submarine', RBTC, BTC_LIGHTNING, 50_000n * WEI);
    expect(onTop(q, 'rootstock').map((l) => l.amount)).toEqual([String(ETHERSWAP_GAS.lock * 2n * GWEI)]);
  });

  it('a chain swap BTC -> L-BTC lists our lockup on top (not Boltz\'s 9 sats) and deducts our L-BTC claim', async () => {
    const q = await quoteBoltz(ctxWith(), 'chain', BTC_ONCHAIN, LBTC, 100_000n);
    expect(onTop(q, 'bitcoin').map((l) => l.amount)).toEqual(['1234']);
    expect(q.receive).toBe(String(chainServerLockFor(100_000n, 1_000n, 700n) - 47n));
  });

  it('a wallet that cannot fund the lockup yet is quoted one coin of its own at its normal rate', async () => {
    const q = await quoteBoltz(ctxWith({ btcLockupFee: 'unfunded' }), 'chain', BTC_ONCHAIN, LBTC, 100_000n);
    const oneCoin = feeForWeight(TX_OVERHEAD_WEIGHT + INPUT_WEIGHT.p2wpkh + outputWeight(34) + outputWeight(22), 5_000n);
    expect(onTop(q, 'bitcoin').map((l) => l.amount)).toEqual([oneCoin.toString()]);
  });

  it('so is a Liquid wallet: one coin in, the lockup, change and the fee output out, at the Esplora rate', async () => {
    const q = await quoteBoltz(ctxWith({ lbtcLockupFee: 'unfunded' }), 'submarine', LBTC, BTC_LIGHTNING, 50_000n);
    expect(onTop(q, 'liquid').map((l) => l.amount)).toEqual([feeFor(discountVsize(1, [34, 22]), 0.2).toString()]);
  });

  it('one fee-rate read per chain per quote, asked alongside the pair list', async () => {
    const ctx = ctxWith();
    await quoteBoltz(ctx, 'chain', BTC_ONCHAIN, LBTC, 100_000n);
    expect([...ctx.asked].sort()).toEqual(['bitcoin quotePayment bcrt1p 100000', 'boltz /v2/swap/chain', 'liquid fee-estimates']);
  });
});

describe('Boltz quotes name their fees as locale keys', () => {
  const zh = translator('zh_CN');
  it('every fee line of every kind of swap reads in Chinese, not in English', async () => {
    const quotes = await Promise.all([
      quoteBoltz(ctxWith(), 'submarine', BTC_ONCHAIN, BTC_LIGHTNING, 50_000n),
      quoteBoltz(ctxWith(), 'submarine', RBTC, BTC_LIGHTNING, 50_000n * WEI),
      quoteBoltz(ctxWith(), 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, 100_000n),
      quoteBoltz(ctxWith(), 'reverse', BTC_LIGHTNING, RBTC, 100_000n),
      quoteBoltz(ctxWith(), 'chain', BTC_ONCHAIN, LBTC, 100_000n),
    ]);
    const labels = quotes.flatMap(lines).map((l) => l.label);
    expect(labels.length).toBe(16);
    for (const label of labels) {
      expect(isLocalText(label), JSON.stringify(label)).toBe(true);
      expect(renderText(label, zh), JSON.stringify(label)).toMatch(/\p{Script=Han}/u);
    }
  });
});
