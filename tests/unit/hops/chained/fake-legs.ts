/**
 * Two scripted mechanisms for the chain runner's unit tests (the runner, not a
 * counterparty, is under test): sBTC → BTC ('sbtc-withdrawal') and BTC → Lightning
 * ('boltz-submarine', which pays an invoice bound from an LNURL). Each quote takes
 * a fixed fee; a hop funds on its first advance (or finds its funding, looking on
 * chain as real mechanisms do) and ends as the test says.
 */
import { ChainStore } from '../../../../src/hops/chained/store';
import { ChainRunner } from '../../../../src/hops/chained/runner';
import type { ChainedQuote, MoveJournal, MoveJournalEntry } from '../../../../src/hops/chained/types';
import { HopEngine } from '../../../../src/hops/engine';
import type { HopContext, Mechanism } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import type { AssetRef, HopOutcome, HopRecord, RouteQuote } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { LAYER_IDS, type LayerId } from '../../../../src/shared/layers';
import { resolvePreset, type NetworkPreset } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';
import type { LocalText } from '../../../../src/shared/local-text';

export const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };
export const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
export const LN: AssetRef = { layer: 'lightning', asset: 'BTC' };
export const LBTC: AssetRef = { layer: 'liquid', asset: 'L-BTC' };

/** What the fake services do; tests change it between passes. */
export interface World {
  log: string[];
  fee: bigint;
  /** Per mechanism: the quote is unavailable with this reason. */
  unavailable: Partial<Record<string, string | LocalText>>;
  /** Per mechanism: create is refused with this message. */
  refuseCreate: Partial<Record<string, string>>;
  /** Per hop id: how it ends on its next advance after funding. */
  ends: Record<string, HopOutcome>;
  invoices: bigint[];
  /** Hops whose funding is on chain (a restored profile's mechanism finds it instead of funding again). */
  funded: Set<string>;
  /** Added to the send of a quote bound to an invoice (a counterparty that prices the bound quote higher). */
  bindSendExtra?: bigint;
  /** What funding a leg costs on its source layer besides what it sends (a fee line marked onTopOn), when set. */
  onTop?: bigint;
  /** Per mechanism: funding throws this (the wallet could not pay, the node was away); nothing is sent. */
  fundError: Partial<Record<string, WalletError>>;
}

export function newWorld(): World {
  return { log: [], fee: 1000n, unavailable: {}, refuseCreate: {}, ends: {}, invoices: [], funded: new Set(), fundError: {} };
}

function fake(world: World, id: 'sbtc-withdrawal' | 'boltz-submarine' | 'boltz-chain', from: AssetRef, to: AssetRef): Mechanism {
  return {
    id,
    pairs: () => [{ from, to }],
    quote: async (_c, f, t, amount): Promise<RouteQuote> => {
      world.log.push(`quote ${id} ${amount}`);
      const why = world.unavailable[id];
      const base = { mechanism: id, from: f, to: t, counterparty: `${id} service`, serviceFee: null, networkFees: [], min: '1000', max: '10000000', expectedMinutes: 10 };
      if (why) return { ...base, available: false, reason: why, send: '0', receive: '0' };
      const onTop = world.onTop === undefined ? [] : [{ label: 'funding', amount: world.onTop.toString(), decimals: 8, symbol: 'BTC', onTopOn: f.layer }];
      return { ...base, networkFees: onTop, available: true, send: amount.toString(), receive: (amount - world.fee).toString() };
    },
    bindInvoice: async (_c, q, invoiceFor) => ({ ...q, send: (BigInt(q.send) + (world.bindSendExtra ?? 0n)).toString(), terms: { invoice: await invoiceFor(BigInt(q.receive)) } }),
    create: async (ctx, q, index, hopId): Promise<HopRecord> => {
      const why = world.refuseCreate[id];
      if (why) throw new WalletError('backend_error', why);
      world.log.push(`create ${hopId} ${q.send}`);
      const now = ctx.now();
      return {
        id: hopId, index, mechanism: id, from: q.from, to: q.to, send: q.send, expectedReceive: q.receive,
        network: { [q.from.layer]: 'devnet', [q.to.layer]: 'devnet' }, createdAt: now, updatedAt: now, state: 'created', outcome: 'in-progress', steps: [],
        data: { ...(q.terms?.invoice ? { invoice: q.terms.invoice, invoiceSats: q.receive } : {}), swapId: `swap-${hopId}` },
      };
    },
    advance: async (_c, r) => {
      if (r.state === 'created') {
        const refused = world.fundError[id];
        if (refused && !world.funded.has(r.id)) {
          world.log.push(`unfunded ${r.id} ${r.send}`);
          throw refused;
        }
        world.log.push(`${world.funded.has(r.id) ? 'found' : 'fund'} ${r.id} ${r.send}`);
        world.funded.add(r.id);
        return { ...r, state: 'funded' };
      }
      const end = world.ends[r.id];
      return end ? { ...r, state: end, outcome: end } : r;
    },
  };
}

export const mechanisms = (world: World) => [fake(world, 'sbtc-withdrawal', SBTC, BTC), fake(world, 'boltz-submarine', BTC, LN), fake(world, 'boltz-chain', BTC, LBTC)];

export function hopCtx(): HopContext {
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, 'devnet', {})])) as { [L in LayerId]: NetworkPreset<L> };
  return { now: () => Date.now(), presets } as unknown as HopContext;
}

export class MemoryJournal implements MoveJournal {
  readonly entries = new Map<string, MoveJournalEntry>();
  failing = false;
  puts: MoveJournalEntry[] = [];
  async put(entry: MoveJournalEntry) {
    if (this.failing) throw new WalletError('network_error', 'The relay did not answer; the copy was not saved.');
    const copy = JSON.parse(JSON.stringify(entry)) as MoveJournalEntry;
    this.puts.push(copy);
    this.entries.set(entry.id, copy);
  }
  async list() {
    return [...this.entries.values()];
  }
}

/** One worker's view of a profile: engine, runner and stores over `area`. */
export function worker(world: World, area = new MemoryArea(), journal?: MoveJournal) {
  const hops = new HopStore(area);
  const chains = new ChainStore(area);
  const engine = new HopEngine(mechanisms(world), hops);
  const runner = new ChainRunner({
    engine,
    hops,
    chains,
    ...(journal ? { journal } : {}),
    invoiceFor: async (_ctx, destination, sats) => {
      world.invoices.push(sats);
      world.log.push(`invoice ${destination} ${sats}`);
      return `lnbcrt-${sats}`;
    },
  });
  return { area, hops, chains, engine, runner, ctx: hopCtx() };
}

/**
 * Kills `w` on the first storage write `fatal` matches, once that write is on disk: later writes
 * never finish. Returns the disk as the dead worker left it, and whether it died.
 */
export function dieOnWrite(w: ReturnType<typeof worker>, fatal: (items: Record<string, unknown>) => boolean): { disk: MemoryArea; dead: () => boolean } {
  const disk = new MemoryArea();
  const write = w.area.set.bind(w.area);
  let dead = false;
  w.area.set = async (items) => {
    if (dead) return new Promise(() => undefined);
    await write(items);
    if (fatal(items)) {
      dead = true;
      for (const [k, v] of w.area.data) disk.data.set(k, v);
    }
  };
  return { disk, dead: () => dead };
}

/** sBTC → BTC → Lightning (or L-BTC) for `send` sats, as a planner would quote it, keeping `reserve` between the legs. */
export async function chainedQuote(w: ReturnType<typeof worker>, send: bigint, reserve = 500n, minSlack = 0n, to: AssetRef = LN): Promise<ChainedQuote> {
  const leg0 = await w.engine.quote(w.ctx, 'sbtc-withdrawal', SBTC, BTC, send);
  const leg1 = await w.engine.quote(w.ctx, to === LN ? 'boltz-submarine' : 'boltz-chain', BTC, to, BigInt(leg0.receive) - reserve);
  return {
    ...leg0,
    mechanism: 'chained',
    to,
    receive: leg1.receive,
    legs: [leg0, leg1],
    via: [BTC],
    costBps: 0,
    worstCase: [],
    minReceive: (BigInt(leg1.receive) - minSlack).toString(),
    ...(to === LN ? { destination: 'alice@example.test' } : {}),
  };
}
