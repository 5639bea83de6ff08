/**
 * Runs chained moves. A chain is one stored record (ChainStore) listing its legs;
 * each started leg is an ordinary hop (id `<chain>-leg<i>`, stamped with the chain)
 * that the HopEngine advances like any other, so every mechanism's crash safety
 * and restore keep working. The runner only decides when a leg starts:
 *
 * - the chain is stored before anything moves, then leg 0 starts;
 * - when a leg's hop completed, the next leg is quoted afresh for what it
 *   delivered (less the plan's funding reserve), checked against the chain's
 *   `minReceive`, and started; if it cannot, the chain stops with the funds in the
 *   wallet on the intermediate layer (`heldOn`) and the user continues or leaves;
 * - a leg's hop id is fixed by the chain and the leg, and a stored hop under it is
 *   taken up, not created again: a worker killed between "leg hop created" and
 *   "chain updated" never starts a leg twice.
 *
 * Each chain advances alone (ChainStore.exclusive). The move journal, when given,
 * gets a copy on creation, before each leg's funding and on every status change;
 * it never blocks a move (a failure is noted on the chain).
 */
import { routeReason, WalletError } from '../../shared/errors';
import { CHAINED, type AssetRef, type ChainLegView } from '../../shared/hop-views';
import type { LocalText } from '../../shared/local-text';
import type { HopEngine, StartOptions } from '../engine';
import { switchedAway } from '../hop-networks';
import { sameAsset, type HopContext } from '../mechanism';
import type { HopStore } from '../records';
import type { HopRecord, RouteQuote } from '../types';
import { deliveredBy } from './delivered';
import { fundable, onTopOn } from './walk';
import { readJournalBody, type JournalBody } from './journal-body';
import type { ChainStore } from './store';
import { amountOf, failed, stopped } from './texts';
import type { ChainedQuote, ChainRecord, MoveJournal, MoveJournalEntry } from './types';
import { localText } from '../../shared/local-text';
import { setStep } from '../steps';

export interface ChainRunnerDeps {
  engine: HopEngine;
  hops: HopStore;
  chains: ChainStore;
  /** An invoice of `sats` from an LNURL-pay or Lightning Address destination, checked (background: invoiceFromLnurl). */
  invoiceFor?(ctx: HopContext, destination: string, sats: bigint): Promise<string>;
  journal?: MoveJournal;
}

/** A stopped chain's next leg, quoted afresh, and what the whole chain would then deliver. */
export interface ChainRequote {
  quote: RouteQuote;
  finalReceive: bigint;
}

export interface AdoptResult {
  adopted: string[];
  skipped: { id: string; reason: string }[];
}

/** A leg's hop id; `retry` counts the hops of that leg closed unfunded before it (each continue starts a new one). */
export const legHopId = (chainId: string, leg: number, retry = 0): string => (retry ? `${chainId}-leg${leg}-r${retry}` : `${chainId}-leg${leg}`);

/** The id leg `i`'s hop has, or will have when it starts. */
const hopIdOf = (chain: ChainRecord, i: number): string => chain.legs[i]?.hopId ?? legHopId(chain.id, i, chain.retries?.[i] ?? 0);

/** Funding failures no retry mends: the wallet cannot pay the leg as it was set up (the amount or its fee is more than it holds, or too small to send). */
const FINAL_FUNDING_CODES: readonly string[] = ['insufficient_funds', 'below_dust'];
/** The state of a leg's hop closed by the runner because it could not be funded (nothing was sent). */
const NOT_FUNDED = 'not-funded';

/**
 * Whether a leg's hop failed to fund for good and sent nothing: still at its first
 * state, its last attempt refused for a reason no retry mends, and naming no
 * transaction or payment (every mechanism saves its funding's id before broadcasting
 * it, and looks on chain for it before funding: own-funding.ts).
 */
function cannotFund(hop: HopRecord): boolean {
  return hop.outcome === 'in-progress' && hop.state === 'created' && FINAL_FUNDING_CODES.includes(hop.lastErrorCode ?? '') && !namesFunding(hop);
}

/** A hop this runner closed unfunded. Only with its outcome: one still running goes by its data, whatever its state says (a copy's). */
const closedUnfunded = (hop: HopRecord): boolean => hop.state === NOT_FUNDED && hop.outcome === 'failed';

function namesFunding(hop: HopRecord): boolean {
  if (hop.steps.some((s) => s.txid)) return true;
  const seen = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && Object.entries(v).some(([k, x]) => (/(txid|txhash|hex)$|^paymentStartedAt$/i.test(k) && x !== undefined && x !== '') || seen(x));
  return seen(hop.data);
}

type Projection = { quote: RouteQuote; finalReceive: bigint } | { stop: LocalText; transient?: boolean };

/**
 * How long a next leg whose quote did not come in time (a slow or unreachable service)
 * is tried again on each tick before the chain stops: meanwhile the funds wait in the
 * wallet, as they would once stopped, and nothing is sent.
 */
export const NEXT_LEG_PATIENCE_MS = 10 * 60_000;
/** Quote refusals that say the service was slow or out of reach, not that it refused. */
const TRANSIENT_REASONS: readonly string[] = ['err_quote_slow', 'err_http_timeout', 'err_http_unreachable'];
const isTransient = (reason: string | LocalText | undefined) => typeof reason === 'object' && TRANSIENT_REASONS.includes(reason.key);

export class ChainRunner {
  constructor(private readonly deps: ChainRunnerDeps) {}

  async list(): Promise<ChainRecord[]> {
    return (await this.deps.chains.all()).sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<ChainRecord> {
    const chain = await this.deps.chains.get(id);
    if (!chain) throw new WalletError('not_found', localText('err_no_such_move'));
    return chain;
  }

  /** Stores the chain (status running), copies it to the journal, then starts leg 0. */
  async start(ctx: HopContext, quote: ChainedQuote): Promise<ChainRecord> {
    checkQuote(quote);
    const now = ctx.now();
    const id = `chain-${now.toString(36)}-${randomTag()}`;
    const legs = quote.legs;
    const last = legs[legs.length - 1]!;
    const layers = new Set(legs.flatMap((l) => [l.from.layer, l.to.layer]));
    const chain: ChainRecord = {
      id,
      from: legs[0]!.from,
      to: last.to,
      send: quote.send,
      expectedReceive: quote.receive,
      minReceive: quote.minReceive,
      legs: legs.map((l) => ({ from: l.from, to: l.to, mechanism: l.mechanism, counterparty: l.counterparty, send: l.send, expectedReceive: l.receive })),
      current: 0,
      status: 'running',
      network: Object.fromEntries([...layers].map((l) => [l, ctx.presets[l].id])),
      createdAt: now,
      updatedAt: now,
      reserves: legs.map((l, i) => (i === 0 ? '0' : nonNegative(BigInt(legs[i - 1]!.receive) - BigInt(l.send)).toString())),
      ...(quote.destination ? { destination: quote.destination } : {}),
    };
    return this.deps.chains.exclusive(id, async () => {
      await this.deps.chains.put(chain);
      await this.copy(ctx, id);
      try {
        const hop = await this.deps.engine.start(ctx, legs[0]!, this.legStart(ctx, id, 0, legs[0]!, legHopId(id, 0)));
        if (cannotFund(hop)) return this.unfunded(ctx, await this.get(id), 0, hop);
      } catch (err) {
        // Creation refused (nothing moved) unless the hop got stored: then ticks follow it.
        if (!(await this.deps.hops.get(legHopId(id, 0)))) {
          await this.end(ctx, id, 'failed', failed.notStarted(routeReason(err)));
          throw err;
        }
      }
      return this.get(id);
    });
  }

  /** Advances every running chain (each alone); a chain's failure to advance is kept for the next pass. */
  async tick(ctx: HopContext): Promise<ChainRecord[]> {
    const all = await this.deps.chains.all();
    const started = all.some((c) => c.status === 'stopped') ? new Set((await this.deps.hops.all()).map((h) => h.id)) : new Set<string>();
    // A stopped chain whose next leg's hop exists (a worker killed mid-continue) is taken up too.
    const due = all.filter((c) => c.status === 'running' || (c.status === 'stopped' && started.has(hopIdOf(c, c.current))));
    return Promise.all(due.map((c) => this.advance(ctx, c.id).catch(() => c)));
  }

  hasRunning(): Promise<boolean> {
    return this.deps.chains.all().then((all) => all.some((c) => c.status === 'running'));
  }

  advance(ctx: HopContext, id: string): Promise<ChainRecord> {
    return this.deps.chains.exclusive(id, () => this.advanceOnce(ctx, id));
  }

  private async advanceOnce(ctx: HopContext, id: string): Promise<ChainRecord> {
    let chain = await this.get(id);
    if (chain.status === 'stopped' && (await this.legHop(chain, chain.current))) {
      // Its next leg's hop was stored before the worker died (continue, before the chain noted it): that leg runs.
      chain = (await this.deps.chains.update(id, (c) => ({ ...c, status: 'running', reason: undefined, heldOn: undefined, updatedAt: ctx.now() })))!;
    }
    if (chain.status !== 'running') return chain;
    // Like its hops, a chain starts nothing while Settings select other networks for its layers.
    if (ctx.presets && switchedAway(chain, ctx.presets)) return chain;
    const i = chain.current;
    const hop = await this.legHop(chain, i);
    // Closed unfunded by a worker that died before the chain noted it: the chain notes it now.
    if (hop && (cannotFund(hop) || closedUnfunded(hop))) return this.unfunded(ctx, chain, i, hop);
    if (!hop) {
      // Leg 0 missing: the worker died after storing the chain, before the leg existed; nothing moved.
      if (i === 0) return this.end(ctx, id, 'failed', failed.notStarted(localText('err_chain_stopped_before_leg')));
      const prev = await this.legHop(chain, i - 1);
      if (!prev || prev.outcome !== 'completed') return chain;
      return this.startNext(ctx, chain, i, prev);
    }
    const synced = await this.syncLeg(ctx, chain, i, hop);
    if (hop.outcome === 'in-progress') return synced;
    if (hop.outcome === 'completed') {
      if (i === chain.legs.length - 1) return this.end(ctx, id, 'completed');
      return this.startNext(ctx, synced, i + 1, hop);
    }
    return this.end(ctx, id, 'failed', failed.leg(i, hop.mechanism, hop.outcome, hop.from));
  }

  /** The hop of leg `i`, by the id the chain noted or the one it would have. */
  private legHop(chain: ChainRecord, i: number): Promise<HopRecord | undefined> {
    return this.deps.hops.get(hopIdOf(chain, i));
  }

  /** Starts leg `n` from what leg n−1 delivered, or stops the chain with the funds where they are. */
  private async startNext(ctx: HopContext, chain: ChainRecord, n: number, prev: HopRecord): Promise<ChainRecord> {
    const hopId = hopIdOf(chain, n);
    const taken = await this.deps.hops.get(hopId);
    // Created before the worker died, the chain not yet told: take it up, start nothing.
    if (taken) return this.syncLeg(ctx, chain, n, taken);
    const delivered = deliveredBy(prev);
    const held = prev.to;
    if (chain.restored) return this.stop(ctx, chain.id, n, stopped.restored(held, delivered), held, delivered);
    const projected = await this.project(ctx, chain, n, delivered - this.reserve(chain, n), held, delivered);
    if ('stop' in projected) {
      if (projected.transient && ctx.now() - prev.updatedAt < NEXT_LEG_PATIENCE_MS) return this.get(chain.id);
      return this.stop(ctx, chain.id, n, projected.stop, held, delivered);
    }
    if (projected.finalReceive < BigInt(chain.minReceive)) {
      const last = chain.legs[chain.legs.length - 1]!;
      return this.stop(ctx, chain.id, n, stopped.belowMin(amountOf(last.to, projected.finalReceive), amountOf(last.to, BigInt(chain.minReceive)), held, delivered), held, delivered);
    }
    const quote = await this.bound(ctx, chain, n, projected.quote);
    if ('unbound' in quote) return this.stop(ctx, chain.id, n, stopped.invoice(quote.unbound, held, delivered), held, delivered);
    if (overreaches(quote, projected.quote, delivered - this.reserve(chain, n))) {
      return this.stop(ctx, chain.id, n, stopped.unavailable(quote.mechanism, OVERREACH, held, delivered), held, delivered);
    }
    try {
      const hop = await this.deps.engine.start(ctx, quote, this.legStart(ctx, chain.id, n, quote, hopId));
      if (cannotFund(hop)) return this.unfunded(ctx, await this.get(chain.id), n, hop);
    } catch (err) {
      if (!(await this.deps.hops.get(hopId))) {
        // Locked mid-setup (the keys were wiped), nothing moved: the chain stays running and a tick after unlock starts the leg.
        if (err instanceof WalletError && err.code === 'locked') return this.get(chain.id);
        return this.stop(ctx, chain.id, n, stopped.unavailable(chain.legs[n]!.mechanism, routeReason(err), held, delivered), held, delivered);
      }
    }
    return this.get(chain.id);
  }

  /** Quotes legs n… for `amount`, each next one for what the previous delivers less its reserve. */
  private async project(ctx: HopContext, chain: ChainRecord, n: number, amount: bigint, held: AssetRef, delivered: bigint): Promise<Projection> {
    let first: RouteQuote | undefined;
    let amt = amount;
    let receive = 0n;
    const quote = (l: ChainLegView, x: bigint) => this.deps.engine.quote(ctx, l.mechanism, l.from, l.to, x);
    for (let j = n; j < chain.legs.length; j++) {
      const leg = chain.legs[j]!;
      let q = await quote(leg, amt);
      if (j === n && q.available && amt + onTopOn(q, leg.from.layer) > delivered) {
        // Funding it costs more now than the plan kept back (the fee rate rose): the leg sends less, so what arrived still pays for it.
        const fit = await fundable(leg, delivered, quote);
        if (fit > 0n) q = await quote(leg, (amt = fit));
        else q = { ...q, available: false, reason: localText('err_route_nothing_left') };
      }
      if (!q.available) return { stop: stopped.unavailable(leg.mechanism, q.reason ?? localText('err_route_unavailable'), held, delivered), transient: isTransient(q.reason) };
      if (!sameAsset(q.from, leg.from) || !sameAsset(q.to, leg.to) || BigInt(q.send) > amt) {
        return { stop: stopped.unavailable(leg.mechanism, localText('err_chain_quote_mismatch'), held, delivered) };
      }
      if (j === n) first = q;
      receive = BigInt(q.receive);
      amt = receive - this.reserve(chain, j + 1);
    }
    return { quote: first!, finalReceive: receive };
  }

  /**
   * Leg n's quote, bound to an invoice of the chain's destination for what it
   * delivers when it is the last leg and pays Lightning (fetched only now: the
   * amount is known only when the leg starts); `unbound` says why there is none.
   */
  private async bound(ctx: HopContext, chain: ChainRecord, n: number, q: RouteQuote): Promise<RouteQuote | { unbound: string | LocalText }> {
    if (n !== chain.legs.length - 1 || chain.legs[n]!.to.layer !== 'lightning') return q;
    const destination = chain.destination;
    const invoiceFor = this.deps.invoiceFor;
    if (!destination || !invoiceFor) return { unbound: localText('err_chain_no_lightning_address') };
    try {
      return await this.deps.engine.bindInvoice(ctx, q, (sats) => invoiceFor(ctx, destination, sats));
    } catch (err) {
      return { unbound: routeReason(err) };
    }
  }

  private reserve(chain: ChainRecord, leg: number): bigint {
    const r = chain.reserves?.[leg];
    return r && /^\d+$/.test(r) ? BigInt(r) : 0n;
  }

  /** How the engine starts leg `i`: its fixed id, the chain stamped, the chain updated and copied before funds move. */
  private legStart(ctx: HopContext, chainId: string, i: number, quote: RouteQuote, id: string): StartOptions {
    return {
      id,
      chainId,
      leg: i,
      beforeFunding: async (hop) => {
        await this.deps.chains.update(chainId, (c) => ({
          ...withLeg(c, i, hop, quote.counterparty),
          current: i,
          status: 'running',
          reason: undefined,
          heldOn: undefined,
          updatedAt: ctx.now(),
        }));
        await this.copy(ctx, chainId);
      },
    };
  }

  /** Notes leg `i`'s hop on the chain (id, amounts, outcome) when it changed; leg i becomes current. */
  private async syncLeg(ctx: HopContext, chain: ChainRecord, i: number, hop: HopRecord): Promise<ChainRecord> {
    const leg = chain.legs[i]!;
    if (leg.hopId === hop.id && leg.outcome === hop.outcome && chain.current === i) return chain;
    await this.deps.chains.update(chain.id, (c) => ({ ...withLeg(c, i, hop), current: i, updatedAt: ctx.now() }));
    if (leg.hopId !== hop.id) await this.copy(ctx, chain.id);
    return this.get(chain.id);
  }

  /**
   * Leg `i`'s hop could not be funded (cannotFund) or was closed for it: the hop is
   * closed first, as no longer this chain's leg, so no tick funds it later; then the
   * chain stops with the funds where they are (a first leg: the move ends, nothing
   * moved), its next start of that leg under a new hop id. A hop that moved on
   * meanwhile is left to run.
   */
  private async unfunded(ctx: HopContext, chain: ChainRecord, i: number, hop: HopRecord): Promise<ChainRecord> {
    const closed = await this.closeUnfunded(ctx, hop.id);
    if (!closed) return this.get(chain.id);
    const note = closed.lastError;
    const why = typeof note === 'object' && note.key === 'hopNote_leg_not_funded' && note.params?.[0] !== undefined ? note.params[0] : (note ?? localText('err_unexpected_retry'));
    const unnamed = (c: ChainRecord): ChainRecord => ({ ...c, legs: c.legs.map((l, j) => (j === i ? { ...l, hopId: undefined, outcome: undefined } : l)) });
    if (i === 0) {
      await this.deps.chains.update(chain.id, unnamed);
      return this.end(ctx, chain.id, 'failed', failed.notStarted(why));
    }
    const prev = await this.legHop(chain, i - 1);
    if (!prev || prev.outcome !== 'completed') return this.get(chain.id);
    const held = prev.to;
    const delivered = deliveredBy(prev);
    // One write: a chain counting the closed hop but still running would start the leg anew after a restart, without the user.
    const reason = stopped.unfunded(closed.mechanism, why, held, delivered);
    await this.deps.chains.update(chain.id, (c) => {
      const retries = c.legs.map((_, j) => (c.retries?.[j] ?? 0) + (j === i && hopIdOf(c, j) === closed.id ? 1 : 0));
      return { ...stoppedAt(unnamed(c), i, reason, held, delivered, ctx.now()), retries };
    });
    await this.copy(ctx, chain.id);
    return this.get(chain.id);
  }

  /** Closes a hop that could not be funded (checked again under its lock); null when it moved on meanwhile. */
  private closeUnfunded(ctx: HopContext, id: string): Promise<HopRecord | null> {
    const { hops } = this.deps;
    return hops.exclusive(id, async () => {
      const now = await hops.get(id);
      if (!now) return null;
      if (closedUnfunded(now)) return now;
      if (!cannotFund(now)) return null;
      const { chainId: _chain, leg: _leg, ...rest } = now;
      const closed: HopRecord = {
        ...setStep(rest as HopRecord, 'fund', { status: 'skipped' }, ctx.now()),
        state: NOT_FUNDED,
        outcome: 'failed',
        lastError: localText('hopNote_leg_not_funded', now.lastError ?? localText('err_unexpected_retry')),
        lastErrorCode: undefined,
        nextCheckAt: undefined,
        updatedAt: ctx.now(),
      };
      await hops.put(closed);
      return closed;
    });
  }

  private async stop(ctx: HopContext, id: string, n: number, reason: LocalText, held: AssetRef, amount: bigint): Promise<ChainRecord> {
    await this.deps.chains.update(id, (c) => stoppedAt(c, n, reason, held, amount, ctx.now()));
    await this.copy(ctx, id);
    return this.get(id);
  }

  private async end(ctx: HopContext, id: string, status: 'completed' | 'failed', reason?: LocalText): Promise<ChainRecord> {
    await this.deps.chains.update(id, (c) => ({ ...c, status, ...(reason ? { reason } : {}), updatedAt: ctx.now() }));
    await this.copy(ctx, id);
    return this.get(id);
  }

  /** A stopped chain's next leg quoted afresh for what is held now (the funds have not moved since it stopped). */
  requote(ctx: HopContext, id: string): Promise<ChainRequote> {
    return this.deps.chains.exclusive(id, async () => {
      const chain = await this.stoppedChain(id);
      this.assertOnItsNetworks(ctx, chain);
      const n = chain.current;
      const held = chain.heldOn!;
      const delivered = BigInt(held.amount);
      const projected = await this.project(ctx, chain, n, delivered - this.reserve(chain, n), held, delivered);
      const quote = 'stop' in projected ? null : await this.bound(ctx, chain, n, projected.quote);
      if (!quote || 'unbound' in quote || overreaches(quote, (projected as { quote: RouteQuote }).quote, delivered - this.reserve(chain, n))) {
        throw new WalletError('unsupported', localText('err_chain_next_unquoted', amountOf(held, delivered)));
      }
      return { quote, finalReceive: (projected as { finalReceive: bigint }).finalReceive };
    });
  }

  /**
   * A stopped chain goes on with a quote `requote` gave (the user reviewed it; for
   * the last leg what it delivers, `accepted`, becomes the chain's new minimum).
   */
  continue(ctx: HopContext, id: string, quote: RouteQuote, accepted: bigint): Promise<ChainRecord> {
    return this.deps.chains.exclusive(id, async () => {
      const chain = await this.stoppedChain(id);
      this.assertOnItsNetworks(ctx, chain);
      const n = chain.current;
      const leg = chain.legs[n]!;
      const held = chain.heldOn!;
      if (!sameAsset(quote.from, leg.from) || !sameAsset(quote.to, leg.to) || BigInt(quote.send) > BigInt(held.amount)) {
        throw new WalletError('bad_params', localText('err_chain_quote_not_next'));
      }
      if (n === chain.legs.length - 1 && leg.to.layer === 'lightning' && typeof quote.terms?.invoice !== 'string') {
        throw new WalletError('bad_params', localText('err_chain_quote_no_invoice'));
      }
      // Only the last leg's quote shows the user what arrives; a middle leg's projection was never shown, so it lowers nothing
      // (the last leg then stops below the minimum and its own quote, seen, decides).
      const seen = n === chain.legs.length - 1 && accepted === BigInt(quote.receive);
      await this.deps.chains.update(id, (c) => ({ ...c, minReceive: seen && accepted < BigInt(c.minReceive) ? accepted.toString() : c.minReceive, restored: undefined, updatedAt: ctx.now() }));
      const hopId = hopIdOf(chain, n);
      try {
        const hop = await this.deps.engine.start(ctx, quote, this.legStart(ctx, id, n, quote, hopId));
        if (cannotFund(hop)) return this.unfunded(ctx, await this.get(id), n, hop);
      } catch (err) {
        if (!(await this.deps.hops.get(hopId))) {
          await this.stop(ctx, id, n, stopped.unavailable(quote.mechanism, routeReason(err), held, BigInt(held.amount)), held, BigInt(held.amount));
          throw new WalletError(err instanceof WalletError ? err.code : 'backend_error', localText('err_chain_continue_refused', routeReason(err), amountOf(held, BigInt(held.amount))));
        }
      }
      return this.get(id);
    });
  }

  /** A stopped chain ends with its funds where they are (`heldOn`). */
  leave(ctx: HopContext, id: string): Promise<ChainRecord> {
    return this.deps.chains.exclusive(id, async () => {
      await this.stoppedChain(id);
      await this.deps.chains.update(id, (c) => ({ ...c, status: 'left', updatedAt: ctx.now() }));
      await this.copy(ctx, id);
      return this.get(id);
    });
  }

  private async stoppedChain(id: string): Promise<ChainRecord> {
    const chain = await this.get(id);
    if (chain.status !== 'stopped' || !chain.heldOn) throw new WalletError('bad_params', localText('err_chain_not_stopped'));
    if (await this.legHop(chain, chain.current)) {
      throw new WalletError('bad_params', localText('err_chain_next_started'));
    }
    return chain;
  }

  /** The funds wait on the chain's networks: a leg quoted or started on others would not reach them. */
  private assertOnItsNetworks(ctx: HopContext, chain: ChainRecord): void {
    const away = ctx.presets ? switchedAway(chain, ctx.presets) : null;
    if (away) throw new WalletError('wrong_network', away);
  }

  /** Puts the chain and its leg hops in the journal; a failure is noted on the chain and never thrown. */
  private async copy(ctx: HopContext, id: string): Promise<void> {
    const journal = this.deps.journal;
    if (!journal) return;
    const chain = await this.deps.chains.get(id);
    if (!chain) return;
    const legs = (await this.deps.hops.all()).filter((r) => r.chainId === id);
    const body: JournalBody = { chain: { ...chain, journalError: undefined }, legs };
    let error: string | LocalText | undefined;
    const put = journal.put({ id, body, updatedAt: ctx.now() });
    try {
      await withinCopyWait(put);
    } catch (err) {
      error = err instanceof WalletError ? (err.text ?? err.message) : localText('err_journal_unreachable');
    }
    if (JSON.stringify(error) !== JSON.stringify(chain.journalError)) await this.deps.chains.update(id, (c) => ({ ...c, journalError: error }));
  }

  /** Every entry the journal holds (none without a journal). */
  readJournal(): Promise<MoveJournalEntry[]> {
    return this.deps.journal ? this.deps.journal.list() : Promise.resolve([]);
  }

  /**
   * A restored profile reads its chains back from the journal: each body is checked
   * field by field; chains and leg hops this profile lacks are stored (a leg a
   * mechanism's own restore brought back — same hop id, swap id or key index — is
   * linked, not stored twice), and the key index is bumped past theirs. Legs under
   * way are advanced by their mechanisms; whether the next leg then starts by itself
   * or waits for the user is `confirmsNextLeg`'s rule (the copy may be stale).
   */
  async adopt(ctx: HopContext, entries: readonly MoveJournalEntry[]): Promise<AdoptResult> {
    const out: AdoptResult = { adopted: [], skipped: [] };
    const newest = new Map<string, JournalBody>();
    for (const entry of entries) {
      const body = readJournalBody(entry?.body, (m) => m !== CHAINED && this.deps.engine.has(m));
      const id = typeof entry?.id === 'string' ? entry.id.slice(0, 80) : '?';
      if (typeof body === 'string') {
        out.skipped.push({ id, reason: body });
        continue;
      }
      if (body.chain.id !== entry.id) {
        out.skipped.push({ id, reason: 'the entry names another chain than it holds' });
        continue;
      }
      const seen = newest.get(id);
      if (!seen || seen.chain.updatedAt < body.chain.updatedAt) newest.set(id, body);
    }
    for (const [id, body] of newest) {
      if (await this.deps.chains.get(id)) {
        out.skipped.push({ id, reason: 'this profile has it already' });
        continue;
      }
      const why = await this.adoptOne(ctx, body);
      if (why) out.skipped.push({ id, reason: why });
      else out.adopted.push(id);
    }
    await Promise.all(out.adopted.map((id) => this.advance(ctx, id).catch(() => undefined)));
    return out;
  }

  private adoptOne(ctx: HopContext, body: JournalBody): Promise<string | null> {
    const { hops } = this.deps;
    // Like a mechanism's restore: no hop is being created meanwhile, so the indexes seen are all there are.
    return hops.creating(async () => {
      const stored = await hops.all();
      const links: { leg: number; hop: HopRecord; existing?: HopRecord }[] = [];
      for (const hop of body.legs) {
        const existing = stored.find((r) => r.id === hop.id || sameSwap(r, hop) || r.index === hop.index);
        // A hop is a leg of one chain at most: one that is another chain's leg here is never taken over.
        const otherChain = existing?.chainId !== undefined && existing.chainId !== body.chain.id;
        if (existing && (otherChain || otherSwap(existing, hop) || existing.mechanism !== hop.mechanism || !sameAsset(existing.from, hop.from) || !sameAsset(existing.to, hop.to))) {
          return `leg ${hop.leg! + 1}'s key index or swap belongs to another move here`;
        }
        links.push({ leg: hop.leg!, hop, ...(existing ? { existing } : {}) });
      }
      let chain: ChainRecord = { ...body.chain, journalError: undefined, updatedAt: ctx.now() };
      for (const { leg, hop, existing } of links) {
        let kept: HopRecord;
        if (existing) {
          // A mechanism's restore stored it; a tick may be advancing it: stamp the chain on what is stored then.
          kept = await hops.exclusive(existing.id, async () => {
            const now = { ...((await hops.get(existing.id)) ?? existing), chainId: chain.id, leg };
            await hops.put(now);
            return now;
          });
        } else {
          kept = { ...hop, lastError: undefined, lastErrorCode: undefined, nextCheckAt: undefined, updatedAt: ctx.now() };
          await hops.put(kept);
        }
        await hops.bumpIndexPast(hop.index);
        chain = withLeg(chain, leg, kept);
      }
      if (chain.status === 'running' || chain.status === 'stopped') {
        // Where the copy says the funds wait is not taken from it: the chain resumes at its last leg
        // with a hop, and the runner works out from that hop what was delivered (then stops for the user).
        const last = chain.legs.reduce((at, l, i) => (l.hopId ? i : at), -1);
        if (last < 0) return 'no leg of it had started';
        chain = { ...chain, status: 'running', current: last, reason: undefined, heldOn: undefined, ...(confirmsNextLeg(chain, last, links) ? { restored: true } : {}) };
      }
      return (await this.deps.chains.putNew(chain)) ? null : 'this profile has it already';
    });
  }
}

/**
 * How long a move waits for its journal copy to be confirmed before it goes on: a
 * relay that does not answer would otherwise hold every leg up by its own timeouts
 * (up to ~20 s). The copy keeps going after that; only its confirmation is not awaited.
 */
export const COPY_WAIT_MS = 4_000;

function withinCopyWait(put: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WalletError('timeout', localText('err_journal_unconfirmed', String(COPY_WAIT_MS / 1000)))), COPY_WAIT_MS);
  });
  put.catch(() => undefined);
  return Promise.race([put, late]).finally(() => clearTimeout(timer));
}

/**
 * Whether a restored chain's next leg waits for the user rather than starting by itself.
 * It starts by itself when the copy shows the leg before it still under way (the device
 * that wrote the copy could not have started the next one from it) and the move ends in
 * the wallet: a stale copy can then at worst move the user's own funds twice between
 * their own layers. It waits when that leg had ended already (the other device may have
 * gone on since), or when the move pays out to a destination outside the wallet.
 */
function confirmsNextLeg(chain: ChainRecord, last: number, links: readonly { leg: number; hop: HopRecord; existing?: HopRecord }[]): boolean {
  if (chain.destination || chain.to.layer === 'lightning') return true;
  const copied = links.find((l) => l.leg === last)?.hop;
  return copied?.outcome !== 'in-progress';
}

/** The chain with leg `i` noting hop `hop` (and who runs it, when a new quote named another counterparty). */
function withLeg(c: ChainRecord, i: number, hop: HopRecord, counterparty?: string | LocalText): ChainRecord {
  return {
    ...c,
    legs: c.legs.map((l, j) =>
      j === i ? { ...l, mechanism: hop.mechanism, hopId: hop.id, send: hop.send, expectedReceive: hop.expectedReceive, outcome: hop.outcome, ...(counterparty ? { counterparty } : {}) } : l,
    ),
  };
}

/** The chain stopped before leg `n` with `amount` of `held` waiting in the wallet. */
function stoppedAt(c: ChainRecord, n: number, reason: LocalText, held: AssetRef, amount: bigint, now: number): ChainRecord {
  return { ...c, current: n, status: 'stopped', reason, heldOn: { ...held, amount: amount.toString() }, updatedAt: now };
}

const OVERREACH = localText('err_chain_invoice_overreach');

/**
 * Whether a quote bound to an invoice (the counterparty's new word) sends more than
 * `limit`, what the chain holds for the leg, or pays less than the leg was quoted.
 */
function overreaches(bound: RouteQuote, quoted: RouteQuote, limit: bigint): boolean {
  return !bound.available || !sameAsset(bound.from, quoted.from) || !sameAsset(bound.to, quoted.to) || BigInt(bound.send) > limit || BigInt(bound.receive) < BigInt(quoted.receive);
}

/** Two records that each name a swap, and not the same one (one key index, two moves). */
function otherSwap(a: HopRecord, b: HopRecord): boolean {
  const x = (a.data as { swapId?: unknown }).swapId;
  const y = (b.data as { swapId?: unknown }).swapId;
  return typeof x === 'string' && typeof y === 'string' && x !== y;
}

/** Two records of one swap at a counterparty (a Boltz restore names its hops by other ids). */
function sameSwap(a: HopRecord, b: HopRecord): boolean {
  const x = (a.data as { swapId?: unknown }).swapId;
  return typeof x === 'string' && x === (b.data as { swapId?: unknown }).swapId;
}

function checkQuote(q: ChainedQuote): void {
  const legs = q.legs;
  if (q.mechanism !== CHAINED || !Array.isArray(legs) || legs.length < 2 || legs.length > 3) throw new WalletError('bad_params', localText('err_chain_not_chained'));
  if (!q.available || !legs[0]!.available) throw new WalletError('unsupported', q.reason ?? legs[0]!.reason ?? localText('err_route_unavailable'));
  if (legs.some((l, i) => i > 0 && !sameAsset(l.from, legs[i - 1]!.to))) throw new WalletError('bad_params', localText('err_chain_legs_disconnected'));
  const last = legs[legs.length - 1]!;
  if (last.to.layer === 'lightning' && !q.destination) {
    throw new WalletError('bad_params', localText('err_chain_needs_destination'));
  }
  if (!/^\d+$/.test(q.minReceive)) throw new WalletError('bad_params', localText('err_chain_no_minimum'));
}

function nonNegative(v: bigint): bigint {
  return v > 0n ? v : 0n;
}

function randomTag(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
