/**
 * Runs hops: creates them (record written before any funds move), advances every
 * unfinished one when asked (worker start, alarm, popup), and keeps going through
 * errors: a failed step is recorded and retried on the next pass, never lost.
 * An advance or a refund of one hop runs alone (HopStore.exclusive): each loads
 * the record when its turn comes, so neither saves over what the other did.
 */
import { routeReason, WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';
import { switchedAway } from './hop-networks';
import { sameAsset, type Deadline, type HopContext, type Mechanism, type RefundState, type RestoreResult } from './mechanism';
import type { HopStore } from './records';
import { isChained, planChains, type ChainPlanOptions } from './chained/plan';
import { checkMove, planRoutes, quoteInTime, rankRoutes, unavailable, type PlannedRoute, type PlannedRoutes } from './routes';
import { GetMemo } from '../shared/http-memo';
import type { HopSide } from '../layers/registry';
import type { LayerId } from '../shared/layers';
import type { RouteMatrixCell } from '../shared/hop-views';
import { routeMatrix } from './chained/matrix';
import type { AssetRef, HopRecord, MechanismId, RouteQuote } from './types';

const RETRY_AFTER_ERROR_MS = 15_000;

/** How a chained move starts one of its legs (see HopEngine.start). */
export interface StartOptions {
  /** The hop's id, chosen by the caller; a hop stored under it already is advanced, not created again. */
  id?: string;
  /** Stamped on the record: the chain this hop is a leg of, and which leg. */
  chainId?: string;
  leg?: number;
  /** Called once the record is stored and before its first advance (which funds it). */
  beforeFunding?(record: HopRecord): Promise<void>;
}

export class HopEngine {
  private readonly running = new Map<string, Promise<HopRecord>>();
  /** Index syncs plans started (Mechanism.prepareIndex), until they end. */
  private readonly preparing = new Set<Promise<void>>();

  constructor(
    private readonly mechanisms: readonly Mechanism[],
    private readonly store: HopStore,
  ) {}

  /**
   * Every route for the pair: the direct ones, and with `chains` the chained ones
   * too, ranked together. One plan shares one memo of GET answers (pair tables, fee
   * estimates, heights), so the legs of its chains and its direct routes fetch each
   * URL once; the memo ends with the plan.
   */
  plan(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint): Promise<PlannedRoutes<RouteQuote>>;
  plan(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint, chains: ChainPlanOptions): Promise<PlannedRoutes>;
  async plan(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint, chains?: ChainPlanOptions): Promise<PlannedRoutes> {
    checkMove(from, to, amount);
    const started = ctx.now();
    const planning = planContext(ctx);
    const [direct, chained] = await Promise.all([
      planRoutes(planning, this.mechanisms, from, to, amount),
      chains ? planChains(planning, this.mechanisms, from, to, amount, chains) : [],
    ]);
    const routes = rankRoutes<PlannedRoute>([...direct.routes, ...chained]);
    this.prepare(ctx, routes);
    return { routes, wallMs: ctx.now() - started };
  }

  /**
   * The routes that pay exactly this invoice (mechanisms with `quoteForInvoice`
   * connecting the pair), or null when none does: the amount then decides.
   */
  async planForInvoice(ctx: HopContext, from: AssetRef, to: AssetRef, invoice: { text: string; sats: bigint }): Promise<PlannedRoutes<RouteQuote> | null>;
  async planForInvoice(ctx: HopContext, from: AssetRef, to: AssetRef, invoice: { text: string; sats: bigint }, chains: ChainPlanOptions): Promise<PlannedRoutes | null>;
  async planForInvoice(ctx: HopContext, from: AssetRef, to: AssetRef, invoice: { text: string; sats: bigint }, chains?: ChainPlanOptions): Promise<PlannedRoutes | null> {
    const payers = this.mechanisms.filter((m) => m.quoteForInvoice && m.pairs().some((p) => sameAsset(p.from, from) && sameAsset(p.to, to)));
    if (!payers.length) return null;
    const started = ctx.now();
    const planning = planContext(ctx);
    // As planRoutes does: a payer that cannot quote (no service on these networks, unreachable) is a route with its reason.
    const routes: PlannedRoute[] = await Promise.all(payers.map((m) => m.quoteForInvoice!(planning, from, invoice).catch((err: unknown) => unavailable(m.id, from, to, routeReason(err)))));
    // A chain cannot pay an invoice's fixed amount: its chains are listed with `chains.blocked` as the reason, unquoted.
    if (chains) routes.push(...(await planChains(planning, this.mechanisms, from, to, 0n, chains)));
    this.prepare(ctx, routes);
    return { routes, wallMs: ctx.now() - started };
  }

  /**
   * Starts, without waiting, each offered route's prepareIndex (a chain's for its first
   * leg, the one whose start the user waits for), in the context the plan was given, not
   * the plan's memo of GET answers. Failures are dropped: the start's beforeIndex decides.
   */
  private prepare(ctx: HopContext, routes: readonly PlannedRoute[]): void {
    const own = planOrigins.get(ctx) ?? ctx;
    for (const route of routes) {
      const quote = isChained(route) ? route.legs[0] : route;
      if (!route.available || !quote?.available) continue;
      const m = this.mechanisms.find((x) => x.id === quote.mechanism);
      if (!m?.prepareIndex) continue;
      const run = m.prepareIndex(own, quote, this.store).catch(() => undefined);
      this.preparing.add(run);
      void run.finally(() => this.preparing.delete(run));
    }
  }

  /** Resolves once the index syncs started by plans so far have ended (a start does not need it: it waits by itself). */
  async prepared(): Promise<void> {
    await Promise.all([...this.preparing]);
  }

  /** Planned routes bound to invoices fetched for what each delivers, where its mechanism can (`bindInvoice`). */
  bindInvoices<R extends PlannedRoute>(ctx: HopContext, planned: PlannedRoutes<R>, invoiceFor: (sats: bigint) => Promise<string>): Promise<R[]> {
    const planning = planContext(ctx);
    return Promise.all(
      planned.routes.map(async (q): Promise<R> => {
        // A chain's last leg asks for its invoice when it starts (the runner), not now.
        if (isChained(q)) return q;
        const m = this.mechanisms.find((x) => x.id === q.mechanism);
        return m?.bindInvoice ? ((await m.bindInvoice(planning, q, invoiceFor)) as R) : q;
      }),
    );
  }

  /** One mechanism's quote (a chain's next leg), or the route unavailable with the reason the service gave. */
  async quote(ctx: HopContext, mechanism: string, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote> {
    const m = this.mechanisms.find((x) => x.id === mechanism);
    if (!m) return unavailable(mechanism as MechanismId, from, to, localText('err_no_mechanism', mechanism));
    if (amount <= 0n) return unavailable(m.id, from, to, localText('err_route_nothing_left'));
    try {
      return await quoteInTime(m, ctx, from, to, amount);
    } catch (err) {
      return unavailable(m.id, from, to, routeReason(err));
    }
  }

  /** One quote bound to an invoice `invoiceFor` fetches for what it delivers (a chain's last leg to Lightning). */
  bindInvoice(ctx: HopContext, quote: RouteQuote, invoiceFor: (sats: bigint) => Promise<string>): Promise<RouteQuote> {
    const m = this.mechanisms.find((x) => x.id === quote.mechanism);
    if (!m?.bindInvoice) throw new WalletError('unsupported', localText('err_route_no_lightning_address'));
    return m.bindInvoice(ctx, quote, invoiceFor);
  }

  /** Whether this wallet has mechanism `id` (a restored copy may name one it does not). */
  has(id: string): boolean {
    return this.mechanisms.some((m) => m.id === id);
  }

  /** Which ordered pairs of `assets` have a route on the context's presets, and how (no quote fetched). */
  matrix(ctx: HopContext, assets: readonly AssetRef[]): Promise<RouteMatrixCell[]> {
    return routeMatrix(ctx, this.mechanisms, assets);
  }

  /** Every mechanism's restore (each shared function once), results together. */
  async restore(ctx: HopContext): Promise<RestoreResult> {
    const restorers = new Set(this.mechanisms.map((m) => m.restore).filter((f): f is NonNullable<Mechanism['restore']> => !!f));
    const out: RestoreResult = { restored: [], skipped: [] };
    for (const restore of restorers) {
      const r = await restore(ctx, this.store);
      out.restored.push(...r.restored);
      out.skipped.push(...r.skipped);
    }
    return out;
  }

  private mechanism(id: string): Mechanism {
    const m = this.mechanisms.find((x) => x.id === id);
    if (!m) throw new WalletError('unsupported', localText('err_no_mechanism', id));
    return m;
  }

  /**
   * Creates the hop from a fresh quote, persists it, then takes the first step
   * (funding). Creation runs alone (HopStore.creating), after the mechanism has
   * brought the key index past what its counterparty saw this seed use.
   *
   * With `opts.id` (a chain's leg, its id derived from the chain and the leg) a
   * hop already stored under that id is advanced instead of creating another: a
   * worker killed after creating the leg but before its chain noted it starts it
   * again with the same id, and must not fund the leg twice.
   */
  async start(ctx: HopContext, quote: RouteQuote, opts: StartOptions = {}): Promise<HopRecord> {
    const { record, fresh } = await this.store.creating(async () => {
      const stored = opts.id ? await this.store.get(opts.id) : undefined;
      if (stored) return { record: stored, fresh: false };
      if (!quote.available) throw new WalletError('unsupported', quote.reason ?? localText('err_route_unavailable'));
      const mechanism = this.mechanism(quote.mechanism);
      await mechanism.beforeIndex?.(ctx, quote, this.store);
      const index = await this.store.reserveIndex();
      const id = opts.id ?? `hop-${ctx.now().toString(36)}-${index}`;
      const created = await mechanism.create(ctx, quote, index, id);
      const chained = opts.chainId !== undefined ? { ...created, chainId: opts.chainId, leg: opts.leg } : created;
      await this.store.put(chained);
      return { record: chained, fresh: true };
    });
    // A found hop that has not moved on yet may never have reached the hook (the worker died in between).
    if (opts.beforeFunding && (fresh || record.state === 'created')) await opts.beforeFunding(record);
    return this.advance(ctx, record.id);
  }

  /** One advance of one hop; concurrent calls for the same hop share the run. */
  advance(ctx: HopContext, id: string): Promise<HopRecord> {
    const inFlight = this.running.get(id);
    if (inFlight) return inFlight;
    const run = this.store.exclusive(id, () => this.advanceOnce(ctx, id)).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  private async advanceOnce(ctx: HopContext, id: string): Promise<HopRecord> {
    const record = await this.store.get(id);
    if (!record) throw new WalletError('not_found', localText('err_no_such_move'));
    if (record.outcome !== 'in-progress') return record;
    const paused = await this.pausedIfSwitched(ctx, record);
    if (paused) return paused;
    const mechanism = this.mechanism(record.mechanism);
    try {
      // The error of an earlier attempt is cleared; a note the mechanism sets now
      // (e.g. "the refund becomes possible at block N") is kept for the UI.
      const next = await mechanism.advance(this.saving(ctx), { ...record, lastError: undefined, lastErrorCode: undefined });
      const updated = { ...next, updatedAt: ctx.now() };
      await this.store.put(updated);
      return updated;
    } catch (err) {
      // Keep what the mechanism saved mid-step (e.g. a funding txid) when the step then failed.
      const latest = (await this.store.get(id)) ?? record;
      const failed = {
        ...latest,
        lastError: err instanceof WalletError ? (err.text ?? err.message) : localText('err_unexpected_retry'),
        lastErrorCode: err instanceof WalletError ? err.code : undefined,
        nextCheckAt: ctx.now() + RETRY_AFTER_ERROR_MS,
        updatedAt: ctx.now(),
      };
      await this.store.put(failed);
      return failed;
    }
  }

  /**
   * The hop, noted as waiting, when Settings no longer select a network it runs on
   * (the context's presets are the selected ones); null when it may act.
   */
  private async pausedIfSwitched(ctx: HopContext, record: HopRecord): Promise<HopRecord | null> {
    const away = ctx.presets ? switchedAway(record, ctx.presets) : null;
    if (!away) return null;
    if (JSON.stringify(record.lastError) === JSON.stringify(away)) return record;
    const paused = { ...record, lastError: away, lastErrorCode: undefined, updatedAt: ctx.now() };
    await this.store.put(paused);
    return paused;
  }

  /** The context with `save`, through which a mechanism stores a txid before broadcasting it, and the stored records. */
  private saving(ctx: HopContext): HopContext {
    return { ...ctx, save: (r) => this.store.put({ ...r, updatedAt: ctx.now() }), records: () => this.store.all() };
  }

  /** Advances every unfinished hop that is due (all of them with `force`). */
  async tick(ctx: HopContext, force = false): Promise<HopRecord[]> {
    const due = (await this.store.all()).filter((r) => r.outcome === 'in-progress' && (force || !r.nextCheckAt || r.nextCheckAt <= ctx.now()));
    return Promise.all(due.map((r) => this.advance(ctx, r.id)));
  }

  refund(ctx: HopContext, id: string): Promise<HopRecord> {
    return this.store.exclusive(id, async () => {
      const record = await this.store.get(id);
      if (!record) throw new WalletError('not_found', localText('err_no_such_move'));
      const mechanism = this.mechanism(record.mechanism);
      if (!mechanism.refund) throw new WalletError('unsupported', localText('err_hop_no_refund'));
      const away = ctx.presets ? switchedAway(record, ctx.presets) : null;
      if (away) throw new WalletError('wrong_network', away);
      // A refund signs before it broadcasts too (an sBTC reclaim): its txid is saved first.
      const next = await mechanism.refund(this.saving(ctx), record);
      const updated = { ...next, updatedAt: ctx.now() };
      await this.store.put(updated);
      return updated;
    });
  }

  /**
   * What the hop's mechanism says of its refund now, or null: finished, a mechanism
   * without refunds, or a layer of the hop switched to another network (the tip read
   * would be another chain's). Moves nothing.
   */
  async refundState(ctx: HopContext, record: HopRecord): Promise<RefundState | null> {
    if (record.outcome !== 'in-progress') return null;
    const m = this.mechanisms.find((x) => x.id === record.mechanism);
    if (!m?.refund || !m.refundState) return null;
    if (ctx.presets && switchedAway(record, ctx.presets)) return null;
    return m.refundState(ctx, record);
  }

  /** The counterparty's deadline for the hop's next step, or null (finished, none, or a layer switched to another network). */
  async deadline(ctx: HopContext, record: HopRecord): Promise<Deadline | null> {
    if (record.outcome !== 'in-progress') return null;
    const m = this.mechanisms.find((x) => x.id === record.mechanism);
    if (!m?.deadline) return null;
    if (ctx.presets && switchedAway(record, ctx.presets)) return null;
    return m.deadline(ctx, record);
  }

  list(): Promise<HopRecord[]> {
    return this.store.all();
  }

  async hasActive(): Promise<boolean> {
    return (await this.store.all()).some((r) => r.outcome === 'in-progress');
  }
}

/**
 * The context of one plan: its GETs answered from one memo, and its payment quotes
 * on Bitcoin and Liquid priced from one scan of each wallet (`planQuotes`), so the
 * many quotes of a plan that price our lockup or funding do not each walk the
 * wallet again. Both end with the plan; a hop's funding never sees this context.
 */
export function planContext(ctx: HopContext): HopContext {
  // A context already made for this plan is kept: what binds its routes to invoices shares its scans.
  if (planOrigins.has(ctx)) return ctx;
  const memo = new GetMemo();
  const sides = new Map<LayerId, Promise<unknown>>();
  const side = <L extends LayerId>(layer: L): Promise<HopSide<L>> => {
    let s = sides.get(layer) as Promise<HopSide<L>> | undefined;
    if (!s) {
      s = ctx.side(layer).then((raw) => {
        const own = raw as HopSide<L> & { planQuotes?: () => unknown };
        return typeof own.planQuotes === 'function' ? { ...own, quotePayment: own.planQuotes() } : own;
      });
      sides.set(layer, s);
    }
    return s;
  };
  const planning: HopContext = { ...ctx, http: (url) => memo.wrap(ctx.http(url)), side };
  planOrigins.set(planning, ctx);
  return planning;
}

/** Each plan's context, to the context it was made from (work that outlives the plan runs in that one). */
const planOrigins = new WeakMap<HopContext, HopContext>();
