/**
 * The table test of moves: each row is one ordered pair (and, where two mechanisms
 * connect it, the one to use), planned with `hops.plan` and started with `hops.start`
 * on a wallet of its own, run to completion on every devnet at once, with what left
 * and what arrived checked against the quote and the hop. Rows run in parallel.
 * Adding a pair is one line in ROWS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { feeLimit, type FeeChain } from '../../../src/shared/fee-caps';
import { CHAINED, hopAsset, type AssetRef, type ChainView, type HopRecordView, type RouteQuoteView, type RouteView } from '../../../src/shared/hop-views';
import type { LayerId } from '../../../src/shared/layers';
import { parseAmount } from '../../../src/shared/units';
import { allDevnetsForFile, type MoveWallet } from './all-devnets';

const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
const LN: AssetRef = { layer: 'lightning', asset: 'BTC' };
const LBTC: AssetRef = { layer: 'liquid', asset: 'L-BTC' };
const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };

interface Row {
  from: AssetRef;
  to: AssetRef;
  /** As typed in the Move form, in the from-asset's display unit. */
  amount: string;
  /** Which route to take when several connect the pair; else the best one offered. */
  mechanism?: string;
}

const ROWS: Row[] = [
  // The direct swap: on the devnet the chain through L-BTC now quotes more arriving (Liquid's fees are tiny).
  { from: BTC, to: LN, amount: '0.0002', mechanism: 'boltz-submarine' },
  { from: LN, to: BTC, amount: '50000' },
  { from: BTC, to: LBTC, amount: '0.0002' },
  { from: LBTC, to: BTC, amount: '0.0002' },
  { from: BTC, to: RBTC, amount: '0.0002', mechanism: 'boltz-chain' },
  { from: BTC, to: RBTC, amount: '0.0012', mechanism: 'powpeg-pegin' },
  { from: RBTC, to: BTC, amount: '0.0003', mechanism: 'boltz-chain' },
  { from: RBTC, to: BTC, amount: '0.003', mechanism: 'powpeg-pegout' },
  { from: BTC, to: SBTC, amount: '0.0002' },
  { from: SBTC, to: BTC, amount: '0.0002' },
  { from: LN, to: LBTC, amount: '20000' },
  { from: LN, to: RBTC, amount: '50000' },
  { from: LBTC, to: LN, amount: '0.0002' },
];

const devnets = allDevnetsForFile();
const name = (a: AssetRef) => (a.layer === 'lightning' ? 'Lightning' : a.asset);
const title = (r: Row) => `${name(r.from)} → ${name(r.to)}${r.mechanism ? ` (${r.mechanism})` : ''}`;
/** The chain whose fee caps bound what a layer's own transactions may cost (Stacks fees are STX, not sBTC). */
const FEE_CHAIN: Partial<Record<LayerId, FeeChain>> = { bitcoin: 'bitcoin', liquid: 'liquid', rootstock: 'rootstock' };

/** What arrived: a Lightning destination's settled invoice (another node's), else the wallet's own balance change. */
async function arrived(w: MoveWallet, hop: HopRecordView, before: bigint): Promise<bigint> {
  if (hop.to.layer !== 'lightning') return (await w.balance(hop.to)) - before;
  const inv = devnets().lightning.ledger.invoice(String(hop.data.preimageHash));
  expect(inv?.state).toBe('settled');
  return inv!.amountMsat! / 1000n;
}

/** Checks what left the wallet: the quoted send plus only the fees the route names, never more than the wallet's own limits. */
function checkSpent(route: RouteQuoteView, spent: bigint) {
  const extra = spent - BigInt(route.send);
  const feeChain = FEE_CHAIN[route.from.layer];
  if (route.from.layer === 'lightning') {
    // The connected wallet pays the invoice and the devnet ledger's routing fee, nothing else.
    expect(extra).toBe(devnets().lightning.ledger.feeMsat / 1000n);
  } else if (feeChain) {
    // The wallet's own transaction(s) on the source chain: a fee, within its fee caps.
    expect(extra).toBeGreaterThan(0n);
    expect(extra).toBeLessThanOrEqual(feeLimit(feeChain, BigInt(route.send)));
  } else {
    // A token (sBTC): its network fee is paid in another asset; only a fee the route names in this asset may leave with it.
    const ownFee = route.serviceFee?.symbol === hopAsset(route.from)!.symbol ? BigInt(route.serviceFee.amount) : 0n;
    expect(extra).toBeGreaterThanOrEqual(0n);
    expect(extra).toBeLessThanOrEqual(ownFee);
  }
}

/**
 * Checks what arrived against the hop's expected amount: exactly, when the counterparty pays the
 * wallet (or the destination) itself; within the destination chain's fee cap when the wallet's own
 * claim or sweep pays a fee there, which the quote only estimates.
 */
function checkReceived(route: RouteQuoteView, hop: HopRecordView, received: bigint) {
  const expected = BigInt(hop.expectedReceive);
  const feeChain = FEE_CHAIN[route.to.layer];
  const paysOwnFee = route.networkFees.some((f) => f.symbol === hopAsset(route.to)!.symbol);
  if (paysOwnFee && feeChain) {
    expect(received).toBeGreaterThan(0n);
    const off = received > expected ? received - expected : expected - received;
    expect(off).toBeLessThanOrEqual(feeLimit(feeChain, expected));
  } else {
    expect(received).toBe(expected);
  }
  // The quote promised at least this much before the hop started (sBTC's signers keep less than their maximum).
  expect(expected).toBeGreaterThanOrEqual(BigInt(route.receive));
}

/**
 * Between two legs, on the intermediate asset: the next leg sent what the previous one delivered,
 * less only what funding it costs there (estimated at quote time, so within that chain's fee cap).
 */
function checkHandOver(next: HopRecordView, previous: HopRecordView, kept: bigint) {
  expect(BigInt(next.send)).toBeLessThanOrEqual(BigInt(previous.expectedReceive));
  const feeChain = FEE_CHAIN[next.from.layer];
  const bound = feeChain ? feeLimit(feeChain, BigInt(next.send)) : devnets().lightning.ledger.feeMsat / 1000n;
  expect(kept < 0n ? -kept : kept).toBeLessThanOrEqual(bound);
}

/** The legs of a finished move with their hops: a direct route is one leg. */
async function legsOf(w: MoveWallet, route: RouteView, done: HopRecordView | ChainView): Promise<{ quote: RouteQuoteView; hop: HopRecordView }[]> {
  if (!('legs' in done)) return [{ quote: route, hop: done }];
  return Promise.all(done.legs.map(async (leg, i) => ({ quote: route.legs![i]!, hop: await w.call('hops.get', { id: leg.hopId! }) })));
}

/** Plans, starts and follows one row's move on a wallet of its own, checking every leg. */
async function move(row: Row, w: MoveWallet): Promise<void> {
  const d = devnets();
  const destination = row.to.layer === 'lightning' ? d.printed.find((s) => s.use === 'lightning-address')!.url : undefined;
  const { routes } = await w.call('hops.plan', { from: row.from, to: row.to, amount: row.amount, ...(destination ? { destination } : {}) });
  const route = routes.find((r) => r.available && (!row.mechanism || r.mechanism === row.mechanism));
  expect(route, `${title(row)}: ${routes.map((r) => `${r.mechanism}: ${r.reason}`).join('; ')}`).toBeDefined();
  expect(route!.send).toBe(parseAmount(row.amount, hopAsset(row.from)!.decimals).toString());

  // Every asset the move touches, before and after: the source, each intermediate one, the destination.
  const assets = [row.from, ...(route!.via ?? []), row.to];
  const before = await Promise.all(assets.map((a) => w.balance(a)));
  const started = route!.mechanism === CHAINED ? await w.call('chains.start', { quoteId: route!.quoteId }) : await w.call('hops.start', { quoteId: route!.quoteId });
  const done = await w.waitUntilDone(started.id);
  const legs = await legsOf(w, route!, done);
  for (const leg of legs) expect(leg.hop.outcome, leg.hop.lastError).toBe('completed');
  const after = await Promise.all(assets.map((a) => w.balance(a)));

  checkSpent(legs[0]!.quote, before[0]! - after[0]!);
  for (let i = 1; i < legs.length; i++) checkHandOver(legs[i]!.hop, legs[i - 1]!.hop, after[i]! - before[i]!);
  const last = legs[legs.length - 1]!;
  checkReceived(last.quote, last.hop, await arrived(w, last.hop, before[assets.length - 1]!));
}

// Wallets are made and funded first, while no move makes the devnets busy; then the rows run
// concurrently, as many at once as vitest's maxConcurrency (5): every server runs in this process,
// and all rows at once starve its event loop past the wallet's 15 s request timeout.
describe.concurrent('every ordered pair with a route is quoted and completed, amounts checked at every leg', () => {
  const wallets = new Map<string, MoveWallet>();
  beforeAll(async () => {
    await Promise.all(ROWS.map(async (row) => wallets.set(title(row), await devnets().wallet())));
  }, 300_000);
  it.each(ROWS.map((r) => ({ row: r, title: title(r) })))('$title', ({ row, title }) => move(row, wallets.get(title)!), 300_000);
});
