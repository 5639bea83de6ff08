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
import { hopAsset } from '../hops/assets';
import { restoreBoltzHops } from '../hops/boltz';
import { HopEngine } from '../hops/engine';
import { HopKeys } from '../hops/keys';
import type { HopContext, Mechanism } from '../hops/mechanism';
import { HopStore } from '../hops/records';
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
  private readonly quotes = new Map<string, { quote: RouteQuote; at: number }>();
  private readonly store: HopStore;
  private seq = 0;

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
  }

  async context(): Promise<HopContext> {
    const keyring = await this.wallet.unlockedKeyring();
    if (this.keys?.root !== keyring.root) this.keys = { root: keyring.root, keys: new HopKeys(keyring.root) };
    const s = await this.settings.get();
    const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, s.networks[l], s.endpoints)])) as {
      [L in LayerId]: NetworkPreset<L>;
    };
    return {
      keys: this.keys.keys,
      root: keyring.root,
      presets,
      // Hops move Lightning funds through the connected wallet, not through the Lightning screen's service.
      layer: async <T>(layer: LayerId) => (layer === 'lightning' ? await this.layers.lightningFunding() : await this.layers.service(layer)) as T,
      http: (url) => new HttpClient(url),
      now: this.now,
    };
  }

  async plan(from: AssetRef, to: AssetRef, amountText: string) {
    const asset = hopAsset(from);
    if (!asset || !hopAsset(to)) throw new WalletError('bad_params', 'Unknown asset for a move.');
    const amount = parseAmount(amountText, asset.decimals, asset.symbol);
    const planned = await this.engine.plan(await this.context(), from, to, amount);
    this.prune();
    const routes = planned.routes.map((quote) => {
      const quoteId = `q${++this.seq}-${this.now().toString(36)}`;
      this.quotes.set(quoteId, { quote, at: this.now() });
      return { ...quote, quoteId };
    });
    return { routes, wallMs: planned.wallMs };
  }

  async start(quoteId: string): Promise<HopRecord> {
    const held = this.quotes.get(quoteId);
    if (!held || this.now() - held.at > QUOTE_TTL_MS) {
      throw new WalletError('not_found', 'That quote has expired. Look up the routes again.');
    }
    this.quotes.delete(quoteId);
    return this.engine.start(await this.context(), held.quote);
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

  /** Swaps Boltz knows for this seed's hop keys that this profile has no record of (a restored wallet). */
  async restore(): Promise<{ restored: number; skipped: number }> {
    const result = await restoreBoltzHops(await this.context(), this.store);
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
