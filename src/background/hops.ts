/**
 * The background side of hops: builds the hop context from the unlocked wallet,
 * keeps recent quotes so the popup starts a hop by quote id (it never sends terms
 * back), and advances hops on demand and on the `hops` alarm.
 */
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';
import { HttpClient } from '../shared/http';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { resolvePreset, type NetworkPreset } from '../shared/networks';
import { parseAmount } from '../shared/units';
import { CHAINED, HOP_ASSETS, hopAsset, type HopDeadlineView, type HopRefundView, type RouteMatrixCell, type RouteView } from '../shared/hop-views';
import type { PlannedRoutesView } from '../shared/rpc-hops';
import { type ChainPlanOptions } from '../hops/chained/plan';
import { ChainRunner } from '../hops/chained/runner';
import { ChainStore } from '../hops/chained/store';
import type { ChainedQuote, ChainRecord, MoveJournal } from '../hops/chained/types';
import { HopEngine, planContext } from '../hops/engine';
import { forgetInternalKeys } from '../hops/boltz/taproot';
import { HopKeys } from '../hops/keys';
import type { HopContext, Mechanism } from '../hops/mechanism';
import { HopStore } from '../hops/records';
import { moveJournalFor } from '../hops/journal/nostr-journal';
import type { PlannedRoute, PlannedRoutes } from '../hops/routes';
import { deadlineView, refundView } from '../hops/refund-view';
import { invoiceFromLnurl, parseHopDestination, type LightningDestination } from './hop-destination';
import { assertShown, shownLayers } from './layer-gate';
import type { AssetRef, HopRecord, RouteQuote } from '../hops/types';
import type { HDKey } from '@scure/bip32';
import type { Layers } from './layers';
import type { KeyValueArea } from './ports';
import type { SettingsStore } from './settings-store';
import type { WalletService } from './wallet';

export const HOPS_ALARM = 'hops';

/** A hop as answered to the popup: unfinished ones with their refund and deadline views. */
export type HopView = HopRecord & { refund?: HopRefundView; deadline?: HopDeadlineView };

interface HeldQuote {
  quote: PlannedRoute;
  at: number;
  networks: Record<string, string>;
  /** A stopped chain's next leg (chains.requote): its chain, and what the whole chain then delivers. */
  chain?: { id: string; finalReceive: bigint };
}
const QUOTE_TTL_MS = 120_000;
/** The hop key tree of the unlocked root: `built` once HopKeys.create has answered (its PBKDF2 is asynchronous). */
interface HeldKeys {
  root: HDKey;
  building: Promise<HopKeys>;
  built?: HopKeys;
}
const INVOICE_ENDS_NO_CHAIN = localText('chainReason_invoice_destination');

export class Hops {
  readonly engine: HopEngine;
  private keys: HeldKeys | null = null;
  readonly chains: ChainRunner;
  /** Recent quotes, with the presets they were made on (by layer); a stopped chain's next leg also names its chain and what the chain then delivers. */
  private readonly quotes = new Map<string, HeldQuote>();
  private readonly store: HopStore;
  private seq = 0;
  /** Kept per key tree, relay and preset: the journal remembers the version stamps it wrote. */
  private journalHeld: { root: HDKey; url: string; preset: string; journal: MoveJournal } | null = null;

  constructor(
    private readonly wallet: WalletService,
    private readonly settings: SettingsStore,
    private readonly layers: Layers,
    local: KeyValueArea,
    private readonly now: () => number,
    mechanisms: readonly Mechanism[],
    /** Where chained moves are copied for a restore from the phrase; by default the Lightning preset's relay (see `journal()`). */
    journalOverride?: MoveJournal,
  ) {
    this.store = new HopStore(local);
    this.engine = new HopEngine(mechanisms, this.store);
    this.chains = new ChainRunner({
      engine: this.engine,
      hops: this.store,
      chains: new ChainStore(local),
      journal: journalOverride ?? this.relayJournal(),
      invoiceFor: (ctx, destination, sats) => {
        const lnurl = parseHopDestination(ctx, destination).lnurl;
        if (!lnurl) throw new WalletError('bad_params', localText('err_chain_pays_lnurl'));
        return invoiceFromLnurl(ctx, this.layers.lnurlHttp(), lnurl, sats);
      },
    });
    wallet.onLock(() => this.wipe());
  }

  /** On lock: the hop key tree is zeroed and forgotten; a hop advancing now fails that step and is retried after unlock. */
  wipe(): void {
    this.dropKeys();
    forgetInternalKeys();
    this.journalHeld = null;
  }

  /** Zeroes and forgets the hop key tree; one still being built is zeroed as soon as it is. */
  private dropKeys(): void {
    const held = this.keys;
    this.keys = null;
    held?.built?.wipe();
    held?.building.then((keys) => keys.wipe(), () => undefined);
  }

  /** The relay journal of the moment (presets and key tree change): copies are skipped while no relay is set. */
  private relayJournal(): MoveJournal {
    return {
      put: async (entry) => (await this.journal())?.put(entry),
      list: async () => (await this.journal())?.list() ?? [],
    };
  }

  /** The move journal on the selected Lightning preset's relay (Settings may override it), or null when none is set. */
  async journal(): Promise<MoveJournal | null> {
    const ctx = await this.context();
    const url = ctx.presets.lightning.endpoints.journalRelay ?? '';
    const preset = ctx.presets.lightning.id;
    const held = this.journalHeld;
    if (held?.root === ctx.root && held.url === url && held.preset === preset) return held.journal;
    const journal = moveJournalFor(ctx.root, ctx.presets.lightning);
    this.journalHeld = journal ? { root: ctx.root, url, preset, journal } : null;
    return journal;
  }

  private buildKeys(root: HDKey): HeldKeys {
    const held: HeldKeys = { root, building: HopKeys.create(root) };
    held.building.then(
      (keys) => (held.built = keys),
      // A failed build is not kept: the next context() tries again.
      () => this.keys === held && (this.keys = null),
    );
    return held;
  }

  async context(): Promise<HopContext> {
    const keyring = await this.wallet.unlockedKeyring();
    if (this.keys?.root !== keyring.root) {
      // Another root without a lock between (an unlock or import over a session): the old tree goes too.
      this.dropKeys();
      this.keys = this.buildKeys(keyring.root);
    }
    const held = this.keys;
    const keys = held.built ?? (await held.building);
    // Locked (its listeners may not have run yet), or another phrase in, while the tree was built: start again, where a lock throws.
    if (this.keys !== held || this.wallet.currentWalletId() === null) return this.context();
    const s = await this.settings.get();
    const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, s.networks[l], s.endpoints, s.pins)])) as {
      [L in LayerId]: NetworkPreset<L>;
    };
    return {
      keys,
      root: keyring.root,
      // The selected presets now; a hop created on others waits (engine). Services are built for
      // these presets, not re-read from Settings, so a switch during a step cannot redirect it.
      presets,
      side: (layer) => this.layers.hopSide(layer, presets[layer]),
      http: (url) => new HttpClient(url),
      now: this.now,
    };
  }

  /**
   * Quotes every route. A move to Lightning needs `destination` (invoice, LNURL-pay
   * or Lightning Address) for Boltz to pay; with an invoice its amount decides and
   * `amountText` may be empty. Reverse swaps from Lightning are paid by the connected
   * Lightning wallet, or, when none is connected, by the user from any wallet (the
   * invoice is shown).
   */
  async plan(from: AssetRef, to: AssetRef, amountText: string, destination?: string): Promise<PlannedRoutesView> {
    const asset = hopAsset(from);
    if (!asset || !hopAsset(to)) throw new WalletError('bad_params', localText('err_move_unknown_asset'));
    const ctx = await this.context();
    const dest = to.layer === 'lightning' && destination?.trim() ? parseHopDestination(ctx, destination) : null;
    const chains = await this.chainOptions(dest, destination);
    // An invoice fixes the amount: the mechanisms that pay one are the routes (when any connects the pair).
    // One plan's quotes and the invoices bound to them share its scans of each wallet (engine.ts planContext).
    const planning = planContext(ctx);
    let planned: PlannedRoutes | null = dest?.invoice ? await this.engine.planForInvoice(planning, from, to, dest.invoice, chains) : null;
    if (!planned) {
      const amount = parseAmount(amountText, asset.decimals, asset.symbol);
      planned = await this.engine.plan(planning, from, to, amount, chains);
      const lnurl = dest?.lnurl;
      if (lnurl) planned = { ...planned, routes: await this.engine.bindInvoices(planning, planned, (sats) => invoiceFromLnurl(ctx, this.layers.lnurlHttp(), lnurl, sats)) };
    }
    this.prune();
    const networks = Object.fromEntries(LAYER_IDS.map((l) => [l, ctx.presets[l].id]));
    const routes = planned.routes.map((quote): RouteView & { quoteId: string } => {
      const quoteId = `q${++this.seq}-${this.now().toString(36)}`;
      this.quotes.set(quoteId, { quote, at: this.now(), networks });
      return { ...quote, quoteId };
    });
    return { routes, wallMs: planned.wallMs };
  }

  /** Where chains may rest (the shown layers' assets) and end: an LNURL-pay or address passes to the chain; an invoice rules chains out. */
  private async chainOptions(dest: LightningDestination | null, destination: string | undefined): Promise<ChainPlanOptions> {
    const shown = await shownLayers(this.settings);
    const held = HOP_ASSETS.filter((a) => shown.includes(a.layer));
    if (dest?.invoice) return { held, blocked: INVOICE_ENDS_NO_CHAIN };
    return { held, ...(dest?.lnurl && destination ? { destination: destination.trim() } : {}) };
  }

  /** Every ordered pair of the shown layers' move assets: direct, chained (through what) or none (why). */
  async matrix(): Promise<RouteMatrixCell[]> {
    const shown = await shownLayers(this.settings);
    return this.engine.matrix(await this.context(), HOP_ASSETS.filter((a) => shown.includes(a.layer)));
  }

  async start(quoteId: string): Promise<HopRecord> {
    const peek = this.quotes.get(quoteId);
    // Refused before the quote is taken, so the chained route can still be started as one.
    if (peek?.quote.mechanism === CHAINED || peek?.chain) throw new WalletError('bad_params', localText('err_route_is_chained'));
    const { held, ctx } = await this.take(quoteId);
    return this.engine.start(ctx, held.quote as RouteQuote);
  }

  /** A held quote, taken once: unexpired, its layers still shown, on the networks Settings select now. */
  private async take(quoteId: string): Promise<{ held: HeldQuote; ctx: HopContext }> {
    const held = this.quotes.get(quoteId);
    if (!held || this.now() - held.at > QUOTE_TTL_MS) {
      throw new WalletError('not_found', localText('err_quote_expired'));
    }
    // Taken before the first await: the same quote id sent twice at once starts one move.
    this.quotes.delete(quoteId);
    // A layer switched off after planning stops the start; read from the quote itself, which lives as long as it can be started.
    // A chained route counts every layer its legs pass through: funds waiting on a hidden one would be out of sight.
    const legs = held.quote.mechanism === CHAINED ? (held.quote as ChainedQuote).legs : [held.quote];
    await assertShown(this.settings, ...legs.flatMap((l) => [l.from.layer, l.to.layer]));
    const ctx = await this.context();
    // The route was priced and checked on those networks; a hop records the ones selected now.
    if (LAYER_IDS.some((l) => ctx.presets[l].id !== held.networks[l])) {
      throw new WalletError('wrong_network', localText('err_routes_settings_changed'));
    }
    return { held, ctx };
  }

  /** The chained route `hops.plan` gave under `quoteId`, still held (the planner's routes are kept with the others). */
  heldChainQuote(quoteId: string): ChainedQuote | undefined {
    const q = this.quotes.get(quoteId)?.quote;
    return q?.mechanism === CHAINED ? (q as ChainedQuote) : undefined;
  }

  async startChain(quoteId: string): Promise<ChainRecord> {
    if (!this.heldChainQuote(quoteId) && this.quotes.has(quoteId)) throw new WalletError('bad_params', localText('err_route_is_single'));
    const { held, ctx } = await this.take(quoteId);
    return this.chains.start(ctx, held.quote as ChainedQuote);
  }

  async listChains(): Promise<ChainRecord[]> {
    await this.tick().catch(() => undefined);
    return this.chains.list();
  }

  async getChain(id: string): Promise<ChainRecord> {
    return this.chains.advance(await this.context(), id);
  }

  /** A stopped chain's next leg quoted afresh, held like a planned route. */
  async requoteChain(id: string): Promise<RouteQuote & { quoteId: string }> {
    const ctx = await this.context();
    const { quote, finalReceive } = await this.chains.requote(ctx, id);
    this.prune();
    const quoteId = `q${++this.seq}-${this.now().toString(36)}`;
    this.quotes.set(quoteId, { quote, at: this.now(), networks: Object.fromEntries(LAYER_IDS.map((l) => [l, ctx.presets[l].id])), chain: { id, finalReceive } });
    return { ...quote, quoteId };
  }

  async continueChain(id: string, quoteId: string): Promise<ChainRecord> {
    const { held, ctx } = await this.take(quoteId);
    if (held.chain?.id !== id) throw new WalletError('bad_params', localText('err_chain_quote_not_next'));
    return this.chains.continue(ctx, id, held.quote as RouteQuote, held.chain.finalReceive);
  }

  async leaveChain(id: string): Promise<ChainRecord> {
    return this.chains.leave(await this.context(), id);
  }

  async list(): Promise<HopView[]> {
    await this.tick().catch(() => undefined);
    const records = (await this.engine.list()).sort((a, b) => b.createdAt - a.createdAt);
    // Locked: no context, no refund views (a refund needs the keys anyway).
    const ctx = await this.context().catch(() => null);
    return ctx ? Promise.all(records.map((r) => this.withRefund(ctx, r))) : records;
  }

  async get(id: string): Promise<HopView> {
    const ctx = await this.context();
    return this.withRefund(ctx, await this.engine.advance(ctx, id));
  }

  /** The record with its refund and deadline views, computed now from the mechanism; a failed tip read leaves a view out. */
  private async withRefund(ctx: HopContext, record: HopRecord): Promise<HopView> {
    const [state, deadline] = await Promise.all([this.engine.refundState(ctx, record).catch(() => null), this.engine.deadline(ctx, record).catch(() => null)]);
    return {
      ...record,
      ...(state ? { refund: refundView(state, record) } : {}),
      ...(deadline ? { deadline: deadlineView(deadline, record) } : {}),
    };
  }

  async refund(id: string): Promise<HopRecord> {
    return this.engine.refund(await this.context(), id);
  }

  /** Hops the counterparties know for this seed's hop keys that this profile has no record of (a restored wallet). */
  async restore(): Promise<{ restored: number; skipped: number }> {
    const ctx = await this.context();
    const result = await this.engine.restore(ctx);
    // Chains after the mechanisms' own restores, so a leg one of them brought back is linked, not stored twice.
    // A journal that cannot be read leaves the chains out (counted as one skipped), not the hops found.
    const chains = await this.chains.readJournal().then(
      (entries) => this.chains.adopt(ctx, entries),
      () => ({ adopted: [], skipped: [{ id: 'journal', reason: 'unreadable' }] }),
    );
    void this.tick(true).catch(() => undefined);
    return { restored: result.restored.length + chains.adopted.length, skipped: result.skipped.length + chains.skipped.length };
  }

  /** Advances due hops, then the chains they are legs of; does nothing while locked (keys are needed to claim or refund). */
  async tick(force = false): Promise<HopRecord[]> {
    const [hops, chains] = await Promise.all([this.engine.hasActive(), this.chains.hasRunning()]);
    if (!hops && !chains) return [];
    if ((await this.wallet.status()).state !== 'unlocked') return [];
    const ctx = await this.context();
    const advanced = hops ? await this.engine.tick(ctx, force) : [];
    // With hops under way, stopped chains are looked at too: one whose next leg's hop exists is taken up.
    await this.chains.tick(ctx);
    return advanced;
  }

  private prune(): void {
    for (const [id, q] of this.quotes) if (this.now() - q.at > QUOTE_TTL_MS) this.quotes.delete(id);
  }
}
