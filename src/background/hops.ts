/**
 * The background side of hops: builds the hop context from the unlocked wallet,
 * keeps recent quotes so the popup starts a hop by quote id (it never sends terms
 * back), and advances hops on demand and on the `hops` alarm.
 */
import { WalletError } from '../shared/errors';
import { HttpClient } from '../shared/http';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { resolvePreset, type NetworkPreset } from '../shared/networks';
import { parseAmount } from '../shared/units';
import { hopAsset } from '../shared/hop-views';
import { HopEngine } from '../hops/engine';
import { HopKeys } from '../hops/keys';
import type { HopContext, Mechanism } from '../hops/mechanism';
import { HopStore } from '../hops/records';
import { moveJournalFor } from '../hops/journal/nostr-journal';
import type { MoveJournal } from '../hops/chained/types';
import type { PlannedRoutes } from '../hops/routes';
import { invoiceFromLnurl, parseHopDestination } from './hop-destination';
import { assertShown } from './layer-gate';
import type { AssetRef, HopRecord, RouteQuote } from '../hops/types';
import type { HDKey } from '@scure/bip32';
import type { Layers } from './layers';
import type { KeyValueArea } from './ports';
import type { SettingsStore } from './settings-store';
import type { WalletService } from './wallet';

export const HOPS_ALARM = 'hops';
const QUOTE_TTL_MS = 120_000;

export class Hops {
  readonly engine: HopEngine;
  private keys: { root: HDKey; keys: HopKeys } | null = null;
  /** Recent quotes, with the presets they were made on (by layer). */
  private readonly quotes = new Map<string, { quote: RouteQuote; at: number; networks: Record<string, string> }>();
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
  ) {
    this.store = new HopStore(local);
    this.engine = new HopEngine(mechanisms, this.store);
    wallet.onLock(() => this.wipe());
  }

  /** On lock: the hop key tree is zeroed and forgotten; a hop advancing now fails that step and is retried after unlock. */
  wipe(): void {
    this.keys?.keys.wipe();
    this.keys = null;
    this.journalHeld = null;
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

  async context(): Promise<HopContext> {
    const keyring = await this.wallet.unlockedKeyring();
    if (this.keys?.root !== keyring.root) this.keys = { root: keyring.root, keys: new HopKeys(keyring.root) };
    const s = await this.settings.get();
    const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, s.networks[l], s.endpoints, s.pins)])) as {
      [L in LayerId]: NetworkPreset<L>;
    };
    return {
      keys: this.keys.keys,
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
  async plan(from: AssetRef, to: AssetRef, amountText: string, destination?: string) {
    const asset = hopAsset(from);
    if (!asset || !hopAsset(to)) throw new WalletError('bad_params', 'Unknown asset for a move.');
    const ctx = await this.context();
    const dest = to.layer === 'lightning' && destination?.trim() ? parseHopDestination(ctx, destination) : null;
    // An invoice fixes the amount: the mechanisms that pay one are the routes (when any connects the pair).
    let planned: PlannedRoutes | null = dest?.invoice ? await this.engine.planForInvoice(ctx, from, to, dest.invoice) : null;
    if (!planned) {
      const amount = parseAmount(amountText, asset.decimals, asset.symbol);
      planned = await this.engine.plan(ctx, from, to, amount);
      const lnurl = dest?.lnurl;
      if (lnurl) planned = { ...planned, routes: await this.engine.bindInvoices(ctx, planned, (sats) => invoiceFromLnurl(ctx, this.layers.lnurlHttp(), lnurl, sats)) };
    }
    this.prune();
    const networks = Object.fromEntries(LAYER_IDS.map((l) => [l, ctx.presets[l].id]));
    const routes = planned.routes.map((quote) => {
      const quoteId = `q${++this.seq}-${this.now().toString(36)}`;
      this.quotes.set(quoteId, { quote, at: this.now(), networks });
      return { ...quote, quoteId };
    });
    return { routes, wallMs: planned.wallMs };
  }

  async start(quoteId: string): Promise<HopRecord> {
    const held = this.quotes.get(quoteId);
    if (!held || this.now() - held.at > QUOTE_TTL_MS) {
      throw new WalletError('not_found', 'That quote has expired. Look up the routes again.');
    }
    // A layer switched off after planning stops the start; read from the quote itself, which lives as long as it can be started.
    await assertShown(this.settings, held.quote.from.layer, held.quote.to.layer);
    this.quotes.delete(quoteId);
    const ctx = await this.context();
    // The route was priced and checked on those networks; a hop records the ones selected now.
    if (LAYER_IDS.some((l) => ctx.presets[l].id !== held.networks[l])) {
      throw new WalletError('wrong_network', 'Settings changed since these routes were looked up; nothing was sent. Look up the routes again.');
    }
    return this.engine.start(ctx, held.quote);
  }

  async list(): Promise<HopRecord[]> {
    await this.tick().catch(() => undefined);
    return (await this.engine.list()).sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(id: string): Promise<HopRecord> {
    return this.engine.advance(await this.context(), id);
  }

  async refund(id: string): Promise<HopRecord> {
    return this.engine.refund(await this.context(), id);
  }

  /** Hops the counterparties know for this seed's hop keys that this profile has no record of (a restored wallet). */
  async restore(): Promise<{ restored: number; skipped: number }> {
    const result = await this.engine.restore(await this.context());
    void this.tick(true).catch(() => undefined);
    return { restored: result.restored.length, skipped: result.skipped.length };
  }

  /** Advances due hops; does nothing while locked (keys are needed to claim or refund). */
  async tick(force = false): Promise<HopRecord[]> {
    if (!(await this.engine.hasActive())) return [];
    if ((await this.wallet.status()).state !== 'unlocked') return [];
    return this.engine.tick(await this.context(), force);
  }

  private prune(): void {
    for (const [id, q] of this.quotes) if (this.now() - q.at > QUOTE_TTL_MS) this.quotes.delete(id);
  }
}
