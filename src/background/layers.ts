/**
 * Builds layer services for a request from the unlocked key tree and the selected
 * presets (or a given one: a hop's), and keeps the last overview of each layer in
 * storage.local so the popup can paint at once.
 */
import { WalletError } from '../shared/errors';
import { HttpClient } from '../shared/http';
import type { LayerOverview } from '../shared/layer-views';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { resolvePreset, type NetworkPreset } from '../shared/networks';
import { BitcoinService } from '../layers/bitcoin/service';
import { LightningService } from '../layers/lightning/service';
import type { LightningFunding } from '../layers/lightning/funding';
import type { HttpFactory } from '../layers/lightning/lnurl-http';
import { PayerAuthConsents } from '../layers/lightning/payer-auth';
import { RootstockService } from '../layers/rootstock/service';
import { StacksService } from '../layers/stacks/service';
import { LiquidService } from '../layers/liquid/service';
import type { LayerDeps, LayerService } from '../layers/types';
import { HostGatedHttpClient, platformHostAccess, type HostAccess } from './host-access';
import { NwcConnections } from './nwc-connections';
import type { KeyValueArea } from './ports';
import type { SettingsStore } from './settings-store';
import type { WalletService } from './wallet';

const cacheKey = (layer: LayerId, network: string) => `overview.${layer}.${network}`;

export class Layers {
  /** Services live as long as the unlocked key tree and the settings they were built from. */
  private readonly services = new Map<string, { root: unknown; service: LayerService }>();

  constructor(
    private readonly wallet: WalletService,
    private readonly settings: SettingsStore,
    private readonly local: KeyValueArea,
    private readonly now: () => number,
    private readonly session: KeyValueArea,
  ) {
    wallet.onLock(() => this.wipe());
  }

  /** On lock: every cached service zeroes the keys it derived and is dropped; open NWC links close. */
  async wipe(): Promise<void> {
    for (const { service } of this.services.values()) service.wipe?.();
    this.services.clear();
    await this.nwcLinks?.closeAll();
  }

  /** Dependencies on `preset`, or on the preset Settings select now. */
  async deps<L extends LayerId>(layer: L, preset?: NetworkPreset<L>): Promise<LayerDeps<L>> {
    const keyring = await this.wallet.unlockedKeyring();
    const s = preset ? null : await this.settings.get();
    return {
      root: keyring.root,
      preset: preset ?? resolvePreset(layer, s!.networks[layer], s!.endpoints, s!.pins),
      store: this.local,
      http: (url) => new HttpClient(url),
      now: this.now,
    };
  }

  private async cachedService<L extends LayerId, S extends LayerService>(layer: L, build: (deps: LayerDeps<L>) => S, preset?: NetworkPreset<L>): Promise<S> {
    const deps = await this.deps(layer, preset);
    const key = `${layer}|${JSON.stringify(deps.preset)}`;
    const hit = this.services.get(key);
    if (hit && hit.root === deps.root) return hit.service as S;
    const service = build(deps);
    this.services.set(key, { root: deps.root, service });
    return service;
  }

  bitcoin(preset?: NetworkPreset<'bitcoin'>): Promise<BitcoinService> {
    return this.cachedService('bitcoin', (deps) => new BitcoinService(deps), preset);
  }

  stacks(preset?: NetworkPreset<'stacks'>): Promise<StacksService> {
    return this.cachedService('stacks', (deps) => new StacksService(deps), preset);
  }

  /** Host grants checked before each LNURL request; replaceable in tests. */
  hostAccess: HostAccess = platformHostAccess();

  /** HTTP for LNURL services, from the Lightning screen or a move's destination alike: host-gated, no redirects. */
  lnurlHttp(): HttpFactory {
    return (url) => new HostGatedHttpClient(url, this.hostAccess);
  }
  private nwcLinks: NwcConnections | undefined;
  /** Saved Nostr Wallet Connect links, one per Lightning network. */
  get nwc(): NwcConnections {
    return (this.nwcLinks ??= new NwcConnections(this.session, { now: this.now }));
  }

  /** The connected Lightning wallet (NWC) that pays and makes invoices for hops; null when none is connected. */
  async lightningFunding(preset?: NetworkPreset<'lightning'>): Promise<LightningFunding | null> {
    const deps = await this.deps('lightning', preset);
    return this.nwc.funding(deps.root, deps.preset.id);
  }

  private payerAuth: PayerAuthConsents | undefined;

  /** Built per request (cheap): the funding source changes when a wallet is connected or disconnected. */
  async lightning(preset?: NetworkPreset<'lightning'>): Promise<LightningService> {
    const deps = await this.deps('lightning', preset);
    const funding = await this.nwc.funding(deps.root, deps.preset.id);
    // Confirmed payer logins outlive the request that gave them (the confirmation screen) until a payment uses them.
    this.payerAuth ??= new PayerAuthConsents(this.now);
    return new LightningService({ ...deps, http: this.lnurlHttp() }, funding, { payerAuth: this.payerAuth, session: this.session });
  }

  rootstock(preset?: NetworkPreset<'rootstock'>): Promise<RootstockService> {
    return this.cachedService('rootstock', (deps) => new RootstockService(deps), preset);
  }

  /** Liquid also needs the SLIP-77 master blinding key, which comes from the seed, not the BIP32 root. */
  async liquid(preset?: NetworkPreset<'liquid'>): Promise<LiquidService> {
    const { masterBlindingKey } = await this.wallet.unlockedKeyring();
    return this.cachedService('liquid', (deps) => new LiquidService(deps, masterBlindingKey), preset);
  }

  /** The layer's service on `preset` (a hop's), or on the preset Settings select now. */
  async service(layer: LayerId, preset?: NetworkPreset): Promise<LayerService> {
    switch (layer) {
      case 'bitcoin':
        return this.bitcoin(preset as NetworkPreset<'bitcoin'> | undefined);
      case 'lightning':
        return this.lightning(preset as NetworkPreset<'lightning'> | undefined);
      case 'rootstock':
        return this.rootstock(preset as NetworkPreset<'rootstock'> | undefined);
      case 'stacks':
        return this.stacks(preset as NetworkPreset<'stacks'> | undefined);
      case 'liquid':
        return this.liquid(preset as NetworkPreset<'liquid'> | undefined);
      default:
        throw new WalletError('unsupported', `Balances for ${layer} are not available yet.`);
    }
  }

  async overview(layer: LayerId): Promise<LayerOverview> {
    const fresh = await (await this.service(layer)).overview();
    await this.local.set({ [cacheKey(layer, fresh.network)]: fresh });
    return fresh;
  }

  /** Cached overviews for the selected networks; layers never refreshed are left out. */
  async cached(): Promise<LayerOverview[]> {
    const s = await this.settings.get();
    const keys = LAYER_IDS.map((l) => cacheKey(l, s.networks[l]));
    const found = await this.local.get(keys);
    return keys.map((k) => found[k] as LayerOverview | undefined).filter((o): o is LayerOverview => !!o);
  }
}
